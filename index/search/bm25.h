// Lucene-exact BM25 (BM25Similarity), LegacyBM25 (the (k1 + 1) numerator) and the boolean
// similarity. Float32 arithmetic in Lucene's operation order: see
// ../shared/reference/fulltext-and-style.md §1.4. Scores must be bit-identical to Lucene's.
#pragma once

#include <array>
#include <cstdint>

#include "index/search/similarity.h"

namespace pharos::search {

// (float) log(1 + (N - n + 0.5) / (n + 0.5)), computed in double like Lucene.
float bm25_idf(uint64_t doc_freq, uint64_t doc_count);

// Lucene's avgdl: (float) (sumTotalTermFreq / (double) docCount); 1 when the field is empty.
float bm25_avgdl(uint64_t sum_total_term_freq, uint64_t doc_count);

// One term's (or phrase's) scorer: weight = boost * idf and the 256-entry norm cache.
class Bm25Scorer {
 public:
  Bm25Scorer() = default;
  Bm25Scorer(const SimilaritySpec& spec, float boost, float idf, float avgdl);

  // Lucene: weight - weight / (1f + freq * normInverse). Fields without norms pass norm 1.
  float score(float freq, uint8_t norm) const {
    if (boolean_) return weight_;
    float norm_inverse = norm_inverse_[norm];
    return weight_ - weight_ / (1.0f + freq * norm_inverse);
  }
  float weight() const { return weight_; }
  float norm_inverse(uint8_t norm) const { return norm_inverse_[norm]; }
  bool is_boolean() const { return boolean_; }

 private:
  bool boolean_ = false;
  float weight_ = 0.0f;
  std::array<float, 256> norm_inverse_{};
};

}  // namespace pharos::search
