#include "query/dsl/search_request.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "index/mapping/field_type.h"
#include "index/mapping/mapping.h"

namespace pharos::query {
namespace {

using nlohmann::json;

Status invalid(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }
Status parse_error(std::string message) { return Status(ErrorKind::parse_error, std::move(message)); }

// OpenSearch's XContent token names, for "Unknown key for a VALUE_STRING in [x]." messages.
const char* token_name(const json& value) {
  if (value.is_object()) return "START_OBJECT";
  if (value.is_array()) return "START_ARRAY";
  if (value.is_string()) return "VALUE_STRING";
  if (value.is_boolean()) return "VALUE_BOOLEAN";
  if (value.is_null()) return "VALUE_NULL";
  return "VALUE_NUMBER";
}

Result<int64_t> as_long(const json& value, const std::string& key) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) return static_cast<int64_t>(value.get<double>());
  if (value.is_string()) {
    try {
      size_t used = 0;
      int64_t parsed = std::stoll(value.get<std::string>(), &used);
      if (used == value.get<std::string>().size()) return parsed;
    } catch (const std::exception&) {
    }
  }
  return parse_error("[" + key + "] failed to parse field value [" + value.dump() + "]");
}

Result<bool> as_bool(const json& value, const std::string& key) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string() && (value == "true" || value == "false")) return value == "true";
  return parse_error("[" + key + "] failed to parse boolean value [" + value.dump() + "]");
}

std::vector<std::string> string_list(const json& value) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
      if (item.is_object() && item.contains("field") && item["field"].is_string())
        out.push_back(item["field"]);
    }
  }
  return out;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

Result<bool> parse_order(const json& value) {
  if (value.is_string()) {
    if (value == "desc" || value == "DESC") return true;
    if (value == "asc" || value == "ASC") return false;
  }
  return invalid("No enum constant org.opensearch.search.sort.SortOrder." +
                 (value.is_string() ? value.get<std::string>() : value.dump()));
}

Result<SortSpec> parse_sort_object_entry(const std::string& field, const json& value) {
  SortSpec spec;
  spec.field = field;
  if (value.is_string()) {
    PHAROS_ASSIGN_OR_RETURN(bool desc, parse_order(value));
    spec.descending = desc;
    return spec;
  }
  if (!value.is_object()) return parse_error("[" + field + "] sort value must be a string or an object");
  for (const auto& [key, option] : value.items()) {
    if (key == "order") {
      PHAROS_ASSIGN_OR_RETURN(bool desc, parse_order(option));
      spec.descending = desc;
    } else if (key == "missing") {
      spec.missing = option.is_string() ? option.get<std::string>() : option.dump();
    } else if (key == "mode") {
      spec.mode = option.is_string() ? option.get<std::string>() : option.dump();
    } else if (key == "unmapped_type") {
      spec.unmapped_type = option.is_string() ? option.get<std::string>() : option.dump();
    } else if (key == "numeric_type" || key == "format" || key == "nested") {
      // accepted and ignored: one numeric type per field here
    } else {
      return parse_error("[field_sort] unknown field [" + key + "]");
    }
  }
  return spec;
}

