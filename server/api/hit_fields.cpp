#include "server/api/hit_fields.h"

#include <optional>
#include <string_view>

#include "index/mapping/date_format.h"
#include "query/agg/decimal_format.h"
#include "server/api/source_values.h"

namespace pharos::api {
namespace {

using nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

bool is_date(const mapping::FieldMapping* field) {
  return field && (field->type == mapping::FieldType::date || field->type == mapping::FieldType::date_nanos);
}

// One value with the entry's format (nullopt: none) applied.
json formatted(const json& value, const mapping::FieldMapping* field,
               const std::optional<std::string>& format, bool docvalues) {
  if (is_date(field) && (format || docvalues)) {
    auto field_format =
        mapping::DateFormat::parse(field->format.value_or("strict_date_optional_time||epoch_millis"));
    if (!field_format.is_ok()) return value;
    Result<int64_t> millis = value.is_string() ? field_format->parse_millis(value.get<std::string>())
                             : value.is_number()
                                 ? Result<int64_t>(static_cast<int64_t>(value.get<double>()))
                                 : Result<int64_t>(Status(ErrorKind::invalid_argument, "not a date"));
    if (!millis.is_ok()) return value;
    auto out_format = format ? mapping::DateFormat::parse(*format) : std::move(field_format);
    if (!out_format.is_ok()) return value;
    return out_format->format_millis(*millis);
  }
  if (format && value.is_number()) {
    if (auto text = query::agg::format_decimal(value.get<double>(), *format)) return *text;
  }
  return value;
}

void add_field(const json& source, const std::string& path, const mapping::FieldMapping* field,
               const std::optional<std::string>& format, bool docvalues, OrderedJson& out) {
  json values = json::array();
  collect_source_values(source, path, values);
  if (values.empty()) return;
  OrderedJson& entry = out[path];
  if (!entry.is_array()) entry = OrderedJson::array();
  for (const auto& value : values)
    entry.push_back(OrderedJson::parse(formatted(value, field, format, docvalues).dump()));
}

}  // namespace

bool simple_match(std::string_view pattern, std::string_view text) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  if (text.substr(0, star) != pattern.substr(0, star)) return false;
  std::string_view rest = pattern.substr(star + 1);
  for (size_t i = star; i <= text.size(); ++i) {
    if (simple_match(rest, text.substr(i))) return true;
  }
  return false;
}

OrderedJson hit_fields(const json& source, const query::SearchRequest& request,
                       const mapping::Mapping& mapping) {
  OrderedJson out = OrderedJson::object();
  if (!source.is_object()) return out;
  auto add_list = [&](const std::vector<std::string>& names, bool docvalues) {
    for (const auto& name : names) {
      auto format_it = request.field_formats.find(name);
      std::optional<std::string> format;
      if (format_it != request.field_formats.end()) format = format_it->second;
      if (name.find('*') == std::string::npos) {
        if (!out.contains(name)) add_field(source, name, mapping.find(name), format, docvalues, out);
        continue;
      }
      for (const mapping::FieldMapping* field : mapping.leaf_fields()) {
        if (simple_match(name, field->path) && !out.contains(field->path))
          add_field(source, field->path, field, format, docvalues, out);
      }
    }
  };
  add_list(request.fields, false);
  add_list(request.docvalue_fields, true);
  return out;
}

}  // namespace pharos::api
