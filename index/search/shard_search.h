// Running a query over one shard's segments: top-k by score or by sort fields, total hits,
// and iteration of every match (for aggregations, delete_by_query). This is the engine side of
// the shard request/response boundary; the request and result are plain, serialisable data.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "index/base/status.h"
#include "index/search/query_node.h"
#include "index/search/similarity.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"
#include "index/vector/segment_vector_indexes.h"

namespace pharos::search {

// One segment of the shard's point-in-time view.
struct SegmentRef {
  const segment::Segment* segment = nullptr;
  const segment::LiveDocs* live_docs = nullptr;  // nullptr = no deletions
  uint32_t doc_base = 0;                         // shard-level doc id of this segment's doc 0
  // The segment's k-NN indexes (thread-safe lookup); nullptr when it has no vectors.
  const vector::SegmentVectorIndexes* vectors = nullptr;
};

// A sort value: absent (missing), integer, floating, or bytes (keyword).
using SortValue = std::variant<std::monostate, int64_t, double, std::string>;

struct SortField {
  enum class Type { score, doc, numeric, floating, keyword } type = Type::score;
  std::string field;
  bool reverse = false;  // descending
  enum class Missing { last, first } missing = Missing::last;
  std::optional<SortValue> missing_value;                           // a custom `missing` value
  enum class Mode { min, max, sum, avg, median } mode = Mode::min;  // multi-valued fields
};

// Term statistics that may override the shard's own (dfs_query_then_fetch sums them across shards).
struct CollectionStats {
  std::map<std::string, uint64_t> field_doc_count;  // field → docs with the field
  std::map<std::string, uint64_t> field_sum_total_term_freq;
  std::map<std::string, uint64_t> term_doc_freq;  // "field\0term" → doc freq
  uint64_t max_doc = 0;
};

struct TopDocsRequest {
  const QueryNode* query = nullptr;
  uint32_t k = 10;                          // from + size
  std::vector<SortField> sort;              // empty = by score desc, then doc asc
  bool track_scores = false;                // compute scores even when sorting by fields
  uint64_t track_total_hits_up_to = 10000;  // count exactly up to this; UINT64_MAX = always exact
  std::optional<float> min_score;
  std::vector<SortValue> search_after;     // sort values of the last hit of the previous page
  uint64_t terminate_after = 0;            // 0 = off
  const CollectionStats* stats = nullptr;  // nullptr = this shard's own statistics
  // field → similarity (from the mapping / index settings); missing fields use BM25 defaults.
  std::map<std::string, SimilaritySpec> similarities;
};

struct ScoredDoc {
  uint32_t doc = 0;  // shard-level doc id (SegmentRef::doc_base + segment doc)
  float score = 0.0f;
  std::vector<SortValue> sort_values;
};

struct TopDocsResult {
  uint64_t total_hits = 0;
  bool total_is_lower_bound = false;  // relation "gte"
  float max_score = 0.0f;             // NaN-free; 0 when nothing matched or scores not tracked
  std::vector<ScoredDoc> docs;        // best first
  bool terminated_early = false;
};

Result<TopDocsResult> search_top_docs(const std::vector<SegmentRef>& segments, const TopDocsRequest& request);

// Calls `visit(segment_index, segment_doc, score)` for every live doc matching `query`, in doc
// order per segment. Scores are computed only when `with_scores`.
Status for_each_match(const std::vector<SegmentRef>& segments, const QueryNode& query, bool with_scores,
                      const std::map<std::string, SimilaritySpec>& similarities,
                      const std::function<void(size_t segment_index, uint32_t doc, float score)>& visit);

// Lucene-style explanation of one doc's score (for `explain: true`); JSON text.
Result<std::string> explain_doc(const std::vector<SegmentRef>& segments, const QueryNode& query,
                                uint32_t shard_doc,
                                const std::map<std::string, SimilaritySpec>& similarities);

}  // namespace pharos::search
