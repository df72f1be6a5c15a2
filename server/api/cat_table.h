// The table behind every _cat endpoint: columns with aliases, rows of cells, and rendering
// per OpenSearch's cat parameters (h, v, s, format=json, help, bytes).
#pragma once

#include <string>
#include <vector>

#include "server/http/request.h"

namespace pharos::api {

struct CatColumn {
  std::string name;
  std::vector<std::string> aliases;
  std::string description;
  bool numeric = false;        // right-aligned, sorted numerically
  bool default_shown = true;   // part of the output without ?h=
};

class CatTable {
 public:
  explicit CatTable(std::vector<CatColumn> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Renders per the request's h / v / s / format / help parameters.
  http::Response render(const http::Request& request) const;

 private:
  std::vector<CatColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// "4.5kb"-style sizes, or raw numbers in the unit of ?bytes= (b, kb, mb, gb).
std::string cat_bytes(uint64_t bytes, const http::Request& request);

}  // namespace pharos::api
