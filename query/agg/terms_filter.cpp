#include "query/agg/terms_filter.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "index/mapping/ip_address.h"

namespace pharos::query::agg {
namespace {

// Lucene's StringHelper.murmurhash3_x86_32 (terms partitions hash strings with it, seed 31).
int32_t murmurhash3_x86_32(std::string_view data, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  uint32_t h = seed;
  size_t blocks = data.size() / 4 * 4;
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(data[i])); };
  for (size_t i = 0; i < blocks; i += 4) {
    uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
    k = rotl(k * c1, 15) * c2;
    h ^= k;
    h = rotl(h, 13) * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (data.size() & 3) {
    case 3:
      k ^= byte(blocks + 2) << 16;
      [[fallthrough]];
    case 2:
      k ^= byte(blocks + 1) << 8;
      [[fallthrough]];
    case 1:
      k ^= byte(blocks);
      h ^= rotl(k * c1, 15) * c2;
  }
  h ^= static_cast<uint32_t>(data.size());
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

// HPPC's BitMixer.mix64 (terms partitions hash longs with it).
int64_t mix64(uint64_t z) {
  z = (z ^ (z >> 32)) * 0x4cd6944c5cc20b6dULL;
  z = (z ^ (z >> 29)) * 0xfc12c5b19d3259e9ULL;
  return static_cast<int64_t>(z ^ (z >> 32));
}

int64_t floor_mod(int64_t a, int64_t n) { return ((a % n) + n) % n; }

}  // namespace

bool is_string_kind(ValueKind k) {
  return k == ValueKind::keyword || k == ValueKind::ip || k == ValueKind::unmapped;
}

std::string ip_text(std::string_view bytes) {
  if (bytes.size() != 16) return std::string(bytes);
  mapping::IpBytes b{};
  std::copy(bytes.begin(), bytes.end(), b.begin());
  return mapping::format_ip(b);
}

int64_t double_to_sortable_long(double v) {
  int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits ^ ((bits >> 63) & 0x7fffffffffffffffLL);
}

TermFilter::TermFilter(const AggregationSpec& spec) : spec_(spec) {
  if (spec.include_regex) include_ = std::make_unique<RE2>(*spec.include_regex, RE2::Quiet);
  if (spec.exclude_regex) exclude_ = std::make_unique<RE2>(*spec.exclude_regex, RE2::Quiet);
}

bool TermFilter::accepts(const std::string& text) const {
  if (include_ && (!include_->ok() || !RE2::FullMatch(text, *include_))) return false;
  if (exclude_ && exclude_->ok() && RE2::FullMatch(text, *exclude_)) return false;
  if (!spec_.include_terms.empty() && !contains(spec_.include_terms, text)) return false;
  if (!spec_.exclude_terms.empty() && contains(spec_.exclude_terms, text)) return false;
  return true;
}

bool TermFilter::active() const {
  return include_ || exclude_ || !spec_.include_terms.empty() || !spec_.exclude_terms.empty() ||
         spec_.num_partitions > 0;
}

bool TermFilter::in_partition(std::string_view bytes) const {
  return spec_.num_partitions == 0 ||
         floor_mod(murmurhash3_x86_32(bytes, 31), spec_.num_partitions) == spec_.partition;
}

bool TermFilter::in_partition(int64_t bits) const {
  return spec_.num_partitions == 0 || floor_mod(mix64(static_cast<uint64_t>(bits)), spec_.num_partitions) ==
                                          static_cast<int64_t>(spec_.partition);
}

bool TermFilter::contains(const std::vector<std::string>& list, const std::string& text) const {
  for (const auto& t : list) {
    if (t == text) return true;
    if (!is_string_kind(spec_.field.kind)) {  // numeric lists compare as numbers ("1" == 1.0)
      char* end = nullptr;
      double a = std::strtod(t.c_str(), &end), b = std::strtod(text.c_str(), nullptr);
      if (end && *end == '\0' && a == b) return true;
    }
  }
  return false;
}

}  // namespace pharos::query::agg
