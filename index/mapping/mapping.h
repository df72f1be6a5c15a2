// An index's mapping: the tree of field definitions, its JSON form, merges of updates,
// and lookups by dotted path. Immutable value; the engine swaps in a new Mapping on updates.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/mapping/field_type.h"

namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::mapping {

// strict_allow_templates: like strict, but fields that a dynamic template maps are added.
enum class DynamicMode { true_, false_, strict, runtime, strict_allow_templates };

struct FieldMapping {
  std::string name;   // leaf name ("name")
  std::string path;   // full dotted path ("user.name"; sub-fields: "title.keyword")
  FieldType type = FieldType::object;

  // Common parameters; absent ones keep OpenSearch defaults and are not echoed by to_json.
  bool index = true;
  bool doc_values = true;
  bool store = false;
  std::optional<std::string> analyzer;
  std::optional<std::string> search_analyzer;
  std::optional<uint32_t> ignore_above;
  std::optional<std::string> format;        // date formats "strict_date_optional_time||epoch_millis"
  std::optional<double> scaling_factor;     // scaled_float
  std::optional<bool> coerce;
  std::optional<bool> ignore_malformed;
  std::optional<std::string> null_value;    // kept as its JSON text
  std::optional<std::string> similarity;    // "BM25", "boolean", or a custom name from settings
  std::optional<std::string> normalizer;
  std::optional<uint32_t> dimension;        // knn_vector
  std::string extra_json;                   // other parameters kept verbatim (knn method, copy_to, ...), a JSON object text or empty
  std::optional<DynamicMode> dynamic;       // objects only; nullopt inherits from the parent
  bool enabled = true;                      // objects: false → not parsed, kept in _source only
  std::optional<bool> norms;                // text: false → InvertedField::has_norms = false
  std::optional<std::string> index_options; // "docs" | "freqs" | "positions" | "offsets"
  std::optional<uint32_t> position_increment_gap;  // text; default 100
  std::optional<std::string> search_quote_analyzer;
  std::vector<std::string> copy_to;         // target field paths, each value is also indexed there
  std::optional<std::string> alias_path;    // alias: the target field's full path (JSON "path")

  std::map<std::string, FieldMapping> fields;      // multi-fields (text → keyword sub-field)
  std::map<std::string, FieldMapping> properties;  // object children
};

// One entry of "dynamic_templates": when an unmapped field matches, `mapping_json` (with
// "{name}" / "{dynamic_type}" substituted) defines it instead of the default dynamic rules.
struct DynamicTemplate {
  std::string name;
  std::optional<std::string> match_mapping_type;  // "string", "long", "double", "boolean", "date", "object", "*"
  std::vector<std::string> match, unmatch, path_match, path_unmatch;  // simple wildcards (or regex, see below)
  bool regex = false;                             // "match_pattern": "regex" (match/unmatch are regexes)
  std::string mapping_json;                       // the "mapping" object, verbatim
};

class Mapping {
 public:
  Mapping();
  Mapping(const Mapping& other);
  Mapping(Mapping&& other) noexcept;
  Mapping& operator=(const Mapping& other);
  Mapping& operator=(Mapping&& other) noexcept;

  // Parses a `mappings` body ({"properties":{...},"dynamic":...,"_source":{...},...}).
  // Unknown types / parameters → mapping_error with OpenSearch's wording.
  static Result<Mapping> parse(const nlohmann::json& mappings, const analysis::AnalysisRegistry& analysis);

  // Merges `update` into this mapping: new fields are added; changing an existing field's type
  // or an immutable parameter → invalid_argument ("mapper [x] cannot be changed from type [a] to [b]").
  Result<Mapping> merged_with(const Mapping& update) const;

  nlohmann::json to_json() const;  // as GET /{index}/_mapping shows it under "mappings"

  // Field lookup by full dotted path, including multi-fields ("title.keyword"). nullptr if unmapped.
  const FieldMapping* find(std::string_view path) const;
  // All leaf fields (including multi-fields), by path.
  std::vector<const FieldMapping*> leaf_fields() const;

  DynamicMode dynamic() const { return dynamic_; }
  bool source_enabled() const { return source_enabled_; }
  bool date_detection() const { return date_detection_; }
  bool numeric_detection() const { return numeric_detection_; }
  const std::vector<std::string>& dynamic_date_formats() const { return dynamic_date_formats_; }
  const FieldMapping& root() const { return root_; }
  bool empty() const { return root_.properties.empty(); }
  const std::vector<DynamicTemplate>& dynamic_templates() const { return dynamic_templates_; }
  // The index default analyzer name for text fields without "analyzer" ("standard").
  static constexpr std::string_view kDefaultAnalyzer = "standard";

 private:
  FieldMapping root_;
  DynamicMode dynamic_ = DynamicMode::true_;
  bool source_enabled_ = true;
  bool date_detection_ = true;
  bool numeric_detection_ = false;
  std::vector<std::string> dynamic_date_formats_;
  std::string meta_json_;  // "_meta" verbatim
  std::string extra_json_;  // other root keys kept verbatim (dynamic_templates, _routing, ...)
  std::vector<DynamicTemplate> dynamic_templates_;
  // path → field, sorted by path; points into root_ (rebuilt on parse, merge, copy and move).
  std::vector<std::pair<std::string, const FieldMapping*>> flat_index_;
  void rebuild_index();
  friend class MappingParser;
};

}  // namespace pharos::mapping
