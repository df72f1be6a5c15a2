// Query DSL dispatch: {"<type>": body} → the family parser, plus helpers every family shares.
#include "query/dsl/query_parser.h"

#include <charconv>
#include <cmath>

#include "index/mapping/index_pattern.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query {
namespace detail {

Status parse_error(std::string message) { return Status(ErrorKind::parse_error, std::move(message)); }
Status invalid(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }

QueryNode make_node(QueryKind kind) {
  QueryNode node;
  node.kind = kind;
  return node;
}

QueryNode match_none_node() { return make_node(QueryKind::match_none); }

Result<FieldEntry> single_field(const json& body, std::string_view query_name) {
  if (!body.is_object()) {
    return parse_error("[" + std::string(query_name) + "] query malformed, no start_object after query name");
  }
  FieldEntry entry;
  for (const auto& [key, value] : body.items()) {
    if (key == "boost" || key == "_name") continue;  // OpenSearch accepts these beside the field
    if (entry.value != nullptr) {
      return parse_error("[" + std::string(query_name) + "] query doesn't support multiple fields, found [" +
                         entry.field + "] and [" + key + "]");
    }
    entry.field = key;
    entry.value = &value;
  }
  if (entry.value == nullptr) {
    return parse_error("[" + std::string(query_name) + "] query malformed, no field specified");
  }
  return entry;
}

Status read_boost_and_name(const json& object, QueryNode& node, std::string_view query_name) {
  if (!object.is_object()) return Status::ok();
  if (auto it = object.find("boost"); it != object.end()) {
    auto boost = read_double(*it, "boost");
    if (!boost) return parse_error("[" + std::string(query_name) + "] query does not support boost value [" + it->dump() + "]");
    node.boost *= static_cast<float>(*boost);
  }
  if (auto it = object.find("_name"); it != object.end()) {
    if (!it->is_string()) return parse_error("[" + std::string(query_name) + "] query [_name] must be a string");
    node.name = it->get<std::string>();
  }
  return Status::ok();
}

Result<double> read_double(const json& value, std::string_view what) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    double out = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) return out;
    return invalid("For input string: \"" + text + "\"");
  }
  return invalid("[" + std::string(what) + "] must be a number, got " + value.dump());
}

Result<int64_t> read_int(const json& value, std::string_view what) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return invalid("[" + std::string(what) + "] is out of range");
    }
    return value.get<int64_t>();
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) return invalid("[" + std::string(what) + "] is out of range");
    return static_cast<int64_t>(d);
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    int64_t out = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) return out;
    return invalid("For input string: \"" + text + "\"");
  }
  return invalid("[" + std::string(what) + "] must be an integer, got " + value.dump());
}

Result<bool> read_bool(const json& value, std::string_view what) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    if (value == "true") return true;
    if (value == "false") return false;
  }
  return invalid("Failed to parse value [" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                 "] as only [true] or [false] are allowed.");
}

std::optional<std::string> scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_float()) {
    char buffer[64];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.get<double>());
    if (ec != std::errc()) return std::nullopt;
    std::string text(buffer, ptr);
    // JSON 5.0 is read by OpenSearch as the text "5.0"; keep a decimal point for integral doubles.
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
  }
  return std::nullopt;
}

const mapping::FieldMapping* resolve_field(const QueryParseContext& context, std::string_view path) {
  if (context.mapping == nullptr) return nullptr;
  const mapping::FieldMapping* field = context.mapping->find(path);
  // Aliases point at one concrete field; one hop is all OpenSearch allows.
  if (field != nullptr && field->type == mapping::FieldType::alias && field->alias_path) {
    field = context.mapping->find(*field->alias_path);
  }
  return field;
}

bool is_text_like(mapping::FieldType type) {
  return type == mapping::FieldType::text || type == mapping::FieldType::match_only_text;
}

Result<std::shared_ptr<const analysis::Analyzer>> search_analyzer(const QueryParseContext& context,
                                                                  const mapping::FieldMapping* field,
                                                                  const std::optional<std::string>& override_name,
                                                                  std::string_view query_name) {
  if (context.analysis == nullptr) return invalid("no analysis registry for [" + std::string(query_name) + "]");
  std::string name = "default";
  if (override_name) {
    name = *override_name;
  } else if (field != nullptr && field->search_analyzer) {
    name = *field->search_analyzer;
  } else if (field != nullptr && field->analyzer) {
    name = *field->analyzer;
  }
  auto analyzer = context.analysis->get(name);
  if (analyzer == nullptr) {
    if (override_name) return invalid("[" + std::string(query_name) + "] analyzer [" + name + "] not found");
    analyzer = context.analysis->get("standard");
    if (analyzer == nullptr) return invalid("analyzer [" + name + "] not found");
  }
  return analyzer;
}

