// Full-text queries on one field: match, match_phrase, match_phrase_prefix, match_bool_prefix.
// Text fields analyse the query with the search analyzer; other fields take it as one term.
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

using mapping::FieldType;

QueryNode leaf_for_token(const std::string& field, const std::string& term, const MatchOptions& options) {
  QueryNode node = make_node(QueryKind::term);
  node.field = field;
  node.terms.push_back(term);
  return node;
}

Result<QueryNode> fuzzy_or_term(const std::string& field, const std::string& term, const MatchOptions& options) {
  if (!options.fuzziness) return leaf_for_token(field, term, options);
  PHAROS_ASSIGN_OR_RETURN(uint32_t edits, resolve_fuzziness(*options.fuzziness, utf8_length(term)));
  if (edits == 0) return leaf_for_token(field, term, options);
  QueryNode node = make_node(QueryKind::fuzzy);
  node.field = field;
  node.terms.push_back(term);
  node.max_edits = edits;
  node.prefix_length = options.prefix_length;
  node.max_expansions = options.max_expansions;
  node.transpositions = options.transpositions;
  return node;
}

QueryNode prefix_node(const std::string& field, const std::string& term) {
  QueryNode node = make_node(QueryKind::prefix);
  node.field = field;
  node.pattern = term;
  return node;
}

// Terms of the analysed text, grouped by position (synonyms stack on one position).
struct Analysed {
  std::vector<analysis::Token> tokens;
};

Result<QueryNode> boolean_of_tokens(const std::string& field, const std::vector<analysis::Token>& tokens,
                                    const MatchOptions& options, bool last_is_prefix) {
  std::vector<QueryNode> clauses;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (last_is_prefix && i + 1 == tokens.size()) {
      clauses.push_back(prefix_node(field, tokens[i].term));
      continue;
    }
    PHAROS_ASSIGN_OR_RETURN(QueryNode leaf, fuzzy_or_term(field, tokens[i].term, options));
    clauses.push_back(std::move(leaf));
  }
  if (clauses.size() == 1 && !options.minimum_should_match) return std::move(clauses[0]);
  QueryNode node = make_node(QueryKind::boolean);
  if (options.operator_and) {
    node.must = std::move(clauses);
    return node;
  }
  node.should = std::move(clauses);
  if (options.minimum_should_match) {
    PHAROS_ASSIGN_OR_RETURN(node.minimum_should_match,
                            resolve_minimum_should_match(*options.minimum_should_match,
                                                         static_cast<uint32_t>(node.should.size())));
  }
  return node;
}

QueryNode phrase_of_tokens(const std::string& field, const std::vector<analysis::Token>& tokens, uint32_t slop) {
  QueryNode node = make_node(QueryKind::phrase);
  node.field = field;
  const uint32_t first = tokens.front().position;
  for (const auto& token : tokens) {
    node.terms.push_back(token.term);
    node.positions.push_back(token.position - first);
  }
  node.slop = slop;
  return node;
}

// Non-text fields: the whole value is one term, encoded as the field indexes it.
Result<QueryNode> exact_value(const QueryParseContext& context, const mapping::FieldMapping& field, const json& value,
                              const MatchOptions& options) {
  auto encoded = term_query_for_value(context, field, value);
  if (!encoded) {
    if (options.lenient) return match_none_node();
    return encoded.status();
  }
  if (encoded->match_none) return match_none_node();
  if (options.fuzziness && encoded->node.kind == QueryKind::term && field.type == FieldType::keyword) {
    return fuzzy_or_term(field.path, encoded->node.terms[0], options);
  }
  return std::move(encoded->node);
}

}  // namespace

Result<QueryNode> build_match(const QueryParseContext& context, const std::string& field_path, const json& value,
                              const MatchOptions& options) {
  if (value.is_object() || value.is_array() || value.is_null()) {
    return parse_error("[" + options.query_name + "] unknown token [" + std::string(value.is_null() ? "VALUE_NULL" : value.is_array() ? "START_ARRAY" : "START_OBJECT") +
                       "] after [query]");
  }
  const mapping::FieldMapping* field = resolve_field(context, field_path);
  if (field == nullptr || mapping::is_object_like(field->type)) return match_none_node();
  if (!is_text_like(field->type)) {
    if (options.type == MatchOptions::Type::phrase_prefix && field->type == FieldType::keyword) {
      return prefix_node(field->path, normalize_keyword(context, *field, scalar_text(value).value_or("")));
    }
    return exact_value(context, *field, value, options);
  }
  PHAROS_ASSIGN_OR_RETURN(auto analyzer, search_analyzer(context, field, options.analyzer, options.query_name));
  std::vector<analysis::Token> tokens;
  analyzer->analyze(scalar_text(value).value_or(""), tokens);
  if (tokens.empty()) return make_node(options.zero_terms_all ? QueryKind::match_all : QueryKind::match_none);
  if (tokens.size() > 65536) return Status(ErrorKind::resource_exhausted, "maxClauseCount is set to 1024");
  switch (options.type) {
    case MatchOptions::Type::boolean:
      return boolean_of_tokens(field->path, tokens, options, false);
    case MatchOptions::Type::bool_prefix:
      return boolean_of_tokens(field->path, tokens, options, true);
    case MatchOptions::Type::phrase:
      if (tokens.size() == 1) return leaf_for_token(field->path, tokens[0].term, options);
      return phrase_of_tokens(field->path, tokens, options.slop);
    case MatchOptions::Type::phrase_prefix: {
      // No phrase-prefix node yet: the phrase of all but the last token, and the last as a prefix.
      QueryNode last = prefix_node(field->path, tokens.back().term);
      last.max_expansions = options.max_expansions;
      if (tokens.size() == 1) return last;
      tokens.pop_back();
      QueryNode both = make_node(QueryKind::boolean);
      both.must.push_back(tokens.size() == 1 ? leaf_for_token(field->path, tokens[0].term, options)
                                             : phrase_of_tokens(field->path, tokens, options.slop));
      both.must.push_back(std::move(last));
      return both;
    }
  }
  return match_none_node();
}

