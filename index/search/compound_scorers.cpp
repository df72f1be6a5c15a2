#include "index/search/compound_scorers.h"

#include "index/search/boolean_scorer.h"

namespace pharos::search {

DisMaxIterator::DisMaxIterator(std::vector<std::unique_ptr<DocIterator>> children, float tie_breaker)
    : children_(std::move(children)), tie_breaker_(tie_breaker) {
  for (auto& c : children_) cost_ += c->cost();
}

uint32_t DisMaxIterator::next_doc() {
  return doc_ = min_doc_at_or_after(children_, doc_ == kUnpositioned ? 0 : doc_ + 1);
}

uint32_t DisMaxIterator::advance(uint32_t target) {
  if (doc_ != kUnpositioned && doc_ >= target) return doc_;
  return doc_ = min_doc_at_or_after(children_, target);
}

float DisMaxIterator::score() {
  float score_max = 0.0f;
  double other_sum = 0.0;
  for (auto& c : children_) {
    if (c->doc() != doc_) continue;
    float sub = c->score();
    if (sub >= score_max) {
      other_sum += score_max;
      score_max = sub;
    } else {
      other_sum += sub;
    }
  }
  return static_cast<float>(score_max + other_sum * tie_breaker_);
}

}  // namespace pharos::search
