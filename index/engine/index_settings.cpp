#include "index/engine/index_settings.h"

#include <cctype>
#include <charconv>
#include <set>

#include <nlohmann/json.hpp>

namespace pharos::engine {

namespace {

using nlohmann::json;

constexpr const char* kShards = "index.number_of_shards";
constexpr const char* kReplicas = "index.number_of_replicas";
constexpr const char* kRefresh = "index.refresh_interval";
constexpr const char* kDurability = "index.translog.durability";
constexpr const char* kSyncInterval = "index.translog.sync_interval";
constexpr const char* kMaxResultWindow = "index.max_result_window";
constexpr const char* kKnn = "index.knn";
constexpr const char* kKnnRemoteBuild = "index.knn.remote_index_build.enabled";
constexpr const char* kUuid = "index.uuid";
constexpr const char* kCreationDate = "index.creation_date";
constexpr const char* kProvidedName = "index.provided_name";
constexpr const char* kAnalysisPrefix = "index.analysis.";

// Settings fixed at creation: an update is refused even on a closed index.
const std::set<std::string>& final_settings() {
  static const std::set<std::string> s = {kShards, kUuid, kCreationDate, kProvidedName, "index.version.created",
                                          "index.routing_partition_size", "index.number_of_routing_shards"};
  return s;
}

bool is_dynamic(const std::string& key) {
  static const std::set<std::string> exact = {
      kReplicas, kRefresh, kDurability, kSyncInterval, kMaxResultWindow, "index.auto_expand_replicas",
      "index.max_inner_result_window", "index.max_rescore_window", "index.max_docvalue_fields_search",
      "index.max_script_fields", "index.max_ngram_diff", "index.max_shingle_diff", "index.max_terms_count",
      "index.max_regex_length", "index.default_pipeline", "index.final_pipeline", "index.hidden",
      "index.search.default_pipeline", "index.requests.cache.enable",
      "index.priority", "index.gc_deletes", "index.translog.flush_threshold_size", "index.query.default_field",
      "index.max_refresh_listeners", "index.search.idle.after", "index.mapping.total_fields.limit",
      "index.mapping.depth.limit", "index.mapping.nested_fields.limit", "index.mapping.nested_objects.limit",
      "index.mapping.field_name_length.limit", "index.unassigned.node_left.delayed_timeout",
      "index.knn.algo_param.ef_search", kKnnRemoteBuild, "index.max_slices_per_scroll", "index.highlight.max_analyzed_offset"};
  if (exact.count(key)) return true;
  for (const char* prefix : {"index.blocks.", "index.routing.allocation.", "index.search.slowlog.",
                             "index.indexing.slowlog.", "index.lifecycle.", "index.plugins.", "index.merge.",
                             "index.query.", "index.refresh.", "index.mapping."}) {
    if (key.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  return v.dump();
}

// Flattens nested settings into {"index.a.b": "value"} with string values (arrays keep their
// shape, with string elements); nulls are kept so updates can reset settings.
void flatten(const json& node, const std::string& prefix, json& out) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    const json& v = it.value();
    if (v.is_object()) {
      flatten(v, key, out);
      continue;
    }
    if (key != "index" && key.rfind("index.", 0) != 0) key = "index." + key;
    if (v.is_null()) {
      out[key] = nullptr;
    } else if (v.is_array()) {
      json arr = json::array();
      for (const auto& e : v) arr.push_back(e.is_object() || e.is_array() ? e.dump() : scalar_text(e));
      out[key] = std::move(arr);
    } else {
      out[key] = scalar_text(v);
    }
  }
}

Status bad_value(const std::string& key, const std::string& value, const std::string& tail = "") {
  return Status(ErrorKind::invalid_argument, "Failed to parse value [" + value + "] for setting [" + key + "]" + tail);
}

Result<int64_t> parse_int(const json& flat, const char* key, int64_t def, int64_t min, int64_t max) {
  auto it = flat.find(key);
  if (it == flat.end() || it->is_null()) return def;
  if (!it->is_string()) return bad_value(key, it->dump());
  const std::string text = it->get<std::string>();
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return bad_value(key, text);
  if (v < min) return bad_value(key, text, " must be >= " + std::to_string(min));
  if (v > max) return bad_value(key, text, " must be <= " + std::to_string(max));
  return v;
}

Result<bool> parse_bool(const json& flat, const char* key, bool def) {
  auto it = flat.find(key);
  if (it == flat.end() || it->is_null()) return def;
  std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  if (text == "true") return true;
  if (text == "false") return false;
  return Status(ErrorKind::invalid_argument,
                "Failed to parse value [" + text + "] as only [true] or [false] are allowed.");
}

}  // namespace

// OpenSearch time values: "-1", "0", or a number with one of nanos|micros|ms|s|m|h|d.
Result<int64_t> parse_time_value_ms(const std::string& key, const std::string& text) {
  auto fail = [&] {
    return Status(ErrorKind::invalid_argument, "failed to parse setting [" + key + "] with value [" + text +
                                                   "] as a time value: unit is missing or unrecognized");
  };
  if (text == "-1") return int64_t{-1};
  if (text == "0") return int64_t{0};
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return fail();
  double number = 0;
  try {
    number = std::stod(text.substr(0, i));
  } catch (...) {
    return fail();
  }
  const std::string unit = text.substr(i);
  double factor;
  if (unit == "nanos") factor = 1e-6;
  else if (unit == "micros") factor = 1e-3;
  else if (unit == "ms") factor = 1;
  else if (unit == "s") factor = 1000;
  else if (unit == "m") factor = 60000;
  else if (unit == "h") factor = 3600000;
  else if (unit == "d") factor = 86400000;
  else return fail();
  return static_cast<int64_t>(number * factor);
}

namespace {

Result<int64_t> parse_time(const json& flat, const char* key, int64_t def) {
  auto it = flat.find(key);
  if (it == flat.end() || it->is_null()) return def;
  return parse_time_value_ms(key, it->is_string() ? it->get<std::string>() : it->dump());
}

// Builds IndexSettings from an already flattened map (nulls removed).
Result<IndexSettings> from_flat(json flat) {
  IndexSettings s;
  PHAROS_ASSIGN_OR_RETURN(int64_t shards, parse_int(flat, kShards, 1, 1, 1024));
  PHAROS_ASSIGN_OR_RETURN(int64_t replicas, parse_int(flat, kReplicas, 1, 0, INT32_MAX));
  PHAROS_ASSIGN_OR_RETURN(s.refresh_interval_ms, parse_time(flat, kRefresh, 1000));
  PHAROS_ASSIGN_OR_RETURN(s.translog_sync_interval_ms, parse_time(flat, kSyncInterval, 5000));
  if (s.translog_sync_interval_ms < 100) {
    return Status(ErrorKind::invalid_argument, "failed to parse value [" + flat[kSyncInterval].get<std::string>() +
                                                   "] for setting [index.translog.sync_interval], must be >= [100ms]");
  }
  PHAROS_ASSIGN_OR_RETURN(int64_t window, parse_int(flat, kMaxResultWindow, 10000, 1, INT32_MAX));
  PHAROS_ASSIGN_OR_RETURN(s.knn, parse_bool(flat, kKnn, false));
  PHAROS_ASSIGN_OR_RETURN(s.knn_remote_build, parse_bool(flat, kKnnRemoteBuild, true));
  PHAROS_ASSIGN_OR_RETURN(s.creation_date_ms, parse_int(flat, kCreationDate, 0, INT64_MIN, INT64_MAX));
  if (auto it = flat.find(kDurability); it != flat.end()) {
    std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    std::string lower;
    for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower == "request") s.durability = TranslogDurability::request;
    else if (lower == "async") s.durability = TranslogDurability::async;
    else return Status(ErrorKind::invalid_argument,
                       "No enum constant org.opensearch.index.translog.Translog.Durability." + text);
  }
  s.number_of_shards = static_cast<uint32_t>(shards);
  s.number_of_replicas = static_cast<uint32_t>(replicas);
  s.max_result_window = static_cast<uint32_t>(window);
  if (auto it = flat.find(kUuid); it != flat.end() && it->is_string()) s.uuid = it->get<std::string>();
  if (auto it = flat.find(kProvidedName); it != flat.end() && it->is_string()) s.provided_name = it->get<std::string>();
  s.flat_json = flat.dump();
  return s;
}

json load_flat(const std::string& text) {
  if (text.empty()) return json::object();
  json v = json::parse(text, nullptr, false);
  return v.is_object() ? v : json::object();
}

// A flat setting value back to a typed JSON scalar for consumers that want numbers/bools
// (the analysis registry): OpenSearch keeps settings as strings, components re-parse them.
json typed_value(const json& v) {
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  if (s == "true") return true;
  if (s == "false") return false;
  if (!s.empty() && s.size() < 19) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && ptr == s.data() + s.size()) return n;
  }
  return v;
}

