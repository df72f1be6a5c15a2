#include "index/search/boolean_scorer.h"

#include <algorithm>

namespace pharos::search {

uint32_t min_doc_at_or_after(std::vector<std::unique_ptr<DocIterator>>& its, uint32_t target) {
  uint32_t best = kNoMoreDocs;
  for (auto& it : its) {
    uint32_t d = it->doc();
    if (d == kUnpositioned || d < target) d = it->advance(target);
    best = std::min(best, d);
  }
  return best;
}

BooleanIterator::BooleanIterator(BooleanClauses clauses) : clauses_(std::move(clauses)) {
  for (auto& it : clauses_.must) required_.push_back(it.get());
  for (auto& it : clauses_.filter) required_.push_back(it.get());
  std::stable_sort(required_.begin(), required_.end(),
                   [](DocIterator* a, DocIterator* b) { return a->cost() < b->cost(); });
  should_needed_ = clauses_.minimum_should_match;
  if (required_.empty() && should_needed_ == 0) should_needed_ = 1;
  if (!required_.empty()) {
    cost_ = required_.front()->cost();
  } else {
    for (auto& it : clauses_.should) cost_ += it->cost();
  }
}

uint32_t BooleanIterator::next_required_candidate(uint32_t target) {
  DocIterator* lead = required_.front();
  uint32_t doc = lead->advance(target);
  size_t i = 1;
  while (doc != kNoMoreDocs && i < required_.size()) {
    uint32_t d = required_[i]->advance(doc);
    if (d == doc) {
      ++i;
      continue;
    }
    doc = lead->advance(d);
    i = 1;
  }
  return doc;
}

uint32_t BooleanIterator::next_should_candidate(uint32_t target) {
  return min_doc_at_or_after(clauses_.should, target);
}

bool BooleanIterator::accept(uint32_t doc) {
  for (auto& it : clauses_.must_not) {
    if (iterator_matches(*it, doc)) return false;
  }
  if (should_needed_ == 0) return true;
  uint32_t matched = 0;
  for (auto& it : clauses_.should) {
    if (iterator_matches(*it, doc) && ++matched >= should_needed_) return true;
  }
  return false;
}

uint32_t BooleanIterator::find(uint32_t target) {
  if (should_needed_ > clauses_.should.size()) return doc_ = kNoMoreDocs;
  uint32_t doc = target;
  while (true) {
    doc = required_.empty() ? next_should_candidate(doc) : next_required_candidate(doc);
    if (doc == kNoMoreDocs) return doc_ = kNoMoreDocs;
    if (accept(doc)) return doc_ = doc;
    ++doc;
  }
}

float BooleanIterator::score() {
  double required = 0.0;
  for (auto& it : clauses_.must) required += it->score();
  double optional = 0.0;
  bool any_optional = false;
  for (auto& it : clauses_.should) {
    if (iterator_matches(*it, doc_)) {
      optional += it->score();
      any_optional = true;
    }
  }
  if (required_.empty()) return static_cast<float>(optional);
  if (!any_optional) return static_cast<float>(required);
  // ReqOptSumScorer: the required conjunction's float score plus the disjunction's float score.
  return static_cast<float>(static_cast<double>(static_cast<float>(required)) +
                            static_cast<double>(static_cast<float>(optional)));
}

}  // namespace pharos::search
