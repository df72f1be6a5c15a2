// How a search reaches one segment's vector indexes without knowing who builds, stores or
// caches them: the engine implements this per segment (engine/segment_vectors.h), index/search
// only calls it. Header-only on purpose: it is the seam between the two modules.
#pragma once

#include <memory>
#include <string_view>

#include "index/base/status.h"
#include "index/vector/vector_index.h"

namespace pharos::vector {

// The per-field vector indexes of one immutable segment.
//
// Thread-safety: every method may be called concurrently from any search thread. A returned
// index stays valid (and its vectors mapped) for as long as the caller holds the shared_ptr,
// even if the engine evicts it from its cache or retires the segment meanwhile.
class SegmentVectorIndexes {
 public:
  virtual ~SegmentVectorIndexes() = default;
  // The index that answers k-NN over `field` in this segment: the segment's ANN index when one
  // is built (loaded from its file if it was evicted), else an exact index over the segment's
  // vectors. `exact` always returns the exact one (ground truth, rescoring). nullptr when no
  // doc of the segment has a vector in `field`.
  virtual Result<std::shared_ptr<const VectorIndex>> index_for(std::string_view field, bool exact) const = 0;
  // Called once per k-NN query per shard (OpenSearch's knn_query_requests counter).
  virtual void count_query() const {}
};

}  // namespace pharos::vector
