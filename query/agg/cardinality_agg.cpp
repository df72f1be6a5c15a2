// cardinality: exact sets of 64-bit value hashes up to precision_threshold, then HyperLogLog
// registers (precision 14), both mergeable across shards.
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_set>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

constexpr int kPrecision = 14;
constexpr size_t kRegisters = size_t{1} << kPrecision;

uint64_t mix(uint64_t h) {  // murmur3 finalizer: spreads structured inputs over all bits
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return mix(h);
}

uint64_t hash_double(double v) {
  if (v == 0) v = 0;  // -0.0 and 0.0 are one value
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return mix(bits);
}

struct Sketch {
  std::unordered_set<uint64_t> exact;
  std::vector<uint8_t> registers;  // empty while exact
  uint32_t threshold = 3000;
  void add(uint64_t h) {
    if (registers.empty()) {
      exact.insert(h);
      if (exact.size() > std::max<uint32_t>(threshold, 1)) to_hll();
      return;
    }
    size_t idx = h >> (64 - kPrecision);
    uint64_t rest = (h << kPrecision) | (uint64_t{1} << (kPrecision - 1));
    uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    registers[idx] = std::max(registers[idx], rank);
  }
  void to_hll() {
    registers.assign(kRegisters, 0);
    for (uint64_t h : exact) add(h);
    exact.clear();
  }
  uint64_t estimate() const {
    if (registers.empty()) return exact.size();
    double m = kRegisters, sum = 0;
    size_t zeros = 0;
    for (uint8_t r : registers) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / double(zeros));
    return static_cast<uint64_t>(std::llround(e));
  }
};

class CardinalityCollector final : public AggCollector {
 public:
  CardinalityCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {
    sketch_.threshold = spec.precision_threshold;
    ord_hashes_.resize(ctx.segments->size());
  }
  void collect(size_t si, uint32_t doc, float) override {
    if (spec_.field.kind == ValueKind::keyword || spec_.field.kind == ValueKind::ip) {
      const auto* dv = cols_.keywords(si);
      uint32_t n = dv ? dv->value_count(doc) : 0;
      auto& cache = ord_hashes_[si];
      if (dv && cache.empty()) cache.assign(dv->ordinal_count(), 0);
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t ord = dv->ordinal(doc, i);
        if (ord >= cache.size()) continue;
        if (cache[ord] == 0) cache[ord] = hash_bytes(dv->lookup(ord)) | 1;  // 0 marks "not hashed yet"
        sketch_.add(cache[ord]);
      }
      if (n == 0 && spec_.missing_text) sketch_.add(hash_bytes(*spec_.missing_text) | 1);
      return;
    }
    bool any = false;
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      sketch_.add(hash_double(v));
    });
    if (!any && spec_.missing_number) sketch_.add(hash_double(*spec_.missing_number));
  }
  Json partial() const override {
    if (sketch_.registers.empty()) {
      std::vector<uint64_t> v(sketch_.exact.begin(), sketch_.exact.end());
      return {{"exact", v}};
    }
    return {{"hll", sketch_.registers}};
  }

 private:
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  Sketch sketch_;
  std::vector<std::vector<uint64_t>> ord_hashes_;
};

}  // namespace

std::unique_ptr<AggCollector> make_cardinality_collector(const AggregationSpec& spec,
                                                         const ShardContext& ctx) {
  return std::make_unique<CardinalityCollector>(spec, ctx);
}

Json reduce_cardinality(const AggregationSpec& spec, const std::vector<const Json*>& partials) {
  Sketch s;
  s.threshold = spec.precision_threshold;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object()) continue;
    if (p->contains("exact") && (*p)["exact"].is_array())
      for (const auto& h : (*p)["exact"]) s.add(h.get<uint64_t>());
    if (p->contains("hll") && (*p)["hll"].is_array() && (*p)["hll"].size() == kRegisters) {
      if (s.registers.empty()) s.to_hll();
      for (size_t i = 0; i < kRegisters; ++i)
        s.registers[i] = std::max(s.registers[i], (*p)["hll"][i].get<uint8_t>());
    }
  }
  return {{"value", s.estimate()}};
}

}  // namespace pharos::query::agg
