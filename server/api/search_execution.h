// The query and fetch phases of one search as the REST layer runs them: a prepared search (its
// indexes, pinned shard views and resolved shard requests), executed by fanning out to every shard,
// merging their top docs, fetching the page and rendering OpenSearch's response body.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/engine/index_service.h"
#include "index/mapping/mapping.h"
#include "query/agg/aggregations.h"
#include "query/dsl/search_request.h"
#include "query/dsl/shard_search_phase.h"
#include "server/api/request_cache_key.h"
#include "server/api/source_filter.h"
#include "server/api/write_params.h"

namespace pharos::api {

using OrderedJson = nlohmann::ordered_json;
using SearchClock = std::chrono::steady_clock;

// Engine errors, except that malformed queries and aggregations are OpenSearch's parsing_exception.
RequestError search_error(const Status& status);

template <typename T>
struct Outcome {
  std::optional<T> value;
  std::optional<RequestError> error;
  static Outcome fail(RequestError e) { return Outcome{std::nullopt, std::move(e)}; }
  static Outcome fail(const Status& s) { return Outcome{std::nullopt, search_error(s)}; }
};

// Options from the URL that shape the response, not the search.
struct ResponseOptions {
  bool rest_total_hits_as_int = false;
  bool typed_keys = false;
  std::optional<SourceFilter> source_params;
  std::string node_id;
};

// One index of the search with its point-in-time shard views and the resolved shard request.
struct IndexTarget {
  std::shared_ptr<engine::IndexService> service;
  std::shared_ptr<const mapping::Mapping> mapping;
  std::vector<std::shared_ptr<const engine::ShardSearcher>> searchers;
  query::ShardSearchRequest shard_request;
};

struct HybridSearchPlan;  // hybrid_search.h
class RequestCache;      // request_cache.h

struct PreparedSearch {
  query::SearchRequest request;
  std::vector<IndexTarget> targets;
  std::vector<search::SortField> sort;
  std::shared_ptr<const query::AggregationSpec> aggs;
  SourceFilter source;
  bool fetch_source = true;
  ResponseOptions options;
  // Set for a top-level `hybrid` query: `targets` then carry the union of its sub-queries (for
  // total hits, aggregations, highlighting) and execute_search runs execute_hybrid_search.
  std::shared_ptr<const HybridSearchPlan> hybrid;
  // The node's shard request cache (nullptr = none) and this search's key in it.
  RequestCache* request_cache = nullptr;
  RequestCacheKey cache_key;
};

// Which index and shard view a query-phase response came from.
using ShardOrigin = std::pair<const IndexTarget*, const engine::ShardSearcher*>;

// The "_shards" header of a search over `total` shards (all successful on one node).
OrderedJson shards_json(size_t total);

// A rendered search response body (one JSON object, OpenSearch's key order) and the figures
// _count reads back from it. Written directly as text (json_writer.h): no JSON tree per hit.
struct SearchBody {
  std::string json;
  uint64_t total_hits = 0;  // every matching doc counted (before track_total_hits caps the shown value)
  bool terminated_early = false;
  size_t shards = 0;
  // A member as the object's first / last; `rendered_value` is JSON text.
  void prepend(std::string_view key, std::string_view rendered_value);
  void append(std::string_view key, std::string_view rendered_value);
  void prepend_string(std::string_view key, std::string_view value);
  void append_string(std::string_view key, std::string_view value);
};

// Runs the query phase on every shard, merges, fetches [from, from + size) and renders the
// response body (without "took", which the caller measures).
Outcome<SearchBody> execute_search(const PreparedSearch& prepared, size_t from, size_t size);

// Everything after the query phase: merges the shard responses (one per `origin` entry), fetches
// [from, from + size) and renders the body. Hybrid search feeds it fused shard results.
Outcome<SearchBody> render_search(const PreparedSearch& prepared,
                                  const std::vector<query::ShardSearchResponse>& responses,
                                  const std::vector<ShardOrigin>& origin, size_t from, size_t size);

// `body` with "took" (milliseconds since `start`) as its first key.
SearchBody with_took(SearchBody body, SearchClock::time_point start);

}  // namespace pharos::api
