// multi_match: one match per field ("title^3" boosts, "*_name" wildcards), combined per type:
// best_fields → dis_max(tie_breaker), most_fields → bool should, phrase / phrase_prefix →
// dis_max of phrases, bool_prefix → dis_max of match_bool_prefix. cross_fields is approximated
// as best_fields (its blended term statistics need the executor's help).
#include <charconv>

#include "index/mapping/index_pattern.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

Result<WeightedField> split_boost(const std::string& spec) {
  WeightedField out;
  auto caret = spec.rfind('^');
  if (caret == std::string::npos) {
    out.field = spec;
    return out;
  }
  out.field = spec.substr(0, caret);
  double boost = 1;
  const char* begin = spec.data() + caret + 1;
  const char* end = spec.data() + spec.size();
  auto [ptr, ec] = std::from_chars(begin, end, boost);
  if (ec != std::errc() || ptr != end) return invalid("For input string: \"" + spec.substr(caret + 1) + "\"");
  out.boost = static_cast<float>(boost);
  return out;
}

}  // namespace

Result<std::vector<WeightedField>> expand_fields(const QueryParseContext& context, const json& fields,
                                                 std::string_view query_name) {
  std::vector<std::string> specs;
  if (fields.is_string()) specs.push_back(fields.get<std::string>());
  else if (fields.is_array()) {
    for (const auto& f : fields) {
      if (!f.is_string()) return parse_error("[" + std::string(query_name) + "] [fields] must be strings");
      specs.push_back(f.get<std::string>());
    }
  } else {
    return parse_error("[" + std::string(query_name) + "] [fields] must be an array of strings");
  }
  std::vector<WeightedField> out;
  for (const auto& spec : specs) {
    PHAROS_ASSIGN_OR_RETURN(WeightedField weighted, split_boost(spec));
    if (weighted.field.find('*') == std::string::npos) {
      out.push_back(weighted);
      continue;
    }
    if (context.mapping == nullptr) continue;
    // Wildcards expand to searchable leaf fields; type mismatches then are lenient, as OpenSearch.
    for (const mapping::FieldMapping* leaf : context.mapping->leaf_fields()) {
      if (!leaf->index || leaf->type == mapping::FieldType::knn_vector || leaf->type == mapping::FieldType::binary ||
          leaf->type == mapping::FieldType::alias) {
        continue;
      }
      if (!mapping::simple_wildcard_match(weighted.field, leaf->path)) continue;
      out.push_back({leaf->path, weighted.boost, true});
    }
  }
  return out;
}

Result<QueryNode> parse_multi_match(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[multi_match] query malformed, no start_object after query name");
  MatchOptions options;
  options.query_name = "multi_match";
  const json* query = nullptr;
  json fields = json::array({"*"});  // index.query.default_field
  std::string type = "best_fields";
  float tie_breaker = 0;
  bool tie_breaker_set = false;
  QueryNode meta;
  for (const auto& [key, value] : body.items()) {
    if (key == "query") query = &value;
    else if (key == "fields") fields = value;
    else if (key == "type") {
      if (!value.is_string()) return parse_error("[multi_match] [type] must be a string");
      type = value.get<std::string>();
    } else if (key == "tie_breaker") {
      PHAROS_ASSIGN_OR_RETURN(double t, read_double(value, key));
      tie_breaker = static_cast<float>(t);
      tie_breaker_set = true;
    } else if (key != "boost" && key != "_name") {
      bool handled = false;
      PHAROS_RETURN_IF_ERROR(read_match_option(key, value, options, handled));
      if (!handled) return parse_error("[multi_match] query does not support [" + key + "]");
    }
  }
  if (query == nullptr) return parse_error("No text specified for multi_match query");
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, meta, "multi_match"));
  bool combine_sum = false;
  if (type == "best_fields" || type == "cross_fields") {
    options.type = MatchOptions::Type::boolean;
  } else if (type == "most_fields") {
    options.type = MatchOptions::Type::boolean;
    combine_sum = true;
  } else if (type == "phrase") {
    options.type = MatchOptions::Type::phrase;
  } else if (type == "phrase_prefix") {
    options.type = MatchOptions::Type::phrase_prefix;
  } else if (type == "bool_prefix") {
    options.type = MatchOptions::Type::bool_prefix;
  } else {
    return parse_error("failed to parse [multi_match] query type [" + type + "]. unknown type.");
  }
  if (tie_breaker_set && type == "most_fields") {
    // most_fields ignores tie_breaker in OpenSearch too (sum of all fields).
  }
  PHAROS_ASSIGN_OR_RETURN(auto weighted, expand_fields(state.context, fields, "multi_match"));
  std::vector<QueryNode> per_field;
  for (const auto& field : weighted) {
    MatchOptions field_options = options;
    field_options.lenient = options.lenient || field.from_wildcard;
    PHAROS_ASSIGN_OR_RETURN(QueryNode node, build_match(state.context, field.field, *query, field_options));
    if (node.kind == QueryKind::match_none) continue;
    node.boost *= field.boost;
    per_field.push_back(std::move(node));
  }
  QueryNode node;
  if (per_field.empty()) {
    node = match_none_node();
  } else if (per_field.size() == 1) {
    node = std::move(per_field[0]);
  } else if (combine_sum) {
    node = make_node(QueryKind::boolean);
    node.should = std::move(per_field);
  } else {
    node = make_node(QueryKind::dis_max);
    node.children = std::move(per_field);
    node.tie_breaker = tie_breaker;
  }
  node.boost *= meta.boost;
  node.name = meta.name;
  return node;
}

}  // namespace pharos::query::detail
