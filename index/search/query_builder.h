// Compiles a QueryNode into the DocIterator tree for one segment. Boosts propagate down to
// the leaves multiplicatively, as Lucene's createWeight(boost) does, so BM25 weights carry
// them (weight = boost * idf) and float rounding matches Lucene.
#pragma once

#include <memory>

#include "index/base/status.h"
#include "index/search/doc_iterator.h"
#include "index/search/shard_context.h"

namespace pharos::search {

// `parent_boost` is the product of the enclosing queries' boosts. `needs_scores` false lets
// scoring clauses be built as cheaper filters (they still report score 0).
Result<std::unique_ptr<DocIterator>> build_iterator(const QueryNode& node, const SegmentContext& ctx,
                                                    float parent_boost, bool needs_scores);

}  // namespace pharos::search
