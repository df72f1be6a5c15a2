// breadth_first collection (OpenSearch's BestBucketsDeferringCollector): the docs a bucket
// aggregation routed to each bucket, kept so that its sub-aggregations run afterwards for the
// buckets that made the shard's cut only. Replay hands the docs over in collection order, so a
// sub-aggregation sees exactly what depth_first collection would have shown it. 8 bytes a hit
// (doc, bucket), 12 when the sub-aggregations read scores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace pharos::query::agg {

class DeferredDocs {
 public:
  explicit DeferredDocs(bool with_scores) : with_scores_(with_scores) {}
  void record(size_t segment, uint32_t doc, uint32_t bucket, float score) {
    if (segments_.empty() || segments_.back().second != segment)
      segments_.emplace_back(hits_.size(), segment);
    hits_.push_back({doc, bucket});
    if (with_scores_) scores_.push_back(score);
  }
  // visit(bucket, segment, doc, score) for each recorded hit of a bucket with keep[bucket]
  // (score 0 when scores were not kept).
  template <typename Visit>
  void replay(const std::vector<bool>& keep, Visit&& visit) const {
    for (size_t run = 0; run < segments_.size(); ++run) {
      size_t end = run + 1 < segments_.size() ? segments_[run + 1].first : hits_.size();
      for (size_t i = segments_[run].first; i < end; ++i) {
        const Hit& h = hits_[i];
        if (h.bucket < keep.size() && keep[h.bucket])
          visit(h.bucket, segments_[run].second, h.doc, with_scores_ ? scores_[i] : 0.0f);
      }
    }
  }

 private:
  struct Hit {
    uint32_t doc, bucket;
  };
  bool with_scores_;
  std::vector<Hit> hits_;
  std::vector<float> scores_;                        // parallel to hits_ when with_scores_
  std::vector<std::pair<size_t, size_t>> segments_;  // (first hit, segment) of each run
};

}  // namespace pharos::query::agg
