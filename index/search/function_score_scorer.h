// OpenSearch function_score: the child query's score combined with score functions (weight,
// field_value_factor, gauss / exp / linear decay, random_score) per score_mode and
// boost_mode, capped by max_boost, docs below min_score dropped.
#pragma once

#include <memory>
#include <vector>

#include "index/search/doc_iterator.h"
#include "index/search/query_node.h"
#include "index/segment/segment.h"

namespace pharos::search {

struct FunctionScoreParams {
  const QueryNode* node = nullptr;
  const segment::Segment* segment = nullptr;
  uint32_t doc_base = 0;
  float boost = 1.0f;  // the query boost, applied to the final score
};

class FunctionScoreIterator final : public DocIterator {
 public:
  // `filters[i]` is nullptr when function i is unfiltered.
  FunctionScoreIterator(std::unique_ptr<DocIterator> child, std::vector<std::unique_ptr<DocIterator>> filters,
                        FunctionScoreParams params);

  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return find(child_->next_doc()); }
  uint32_t advance(uint32_t target) override {
    if (doc_ != kUnpositioned && doc_ >= target) return doc_;
    return find(child_->advance(target));
  }
  float score() override { return score_; }
  uint64_t cost() const override { return child_->cost(); }

 private:
  uint32_t find(uint32_t doc);  // computes the score; skips docs under min_score
  float compute(uint32_t doc);
  double function_value(const FunctionSpec& f, uint32_t doc) const;

  std::unique_ptr<DocIterator> child_;
  std::vector<std::unique_ptr<DocIterator>> filters_;
  FunctionScoreParams params_;
  float score_ = 0.0f;
  uint32_t doc_ = kUnpositioned;
};

// A function's value on one doc, before `weight` (exposed for tests and explain).
double decay_value(FunctionSpec::Type type, double value, const FunctionSpec& f);
double apply_modifier(const std::string& modifier, double v);

}  // namespace pharos::search
