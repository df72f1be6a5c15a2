#include "index/codec/small_float.h"

#include <bit>

namespace pharos::codec {

uint32_t long_to_int4(uint64_t i) {
  int num_bits = 64 - std::countl_zero(i);
  if (num_bits < 4) return static_cast<uint32_t>(i);  // subnormal: exact
  int shift = num_bits - 4;
  auto encoded = static_cast<uint32_t>(i >> shift);
  encoded &= 0x07;  // the implicit leading bit
  encoded |= static_cast<uint32_t>(shift + 1) << 3;
  return encoded;
}

uint64_t int4_to_long(uint32_t i) {
  uint64_t bits = i & 0x07;
  int shift = static_cast<int>(i >> 3) - 1;
  if (shift == -1) return bits;
  return (bits | 0x08) << shift;
}

uint8_t int_to_byte4(uint64_t length) {
  if (length > 0x7FFFFFFFull) length = 0x7FFFFFFFull;
  if (length < kNormFreeValues) return static_cast<uint8_t>(length);
  return static_cast<uint8_t>(kNormFreeValues + long_to_int4(length - kNormFreeValues));
}

uint32_t byte4_to_int(uint8_t b) {
  uint32_t i = b;
  if (i < kNormFreeValues) return i;
  return static_cast<uint32_t>(kNormFreeValues + int4_to_long(i - kNormFreeValues));
}

}  // namespace pharos::codec
