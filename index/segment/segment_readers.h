// Adapters from the codec's concrete readers to the segment interfaces (postings.h,
// doc_values.h) that search and aggregations code against. Internal to index/segment.
#pragma once

#include <memory>

#include "index/codec/doc_values_format.h"
#include "index/codec/postings_reader.h"
#include "index/codec/term_dict_reader.h"
#include "index/codec/vectors_format.h"
#include "index/segment/doc_values.h"
#include "index/segment/postings.h"

namespace pharos::segment {

static_assert(kNoMoreDocs == codec::kNoMoreDocsCodec, "segment and codec agree on the end marker");
static_assert(kPostingsBlockSize == codec::kBlockSize, "segment and codec agree on the block size");
static_assert(SortedSetDocValues::kNoOrdinal == codec::kNoOrdinalCodec, "same missing ordinal");

class SegmentTermsEnum final : public TermsEnum {
 public:
  SegmentTermsEnum(const codec::TermDictReader& reader, const codec::TermField& field) : cursor_(reader, field) {}
  bool seek_ceil(std::string_view target) override { return cursor_.seek_ceil(target); }
  bool next() override { return cursor_.next(); }
  std::string_view term() const override { return cursor_.term(); }
  uint32_t doc_freq() const override { return cursor_.info().doc_freq; }
  uint64_t total_term_freq() const override { return cursor_.info().total_term_freq; }
  const codec::TermInfo& info() const { return cursor_.info(); }

 private:
  codec::TermCursor cursor_;
};

class SegmentPostings final : public PostingsIterator {
 public:
  bool reset(const codec::PostingsSource& source, const codec::TermInfo& info) { return c_.reset(source, info); }
  uint32_t doc() const override { return c_.doc(); }
  uint32_t next_doc() override { return c_.next_doc(); }
  uint32_t advance(uint32_t target) override { return c_.advance(target); }
  uint32_t freq() const override { return c_.freq(); }
  uint32_t next_position() override { return c_.next_position(); }
  uint32_t doc_freq() const override { return c_.doc_freq(); }
  uint32_t block_last_doc(uint32_t target) override { return c_.shallow_advance(target); }
  Impact block_max_impact() const override { return {c_.block_max_freq(), c_.block_min_norm()}; }

 private:
  codec::PostingsCursor c_;
};

class ColumnNumericDocValues final : public NumericDocValues {
 public:
  explicit ColumnNumericDocValues(const codec::DocValuesColumn& c) : c_(c) {}
  uint32_t value_count(uint32_t doc) const override { return c_.count(doc); }
  int64_t value(uint32_t doc, uint32_t i) const override { return c_.ints[c_.first(doc) + i]; }
  std::span<const int64_t> dense_values() const override {
    return c_.single ? std::span<const int64_t>(c_.ints, c_.max_doc) : std::span<const int64_t>();
  }
  int64_t min_value() const override { return c_.min; }
  int64_t max_value() const override { return c_.max; }

 private:
  const codec::DocValuesColumn& c_;
};

class ColumnFloatingDocValues final : public FloatingDocValues {
 public:
  explicit ColumnFloatingDocValues(const codec::DocValuesColumn& c) : c_(c) {}
  uint32_t value_count(uint32_t doc) const override { return c_.count(doc); }
  double value(uint32_t doc, uint32_t i) const override { return c_.doubles[c_.first(doc) + i]; }
  std::span<const double> dense_values() const override {
    return c_.single ? std::span<const double>(c_.doubles, c_.max_doc) : std::span<const double>();
  }

 private:
  const codec::DocValuesColumn& c_;
};

class ColumnSortedSetDocValues final : public SortedSetDocValues {
 public:
  explicit ColumnSortedSetDocValues(const codec::DocValuesColumn& c) : c_(c) {}
  uint32_t value_count(uint32_t doc) const override { return c_.count(doc); }
  uint32_t ordinal(uint32_t doc, uint32_t i) const override { return c_.ords[c_.first(doc) + i]; }
  uint32_t ordinal_count() const override { return c_.dict_count; }
  std::string_view lookup(uint32_t ordinal) const override { return c_.dict_value(ordinal); }
  int64_t find(std::string_view value) const override;
  std::span<const uint32_t> dense_ordinals() const override {
    return c_.single ? std::span<const uint32_t>(c_.ords, c_.max_doc) : std::span<const uint32_t>();
  }

 private:
  const codec::DocValuesColumn& c_;
};

class ColumnVectorValues final : public VectorValues {
 public:
  explicit ColumnVectorValues(const codec::VectorColumn& c) : c_(c) {}
  uint32_t dimension() const override { return c_.dimension; }
  bool has_vector(uint32_t doc) const override { return c_.has(doc); }
  std::span<const float> vector(uint32_t doc) const override { return c_.row(doc); }

 private:
  const codec::VectorColumn& c_;
};

}  // namespace pharos::segment
