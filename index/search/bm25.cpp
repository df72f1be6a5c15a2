#include "index/search/bm25.h"

#include <cmath>

#include "index/codec/small_float.h"

namespace pharos::search {

float bm25_idf(uint64_t doc_freq, uint64_t doc_count) {
  double n = static_cast<double>(doc_freq);
  double big_n = static_cast<double>(doc_count);
  return static_cast<float>(std::log(1.0 + (big_n - n + 0.5) / (n + 0.5)));
}

float bm25_avgdl(uint64_t sum_total_term_freq, uint64_t doc_count) {
  if (doc_count == 0) return 1.0f;
  return static_cast<float>(static_cast<double>(sum_total_term_freq) / static_cast<double>(doc_count));
}

Bm25Scorer::Bm25Scorer(const SimilaritySpec& spec, float boost, float idf, float avgdl) {
  if (spec.type == SimilaritySpec::Type::boolean) {
    boolean_ = true;
    weight_ = boost;
    return;
  }
  // LegacyBM25Similarity delegates with boost * (1 + k1): keep that multiplication order.
  float effective_boost = spec.type == SimilaritySpec::Type::legacy_bm25 ? boost * (1.0f + spec.k1) : boost;
  weight_ = effective_boost * idf;
  const float k1 = spec.k1, b = spec.b;
  for (int i = 0; i < 256; ++i) {
    float length = static_cast<float>(codec::byte4_to_int(static_cast<uint8_t>(i)));
    norm_inverse_[i] = 1.0f / (k1 * ((1.0f - b) + b * length / avgdl));
  }
}

}  // namespace pharos::search