Status parse_body_key(SearchRequest& request, const std::string& key, const json& value) {
  if (key == "query") {
    if (!value.is_object()) return parse_error("[query] query malformed, must start with start_object");
    request.query = std::make_shared<const json>(value);
  } else if (key == "from") {
    PHAROS_ASSIGN_OR_RETURN(request.from, as_long(value, key));
  } else if (key == "size") {
    PHAROS_ASSIGN_OR_RETURN(request.size, as_long(value, key));
  } else if (key == "sort") {
    PHAROS_ASSIGN_OR_RETURN(request.sort, parse_sort_json(value));
  } else if (key == "track_scores") {
    PHAROS_ASSIGN_OR_RETURN(request.track_scores, as_bool(value, key));
  } else if (key == "_source") {
    request.source_json = value.dump();
  } else if (key == "track_total_hits") {
    if (value.is_boolean()) {
      request.track_total_hits = value.get<bool>() ? kTrackTotalHitsAccurate : kTrackTotalHitsDisabled;
    } else {
      PHAROS_ASSIGN_OR_RETURN(request.track_total_hits, as_long(value, key));
    }
  } else if (key == "aggs" || key == "aggregations") {
    if (!value.is_object())
      return parse_error("Aggregation definitions must start with the name of the aggregation");
    request.aggs_json = value.dump();
  } else if (key == "search_after") {
    if (!value.is_array()) return parse_error("[search_after] must be an array");
    request.search_after_json = value.dump();
  } else if (key == "min_score") {
    if (!value.is_number()) return parse_error("[min_score] must be a number");
    request.min_score = value.get<float>();
  } else if (key == "terminate_after") {
    PHAROS_ASSIGN_OR_RETURN(request.terminate_after, as_long(value, key));
    if (request.terminate_after < 0) return invalid("terminateAfter must be > 0");
  } else if (key == "version") {
    PHAROS_ASSIGN_OR_RETURN(request.version, as_bool(value, key));
  } else if (key == "seq_no_primary_term") {
    PHAROS_ASSIGN_OR_RETURN(request.seq_no_primary_term, as_bool(value, key));
  } else if (key == "explain") {
    PHAROS_ASSIGN_OR_RETURN(request.explain, as_bool(value, key));
  } else if (key == "stored_fields") {
    request.stored_fields = string_list(value);
  } else if (key == "docvalue_fields" || key == "fields") {
    (key == "fields" ? request.fields : request.docvalue_fields) = string_list(value);
    for (const auto& item : value.is_array() ? value : json::array()) {
      if (item.is_object() && item.contains("field") && item["field"].is_string() &&
          item.contains("format") && item["format"].is_string())
        request.field_formats[item["field"].get<std::string>()] = item["format"].get<std::string>();
    }
  } else if (key == "timeout") {
    request.timeout = value.is_string() ? value.get<std::string>() : value.dump();
  } else if (key == "highlight") {
    request.highlight_json = value.dump();
  } else if (key == "pit") {
    if (!value.is_object() || !value.contains("id") || !value["id"].is_string()) {
      return parse_error("[pit] requires an [id]");
    }
    request.pit_id = value["id"];
    if (value.contains("keep_alive") && value["keep_alive"].is_string())
      request.pit_keep_alive = value["keep_alive"];
  } else if (key == "profile" && value.is_boolean()) {
    request.profile = value.get<bool>();
  } else if (key == "profile" || key == "stats" || key == "indices_boost" || key == "collapse" ||
             key == "suggest" || key == "rescore" || key == "script_fields" || key == "ext" ||
             key == "post_filter" || key == "slice") {
    // accepted and ignored: not supported yet, and clients send some of them by default
  } else {
    return parse_error("Unknown key for a " + std::string(token_name(value)) + " in [" + key + "].");
  }
  return Status::ok();
}

}  // namespace

Result<SearchRequest> parse_search_body(const json& body) {
  json copy = body;
  return parse_search_body_taking_query(copy);
}

Result<SearchRequest> parse_search_body_taking_query(json& body) {
  SearchRequest request;
  if (body.is_null()) return request;
  if (!body.is_object()) return parse_error("request body must be an object");
  for (auto& [key, value] : body.items()) {
    if (key == "query" && value.is_object()) {
      request.query = std::make_shared<const json>(std::move(value));
      value = nullptr;
      continue;
    }
    PHAROS_RETURN_IF_ERROR(parse_body_key(request, key, value));
  }
  if (request.from && *request.from < 0) {
    return invalid("[from] parameter cannot be negative, found [" + std::to_string(*request.from) + "]");
  }
  if (request.size && *request.size < 0) {
    return invalid("[size] parameter cannot be negative, found [" + std::to_string(*request.size) + "]");
  }
  return request;
}

