// Fixed-width bit packing of small unsigned integers (postings doc deltas and freqs).
// A run of n values of width w occupies ceil(n*w/8) bytes, little-endian bit order.
#pragma once

#include <cstddef>
#include <cstdint>

#include "index/base/bytes.h"

namespace pharos::codec {

// Bits needed for the largest of `values` (0 when all are zero).
uint32_t bits_required(const uint32_t* values, size_t n);
inline size_t packed_bytes(size_t n, uint32_t width) { return (n * width + 7) / 8; }

void pack_bits(ByteWriter& out, const uint32_t* values, size_t n, uint32_t width);
// Caller guarantees `available >= packed_bytes(n, width)` and width <= 32. Reads never go past
// `available` bytes.
void unpack_bits(const uint8_t* in, size_t available, size_t n, uint32_t width, uint32_t* out);

}  // namespace pharos::codec
