// Wrappers that change how a child's matches are scored: constant_score, dis_max, boosting.
// (function_score lives in function_score_scorer.h.)
#pragma once

#include <memory>
#include <vector>

#include "index/search/doc_iterator.h"

namespace pharos::search {

// Matches what the child matches, scores `score` (constant_score; filters).
class ConstantScoreIterator final : public DocIterator {
 public:
  ConstantScoreIterator(std::unique_ptr<DocIterator> child, float score)
      : child_(std::move(child)), score_(score) {}
  uint32_t doc() const override { return child_->doc(); }
  uint32_t next_doc() override { return child_->next_doc(); }
  uint32_t advance(uint32_t target) override { return child_->advance(target); }
  float score() override { return score_; }
  uint64_t cost() const override { return child_->cost(); }

 private:
  std::unique_ptr<DocIterator> child_;
  float score_;
};

// Lucene's DisjunctionMaxScorer: max + tie_breaker * (sum of the others), sum in double.
class DisMaxIterator final : public DocIterator {
 public:
  DisMaxIterator(std::vector<std::unique_ptr<DocIterator>> children, float tie_breaker);
  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override;
  uint32_t advance(uint32_t target) override;
  float score() override;
  uint64_t cost() const override { return cost_; }

 private:
  std::vector<std::unique_ptr<DocIterator>> children_;
  float tie_breaker_;
  uint64_t cost_ = 0;
  uint32_t doc_ = kUnpositioned;
};

// OpenSearch boosting query: positive's score, times negative_boost where negative matches.
class BoostingIterator final : public DocIterator {
 public:
  BoostingIterator(std::unique_ptr<DocIterator> positive, std::unique_ptr<DocIterator> negative,
                   float negative_boost)
      : positive_(std::move(positive)), negative_(std::move(negative)), negative_boost_(negative_boost) {}
  uint32_t doc() const override { return positive_->doc(); }
  uint32_t next_doc() override { return positive_->next_doc(); }
  uint32_t advance(uint32_t target) override { return positive_->advance(target); }
  float score() override {
    float s = positive_->score();
    return iterator_matches(*negative_, positive_->doc()) ? s * negative_boost_ : s;
  }
  uint64_t cost() const override { return positive_->cost(); }

 private:
  std::unique_ptr<DocIterator> positive_, negative_;
  float negative_boost_;
};

}  // namespace pharos::search
