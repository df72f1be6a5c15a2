// Lucene's BooleanQuery execution, doc-at-a-time: required clauses (must + filter) leapfrog
// as a conjunction, should clauses form a disjunction counted against minimum_should_match,
// must_not clauses exclude. Score = (float)((double) sum of must scores + (double) sum of
// matching should scores), as ReqOptSumScorer / ConjunctionScorer / DisjunctionSumScorer.
#pragma once

#include <memory>
#include <vector>

#include "index/search/doc_iterator.h"

namespace pharos::search {

struct BooleanClauses {
  std::vector<std::unique_ptr<DocIterator>> must;    // required, scored
  std::vector<std::unique_ptr<DocIterator>> filter;  // required, not scored
  std::vector<std::unique_ptr<DocIterator>> should;
  std::vector<std::unique_ptr<DocIterator>> must_not;
  uint32_t minimum_should_match = 0;  // with no required clause, at least 1 is implied
};

class BooleanIterator final : public DocIterator {
 public:
  explicit BooleanIterator(BooleanClauses clauses);

  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return find(doc_ == kUnpositioned ? 0 : doc_ + 1); }
  uint32_t advance(uint32_t target) override {
    if (doc_ != kUnpositioned && doc_ >= target) return doc_;
    return find(target);
  }
  float score() override;
  uint64_t cost() const override { return cost_; }

 private:
  uint32_t find(uint32_t target);
  uint32_t next_required_candidate(uint32_t target);
  uint32_t next_should_candidate(uint32_t target);
  bool accept(uint32_t doc);  // must_not and minimum_should_match checks

  std::vector<DocIterator*> required_;  // must then filter, sorted by cost (lead first)
  BooleanClauses clauses_;
  uint32_t should_needed_;
  uint64_t cost_ = 0;
  uint32_t doc_ = kUnpositioned;
};

// Disjunction helper shared with dis_max: the smallest current doc among `its` >= target,
// advancing each iterator that is behind.
uint32_t min_doc_at_or_after(std::vector<std::unique_ptr<DocIterator>>& its, uint32_t target);

}  // namespace pharos::search