Result<std::vector<SortSpec>> parse_sort_json(const json& sort) {
  std::vector<SortSpec> out;
  auto add_one = [&](const json& entry) -> Status {
    if (entry.is_string()) {
      SortSpec spec;
      spec.field = entry.get<std::string>();
      out.push_back(std::move(spec));
      return Status::ok();
    }
    if (!entry.is_object()) return parse_error("[sort] unsupported sort entry " + entry.dump());
    for (const auto& [field, value] : entry.items()) {
      PHAROS_ASSIGN_OR_RETURN(SortSpec spec, parse_sort_object_entry(field, value));
      out.push_back(std::move(spec));
    }
    return Status::ok();
  };
  if (sort.is_array()) {
    for (const auto& entry : sort) PHAROS_RETURN_IF_ERROR(add_one(entry));
  } else {
    PHAROS_RETURN_IF_ERROR(add_one(sort));
  }
  return out;
}

Result<std::vector<SortSpec>> parse_sort_param(const std::string& text) {
  std::vector<SortSpec> out;
  for (const std::string& part : split_commas(text)) {
    SortSpec spec;
    size_t colon = part.rfind(':');
    spec.field = part.substr(0, colon);
    if (colon != std::string::npos) {
      PHAROS_ASSIGN_OR_RETURN(bool desc, parse_order(json(part.substr(colon + 1))));
      spec.descending = desc;
    }
    out.push_back(std::move(spec));
  }
  return out;
}

Status apply_search_params(SearchRequest& request, const std::map<std::string, std::string>& params) {
  auto long_param = [&](const char* name, std::optional<int64_t>& target) -> Status {
    auto it = params.find(name);
    if (it == params.end()) return Status::ok();
    try {
      size_t used = 0;
      int64_t value = std::stoll(it->second, &used);
      if (used != it->second.size()) throw std::invalid_argument(name);
      target = value;
    } catch (const std::exception&) {
      return invalid("Failed to parse int parameter [" + std::string(name) + "] with value [" + it->second +
                     "]");
    }
    return Status::ok();
  };
  auto flag = [&](const char* name, bool& target) {
    auto it = params.find(name);
    if (it != params.end()) target = it->second.empty() || it->second == "true";
  };
  PHAROS_RETURN_IF_ERROR(long_param("from", request.from));
  PHAROS_RETURN_IF_ERROR(long_param("size", request.size));
  if (request.from && *request.from < 0) {
    return invalid("[from] parameter cannot be negative, found [" + std::to_string(*request.from) + "]");
  }
  if (request.size && *request.size < 0) {
    return invalid("[size] parameter cannot be negative, found [" + std::to_string(*request.size) + "]");
  }
  if (auto it = params.find("sort"); it != params.end()) {
    PHAROS_ASSIGN_OR_RETURN(request.sort, parse_sort_param(it->second));
  }
  if (auto it = params.find("track_total_hits"); it != params.end()) {
    if (it->second.empty() || it->second == "true") {
      request.track_total_hits = kTrackTotalHitsAccurate;
    } else if (it->second == "false") {
      request.track_total_hits = kTrackTotalHitsDisabled;
    } else {
      PHAROS_RETURN_IF_ERROR(long_param("track_total_hits", request.track_total_hits));
    }
  }
  std::optional<int64_t> terminate_after;
  PHAROS_RETURN_IF_ERROR(long_param("terminate_after", terminate_after));
  if (terminate_after) request.terminate_after = *terminate_after;
  flag("track_scores", request.track_scores);
  flag("version", request.version);
  flag("seq_no_primary_term", request.seq_no_primary_term);
  flag("explain", request.explain);
  if (auto it = params.find("stored_fields"); it != params.end())
    request.stored_fields = split_commas(it->second);
  if (auto it = params.find("docvalue_fields"); it != params.end())
    request.docvalue_fields = split_commas(it->second);
  if (auto it = params.find("timeout"); it != params.end()) request.timeout = it->second;
  if (auto it = params.find("search_type"); it != params.end()) {
    if (it->second != "query_then_fetch" && it->second != "dfs_query_then_fetch")
      return Status(ErrorKind::invalid_argument, "No search type for [" + it->second + "]");
    request.dfs_query_then_fetch = it->second == "dfs_query_then_fetch";
  }
  return Status::ok();
}

