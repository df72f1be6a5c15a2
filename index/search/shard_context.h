// What every per-segment scorer needs from the whole shard: the segments, the term and field
// statistics BM25 uses (the shard's own, summed over its segments, or a dfs override), and
// the similarity of each field.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "index/search/multi_term_expansion.h"
#include "index/search/shard_search.h"

namespace pharos::search {

struct KnnShardHits;

class ShardContext {
 public:
  ShardContext(const std::vector<SegmentRef>& segments, const CollectionStats* stats,
               const std::map<std::string, SimilaritySpec>& similarities)
      : segments_(segments), stats_(stats), similarities_(similarities) {}

  const std::vector<SegmentRef>& segments() const { return segments_; }
  // docCount(field) and sumTotalTermFreq(field): deleted-but-unmerged docs included, as Lucene.
  uint64_t field_doc_count(const std::string& field) const;
  uint64_t field_sum_total_term_freq(const std::string& field) const;
  uint64_t doc_freq(const std::string& field, const std::string& term) const;
  const SimilaritySpec& similarity(const std::string& field) const;

  // A fuzzy query's terms over the whole shard (Lucene rewrites against the top-level
  // reader): the best max_expansions by (boost desc, term asc), each with its shard doc freq.
  struct FuzzyExpansion {
    std::vector<FuzzyTerm> terms;
    uint64_t blended_doc_freq = 0;  // BlendedTermQuery: every term scores with the max doc freq
  };
  const FuzzyExpansion& fuzzy_expansion(const QueryNode& node) const;

  // A knn node's shard-level hits (knn_query.h computes them once per request, on first use).
  std::map<const QueryNode*, std::shared_ptr<const KnnShardHits>>& knn_cache() const { return knn_cache_; }

 private:
  const std::vector<SegmentRef>& segments_;
  const CollectionStats* stats_;
  const std::map<std::string, SimilaritySpec>& similarities_;
  SimilaritySpec default_similarity_;
  mutable std::map<const QueryNode*, FuzzyExpansion> fuzzy_cache_;  // not thread-safe: one per request
  mutable std::map<const QueryNode*, std::shared_ptr<const KnnShardHits>> knn_cache_;
};

// One segment as seen by a scorer under construction.
struct SegmentContext {
  const ShardContext* shard = nullptr;
  size_t index = 0;
  const segment::Segment* segment = nullptr;
  uint32_t doc_base = 0;
};

}  // namespace pharos::search
