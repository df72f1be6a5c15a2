// DocIterator: the scorer interface every query kind compiles to, one per segment. Doc-at-a-
// time, ascending segment doc ids, Lucene's DocIdSetIterator + Scorer folded into one class.
// A block-max WAND scorer (later) implements the same interface plus max_score(up_to).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "index/segment/postings.h"

namespace pharos::search {

using segment::kNoMoreDocs;
// doc() before the first next_doc()/advance(); distinct from kNoMoreDocs so advance() knows
// whether the iterator is positioned.
constexpr uint32_t kUnpositioned = kNoMoreDocs - 1;

class DocIterator {
 public:
  virtual ~DocIterator() = default;
  virtual uint32_t doc() const = 0;
  virtual uint32_t next_doc() = 0;
  // First doc >= target; returns doc() unchanged when already there (unlike Lucene, which
  // requires target > doc()), so compound iterators can probe children freely.
  virtual uint32_t advance(uint32_t target) = 0;
  // Score of the current doc; only called when positioned on a doc.
  virtual float score() = 0;
  // Estimated number of matches (leapfrog order in conjunctions).
  virtual uint64_t cost() const = 0;
};

// Whether `it` matches `doc` (moves `it` forward to the first doc >= `doc`).
inline bool iterator_matches(DocIterator& it, uint32_t doc) {
  uint32_t d = it.doc();
  if (d == kUnpositioned || d < doc) d = it.advance(doc);
  return d == doc;
}

// Matches nothing.
class EmptyIterator final : public DocIterator {
 public:
  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return doc_ = kNoMoreDocs; }
  uint32_t advance(uint32_t) override { return doc_ = kNoMoreDocs; }
  float score() override { return 0.0f; }
  uint64_t cost() const override { return 0; }

 private:
  uint32_t doc_ = kUnpositioned;
};

// Every doc of [0, max_doc) with a constant score (match_all, constant-score wrappers).
class AllDocsIterator final : public DocIterator {
 public:
  AllDocsIterator(uint32_t max_doc, float score) : max_doc_(max_doc), score_(score) {}
  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return advance(doc_ == kUnpositioned ? 0 : doc_ + 1); }
  uint32_t advance(uint32_t target) override {
    if (doc_ != kUnpositioned && doc_ >= target) return doc_;
    return doc_ = target < max_doc_ ? target : kNoMoreDocs;
  }
  float score() override { return score_; }
  uint64_t cost() const override { return max_doc_; }

 private:
  uint32_t max_doc_;
  float score_;
  uint32_t doc_ = kUnpositioned;
};

// A precomputed doc set (multi-term expansions, doc-value ranges, ids) with a constant score.
class BitsetIterator final : public DocIterator {
 public:
  BitsetIterator(std::vector<uint64_t> words, uint32_t max_doc, float score);
  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override { return advance(doc_ == kUnpositioned ? 0 : doc_ + 1); }
  uint32_t advance(uint32_t target) override;
  float score() override { return score_; }
  uint64_t cost() const override { return cost_; }

 private:
  std::vector<uint64_t> words_;
  uint32_t max_doc_;
  float score_;
  uint64_t cost_ = 0;
  uint32_t doc_ = kUnpositioned;
};

// A growable doc bitset for building BitsetIterators.
class DocBitset {
 public:
  explicit DocBitset(uint32_t max_doc) : max_doc_(max_doc), words_((max_doc + 63) / 64, 0) {}
  void set(uint32_t doc) { words_[doc >> 6] |= uint64_t{1} << (doc & 63); }
  bool get(uint32_t doc) const { return (words_[doc >> 6] >> (doc & 63)) & 1; }
  // Adds every doc of `postings` (exhausts it).
  void add_postings(segment::PostingsIterator& postings);
  std::unique_ptr<DocIterator> into_iterator(float score) &&;

 private:
  uint32_t max_doc_;
  std::vector<uint64_t> words_;
};

}  // namespace pharos::search
