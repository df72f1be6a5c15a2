// Dynamic pruning for top-k by score: skips docs that cannot beat the collector's current
// k-th best score, using per-block max impacts (max freq, min norm of each 128-doc postings
// block) turned into score upper bounds through the exact BM25 function.
//
// Shapes handled (everything else takes the exhaustive DocIterator path):
//  - a term query;
//  - a should-only bool of term queries (match with operator or), minimum_should_match <= 1:
//    block-max MaxScore (Lucene 9's MaxScoreBulkScorer idea): per window of blocks, clauses are
//    split into "essential" ones, whose docs are candidates, and a non-essential prefix whose
//    block maxima sum to no more than the threshold, which is only probed for candidates;
//  - a must-only bool of term queries (match with operator and): a leapfrog conjunction that
//    skips whole windows whose summed block maxima cannot beat the threshold (Lucene's
//    BlockMaxConjunctionScorer).
// Scores are computed exactly as the exhaustive path does (same clause order, double sum, one
// float rounding), so results are identical doc for doc and bit for bit; pruning only decides
// which docs need not be scored.
#pragma once

#include <memory>

#include "index/base/status.h"
#include "index/search/query_node.h"
#include "index/search/shard_context.h"

namespace pharos::search {

class TopDocsCollector;

// One segment's pruning scorer; feeds its live matches to the collector in doc order, reading
// TopDocsCollector::skip_threshold() as it goes.
class BlockMaxScorer {
 public:
  virtual ~BlockMaxScorer() = default;
  virtual void score_segment(TopDocsCollector& collector, const SegmentRef& segment) = 0;
};

// nullptr when `query` has no pruning shape (the caller then runs the exhaustive path).
Result<std::unique_ptr<BlockMaxScorer>> build_block_max_scorer(const QueryNode& query,
                                                               const SegmentContext& ctx);

}  // namespace pharos::search
