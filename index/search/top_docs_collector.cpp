#include "index/search/top_docs_collector.h"

#include <algorithm>
#include <limits>

namespace pharos::search {

TopDocsCollector::TopDocsCollector(const TopDocsRequest& request) : request_(request) {
  by_score_ = request.sort.empty();
  bool sort_by_score = std::any_of(request.sort.begin(), request.sort.end(),
                                   [](const SortField& f) { return f.type == SortField::Type::score; });
  needs_scores_ = by_score_ || sort_by_score || request.track_scores || request.min_score.has_value();
  // Exact totals (track_total_hits_up_to = max) still take pruning scorers: their threshold then
  // stays -inf, and they are fast exhaustive scorers.
  allows_skipping_ = by_score_ && request.k > 0 && request.search_after.empty() && !request.min_score &&
                     request.terminate_after == 0;
}

void TopDocsCollector::set_segment(const SegmentRef& segment) {
  doc_base_ = segment.doc_base;
  reader_.reset();
  if (!by_score_) reader_.emplace(request_.sort, segment);
}

bool TopDocsCollector::better(const Entry& a, const Entry& b) const {
  if (by_score_) {
    if (a.score != b.score) return a.score > b.score;
  } else {
    int c = compare_sort_values(a.values, b.values, request_.sort);
    if (c != 0) return c < 0;
  }
  return a.doc < b.doc;
}

float TopDocsCollector::min_competitive_score() const {
  if (!by_score_ || heap_.size() < request_.k || heap_.empty())
    return -std::numeric_limits<float>::infinity();
  return heap_.front().score;
}

bool TopDocsCollector::is_after_search_after(const Entry& e) const {
  if (request_.search_after.empty()) return true;
  if (by_score_) {
    // Default sort's values are [score]: strictly after means a lower score.
    static const std::vector<SortField> kScoreDesc = [] {
      SortField f;
      f.reverse = true;
      return std::vector<SortField>{f};
    }();
    return compare_sort_values({static_cast<double>(e.score)}, request_.search_after, kScoreDesc) > 0;
  }
  return compare_sort_values(e.values, request_.search_after, request_.sort) > 0;
}

void TopDocsCollector::offer(Entry e) {
  auto cmp = [this](const Entry& a, const Entry& b) { return better(a, b); };
  if (heap_.size() < request_.k) {
    heap_.push_back(std::move(e));
    std::push_heap(heap_.begin(), heap_.end(), cmp);
  } else if (better(e, heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), cmp);
    heap_.back() = std::move(e);
    std::push_heap(heap_.begin(), heap_.end(), cmp);
  }
}

bool TopDocsCollector::collect(uint32_t doc, float score) {
  if (terminated_) return false;
  if (request_.min_score && score < *request_.min_score) return true;
  ++total_;
  if (needs_scores_) {
    max_score_ = any_score_ ? std::max(max_score_, score) : score;
    any_score_ = true;
  }
  // By score, a full heap and docs arriving in id order: a hit that does not beat the worst
  // kept score cannot enter (ties go to the smaller doc id), so skip building its entry.
  if (by_score_ && request_.search_after.empty() && heap_.size() == request_.k && request_.k > 0 &&
      (score < heap_.front().score ||
       (score == heap_.front().score && doc_base_ + doc > heap_.front().doc))) {
    return !check_terminate();
  }
  Entry e{doc_base_ + doc, score, {}};
  if (!by_score_) e.values = reader_->values(doc, score);
  if (request_.k > 0 && is_after_search_after(e)) offer(std::move(e));
  return !check_terminate();
}

bool TopDocsCollector::check_terminate() {
  if (request_.terminate_after > 0 && total_ >= request_.terminate_after) terminated_ = true;
  return terminated_;
}

TopDocsResult TopDocsCollector::finish() && {
  auto cmp = [this](const Entry& a, const Entry& b) { return better(a, b); };
  std::sort_heap(heap_.begin(), heap_.end(), cmp);
  TopDocsResult out;
  out.total_hits = total_;
  if (total_ > request_.track_total_hits_up_to) {
    out.total_hits = request_.track_total_hits_up_to;
    out.total_is_lower_bound = true;
  }
  out.max_score = any_score_ ? max_score_ : 0.0f;
  out.terminated_early = terminated_;
  for (Entry& e : heap_) out.docs.push_back({e.doc, needs_scores_ ? e.score : 0.0f, std::move(e.values)});
  return out;
}

}  // namespace pharos::search