std::string normalize_keyword(const QueryParseContext& context, const mapping::FieldMapping& field,
                              std::string value) {
  if (!field.normalizer || context.analysis == nullptr) return value;
  auto normalizer = context.analysis->normalizer(*field.normalizer);
  if (normalizer == nullptr) return value;
  std::vector<analysis::Token> tokens;
  normalizer->analyze(value, tokens);
  return tokens.empty() ? std::string() : tokens.front().term;
}

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

uint64_t count_leaf_clauses(const QueryNode& node) {
  uint64_t total = 0;
  for (const auto* list : {&node.must, &node.should, &node.must_not, &node.filter, &node.children}) {
    for (const auto& child : *list) total += count_leaf_clauses(child);
  }
  for (const auto& child : node.function_filters) total += count_leaf_clauses(child);
  if (node.kind == QueryKind::boolean || node.kind == QueryKind::constant_score ||
      node.kind == QueryKind::dis_max || node.kind == QueryKind::boosting || node.kind == QueryKind::function_score) {
    return total;
  }
  return total + 1;
}

namespace {

Result<QueryNode> dispatch(const std::string& type, const json& body, const ParseState& state) {
  if (type == "match_all" || type == "match_none") {
    if (!body.is_object()) return parse_error("[" + type + "] query malformed, no start_object after query name");
    QueryNode node = make_node(type == "match_all" ? QueryKind::match_all : QueryKind::match_none);
    for (const auto& [key, value] : body.items()) {
      if (key != "boost" && key != "_name") return parse_error("[" + type + "] query does not support [" + key + "]");
    }
    PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, type));
    return node;
  }
  if (type == "term") return parse_term(body, state);
  if (type == "terms") return parse_terms(body, state);
  if (type == "terms_set") return parse_terms_set(body, state);
  if (type == "exists") return parse_exists(body, state);
  if (type == "ids") return parse_ids(body, state);
  if (type == "prefix") return parse_pattern_query(body, QueryKind::prefix, type, state);
  if (type == "wildcard") return parse_pattern_query(body, QueryKind::wildcard, type, state);
  if (type == "regexp") return parse_pattern_query(body, QueryKind::regexp, type, state);
  if (type == "fuzzy") return parse_fuzzy(body, state);
  if (type == "range") return parse_range(body, state);
  if (type == "match") return parse_match(body, state);
  if (type == "match_phrase") return parse_match_phrase(body, state, false);
  if (type == "match_phrase_prefix") return parse_match_phrase(body, state, true);
  if (type == "match_bool_prefix") return parse_match_bool_prefix(body, state);
  if (type == "multi_match") return parse_multi_match(body, state);
  if (type == "bool") return parse_bool(body, state);
  if (type == "constant_score") return parse_constant_score(body, state);
  if (type == "dis_max") return parse_dis_max(body, state);
  if (type == "boosting") return parse_boosting(body, state);
  if (type == "function_score") return parse_function_score(body, state);
  if (type == "query_string") return parse_query_string(body, state, false);
  if (type == "simple_query_string") return parse_query_string(body, state, true);
  if (type == "knn") return parse_knn(body, state);
  return parse_error("unknown query [" + type + "]");
}

}  // namespace

Result<QueryNode> parse_nested(const json& query, const ParseState& state) {
  if (state.depth > kMaxDepth) return parse_error("query nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
  if (!query.is_object()) return parse_error("query malformed, must start with start_object");
  if (query.empty()) return parse_error("query malformed, empty clause found");
  if (query.size() > 1) {
    auto it = query.begin();
    std::string first = it.key();
    ++it;
    return parse_error("[" + first + "] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
  }
  ParseState inner{state.context, state.depth + 1};
  return dispatch(query.begin().key(), query.begin().value(), inner);
}

}  // namespace detail

Result<search::QueryNode> parse_query(const nlohmann::json& query, const QueryParseContext& context) {
  try {
    detail::ParseState state{context, 0};
    auto node = detail::parse_nested(query, state);
    if (!node) return node;
    if (detail::count_leaf_clauses(*node) > context.max_clause_count) {
      return Status(ErrorKind::resource_exhausted,
                    "maxClauseCount is set to " + std::to_string(context.max_clause_count));
    }
    return node;
  } catch (const std::exception& e) {
    // nlohmann throws on type mismatches we did not foresee; a bad query must not crash the node.
    return detail::parse_error(std::string("failed to parse query: ") + e.what());
  }
}

}  // namespace pharos::query