// {"a.b.c": v} → {"a":{"b":{"c": v}}}; a key that is both a leaf and a prefix keeps the leaf.
json unflatten(const json& flat, const std::string& strip_prefix, bool typed) {
  json out = json::object();
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    const std::string& key = it.key();
    if (key.rfind(strip_prefix, 0) != 0) continue;
    std::string rest = key.substr(strip_prefix.size());
    json* node = &out;
    size_t start = 0;
    bool ok = true;
    for (size_t dot; (dot = rest.find('.', start)) != std::string::npos; start = dot + 1) {
      json& child = (*node)[rest.substr(start, dot - start)];
      if (child.is_null()) child = json::object();
      if (!child.is_object()) {
        ok = false;
        break;
      }
      node = &child;
    }
    if (ok) (*node)[rest.substr(start)] = typed ? typed_value(it.value()) : it.value();
  }
  return out;
}

}  // namespace

Result<IndexSettings> IndexSettings::parse(const nlohmann::json& settings) {
  if (settings.is_null()) return from_flat(json::object());
  if (!settings.is_object()) return Status(ErrorKind::invalid_argument, "index settings must be an object");
  json flat = json::object();
  flatten(settings, "", flat);
  for (auto it = flat.begin(); it != flat.end();) {
    if (it->is_null()) it = flat.erase(it);
    else ++it;
  }
  return from_flat(std::move(flat));
}

