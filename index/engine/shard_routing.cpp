#include "index/engine/shard_routing.h"

#include <cstring>

namespace pharos::engine {

namespace {
inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
}  // namespace

uint32_t murmur3_x86_32(std::string_view bytes, uint32_t seed) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t len = bytes.size();
  const size_t nblocks = len / 4;
  uint32_t h1 = seed;
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  for (size_t i = 0; i < nblocks; ++i) {
    uint32_t k1;
    std::memcpy(&k1, data + i * 4, 4);  // little-endian hosts only (x86/arm64), like the reference
    k1 *= c1;
    k1 = rotl32(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl32(h1, 13);
    h1 = h1 * 5 + 0xe6546b64;
  }
  const uint8_t* tail = data + nblocks * 4;
  uint32_t k1 = 0;
  switch (len & 3) {
    case 3: k1 ^= static_cast<uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: k1 ^= static_cast<uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1:
      k1 ^= tail[0];
      k1 *= c1;
      k1 = rotl32(k1, 15);
      k1 *= c2;
      h1 ^= k1;
  }
  h1 ^= static_cast<uint32_t>(len);
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6b;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35;
  h1 ^= h1 >> 16;
  return h1;
}

uint32_t shard_for(std::string_view id, std::string_view routing, uint32_t number_of_shards) {
  if (number_of_shards <= 1) return 0;
  // OpenSearch: Math.floorMod(hash, routingNumShards) on a signed int; floorMod of the signed
  // value keeps the result in [0, n).
  auto hash = static_cast<int32_t>(murmur3_x86_32(routing.empty() ? id : routing));
  int64_t n = number_of_shards;
  int64_t m = static_cast<int64_t>(hash) % n;
  if (m < 0) m += n;
  return static_cast<uint32_t>(m);
}

}  // namespace pharos::engine
