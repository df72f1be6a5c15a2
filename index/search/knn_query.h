// The `knn` query over one shard. Like Lucene's KnnFloatVectorQuery#rewrite, the k-NN runs once
// per shard before any scorer is built: per segment against its vector index with the filter
// (evaluated as a bitset with the ordinary query machinery) ∧ live docs, then the shard keeps its
// best k (or every doc within the radius). The node then compiles, per segment, to an iterator
// over those docs with their scores, so knn composes inside bool, with sort, aggregations and
// pagination like any other query.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "index/base/status.h"
#include "index/search/doc_iterator.h"
#include "index/search/shard_context.h"

namespace pharos::search {

struct KnnShardHits {
  // Per segment (ShardContext::segments() order): (segment doc, score) ascending by doc.
  std::vector<std::vector<std::pair<uint32_t, float>>> per_segment;
};

// The node's shard-level hits; computed on the first call and cached in `shard` for the request.
Result<std::shared_ptr<const KnnShardHits>> knn_shard_hits(const QueryNode& node, const ShardContext& shard);

// The scorer of one segment: the node's hits in that segment, each scored score * boost.
Result<std::unique_ptr<DocIterator>> build_knn_iterator(const QueryNode& node, const SegmentContext& ctx,
                                                        float boost);

}  // namespace pharos::search