Result<IndexSettings> IndexSettings::updated_with(const nlohmann::json& update, bool index_open) const {
  if (!update.is_object()) return Status(ErrorKind::invalid_argument, "index settings must be an object");
  json changes = json::object();
  flatten(update, "", changes);
  json flat = load_flat(flat_json);
  std::vector<std::string> non_dynamic;
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    const std::string& key = it.key();
    if (final_settings().count(key)) {
      return Status(ErrorKind::invalid_argument, "final index setting [" + key + "], not updateable");
    }
    bool analysis = key.rfind(kAnalysisPrefix, 0) == 0;
    if (index_open && (analysis || !is_dynamic(key))) non_dynamic.push_back(key);
  }
  if (!non_dynamic.empty()) {
    std::string list;
    for (const auto& k : non_dynamic) list += (list.empty() ? "" : ", ") + k;
    return Status(ErrorKind::invalid_argument, "Can't update non dynamic settings [[" + list + "]] for open indices [[" +
                                                   provided_name + "]]");
  }
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (it->is_null()) flat.erase(it.key());
    else flat[it.key()] = it.value();
  }
  return from_flat(std::move(flat));
}

nlohmann::json IndexSettings::to_json(bool flat) const {
  json f = load_flat(flat_json);
  if (flat) return f;
  return unflatten(f, "", /*typed=*/false);
}

nlohmann::json IndexSettings::analysis_json() const {
  json f = load_flat(flat_json);
  json tree = unflatten(f, kAnalysisPrefix, /*typed=*/true);
  if (tree.empty()) return nullptr;
  return tree;
}

}  // namespace pharos::engine
