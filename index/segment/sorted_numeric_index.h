// The values of a single-valued numeric doc-values column in ascending order, read as an
// implicit tree of fixed-size leaves (a one-dimensional points index: Lucene's BKD tree keeps
// the same shape on disk). Counting the values that fall in each of a few ranges then costs a
// walk down the tree per range boundary plus at most one leaf scan there, instead of a pass
// over every doc. Built in memory from the column (O(n log n) once per segment and field, see
// engine::FieldDataCache); immutable and thread-safe for reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "index/segment/doc_values.h"

namespace pharos::segment {

class SortedNumericIndex {
 public:
  static constexpr uint32_t kLeafSize = 512;  // values per leaf, as Lucene's BKD default

  // nullptr when the column holds more than one value for some doc (one value per doc is what
  // lets a count of values stand for a count of docs).
  static std::unique_ptr<SortedNumericIndex> build(const NumericDocValues& column, uint32_t max_doc);

  std::span<const int64_t> values() const { return values_; }
  size_t memory_bytes() const { return sizeof(*this) + values_.capacity() * sizeof(int64_t); }

  // What one traversal touched: leaves whose values were read one by one, and tree nodes
  // (inner nodes or leaves) counted whole because all their values share a key.
  struct TraversalStats {
    uint64_t leaves_scanned = 0;
    uint64_t nodes_counted_whole = 0;
  };
  // Calls add(key, n) for the values v in [lower, upper], grouped by key(v), in ascending key
  // order (one call per node or leaf run, so a key may be reported more than once). `key` must
  // be non-decreasing in v: a node whose first and last value share a key is counted whole.
  void count_by_key(int64_t lower, int64_t upper, const std::function<double(int64_t)>& key,
                    const std::function<void(double key, uint64_t n)>& add, TraversalStats& stats) const;

 private:
  SortedNumericIndex() = default;
  struct Walk;
  std::vector<int64_t> values_;
};

}  // namespace pharos::segment
