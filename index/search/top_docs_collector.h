// Keeps the best k hits (by score, or by the request's sort fields) in a bounded heap, counts
// total hits and max score, and applies search_after. Exhaustive: every match is offered;
// a block-max WAND scorer would read min_competitive_score() to skip non-competitive blocks.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "index/search/shard_search.h"
#include "index/search/sort_values.h"

namespace pharos::search {

class TopDocsCollector {
 public:
  explicit TopDocsCollector(const TopDocsRequest& request);

  // Called per segment before its docs are offered.
  void set_segment(const SegmentRef& segment);
  // Offers one live match (segment doc id). Returns false once terminate_after is reached.
  bool collect(uint32_t doc, float score);
  // Score a new hit must beat to enter the top k when sorting by score (WAND seam); -inf until full.
  float min_competitive_score() const;
  // Whether the request lets a scorer skip docs that cannot enter the top k once hits need not
  // be counted any more (sorted by score, no search_after / min_score / terminate_after).
  bool allows_skipping() const { return allows_skipping_; }
  // The score a doc must beat to matter, for pruning scorers: -inf while hits are still
  // counted exactly (up to track_total_hits_up_to, as Lucene's TopScoreDocCollector), then
  // the k-th best score.
  float skip_threshold() const {
    return allows_skipping_ && total_ > request_.track_total_hits_up_to ? min_competitive_score()
                                                                       : -std::numeric_limits<float>::infinity();
  }
  TopDocsResult finish() &&;

  bool needs_scores() const { return needs_scores_; }

 private:
  struct Entry {
    uint32_t doc;  // shard doc
    float score;
    std::vector<SortValue> values;
  };
  bool better(const Entry& a, const Entry& b) const;  // a ranks before b
  bool is_after_search_after(const Entry& e) const;
  void offer(Entry e);
  bool check_terminate();  // true once terminate_after is reached

  const TopDocsRequest& request_;
  bool by_score_;
  bool needs_scores_;
  std::vector<Entry> heap_;  // worst on top
  std::optional<SortValueReader> reader_;
  uint32_t doc_base_ = 0;
  uint64_t total_ = 0;
  float max_score_ = 0.0f;
  bool any_score_ = false;
  bool terminated_ = false;
  bool allows_skipping_ = false;
};

}  // namespace pharos::search
