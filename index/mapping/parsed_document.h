// A document after mapping and analysis: everything the segment writer needs, nothing it
// must look up. Produced by DocumentParser, consumed by segment::SegmentWriter.
// Field names are full dotted paths ("user.name", "title.keyword").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pharos::mapping {

// A term occurrence for the inverted index. Positions are per field, across all its values.
struct Posting {
  std::string term;
  uint32_t position = 0;
  uint32_t start_offset = 0;
  uint32_t end_offset = 0;
};

// One field's contribution to the inverted index of this document.
struct InvertedField {
  std::string field;
  std::vector<Posting> postings;  // in position order; repeated terms appear once per occurrence
  bool index_positions = true;    // text: true; keyword / numeric-as-term: false
  bool has_norms = true;          // text: true (norms from `length`); keyword: false
  uint32_t length = 0;            // number of tokens (position count) for norms
};

struct NumericValue {
  std::string field;
  int64_t value = 0;
};

struct FloatingValue {
  std::string field;
  double value = 0;
};

struct KeywordValue {  // also used for ip (16 bytes, sortable)
  std::string field;
  std::string value;
};

struct VectorValue {
  std::string field;
  std::vector<float> values;
};

struct ParsedDocument {
  std::string id;
  std::string routing;
  std::string source;  // the _source JSON as it will be returned (original bytes)

  std::vector<InvertedField> inverted;
  std::vector<NumericValue> numerics;   // multi-valued fields repeat the field name
  std::vector<FloatingValue> floatings;
  std::vector<KeywordValue> keywords;
  std::vector<KeywordValue> ips;
  std::vector<VectorValue> vectors;
  std::vector<std::string> field_names;  // every field with a value, for `exists` (the _field_names field)
};

}  // namespace pharos::mapping
