// Which shard a document lives on: murmur3 (x86_32, seed 0) of the routing value (or the id)
// modulo the shard count. OpenSearch hashes the UTF-16 code units of the string, so for
// non-trivial inputs its placement differs from ours; placement only has to be stable
// within Pharos, which it is (the function is pure and persisted data never depends on it
// changing). Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string_view>

namespace pharos::engine {

uint32_t murmur3_x86_32(std::string_view bytes, uint32_t seed = 0);

// shard = murmur3(routing.empty() ? id : routing) mod number_of_shards (non-negative).
uint32_t shard_for(std::string_view id, std::string_view routing, uint32_t number_of_shards);

}  // namespace pharos::engine
