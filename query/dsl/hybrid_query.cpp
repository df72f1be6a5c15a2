#include "query/dsl/hybrid_query.h"

#include <nlohmann/json.hpp>

namespace pharos::query {
namespace {

using nlohmann::json;

Status parse_error(const std::string& message) { return Status(ErrorKind::parse_error, message); }

Status unsupported_field() { return parse_error("Field is not supported by [hybrid] query"); }

}  // namespace

bool is_hybrid_query(const json& query) {
  return query.is_object() && query.size() == 1 && query.contains("hybrid");
}

Result<HybridQuerySpec> parse_hybrid_query(const json& hybrid) {
  if (!hybrid.is_object()) return parse_error("[hybrid] query malformed, no start_object after query name");
  HybridQuerySpec spec;
  for (const auto& [key, value] : hybrid.items()) {
    if (key == "queries") {
      if (!value.is_array() && !value.is_object()) return unsupported_field();
      json queries = value.is_array() ? value : json::array({value});
      for (const auto& sub_query : queries) {
        if (spec.sub_queries_json.size() == kMaxHybridSubQueries) {
          return parse_error("Number of sub-queries exceeds maximum supported by [hybrid] query");
        }
        if (!sub_query.is_object()) return parse_error("[_na] query malformed, must start with start_object");
        spec.sub_queries_json.push_back(sub_query.dump());
      }
    } else if (key == "filter") {
      if (!value.is_object()) return parse_error("[_na] query malformed, must start with start_object");
      spec.filter_json = value.dump();
    } else if (key == "pagination_depth") {
      if (!value.is_number_integer()) return unsupported_field();
      int64_t depth = value.get<int64_t>();
      if (depth < 1) return Status(ErrorKind::invalid_argument, "pagination_depth should be greater than 1");
      spec.pagination_depth = depth;
    } else if (key == "boost") {
      // Boosting the whole hybrid query is meaningless once scores are normalised.
      if (!value.is_number() || value.get<double>() != 1.0) {
        return parse_error("[hybrid] query does not support [boost]");
      }
    } else if (key != "_name") {
      return unsupported_field();
    }
  }
  if (spec.sub_queries_json.empty()) {
    return parse_error("[hybrid] requires 'queries' field with at least one clause");
  }
  return spec;
}

json hybrid_sub_query_json(const HybridQuerySpec& spec, size_t index) {
  json sub_query = json::parse(spec.sub_queries_json.at(index));
  if (spec.filter_json.empty()) return sub_query;
  return {{"bool",
           {{"must", json::array({sub_query})}, {"filter", json::array({json::parse(spec.filter_json)})}}}};
}

json hybrid_union_query_json(const HybridQuerySpec& spec) {
  json should = json::array();
  for (const auto& sub_query : spec.sub_queries_json) should.push_back(json::parse(sub_query));
  json bool_query = {{"should", should}, {"minimum_should_match", 1}};
  if (!spec.filter_json.empty()) bool_query["filter"] = json::array({json::parse(spec.filter_json)});
  return {{"bool", bool_query}};
}

}  // namespace pharos::query
