// Columnar doc values. Scans must run at memory speed: single-valued columns expose a dense
// array (`dense_values()`), multi-valued ones a start-offset array into a flat value array.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pharos::segment {

// Sorted-numeric doc values (values of a doc are ascending).
class NumericDocValues {
 public:
  virtual ~NumericDocValues() = default;
  virtual uint32_t value_count(uint32_t doc) const = 0;
  virtual int64_t value(uint32_t doc, uint32_t i = 0) const = 0;  // i < value_count(doc)
  // When every doc has at most one value: max_doc entries, and has_value() tells present ones.
  // Empty span otherwise.
  virtual std::span<const int64_t> dense_values() const = 0;
  bool has_value(uint32_t doc) const { return value_count(doc) > 0; }
  virtual int64_t min_value() const = 0;
  virtual int64_t max_value() const = 0;
};

class FloatingDocValues {
 public:
  virtual ~FloatingDocValues() = default;
  virtual uint32_t value_count(uint32_t doc) const = 0;
  virtual double value(uint32_t doc, uint32_t i = 0) const = 0;
  virtual std::span<const double> dense_values() const = 0;
  bool has_value(uint32_t doc) const { return value_count(doc) > 0; }
};

// Sorted-set doc values: each doc has ascending ordinals into a sorted dictionary of byte strings.
class SortedSetDocValues {
 public:
  virtual ~SortedSetDocValues() = default;
  virtual uint32_t value_count(uint32_t doc) const = 0;
  virtual uint32_t ordinal(uint32_t doc, uint32_t i = 0) const = 0;
  virtual uint32_t ordinal_count() const = 0;  // dictionary size
  virtual std::string_view lookup(uint32_t ordinal) const = 0;
  // Ordinal of `value`, or -(insertion point)-1 when absent (like Lucene's lookupTerm).
  virtual int64_t find(std::string_view value) const = 0;
  // Single-valued fast path: max_doc ordinals, kNoOrdinal for missing. Empty span otherwise.
  virtual std::span<const uint32_t> dense_ordinals() const = 0;
  static constexpr uint32_t kNoOrdinal = 0xFFFFFFFFu;
  bool has_value(uint32_t doc) const { return value_count(doc) > 0; }
};

class VectorValues {
 public:
  virtual ~VectorValues() = default;
  virtual uint32_t dimension() const = 0;
  virtual bool has_vector(uint32_t doc) const = 0;
  virtual std::span<const float> vector(uint32_t doc) const = 0;  // empty if absent
};

}  // namespace pharos::segment
