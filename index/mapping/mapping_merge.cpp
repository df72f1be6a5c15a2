// Mapping updates (PUT _mapping and dynamic additions): new fields join, existing ones may only
// change their updatable parameters, with OpenSearch's conflict messages.
#include <nlohmann/json.hpp>

#include "index/mapping/field_params.h"
#include "index/mapping/mapping_parser.h"

namespace pharos::mapping {

namespace {

using json = nlohmann::json;

Status conflict(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }

std::string show(const std::optional<std::string>& v, const char* absent) { return v ? *v : absent; }
std::string show(bool v) { return v ? "true" : "false"; }
template <typename T>
std::string show_number(const std::optional<T>& v) {
  if (!v) return "null";
  json j = *v;
  return j.dump();
}

void check(std::vector<std::string>& conflicts, const char* param, const std::string& from, const std::string& to) {
  if (from != to) conflicts.push_back("Cannot update parameter [" + std::string(param) + "] from [" + from + "] to [" + to + "]");
}

json parse_extra(const std::string& text) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, false);
  return j.is_object() ? j : json::object();
}

// Compares the parameters an update may not change; takes the updatable ones from `update`.
void merge_leaf_params(FieldMapping& base, const FieldMapping& update, std::vector<std::string>& conflicts) {
  check(conflicts, "analyzer", show(base.analyzer, "default"), show(update.analyzer, "default"));
  check(conflicts, "index", show(base.index), show(update.index));
  check(conflicts, "doc_values", show(base.doc_values), show(update.doc_values));
  check(conflicts, "store", show(base.store), show(update.store));
  check(conflicts, "format", show(base.format, "strict_date_optional_time||epoch_millis"),
        show(update.format, "strict_date_optional_time||epoch_millis"));
  check(conflicts, "scaling_factor", show_number(base.scaling_factor), show_number(update.scaling_factor));
  check(conflicts, "null_value", show(base.null_value, "null"), show(update.null_value, "null"));
  check(conflicts, "normalizer", show(base.normalizer, "null"), show(update.normalizer, "null"));
  check(conflicts, "similarity", show(base.similarity, "BM25"), show(update.similarity, "BM25"));
  check(conflicts, "dimension", show_number(base.dimension), show_number(update.dimension));
  check(conflicts, "index_options", show(base.index_options, "default"), show(update.index_options, "default"));
  check(conflicts, "position_increment_gap", show_number(base.position_increment_gap),
        show_number(update.position_increment_gap));
  // norms may be switched off, never back on.
  const bool base_norms = base.norms.value_or(true);
  const bool update_norms = update.norms.value_or(true);
  if (!base_norms && update_norms) check(conflicts, "norms", "false", "true");

  json base_extra = parse_extra(base.extra_json);
  json update_extra = parse_extra(update.extra_json);
  json merged = json::object();
  for (const auto& [key, value] : base_extra.items()) {
    if (extra_param_updatable(key)) continue;
    const json* other = update_extra.contains(key) ? &update_extra[key] : nullptr;
    check(conflicts, key.c_str(), value.dump(), other ? other->dump() : "null");
    merged[key] = value;
  }
  for (const auto& [key, value] : update_extra.items()) {
    if (!extra_param_updatable(key) && !base_extra.contains(key)) {
      check(conflicts, key.c_str(), "null", value.dump());
    }
    if (extra_param_updatable(key)) merged[key] = value;
  }
  if (!conflicts.empty()) return;
  base.extra_json = merged.empty() ? std::string() : merged.dump();
  base.ignore_above = update.ignore_above;
  base.coerce = update.coerce;
  base.ignore_malformed = update.ignore_malformed;
  base.search_analyzer = update.search_analyzer;
  base.search_quote_analyzer = update.search_quote_analyzer;
  base.copy_to = update.copy_to;
  base.alias_path = update.alias_path;
  if (update.norms) base.norms = update.norms;
}

Status merge_field(FieldMapping& base, const FieldMapping& update);

Status merge_children(std::map<std::string, FieldMapping>& base, const std::map<std::string, FieldMapping>& update) {
  for (const auto& [name, child] : update) {
    auto it = base.find(name);
    if (it == base.end()) {
      base.emplace(name, child);
    } else {
      PHAROS_RETURN_IF_ERROR(merge_field(it->second, child));
    }
  }
  return Status::ok();
}

Status merge_field(FieldMapping& base, const FieldMapping& update) {
  const bool base_object = is_object_like(base.type);
  const bool update_object = is_object_like(update.type);
  if (base_object != update_object) {
    return conflict("can't merge a non object mapping [" + base.path + "] with an object mapping");
  }
  if (base_object) {
    if (base.type != update.type) {
      return conflict("object mapping [" + base.path + "] can't be changed from " +
                      (base.type == FieldType::nested ? "nested to non-nested" : "non-nested to nested"));
    }
    if (base.enabled != update.enabled) {
      return conflict("Mapper for [" + base.path + "] conflicts with existing mapper:\n\tCannot update parameter [enabled] from [" +
                      show(base.enabled) + "] to [" + show(update.enabled) + "]");
    }
    if (update.dynamic) base.dynamic = update.dynamic;
    return merge_children(base.properties, update.properties);
  }
  if (base.type != update.type) {
    return conflict("mapper [" + base.path + "] cannot be changed from type [" + std::string(field_type_name(base.type)) +
                    "] to [" + std::string(field_type_name(update.type)) + "]");
  }
  std::vector<std::string> conflicts;
  merge_leaf_params(base, update, conflicts);
  if (!conflicts.empty()) {
    std::string message = "Mapper for [" + base.path + "] conflicts with existing mapper:";
    for (const auto& c : conflicts) message += "\n\t" + c;
    return conflict(std::move(message));
  }
  return merge_children(base.fields, update.fields);
}

}  // namespace

Result<Mapping> MappingParser::merge(const Mapping& base, const Mapping& update) {
  Mapping out = base;
  PHAROS_RETURN_IF_ERROR(merge_children(out.root_.properties, update.root_.properties));
  if (update.root_.dynamic) {
    out.root_.dynamic = update.root_.dynamic;
    out.dynamic_ = update.dynamic_;
  }
  if (!update.meta_json_.empty()) out.meta_json_ = update.meta_json_;
  json extra = parse_extra(out.extra_json_);
  for (const auto& [key, value] : parse_extra(update.extra_json_).items()) {
    extra[key] = value;
    if (key == "date_detection") out.date_detection_ = update.date_detection_;
    if (key == "numeric_detection") out.numeric_detection_ = update.numeric_detection_;
    if (key == "dynamic_date_formats") out.dynamic_date_formats_ = update.dynamic_date_formats_;
    if (key == "dynamic_templates") out.dynamic_templates_ = update.dynamic_templates_;
    if (key == "_source") {
      if (base.source_enabled_ != update.source_enabled_) {
        return conflict("Mapper for [_source] conflicts with existing mapper:\n\tCannot update parameter [enabled] from [" +
                        show(base.source_enabled_) + "] to [" + show(update.source_enabled_) + "]");
      }
    }
  }
  out.extra_json_ = extra.empty() ? std::string() : extra.dump();
  out.rebuild_index();
  return out;
}

}  // namespace pharos::mapping
