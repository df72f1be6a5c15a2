// Scores one term's postings with BM25 (or boolean): Lucene's TermScorer.
#pragma once

#include <memory>

#include "index/search/bm25.h"
#include "index/search/doc_iterator.h"

namespace pharos::search {

class TermScorer final : public DocIterator {
 public:
  // `norms` may be nullptr (field without norms: Lucene scores such docs with norm 1).
  TermScorer(std::unique_ptr<segment::PostingsIterator> postings, const uint8_t* norms, Bm25Scorer scorer)
      : postings_(std::move(postings)), norms_(norms), scorer_(std::move(scorer)) {}

  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return doc_ = postings_->next_doc(); }
  uint32_t advance(uint32_t target) override {
    if (doc_ != kUnpositioned && doc_ >= target) return doc_;
    return doc_ = postings_->advance(target);
  }
  float score() override {
    uint8_t norm = norms_ != nullptr ? norms_[doc_] : 1;
    return scorer_.score(static_cast<float>(postings_->freq()), norm);
  }
  uint64_t cost() const override { return postings_->doc_freq(); }
  // Seam for block-max WAND: postings blocks and impacts are reachable from here.
  segment::PostingsIterator& postings() { return *postings_; }
  const Bm25Scorer& bm25() const { return scorer_; }

 private:
  std::unique_ptr<segment::PostingsIterator> postings_;
  const uint8_t* norms_;
  Bm25Scorer scorer_;
  uint32_t doc_ = kUnpositioned;
};

}  // namespace pharos::search