Status read_match_option(const std::string& key, const json& value, MatchOptions& options, bool& handled) {
  handled = true;
  if (key == "operator") {
    std::string op = value.is_string() ? value.get<std::string>() : "";
    for (auto& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (op != "and" && op != "or") return parse_error("[" + options.query_name + "] query does not support operator [" + value.dump() + "]");
    options.operator_and = op == "and";
  } else if (key == "minimum_should_match") {
    options.minimum_should_match = value;
  } else if (key == "fuzziness") {
    options.fuzziness = value;
  } else if (key == "prefix_length") {
    PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(value, key));
    options.prefix_length = static_cast<uint32_t>(std::clamp<int64_t>(n, 0, 1 << 20));
  } else if (key == "max_expansions") {
    PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(value, key));
    if (n <= 0) return invalid("[max_expansions] must be positive.");
    options.max_expansions = static_cast<uint32_t>(std::min<int64_t>(n, 1 << 20));
  } else if (key == "fuzzy_transpositions") {
    PHAROS_ASSIGN_OR_RETURN(options.transpositions, read_bool(value, key));
  } else if (key == "analyzer") {
    if (!value.is_string()) return parse_error("[" + options.query_name + "] [analyzer] must be a string");
    options.analyzer = value.get<std::string>();
  } else if (key == "zero_terms_query") {
    std::string z = value.is_string() ? value.get<std::string>() : "";
    for (auto& c : z) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (z != "none" && z != "all") return parse_error("Unsupported zero_terms_query value [" + (value.is_string() ? value.get<std::string>() : value.dump()) + "]");
    options.zero_terms_all = z == "all";
  } else if (key == "lenient") {
    PHAROS_ASSIGN_OR_RETURN(options.lenient, read_bool(value, key));
  } else if (key == "slop" || key == "phrase_slop") {
    PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(value, key));
    if (n < 0) return invalid("No negative slop allowed.");
    options.slop = static_cast<uint32_t>(std::min<int64_t>(n, 1 << 20));
  } else if (key == "fuzzy_rewrite" || key == "rewrite" || key == "auto_generate_synonyms_phrase_query" ||
             key == "cutoff_frequency" || key == "fuzzy_prefix_length" || key == "fuzzy_max_expansions") {
    // Accepted for compatibility; they do not change which documents match.
  } else {
    handled = false;
  }
  return Status::ok();
}

namespace {

Result<QueryNode> parse_match_family(const json& body, const ParseState& state, MatchOptions options) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, options.query_name));
  QueryNode meta;
  const json* query = entry.value;
  if (entry.value->is_object()) {
    query = nullptr;
    for (const auto& [key, value] : entry.value->items()) {
      if (key == "query") {
        query = &value;
        continue;
      }
      if (key == "boost" || key == "_name") continue;
      bool handled = false;
      PHAROS_RETURN_IF_ERROR(read_match_option(key, value, options, handled));
      if (!handled) return parse_error("[" + options.query_name + "] query does not support [" + key + "]");
    }
    if (query == nullptr) return parse_error("[" + options.query_name + "] requires query value");
    PHAROS_RETURN_IF_ERROR(read_boost_and_name(*entry.value, meta, options.query_name));
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, meta, options.query_name));
  PHAROS_ASSIGN_OR_RETURN(QueryNode node, build_match(state.context, entry.field, *query, options));
  node.boost *= meta.boost;
  node.name = meta.name;
  return node;
}

}  // namespace

Result<QueryNode> parse_match(const json& body, const ParseState& state) {
  MatchOptions options;
  options.query_name = "match";
  return parse_match_family(body, state, options);
}

Result<QueryNode> parse_match_phrase(const json& body, const ParseState& state, bool prefix) {
  MatchOptions options;
  options.query_name = prefix ? "match_phrase_prefix" : "match_phrase";
  options.type = prefix ? MatchOptions::Type::phrase_prefix : MatchOptions::Type::phrase;
  return parse_match_family(body, state, options);
}

Result<QueryNode> parse_match_bool_prefix(const json& body, const ParseState& state) {
  MatchOptions options;
  options.query_name = "match_bool_prefix";
  options.type = MatchOptions::Type::bool_prefix;
  return parse_match_family(body, state, options);
}

}  // namespace pharos::query::detail
