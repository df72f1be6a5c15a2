// Lucene's SmallFloat int⇄byte4 encoding of field lengths (norms). Must match Lucene bit for
// bit: BM25 scores are computed from the decoded length, and OpenSearch parity depends on it.
// Values 0..39 are exact; above, 4 significant bits (truncating), so byte4_to_int(x) <= x.
#pragma once

#include <cstdint>

namespace pharos::codec {

constexpr uint32_t kNormFreeValues = 24;  // 255 - long_to_int4(INT32_MAX)

// Lucene SmallFloat.longToInt4 / int4ToLong: float-like with 3 mantissa bits.
uint32_t long_to_int4(uint64_t i);
uint64_t int4_to_long(uint32_t i);

// Lengths above INT32_MAX are clamped (Lucene's argument is a Java int).
uint8_t int_to_byte4(uint64_t length);
uint32_t byte4_to_int(uint8_t b);

}  // namespace pharos::codec
