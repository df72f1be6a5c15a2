// An immutable, memory-mapped segment: term dictionaries and postings per indexed field,
// norms, columnar doc values, stored _source and ids, vectors. Thread-safe for concurrent
// reads. Deletions are not part of it (see LiveDocs).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "index/segment/doc_meta.h"
#include "index/segment/doc_values.h"
#include "index/segment/postings.h"
#include "index/segment/segment_info.h"

namespace pharos::segment {

struct FieldStats {
  uint32_t doc_count = 0;            // docs with at least one term in the field
  uint64_t sum_doc_freq = 0;
  uint64_t sum_total_term_freq = 0;  // total tokens: BM25's avgdl = this / doc_count
};

class Segment {
 public:
  // Opens and verifies (header, version, CRC32C) every file of the segment; a bad file → corrupt.
  static Result<std::shared_ptr<Segment>> open(const std::string& dir, const SegmentInfo& info);
  ~Segment();

  const SegmentInfo& info() const;
  uint32_t max_doc() const;

  // ---- inverted index
  std::vector<std::string> indexed_fields() const;
  std::optional<FieldStats> field_stats(std::string_view field) const;
  // Terms of a field in sorted byte order (for prefix / wildcard / fuzzy expansion); nullptr if none.
  std::unique_ptr<TermsEnum> terms(std::string_view field) const;
  // Postings of one exact term; nullptr if the term does not occur.
  std::unique_ptr<PostingsIterator> postings(std::string_view field, std::string_view term) const;
  uint32_t doc_freq(std::string_view field, std::string_view term) const;
  // Lucene 1-byte encoded length norm per doc (max_doc bytes), nullptr if the field has no norms.
  const uint8_t* norms(std::string_view field) const;
  // Whether the field's postings carry positions (text fields; phrase queries need them).
  bool has_positions(std::string_view field) const;

  // ---- doc values (nullptr if the field has none in this segment)
  const NumericDocValues* numeric_doc_values(std::string_view field) const;
  const FloatingDocValues* floating_doc_values(std::string_view field) const;
  const SortedSetDocValues* keyword_doc_values(std::string_view field) const;  // keyword and ip
  std::vector<std::string> doc_value_fields() const;

  // ---- stored data
  Result<std::string> source(uint32_t doc) const;  // zstd-decompressed _source bytes
  std::string_view id(uint32_t doc) const;
  std::string_view routing(uint32_t doc) const;    // empty if none
  DocMeta meta(uint32_t doc) const;                // seq_no, primary_term, version
  // Doc with this _id, if any (ignores deletions: the caller checks LiveDocs).
  std::optional<uint32_t> find_id(std::string_view id) const;

  // ---- vectors: dense float arrays per field, row-major; has_vector(doc) false if absent
  std::vector<std::string> vector_fields() const;
  const VectorValues* vectors(std::string_view field) const;

  struct Impl;
 private:
  explicit Segment(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::segment
