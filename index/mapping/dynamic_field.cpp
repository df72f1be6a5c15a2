#include "index/mapping/dynamic_field.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "index/mapping/date_format.h"
#include "index/mapping/index_pattern.h"
#include "index/mapping/mapping_parser.h"

namespace pharos::mapping {

namespace {

using json = nlohmann::json;

struct Detected {
  std::string match_type;    // match_mapping_type: string, long, double, boolean, date, object
  std::string dynamic_type;  // {dynamic_type}: text, long, float, boolean, date, object
  std::string date_format;   // the dynamic date format that matched, for "date"
};

Detected detect(const Mapping& mapping, const DynamicValue& value) {
  if (value.is_object) return {"object", "object", ""};
  const ScalarValue& v = value.scalar;
  switch (v.kind) {
    case ScalarValue::Kind::boolean: return {"boolean", "boolean", ""};
    case ScalarValue::Kind::int64: return {"long", "long", ""};
    case ScalarValue::Kind::uint64:  // beyond long: OpenSearch maps big integers as float
    case ScalarValue::Kind::floating: return {"double", "float", ""};
    default: break;
  }
  if (mapping.date_detection()) {
    for (const auto& pattern : mapping.dynamic_date_formats()) {
      auto format = DateFormat::parse(pattern);
      if (format.is_ok() && format->matches(v.text)) return {"date", "date", pattern};
    }
  }
  if (mapping.numeric_detection()) {
    FieldMapping long_field;
    long_field.type = FieldType::long_;
    long_field.coerce = true;
    if (convert_number(long_field, v).is_ok() && v.text.find_first_of(".eE") == std::string_view::npos) {
      return {"long", "long", ""};
    }
    FieldMapping double_field;
    double_field.type = FieldType::double_;
    if (convert_number(double_field, v).is_ok()) return {"double", "float", ""};
  }
  return {"string", "text", ""};
}

bool any_match(const std::vector<std::string>& patterns, const std::string& text, bool regex) {
  for (const auto& pattern : patterns) {
    if (regex ? RE2::FullMatch(text, RE2(pattern, RE2::Quiet)) : simple_wildcard_match(pattern, text)) return true;
  }
  return false;
}

bool template_matches(const DynamicTemplate& t, const Detected& d, const std::string& name, const std::string& path) {
  if (t.match_mapping_type && *t.match_mapping_type != "*" && *t.match_mapping_type != d.match_type) return false;
  if (!t.match.empty() && !any_match(t.match, name, t.regex)) return false;
  if (!t.unmatch.empty() && any_match(t.unmatch, name, t.regex)) return false;
  if (!t.path_match.empty() && !any_match(t.path_match, path, false)) return false;
  if (!t.path_unmatch.empty() && any_match(t.path_unmatch, path, false)) return false;
  return true;
}

void substitute(json& j, const std::string& name, const std::string& dynamic_type) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    for (auto [key, replacement] : {std::pair<std::string, const std::string*>{"{name}", &name},
                                    std::pair<std::string, const std::string*>{"{dynamic_type}", &dynamic_type}}) {
      for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + replacement->size())) {
        s.replace(at, key.size(), *replacement);
      }
    }
    j = s;
  } else if (j.is_object() || j.is_array()) {
    for (auto& child : j) substitute(child, name, dynamic_type);
  }
}

FieldMapping default_mapping(const std::string& name, const std::string& path, const Detected& d) {
  FieldMapping f;
  f.name = name;
  f.path = path;
  f.type = field_type_from_name(d.dynamic_type).value_or(FieldType::text);
  f.doc_values = f.type != FieldType::text && f.type != FieldType::object;
  if (f.type == FieldType::date && d.date_format != "strict_date_optional_time") f.format = d.date_format;
  if (f.type == FieldType::text) {
    FieldMapping keyword;
    keyword.name = "keyword";
    keyword.path = path + ".keyword";
    keyword.type = FieldType::keyword;
    keyword.ignore_above = 256;
    f.fields.emplace("keyword", std::move(keyword));
  }
  return f;
}

}  // namespace

Result<FieldMapping> dynamic_field_mapping(const Mapping& mapping, const analysis::AnalysisRegistry& analysis,
                                           const std::string& name, const std::string& path,
                                           const DynamicValue& value, bool templates_only) {
  const Detected detected = detect(mapping, value);
  for (const auto& t : mapping.dynamic_templates()) {
    if (!template_matches(t, detected, name, path)) continue;
    json def = json::parse(t.mapping_json, nullptr, false);
    if (!def.is_object()) continue;
    substitute(def, name, detected.dynamic_type);
    if (!def.contains("type")) {
      def["type"] = detected.dynamic_type;
      if (detected.dynamic_type == "date" && detected.date_format != "strict_date_optional_time" &&
          !def.contains("format")) {
        def["format"] = detected.date_format;
      }
    }
    if (value.is_object && !def.contains("properties") && def["type"] == "object") def.erase("type");
    return MappingParser(analysis).parse_field(name, path, def, false);
  }
  if (templates_only) {
    const size_t dot = path.rfind('.');
    return Status(ErrorKind::strict_mapping, "mapping set to strict_allow_templates, dynamic introduction of [" + name +
                                                 "] within [" + (dot == std::string::npos ? "_doc" : path.substr(0, dot)) +
                                                 "] is not allowed");
  }
  return default_mapping(name, path, detected);
}

}  // namespace pharos::mapping
