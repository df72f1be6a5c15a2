// The parsed body and URL parameters of a search request (_search, _count, _msearch items),
// before it is resolved against any index. JSON sub-objects that need a mapping to mean
// anything (query, aggs, search_after, ...) stay JSON (the query as the parsed value, since a
// k-NN vector is costly to print and re-read; the rest as text), so the request is plain,
// serialisable data that can be resolved per index (and later per node).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/search/shard_search.h"
#include "index/search/similarity.h"

namespace pharos::mapping {
class Mapping;
}

namespace pharos::query {

// One entry of "sort", as written by the user.
struct SortSpec {
  std::string field;                   // "_score", "_doc" or a field path
  std::optional<bool> descending;      // nullopt: the default (desc for _score, asc otherwise)
  std::optional<std::string> missing;  // "_last", "_first", or a value's JSON text
  std::optional<std::string> mode;     // min max sum avg median
  std::optional<std::string> unmapped_type;

  bool is_descending() const { return descending.value_or(field == "_score"); }
};

// track_total_hits: false → kTrackTotalHitsDisabled, true → kTrackTotalHitsAccurate.
inline constexpr int64_t kTrackTotalHitsDisabled = -1;
inline constexpr int64_t kTrackTotalHitsAccurate = INT64_MAX;
inline constexpr int64_t kDefaultTrackTotalHits = 10000;

struct SearchRequest {
  std::shared_ptr<const nlohmann::json> query;  // the "query" value; null = match_all
  std::optional<int64_t> from;
  std::optional<int64_t> size;
  std::vector<SortSpec> sort;
  bool track_scores = false;
  std::optional<std::string> source_json;  // the "_source" value as given
  std::optional<int64_t> track_total_hits;
  std::string aggs_json;          // "aggs" / "aggregations" object; empty = none
  std::string search_after_json;  // array; empty = none
  std::optional<float> min_score;
  int64_t terminate_after = 0;
  bool version = false;
  bool seq_no_primary_term = false;
  bool explain = false;
  bool profile = false;
  std::optional<std::vector<std::string>> stored_fields;  // "_none_" disables _source
  std::vector<std::string> docvalue_fields;
  std::vector<std::string> fields;
  std::map<std::string, std::string> field_formats;  // "format" of fields / docvalue_fields entries
  std::string timeout;                               // accepted, not enforced
  std::string highlight_json;                        // accepted; highlighting is minimal
  std::string pit_id;                                // point in time
  std::string pit_keep_alive;
  // search_type=dfs_query_then_fetch: score with term statistics summed over every shard.
  bool dfs_query_then_fetch = false;

  int64_t from_or_default() const { return from.value_or(0); }
  int64_t size_or_default() const { return size.value_or(10); }
  int64_t track_total_hits_or_default() const { return track_total_hits.value_or(kDefaultTrackTotalHits); }
};

// Parses a search body ({} or null = everything default). Unknown keys → parse_error
// ("Unknown key for a START_OBJECT in [x]." like OpenSearch); bad values → invalid_argument
// with OpenSearch's messages.
Result<SearchRequest> parse_search_body(const nlohmann::json& body);
// The same, moving the "query" subtree out of `body` (left null there) instead of copying it: a
// k-NN query's vector is hundreds of JSON numbers.
Result<SearchRequest> parse_search_body_taking_query(nlohmann::json& body);

// Applies URL parameters (from, size, sort, track_total_hits, track_scores, terminate_after,
// version, seq_no_primary_term, explain, stored_fields, docvalue_fields, timeout); they win
// over the body, as in OpenSearch's RestSearchAction.
Status apply_search_params(SearchRequest& request, const std::map<std::string, std::string>& params);

// "year:desc,title" (the `sort` URL parameter).
Result<std::vector<SortSpec>> parse_sort_param(const std::string& text);
// The "sort" value of a body: a string, an object, or an array of either.
Result<std::vector<SortSpec>> parse_sort_json(const nlohmann::json& sort);

// Checks from/size against index.max_result_window (scroll requests check size only).
Status validate_result_window(const SearchRequest& request, int64_t max_result_window, bool scroll);
// Request-level validation failures (OpenSearch's ActionRequestValidationException messages).
std::vector<std::string> validation_failures(const SearchRequest& request);

// Resolves the sort specs against one index's mapping: text fields and unmapped fields
// without unmapped_type are refused with OpenSearch's messages.
Result<std::vector<search::SortField>> resolve_sort(const std::vector<SortSpec>& sort,
                                                    const mapping::Mapping& mapping);
// Converts search_after JSON values to sort values of the resolved sort fields.
Result<std::vector<search::SortValue>> resolve_search_after(const std::string& search_after_json,
                                                            const std::vector<search::SortField>& sort);
// field → similarity from the mapping and the index's flat settings JSON
// (index.similarity.<name>.type/k1/b); unknown names fall back to BM25 defaults.
std::map<std::string, search::SimilaritySpec> resolve_similarities(const mapping::Mapping& mapping,
                                                                   const std::string& flat_settings_json);

}  // namespace pharos::query
