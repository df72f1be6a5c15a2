// A point-in-time view of one shard for search: its segments with their live docs as of
// the last refresh. Immutable (but for its fielddata cache, which is thread-safe); holding it
// keeps its segment files alive.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "index/engine/field_data_cache.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"
#include "index/vector/segment_vector_indexes.h"

namespace pharos::engine {

struct SegmentView {
  std::shared_ptr<const segment::Segment> segment;
  std::shared_ptr<const segment::LiveDocs> live_docs;  // nullptr = no deletions
  uint32_t doc_base = 0;  // shard-level doc id of this segment's doc 0
  // The segment's k-NN indexes (engine/segment_vectors.h); nullptr when it has no vectors.
  std::shared_ptr<const vector::SegmentVectorIndexes> vectors;
  bool is_live(uint32_t doc) const { return !live_docs || live_docs->is_live(doc); }
};

struct ShardSearcher {
  std::string index;
  uint32_t shard = 0;
  std::vector<SegmentView> segments;
  uint64_t live_doc_count = 0;
  // Structures built from the view's doc values on first use (global ordinals, sorted numeric
  // values), shared by its searches and accounted in the shard's fielddata stats. Never null
  // for a shard's view.
  std::shared_ptr<FieldDataCache> fielddata;
};

}  // namespace pharos::engine
