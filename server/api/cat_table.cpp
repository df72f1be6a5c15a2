#include "server/api/cat_table.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "index/mapping/index_pattern.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/smile_writer.h"
#include "server/api/yaml_writer.h"

namespace pharos::api {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct Selected {
  size_t column;
  std::string label;  // as requested in ?h= (JSON keys and headers use it)
};

int find_column(const std::vector<CatColumn>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
    for (const auto& alias : columns[i].aliases) {
      if (alias == name) return static_cast<int>(i);
    }
  }
  return -1;
}

std::vector<Selected> select_columns(const std::vector<CatColumn>& columns, const http::Request& request) {
  std::vector<Selected> out;
  const std::string* h = request.param("h");
  if (h == nullptr || h->empty()) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].default_shown) out.push_back({i, columns[i].name});
    }
    return out;
  }
  for (const auto& name : split_list(*h)) {
    int exact = find_column(columns, name);
    if (exact >= 0) {
      out.push_back({static_cast<size_t>(exact), name});
      continue;
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (mapping::simple_wildcard_match(name, columns[i].name)) out.push_back({i, columns[i].name});
    }
  }
  return out;
}

bool less_cell(const std::string& a, const std::string& b, bool numeric) {
  if (numeric) {
    char* end_a = nullptr;
    char* end_b = nullptr;
    double x = std::strtod(a.c_str(), &end_a);
    double y = std::strtod(b.c_str(), &end_b);
    if (end_a != a.c_str() && end_b != b.c_str() && x != y) return x < y;
  }
  return a < b;
}

}  // namespace

http::Response CatTable::render(const http::Request& request) const {
  if (request.has_param("help")) {
    std::string out;
    for (const auto& column : columns_) {
      std::string aliases;
      for (const auto& a : column.aliases) aliases += (aliases.empty() ? "" : ",") + a;
      out += column.name + " | " + aliases + " | " + column.description + "\n";
    }
    http::Response response;
    response.content_type = "text/plain; charset=UTF-8";
    response.body = out;
    return response;
  }
  std::vector<Selected> selected = select_columns(columns_, request);
  std::vector<const std::vector<std::string>*> rows;
  for (const auto& row : rows_) rows.push_back(&row);
  if (const std::string* sort = request.param("s")) {
    std::vector<std::pair<int, bool>> keys;  // column, descending
    for (auto key : split_list(*sort)) {
      bool desc = false;
      size_t colon = key.find(':');
      if (colon != std::string::npos) {
        desc = key.substr(colon + 1) == "desc";
        key = key.substr(0, colon);
      }
      int column = find_column(columns_, key);
      if (column < 0) {
        return error_response(400, "illegal_argument_exception",
                              "Unable to sort by unknown sort key `" + key + "`");
      }
      keys.emplace_back(column, desc);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      for (auto [column, desc] : keys) {
        const auto& x = (*a)[column];
        const auto& y = (*b)[column];
        if (x == y) continue;
        bool lt = less_cell(x, y, columns_[column].numeric);
        bool gt = less_cell(y, x, columns_[column].numeric);
        if (!lt && !gt) continue;
        return desc ? gt : lt;
      }
      return false;
    });
  }
  const std::string format = request.param_or("format", "");
  if (format == "json" || format == "yaml" || format == "cbor" || format == "smile") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* row : rows) {
      nlohmann::json item = nlohmann::json::object();
      for (const auto& s : selected) {
        const std::string& cell = (*row)[s.column];
        item[s.label] = cell.empty() ? nlohmann::json(nullptr) : nlohmann::json(cell);
      }
      out.push_back(item);
    }
    if (format == "json") return json_response(request, 200, out);
    http::Response response;
    if (format == "yaml") {
      response.content_type = "application/yaml";
      response.body = to_yaml(out);
    } else if (format == "smile") {
      response.content_type = "application/smile";
      response.body = to_smile(out);
    } else {
      response.content_type = "application/cbor";
      std::vector<uint8_t> bytes = nlohmann::json::to_cbor(out);
      response.body.assign(bytes.begin(), bytes.end());
    }
    return response;
  }
  bool verbose = request.flag("v", false);
  std::vector<size_t> widths(selected.size(), 0);
  for (size_t c = 0; c < selected.size(); ++c) {
    if (verbose) widths[c] = selected[c].label.size();
    for (const auto* row : rows) widths[c] = std::max(widths[c], (*row)[selected[c].column].size());
  }
  auto render_line = [&](auto cell_of) {
    std::string line;
    for (size_t c = 0; c < selected.size(); ++c) {
      std::string cell = cell_of(c);
      std::string pad(widths[c] - std::min(widths[c], cell.size()), ' ');
      bool right = columns_[selected[c].column].numeric;
      line += right ? pad + cell : cell + pad;
      if (c + 1 < selected.size()) line += ' ';
    }
    return line + "\n";
  };
  std::string body;
  if (verbose) body += render_line([&](size_t c) { return selected[c].label; });
  for (const auto* row : rows) body += render_line([&](size_t c) { return (*row)[selected[c].column]; });
  http::Response response;
  response.content_type = "text/plain; charset=UTF-8";
  response.body = std::move(body);
  return response;
}

std::string cat_bytes(uint64_t bytes, const http::Request& request) {
  std::string unit = request.param_or("bytes", "");
  if (unit == "b") return std::to_string(bytes);
  if (unit == "kb") return std::to_string(bytes >> 10);
  if (unit == "mb") return std::to_string(bytes >> 20);
  if (unit == "gb") return std::to_string(bytes >> 30);
  const char* units[] = {"b", "kb", "mb", "gb", "tb"};
  double value = static_cast<double>(bytes);
  int u = 0;
  while (value >= 1024 && u < 4) {
    value /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) {
    std::snprintf(buf, sizeof buf, "%llub", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f%s", value, units[u]);
    std::string s = buf;  // "4.0kb" → "4kb" as OpenSearch prints whole numbers
    size_t dot = s.find(".0");
    if (dot != std::string::npos && !std::isdigit(static_cast<unsigned char>(s[dot + 2]))) s.erase(dot, 2);
    return s;
  }
  return buf;
}

}  // namespace pharos::api
