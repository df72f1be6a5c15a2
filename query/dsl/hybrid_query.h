// The `hybrid` query of OpenSearch's neural-search plugin: a list of sub-queries (at most 5),
// each run as its own top-k per shard, whose scores a search pipeline then normalises and
// combines. Only the shape is parsed here; each sub-query is parsed later by parse_query
// against each index's mapping, so any query type (match, term, knn, ...) can appear in it.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/base/status.h"

namespace pharos::query {

inline constexpr size_t kMaxHybridSubQueries = 5;

struct HybridQuerySpec {
  std::vector<std::string> sub_queries_json;  // each sub-query as JSON text, in order
  std::string filter_json;                    // "filter" applied to every sub-query; empty = none
  std::optional<int64_t> pagination_depth;    // per-shard top-k of each sub-query
};

// True when `query` (the value of "query") is a top-level {"hybrid": {...}}.
bool is_hybrid_query(const nlohmann::json& query);

// Parses the value of "hybrid". Shape errors are parse_error with OpenSearch's messages
// ("Number of sub-queries exceeds maximum supported by [hybrid] query", ...); a bad
// pagination_depth is invalid_argument.
Result<HybridQuerySpec> parse_hybrid_query(const nlohmann::json& hybrid);

// Sub-query `index` as it runs: with the hybrid filter (if any) as a bool filter.
nlohmann::json hybrid_sub_query_json(const HybridQuerySpec& spec, size_t index);
// Every doc any sub-query matches (bool should of them all, plus the filter): the query that
// counts total hits and feeds aggregations and highlighting.
nlohmann::json hybrid_union_query_json(const HybridQuerySpec& spec);

}  // namespace pharos::query
