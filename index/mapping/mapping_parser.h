// JSON ⇄ FieldMapping: parses `mappings` bodies and field definitions (with OpenSearch's error
// wording) and renders them back as GET _mapping shows them. Internal to index/mapping; other
// modules use Mapping::parse / Mapping::to_json.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/mapping/mapping.h"

namespace pharos::mapping {

class MappingParser {
 public:
  explicit MappingParser(const analysis::AnalysisRegistry& analysis) : analysis_(analysis) {}

  Result<Mapping> parse_root(const nlohmann::json& body) const;
  // One field definition ({"type":"text",...}); `path` is the full dotted path.
  Result<FieldMapping> parse_field(const std::string& name, const std::string& path, const nlohmann::json& def,
                                   bool multi_field) const;
  // Adds the entries of a "properties" object to `parent` (dotted names expand to objects).
  Status parse_properties(const nlohmann::json& properties, FieldMapping& parent) const;

  static nlohmann::json field_to_json(const FieldMapping& field);
  static nlohmann::json root_to_json(const Mapping& mapping);
  // A Mapping holding `root` (a tree of new fields), e.g. a dynamic mapping update.
  static Mapping make_update(FieldMapping root);
  static Result<Mapping> merge(const Mapping& base, const Mapping& update);

 private:
  Status parse_param(const std::string& key, const nlohmann::json& value, FieldMapping& field,
                     nlohmann::json& extra) const;
  Status check_analyzer(const std::string& name) const;
  Status parse_root_key(const std::string& key, const nlohmann::json& value, Mapping& out,
                        nlohmann::json& extra) const;

  const analysis::AnalysisRegistry& analysis_;
};

}  // namespace pharos::mapping
