#include "index/engine/id_generator.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>

namespace pharos::engine {

namespace {

uint64_t random_u64() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  return rng();
}

// The time-based generator's state: last timestamp and a sequence counter, shared by all
// threads (as OpenSearch's static generator is).
struct TimeBasedState {
  std::mutex mutex;
  int64_t last_timestamp = 0;
  uint32_t sequence = static_cast<uint32_t>(random_u64()) & 0xFFFFFF;
  uint64_t node_bits = random_u64() & 0xFFFFFFFFFFFFull;
};

TimeBasedState& state() {
  static TimeBasedState s;  // immutable identity, guarded by its mutex
  return s;
}

}  // namespace

std::string base64url_encode(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (size - i == 1) {
    uint32_t v = uint32_t{data[i]} << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (size - i == 2) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

std::string generate_document_id() {
  int64_t timestamp;
  uint32_t sequence;
  uint64_t node;
  {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    sequence = s.sequence = (s.sequence + 1) & 0xFFFFFF;
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    // Never go backwards; bump the clock when the sequence wraps (as OpenSearch does).
    timestamp = std::max(s.last_timestamp, now);
    if (sequence == 0) ++timestamp;
    s.last_timestamp = timestamp;
    node = s.node_bits;
  }
  // Byte order mirrors TimeBasedUUIDGenerator: low-order sequence and timestamp bytes first
  // so ids spread across the first characters while keeping shared prefixes.
  unsigned char b[15];
  int i = 0;
  b[i++] = static_cast<unsigned char>(sequence);
  b[i++] = static_cast<unsigned char>(sequence >> 16);
  b[i++] = static_cast<unsigned char>(timestamp >> 16);
  b[i++] = static_cast<unsigned char>(timestamp >> 24);
  b[i++] = static_cast<unsigned char>(timestamp >> 32);
  b[i++] = static_cast<unsigned char>(timestamp >> 40);
  for (int k = 0; k < 6; ++k) b[i++] = static_cast<unsigned char>(node >> (8 * k));
  b[i++] = static_cast<unsigned char>(timestamp >> 8);
  b[i++] = static_cast<unsigned char>(sequence >> 8);
  b[i++] = static_cast<unsigned char>(timestamp);
  return base64url_encode(b, sizeof b);
}

std::string generate_random_uuid() {
  unsigned char b[16];
  std::random_device rd;
  for (int k = 0; k < 16; k += 4) {
    uint32_t v = rd();
    for (int j = 0; j < 4; ++j) b[k + j] = static_cast<unsigned char>(v >> (8 * j));
  }
  return base64url_encode(b, sizeof b);
}

}  // namespace pharos::engine
