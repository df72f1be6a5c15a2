// Global ordinals: one ordinal space over the sorted-set doc values of several segments (a
// shard's point-in-time view), in term byte order, as Lucene's OrdinalMap. With it a terms
// aggregation counts the hits of every segment in one array indexed by global ordinal and looks
// up term bytes only for the buckets it returns. Built by merging the segments' sorted
// dictionaries; immutable and thread-safe for reads once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "index/segment/doc_values.h"

namespace pharos::segment {

class OrdinalMap {
 public:
  // `columns[i]` is segment i's column of the field (nullptr when the segment has none). The
  // columns must outlive the map (the caller keeps their segments open).
  static std::unique_ptr<OrdinalMap> build(std::vector<const SortedSetDocValues*> columns);

  uint32_t global_count() const { return static_cast<uint32_t>(first_segment_.size()); }
  size_t segment_count() const { return columns_.size(); }
  // The column the map was built from for segment `segment` (nullptr: none).
  const SortedSetDocValues* column(size_t segment) const { return columns_[segment]; }
  // The global ordinal of `ordinal` in segment `segment` (both must be in range).
  uint32_t global_ordinal(size_t segment, uint32_t ordinal) const { return to_global_[segment][ordinal]; }
  // The segment → global array of one segment (empty when it has no column).
  const std::vector<uint32_t>& segment_to_global(size_t segment) const { return to_global_[segment]; }
  // The term bytes of a global ordinal (< global_count()).
  std::string_view lookup(uint32_t global) const {
    return columns_[first_segment_[global]]->lookup(first_ordinal_[global]);
  }
  // Heap bytes held by the mapping arrays (what `_stats` reports as fielddata memory).
  size_t memory_bytes() const;

 private:
  OrdinalMap() = default;
  std::vector<const SortedSetDocValues*> columns_;
  std::vector<std::vector<uint32_t>> to_global_;  // per segment: segment ordinal → global ordinal
  std::vector<uint32_t> first_segment_;           // global ordinal → a segment holding the term
  std::vector<uint32_t> first_ordinal_;           // global ordinal → the term's ordinal there
};

}  // namespace pharos::segment
