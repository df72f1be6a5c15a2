// Phrase matching over positions: exact (Lucene's ExactPhraseMatcher: freq = number of
// matches) and sloppy (SloppyPhraseMatcher: freq = sum of 1 / (1 + match length)), scored
// with BM25 where idf is the (double) sum of the term idfs.
#pragma once

#include <memory>
#include <vector>

#include "index/search/bm25.h"
#include "index/search/doc_iterator.h"

namespace pharos::search {

class PhraseScorer final : public DocIterator {
 public:
  // `offsets[i]` is term i's position within the phrase; postings must carry positions.
  PhraseScorer(std::vector<std::unique_ptr<segment::PostingsIterator>> postings,
               std::vector<uint32_t> offsets, uint32_t slop, const uint8_t* norms, Bm25Scorer scorer);

  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override;
  uint32_t advance(uint32_t target) override;
  float score() override;
  uint64_t cost() const override;
  float phrase_freq() const { return freq_; }

 private:
  uint32_t align(uint32_t target);  // first doc >= target where all terms occur and the phrase matches
  bool load_and_match();            // reads positions of the current doc, sets freq_
  float exact_freq() const;
  float sloppy_freq() const;

  std::vector<std::unique_ptr<segment::PostingsIterator>> postings_;
  std::vector<uint32_t> offsets_;
  uint32_t slop_;
  const uint8_t* norms_;
  Bm25Scorer scorer_;
  std::vector<std::vector<int64_t>> positions_;  // per term, position - offset
  std::vector<uint32_t> current_;                // doc of each postings iterator
  float freq_ = 0.0f;
  uint32_t doc_ = kUnpositioned;
};

}  // namespace pharos::search
