// include / exclude of a terms aggregation: regular expressions and exact lists (strings), and
// hash partitions ({"partition": p, "num_partitions": n}) computed as OpenSearch does, so a
// client paging through partitions sees the same split.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "query/agg/aggregation_spec.h"

namespace pharos::query::agg {

bool is_string_kind(ValueKind kind);
// Text of an ip term's 16 bytes ("192.168.0.1", "::1"); other bytes as they are.
std::string ip_text(std::string_view bytes);
// Lucene's NumericUtils.doubleToSortableLong (double terms hash their partition from it).
int64_t double_to_sortable_long(double v);

class TermFilter {
 public:
  explicit TermFilter(const AggregationSpec& spec);
  // Regex and exact lists, on the term as printed (ip text, numbers as in the response).
  bool accepts(const std::string& text) const;
  // Any include / exclude / partition at all.
  bool active() const;
  // Partitions: strings by their bytes (murmur3 x86_32, seed 31), numbers by their long bits
  // (HPPC mix64).
  bool in_partition(std::string_view bytes) const;
  bool in_partition(int64_t bits) const;

 private:
  bool contains(const std::vector<std::string>& list, const std::string& text) const;
  const AggregationSpec& spec_;
  std::unique_ptr<RE2> include_, exclude_;
};

}  // namespace pharos::query::agg
