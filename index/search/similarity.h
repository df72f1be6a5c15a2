// Scoring model per field: Lucene's BM25Similarity (k1, b) or LegacyBM25 (with the (k1+1)
// numerator), or boolean. Bit-exact with Lucene: see ../shared/reference/fulltext-and-style.md §1.4.
#pragma once

#include <string>

namespace pharos::search {

struct SimilaritySpec {
  enum class Type { bm25, legacy_bm25, boolean } type = Type::bm25;
  float k1 = 1.2f;
  float b = 0.75f;
};

}  // namespace pharos::search
