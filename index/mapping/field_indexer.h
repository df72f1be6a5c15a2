// Turns field values into the pieces of a ParsedDocument: analysed postings, keyword and
// numeric terms, doc values, vectors and _field_names. One per document parse; not thread-safe.
// Internal to index/mapping (DocumentParser walks the JSON, FieldIndexer indexes each value).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/analysis/analyzer.h"
#include "index/base/status.h"
#include "index/mapping/date_format.h"
#include "index/mapping/mapping.h"
#include "index/mapping/parsed_document.h"
#include "index/mapping/scalar_value.h"

namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::mapping {

// One range field value as written: bounds (absent = unbounded) and their inclusiveness.
struct RangeInput {
  std::optional<ScalarValue> from, to;
  bool include_from = true, include_to = true;
};

class FieldIndexer {
 public:
  FieldIndexer(ParsedDocument& doc, const Mapping& mapping, const analysis::AnalysisRegistry& analysis,
               std::string_view id)
      : doc_(doc), mapping_(mapping), analysis_(analysis), id_(id) {}

  // One value of a leaf field, then of its multi-fields and copy_to targets. Null values use
  // the field's null_value or are skipped.
  Status add_value(const FieldMapping& field, const ScalarValue& value) { return add_value(field, value, 0); }
  // A knn_vector's whole value (`all_numbers` false when the JSON array held a non-number).
  Status add_vector(const FieldMapping& field, const std::vector<double>& values, bool all_numbers);
  // One leaf of a flat_object value, at `relative_path` below the field.
  Status add_flat_leaf(const FieldMapping& field, std::string_view relative_path, const ScalarValue& value);
  void add_field_name(std::string_view path);
  // One value of a range field (range_value.cpp).
  Status add_range(const FieldMapping& field, const RangeInput& input);
  // The mapping_error OpenSearch reports for a value that does not fit its field.
  Status value_error(const FieldMapping& field, const std::string& preview) const;
  void finish();

 private:
  struct TextState {
    int64_t position = -1;  // Lucene's running position: last token's position
    uint32_t offset_base = 0;
    bool first = true;
  };
  struct FieldCache {
    std::shared_ptr<const analysis::Analyzer> analyzer;
    std::shared_ptr<const analysis::Analyzer> normalizer;
    std::unique_ptr<DateFormat> date_format;
    std::string knn_data_type = "float";
    bool cosine = false;
  };

  Status add_value(const FieldMapping& field, const ScalarValue& value, int depth);
  Status index_value(const FieldMapping& field, const ScalarValue& value);
  Status index_text(const FieldMapping& field, const ScalarValue& value);
  Status index_keyword(const FieldMapping& field, const ScalarValue& value);
  Status index_number(const FieldMapping& field, const ScalarValue& value);
  Status index_date(const FieldMapping& field, const ScalarValue& value);
  Status index_ip(const FieldMapping& field, const ScalarValue& value);
  // integer/long/date ranges: out[0..1] = inclusive from, to.
  Status index_integer_range(const FieldMapping& field, const RangeInput& input, int64_t* out);
  void add_term(const std::string& path, std::string term);
  InvertedField& inverted(const std::string& path, bool positions, bool norms);
  FieldCache& cache(const FieldMapping& field);

  ParsedDocument& doc_;
  const Mapping& mapping_;
  const analysis::AnalysisRegistry& analysis_;
  std::string id_;
  std::unordered_map<std::string, size_t> inverted_slot_;
  std::unordered_map<std::string, TextState> text_state_;
  std::unordered_map<const FieldMapping*, FieldCache> cache_;
  std::vector<analysis::Token> tokens_;
};

}  // namespace pharos::mapping