Status validate_result_window(const SearchRequest& request, int64_t max_result_window, bool scroll) {
  int64_t window = scroll ? request.size_or_default() : request.from_or_default() + request.size_or_default();
  if (window <= max_result_window) return Status::ok();
  if (scroll) {
    return invalid(
        "Batch size is too large, size must be less than or equal to: [" + std::to_string(max_result_window) +
        "] but was [" + std::to_string(window) +
        "]. Scroll batch sizes cost as much memory as result windows so they are controlled by the "
        "[index.max_result_window] index level setting.");
  }
  return invalid(
      "Result window is too large, from + size must be less than or equal to: [" +
      std::to_string(max_result_window) + "] but was [" + std::to_string(window) +
      "]. See the scroll api for a more efficient way to request large data sets. This limit can be set "
      "by changing the [index.max_result_window] index level setting.");
}

std::vector<std::string> validation_failures(const SearchRequest& request) {
  std::vector<std::string> failures;
  if (request.track_total_hits && *request.track_total_hits < kTrackTotalHitsDisabled) {
    failures.push_back("[track_total_hits] parameter must be positive or equals to -1, got " +
                       std::to_string(*request.track_total_hits));
  }
  return failures;
}

namespace {

Result<search::SortField::Type> sort_type_of(mapping::FieldType type, const std::string& field) {
  using mapping::DocValueKind;
  if (type == mapping::FieldType::text || type == mapping::FieldType::match_only_text) {
    return invalid(
        "Text fields are not optimised for operations that require per-document field data like aggregations "
        "and "
        "sorting, so these operations are disabled by default. Please use a keyword field instead. "
        "Alternatively, "
        "set fielddata=true on [" +
        field +
        "] in order to load field data by uninverting the inverted index. Note "
        "that this can use significant memory.");
  }
  switch (mapping::doc_value_kind(type)) {
    case DocValueKind::numeric:
      return search::SortField::Type::numeric;
    case DocValueKind::floating:
      return search::SortField::Type::floating;
    case DocValueKind::keyword:
    case DocValueKind::ip:
      return search::SortField::Type::keyword;
    case DocValueKind::none:
      break;
  }
  return invalid("can't sort on field [" + field + "]: it has no doc values");
}

Result<search::SortField::Mode> sort_mode(const std::string& mode) {
  using Mode = search::SortField::Mode;
  if (mode == "min") return Mode::min;
  if (mode == "max") return Mode::max;
  if (mode == "sum") return Mode::sum;
  if (mode == "avg") return Mode::avg;
  if (mode == "median") return Mode::median;
  return invalid("Unknown SortMode [" + mode + "]");
}

// A JSON value as a sort value of the given type (search_after entries, custom `missing`).
Result<search::SortValue> to_sort_value(const json& value, search::SortField::Type type) {
  using Type = search::SortField::Type;
  if (value.is_null()) return search::SortValue{};
  switch (type) {
    case Type::keyword:
      return search::SortValue{value.is_string() ? value.get<std::string>() : value.dump()};
    case Type::score:
    case Type::floating:
      if (value.is_number()) return search::SortValue{value.get<double>()};
      if (value.is_string()) {
        try {
          return search::SortValue{std::stod(value.get<std::string>())};
        } catch (const std::exception&) {
        }
      }
      break;
    case Type::doc:
    case Type::numeric:
      if (value.is_number_integer()) return search::SortValue{value.get<int64_t>()};
      if (value.is_number_float()) return search::SortValue{static_cast<int64_t>(value.get<double>())};
      if (value.is_string()) {
        try {
          return search::SortValue{static_cast<int64_t>(std::stoll(value.get<std::string>()))};
        } catch (const std::exception&) {
        }
      }
      break;
  }
  return invalid("Failed to parse search_after value [" + value.dump() + "]");
}

}  // namespace

