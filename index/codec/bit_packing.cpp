#include "index/codec/bit_packing.h"

#include <bit>
#include <cstring>

namespace pharos::codec {

uint32_t bits_required(const uint32_t* values, size_t n) {
  uint32_t acc = 0;
  for (size_t i = 0; i < n; ++i) acc |= values[i];
  return 32 - static_cast<uint32_t>(std::countl_zero(acc));
}

void pack_bits(ByteWriter& out, const uint32_t* values, size_t n, uint32_t width) {
  if (width == 0) return;
  uint64_t acc = 0;
  uint32_t filled = 0;
  for (size_t i = 0; i < n; ++i) {
    acc |= static_cast<uint64_t>(values[i]) << filled;
    filled += width;
    while (filled >= 8) {
      out.put_u8(static_cast<uint8_t>(acc));
      acc >>= 8;
      filled -= 8;
    }
  }
  if (filled > 0) out.put_u8(static_cast<uint8_t>(acc));
}

void unpack_bits(const uint8_t* in, size_t available, size_t n, uint32_t width, uint32_t* out) {
  if (width == 0) {
    std::memset(out, 0, n * sizeof(uint32_t));
    return;
  }
  const uint64_t mask = width == 32 ? 0xFFFFFFFFull : ((1ull << width) - 1);
  size_t bit = 0;
  size_t i = 0;
  // Fast path: whole 8-byte windows while they stay inside the input.
  for (; i < n; ++i, bit += width) {
    size_t byte = bit >> 3;
    if (byte + 8 > available) break;
    uint64_t word;
    std::memcpy(&word, in + byte, 8);
    out[i] = static_cast<uint32_t>((word >> (bit & 7)) & mask);
  }
  for (; i < n; ++i, bit += width) {
    size_t byte = bit >> 3;
    uint64_t word = 0;
    size_t take = available - byte < 8 ? available - byte : 8;
    std::memcpy(&word, in + byte, take);
    out[i] = static_cast<uint32_t>((word >> (bit & 7)) & mask);
  }
}

}  // namespace pharos::codec
