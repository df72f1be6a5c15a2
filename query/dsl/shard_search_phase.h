// The shard side of a search and the coordinator's merge: a query phase (top docs, total hits,
// aggregation partial) and a fetch phase (ids, _source, versions of chosen docs) per shard, and
// the merge of every shard's top docs. Requests and responses are plain data (the aggregation
// spec is shared, immutable and rebuilt from JSON where nodes split), so this boundary is where
// a search will cross the network later.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/engine/shard_searcher.h"
#include "index/search/query_node.h"
#include "index/search/shard_search.h"
#include "index/segment/doc_meta.h"
#include "query/dsl/highlighter.h"

namespace pharos::query {

struct AggregationSpec;

struct ShardSearchRequest {
  search::QueryNode query;
  uint32_t k = 10;  // from + size
  std::vector<search::SortField> sort;
  bool track_scores = false;
  uint64_t track_total_hits_up_to = 10000;
  std::optional<float> min_score;
  std::vector<search::SortValue> search_after;
  uint64_t terminate_after = 0;
  std::map<std::string, search::SimilaritySpec> similarities;
  std::shared_ptr<const AggregationSpec> aggs;  // nullptr = no aggregations
  // dfs_query_then_fetch: statistics summed over all shards (nullptr = the shard's own).
  std::shared_ptr<const search::CollectionStats> stats;
  bool profile = false;  // measure the query and aggregations (search `profile: true`)
};

struct ShardSearchResponse {
  std::string index;
  uint32_t shard = 0;
  uint64_t total_hits = 0;
  bool total_is_lower_bound = false;
  float max_score = 0.0f;
  std::vector<search::ScoredDoc> docs;  // best first
  bool terminated_early = false;
  std::string aggs_partial_json;  // ShardAggregator::partial(); empty when no aggregations
  // With request.profile: this shard's {"searches":[...],"aggregations":[...]} (JSON text).
  std::string profile_json;
};

Result<ShardSearchResponse> execute_query_phase(const engine::ShardSearcher& searcher,
                                                const ShardSearchRequest& request);

// One field to highlight: its resolved options, the query terms to mark in it, and the
// analyzer its text was indexed with (to find token offsets in _source).
struct HighlightField {
  std::string field;
  HighlightOptions options;
  HighlightTerms terms;
  std::shared_ptr<const analysis::Analyzer> analyzer;
};

// The dfs phase of dfs_query_then_fetch: this shard's statistics for the fields and terms the
// query scores (term, terms, phrase, fuzzy terms as written). Summed with add_collection_stats.
search::CollectionStats execute_dfs_phase(const engine::ShardSearcher& searcher,
                                          const search::QueryNode& query,
                                          const std::map<std::string, search::SimilaritySpec>& similarities);
void add_collection_stats(search::CollectionStats& total, const search::CollectionStats& shard);

struct ShardFetchRequest {
  std::vector<uint32_t> docs;  // shard-level doc ids
  bool source = true;
  // explain: the query to explain each doc against (nullptr = no explanation).
  const search::QueryNode* explain_query = nullptr;
  std::map<std::string, search::SimilaritySpec> similarities;
  // Highlighting (a fetch sub-phase, as in OpenSearch): per field, the terms to mark and how.
  std::vector<HighlightField> highlights;
};

struct FetchedDoc {
  uint32_t doc = 0;
  bool found = false;
  std::string id;
  std::string routing;
  std::string source;  // JSON text; empty when not fetched
  segment::DocMeta meta;
  std::string explanation_json;
  std::map<std::string, std::vector<std::string>> highlights;  // field → fragments
};

Result<std::vector<FetchedDoc>> execute_fetch_phase(const engine::ShardSearcher& searcher,
                                                    const ShardFetchRequest& request);

// Every live doc matching `query` (delete_by_query / update_by_query), at most `max_docs`
// (0 = all), in doc order.
Result<std::vector<FetchedDoc>> collect_matching_docs(const engine::ShardSearcher& searcher,
                                                      const search::QueryNode& query, bool with_source,
                                                      uint64_t max_docs);

// A hit of the merged result: which shard response and which of its docs.
struct MergedHit {
  size_t response = 0;
  const search::ScoredDoc* doc = nullptr;
};

// Merges shard top docs by score desc (or by the sort fields), ties by shard order then doc
// id, and returns hits [from, from + size).
std::vector<MergedHit> merge_top_docs(const std::vector<ShardSearchResponse>& responses,
                                      const std::vector<search::SortField>& sort, size_t from, size_t size);

// The segment views as search::SegmentRef (pointers into `searcher`, which must outlive them).
std::vector<search::SegmentRef> segment_refs(const engine::ShardSearcher& searcher);

}  // namespace pharos::query