Result<std::vector<search::SortField>> resolve_sort(const std::vector<SortSpec>& sort,
                                                    const mapping::Mapping& mapping) {
  std::vector<search::SortField> out;
  for (const SortSpec& spec : sort) {
    search::SortField field;
    field.field = spec.field;
    field.reverse = spec.is_descending();
    if (spec.field == "_score") {
      field.type = search::SortField::Type::score;
    } else if (spec.field == "_doc") {
      field.type = search::SortField::Type::doc;
    } else {
      const mapping::FieldMapping* mapped = mapping.find(spec.field);
      if (mapped && mapped->type == mapping::FieldType::alias && mapped->alias_path) {
        field.field = *mapped->alias_path;
        mapped = mapping.find(*mapped->alias_path);
      }
      if (mapped) {
        PHAROS_ASSIGN_OR_RETURN(field.type, sort_type_of(mapped->type, spec.field));
      } else if (spec.unmapped_type) {
        auto type = mapping::field_type_from_name(*spec.unmapped_type);
        if (!type) return invalid("No mapper found for type [" + *spec.unmapped_type + "]");
        PHAROS_ASSIGN_OR_RETURN(field.type, sort_type_of(*type, spec.field));
      } else {
        return invalid("No mapping found for [" + spec.field + "] in order to sort on");
      }
    }
    if (spec.mode) {
      PHAROS_ASSIGN_OR_RETURN(field.mode, sort_mode(*spec.mode));
    }
    if (spec.missing) {
      if (*spec.missing == "_first") {
        field.missing = search::SortField::Missing::first;
      } else if (*spec.missing != "_last") {
        json value = json::parse(*spec.missing, nullptr, false);
        if (value.is_discarded()) value = *spec.missing;
        PHAROS_ASSIGN_OR_RETURN(field.missing_value, to_sort_value(value, field.type));
      }
    }
    out.push_back(std::move(field));
  }
  return out;
}

Result<std::vector<search::SortValue>> resolve_search_after(const std::string& search_after_json,
                                                            const std::vector<search::SortField>& sort) {
  std::vector<search::SortValue> out;
  if (search_after_json.empty()) return out;
  json values = json::parse(search_after_json, nullptr, false);
  if (!values.is_array()) return parse_error("[search_after] must be an array");
  std::vector<search::SortField> effective = sort;
  if (effective.empty()) effective.push_back(search::SortField{});  // by score
  if (values.size() != effective.size()) {
    return invalid("search_after has " + std::to_string(values.size()) + " value(s) but sort has " +
                   std::to_string(effective.size()) + ".");
  }
  for (size_t i = 0; i < values.size(); ++i) {
    PHAROS_ASSIGN_OR_RETURN(search::SortValue value, to_sort_value(values[i], effective[i].type));
    out.push_back(std::move(value));
  }
  return out;
}

std::map<std::string, search::SimilaritySpec> resolve_similarities(const mapping::Mapping& mapping,
                                                                   const std::string& flat_settings_json) {
  std::map<std::string, search::SimilaritySpec> out;
  json settings;  // parsed on first use: most mappings name no similarity
  auto setting = [&](const std::string& key) -> std::string {
    if (settings.is_null()) settings = json::parse(flat_settings_json, nullptr, false);
    if (!settings.is_object()) settings = json::object();
    auto it = settings.find(key);
    if (it == settings.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  for (const mapping::FieldMapping* field : mapping.leaf_fields()) {
    if (!field->similarity) continue;
    search::SimilaritySpec spec;
    std::string name = *field->similarity;
    std::string type = name;
    if (name != "BM25" && name != "boolean") {
      std::string prefix = "index.similarity." + name + ".";
      type = setting(prefix + "type");
      try {
        if (std::string k1 = setting(prefix + "k1"); !k1.empty()) spec.k1 = std::stof(k1);
        if (std::string b = setting(prefix + "b"); !b.empty()) spec.b = std::stof(b);
      } catch (const std::exception&) {
      }
    }
    if (type == "boolean") spec.type = search::SimilaritySpec::Type::boolean;
    if (type == "LegacyBM25") spec.type = search::SimilaritySpec::Type::legacy_bm25;
    out[field->path] = spec;
  }
  return out;
}

}  // namespace pharos::query
