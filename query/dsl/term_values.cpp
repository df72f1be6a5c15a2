// Exact-value queries: term, terms, terms_set, exists, ids, prefix, wildcard, regexp, fuzzy.
// Values are encoded exactly as index/mapping/field_indexer.cpp writes them (term_encoding.h).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "index/mapping/ip_address.h"
#include "index/mapping/term_encoding.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

using mapping::FieldType;

QueryNode term_node(const std::string& field, std::string term) {
  QueryNode node = make_node(QueryKind::term);
  node.field = field;
  node.terms.push_back(std::move(term));
  return node;
}

QueryNode exact_range(const std::string& field, int64_t lower, int64_t upper) {
  QueryNode node = make_node(QueryKind::numeric_range);
  node.field = field;
  node.int_lower = lower;
  node.int_upper = upper;
  return node;
}

bool integer_bounds(FieldType type, int64_t& lo, int64_t& hi) {
  switch (type) {
    case FieldType::long_: lo = INT64_MIN; hi = INT64_MAX; return true;
    case FieldType::integer: lo = INT32_MIN; hi = INT32_MAX; return true;
    case FieldType::short_: lo = INT16_MIN; hi = INT16_MAX; return true;
    case FieldType::byte: lo = INT8_MIN; hi = INT8_MAX; return true;
    default: return false;
  }
}

// Integer field value: a fractional or out-of-range value matches nothing (Lucene's
// NumberFieldMapper does the same), a non-number is an error.
Result<EncodedValue> integer_value(const mapping::FieldMapping& field, const json& value) {
  EncodedValue out;
  int64_t lo = 0, hi = 0;
  integer_bounds(field.type, lo, hi);
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      out.match_none = true;
      return out;
    }
    int64_t v = value.get<int64_t>();
    if (v < lo || v > hi) out.match_none = true;
    else out.node = term_node(field.path, mapping::long_term(v));
    return out;
  }
  PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field.path));
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi) ||
      d >= 9.2233720368547758e18) {
    out.match_none = true;
    return out;
  }
  out.node = term_node(field.path, mapping::long_term(static_cast<int64_t>(d)));
  return out;
}

Result<EncodedValue> ip_value(const mapping::FieldMapping& field, const json& value) {
  if (!value.is_string()) return invalid("'" + value.dump() + "' is not an IP string literal.");
  const std::string& text = value.get_ref<const std::string&>();
  EncodedValue out;
  auto slash = text.find('/');
  if (slash == std::string::npos) {
    auto ip = mapping::parse_ip(text);
    if (!ip) return invalid("'" + text + "' is not an IP string literal.");
    out.node = term_node(field.path, mapping::format_ip(*ip));
    return out;
  }
  // CIDR: a range over the 16-byte doc values (IPv4 prefixes count from bit 96 of the mapped form).
  auto ip = mapping::parse_ip(text.substr(0, slash));
  int bits = -1;
  std::string bit_text = text.substr(slash + 1);
  if (!bit_text.empty() && bit_text.size() <= 3 && bit_text.find_first_not_of("0123456789") == std::string::npos) {
    bits = std::stoi(bit_text);
  }
  bool v4 = text.find(':') == std::string::npos;
  int max_bits = v4 ? 32 : 128;
  if (!ip || bits < 0 || bits > max_bits) return invalid("Expected [ip/prefix] but was [" + text + "]");
  int prefix = v4 ? bits + 96 : bits;
  mapping::IpBytes lower = *ip, upper = *ip;
  for (int i = prefix; i < 128; ++i) {
    uint8_t mask = static_cast<uint8_t>(0x80 >> (i % 8));
    lower[i / 8] &= static_cast<uint8_t>(~mask);
    upper[i / 8] |= mask;
  }
  out.node = make_node(QueryKind::term_range);
  out.node.field = field.path;
  out.node.term_lower = mapping::ip_bytes_to_string(lower);
  out.node.term_upper = mapping::ip_bytes_to_string(upper);
  return out;
}

Result<EncodedValue> unsigned_value(const mapping::FieldMapping& field, const json& value) {
  EncodedValue out;
  if (value.is_number_unsigned()) {
    out.node = term_node(field.path, mapping::unsigned_long_term(value.get<uint64_t>()));
    return out;
  }
  PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field.path));
  if (value.is_string()) {
    uint64_t u = 0;
    const std::string& s = value.get_ref<const std::string&>();
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), u);
    if (ec == std::errc() && ptr == s.data() + s.size()) {
      out.node = term_node(field.path, mapping::unsigned_long_term(u));
      return out;
    }
  }
  if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d >= 1.8446744073709552e19) {
    out.match_none = true;
    return out;
  }
  out.node = term_node(field.path, mapping::unsigned_long_term(static_cast<uint64_t>(d)));
  return out;
}

}  // namespace

Result<EncodedValue> term_query_for_value(const QueryParseContext& context, const mapping::FieldMapping& field,
                                          const json& value) {
  if (value.is_object() || value.is_array() || value.is_null()) {
    return parse_error("[term] query does not support array or object values for field [" + field.path + "]");
  }
  EncodedValue out;
  switch (field.type) {
    case FieldType::long_:
    case FieldType::integer:
    case FieldType::short_:
    case FieldType::byte:
      return integer_value(field, value);
    case FieldType::unsigned_long:
      return unsigned_value(field, value);
    case FieldType::scaled_float: {
      PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field.path));
      double scaled = std::round(d * field.scaling_factor.value_or(1.0));
      if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) {
        out.match_none = true;
        return out;
      }
      out.node = term_node(field.path, mapping::long_term(static_cast<int64_t>(scaled)));
      return out;
    }
    case FieldType::double_: {
      PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field.path));
      out.node = term_node(field.path, mapping::double_term(d));
      return out;
    }
    case FieldType::float_:
    case FieldType::half_float: {
      PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field.path));
      if (field.type == FieldType::half_float) d = mapping::round_to_half_float(d);
      out.node = term_node(field.path, mapping::float_term(static_cast<float>(d)));
      return out;
    }
    case FieldType::boolean: {
      if (value.is_string() && value.get_ref<const std::string&>().empty()) {
        out.node = term_node(field.path, mapping::boolean_term(false));
        return out;
      }
      PHAROS_ASSIGN_OR_RETURN(bool b, read_bool(value, field.path));
      out.node = term_node(field.path, mapping::boolean_term(b));
      return out;
    }
    case FieldType::date:
    case FieldType::date_nanos: {
      // A date term is the range its text covers ("2020-01-01" or "now/d"), as OpenSearch's DateFieldType.
      auto text = scalar_text(value);
      if (!text) return invalid("failed to parse date field [" + value.dump() + "]");
      DateMathOptions options;
      options.format = field.format ? &*field.format : nullptr;
      options.nanos = field.type == FieldType::date_nanos;
      PHAROS_ASSIGN_OR_RETURN(int64_t lower, parse_date_math(*text, context.now_millis, options));
      options.round_up = true;
      PHAROS_ASSIGN_OR_RETURN(int64_t upper, parse_date_math(*text, context.now_millis, options));
      out.node = exact_range(field.path, lower, upper);
      return out;
    }
    case FieldType::ip:
      return ip_value(field, value);
    case FieldType::keyword: {
      auto text = scalar_text(value);
      out.node = term_node(field.path, normalize_keyword(context, field, text.value_or("")));
      return out;
    }
    case FieldType::knn_vector:
    case FieldType::binary:
      return invalid("Field [" + field.path + "] of type [" + std::string(mapping::field_type_name(field.type)) +
                     "] does not support term queries");
    default: {
      // text and the rest: the raw value, unanalysed (term queries never analyse).
      auto text = scalar_text(value);
      out.node = term_node(field.path, text.value_or(""));
      return out;
    }
  }
}

namespace {

Result<EncodedValue> encode_for_path(const ParseState& state, const std::string& path, const json& value) {
  const mapping::FieldMapping* field = resolve_field(state.context, path);
  if (field == nullptr) {
    if (value.is_object() || value.is_array()) return parse_error("[term] query does not support array or object values");
    EncodedValue out;
    out.match_none = true;  // unmapped fields match nothing, as OpenSearch
    return out;
  }
  if (mapping::is_object_like(field->type)) {
    EncodedValue out;
    out.match_none = true;
    return out;
  }
  return term_query_for_value(state.context, *field, value);
}

}  // namespace

Result<QueryNode> parse_term(const json& body, const ParseState& state) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, "term"));
  const json* value = entry.value;
  QueryNode meta;
  bool case_insensitive = false;
  if (value->is_object()) {
    const json* inner = nullptr;
    for (const auto& [key, v] : value->items()) {
      if (key == "value") inner = &v;
      else if (key == "case_insensitive") {
        PHAROS_ASSIGN_OR_RETURN(case_insensitive, read_bool(v, "case_insensitive"));
      } else if (key != "boost" && key != "_name") {
        return parse_error("[term] query does not support [" + key + "]");
      }
    }
    if (inner == nullptr) return parse_error("[term] query does not support [" + entry.field + "] without [value]");
    PHAROS_RETURN_IF_ERROR(read_boost_and_name(*value, meta, "term"));
    value = inner;
  }
  if (value->is_object() || value->is_array()) {
    return parse_error("[term] query does not support array of values");
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, meta, "term"));
  PHAROS_ASSIGN_OR_RETURN(EncodedValue encoded, encode_for_path(state, entry.field, *value));
  QueryNode node = encoded.match_none ? match_none_node() : std::move(encoded.node);
  node.boost = meta.boost;
  node.name = meta.name;
  node.case_insensitive = case_insensitive;
  return node;
}

// Encoded values of a terms-style list: plain terms merge into one `terms` node; ranges (dates,
// CIDRs) become extra should clauses.
static Result<QueryNode> terms_node(const ParseState& state, const std::string& path, const json& values) {
  QueryNode terms = make_node(QueryKind::terms);
  terms.field = path;
  std::vector<QueryNode> ranges;
  for (const auto& value : values) {
    PHAROS_ASSIGN_OR_RETURN(EncodedValue encoded, encode_for_path(state, path, value));
    if (encoded.match_none) continue;
    if (encoded.node.kind == QueryKind::term) terms.terms.push_back(std::move(encoded.node.terms[0]));
    else ranges.push_back(std::move(encoded.node));
  }
  if (ranges.empty()) return terms.terms.empty() ? match_none_node() : terms;
  QueryNode any = make_node(QueryKind::boolean);
  if (!terms.terms.empty()) any.should.push_back(std::move(terms));
  for (auto& range : ranges) any.should.push_back(std::move(range));
  any.minimum_should_match = 1;
  QueryNode wrapped = make_node(QueryKind::constant_score);  // terms scores constantly
  wrapped.children.push_back(std::move(any));
  return wrapped;
}

Result<QueryNode> parse_terms(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[terms] query malformed, no start_object after query name");
  QueryNode meta;
  const json* values = nullptr;
  std::string field;
  for (const auto& [key, value] : body.items()) {
    if (key == "boost" || key == "_name") continue;
    if (values != nullptr) return parse_error("[terms] query does not support multiple fields");
    if (value.is_object()) return Status(ErrorKind::unsupported, "[terms] lookup is not supported");
    if (!value.is_array()) return parse_error("[terms] query does not support [" + key + "]");
    field = key;
    values = &value;
  }
  if (values == nullptr) return parse_error("[terms] query requires a field with an array of values");
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, meta, "terms"));
  if (values->size() > 65536) return invalid("The number of terms [" + std::to_string(values->size()) +
                                             "] used in the Terms Query request has exceeded the allowed maximum of [65536].");
  PHAROS_ASSIGN_OR_RETURN(QueryNode node, terms_node(state, field, *values));
  node.boost = meta.boost;
  node.name = meta.name;
  return node;
}

// terms_set approximated: minimum_should_match_field needs per-document counts the tree cannot
// express, so only the script-free fixed form ({"minimum_should_match": N}) is exact.
Result<QueryNode> parse_terms_set(const json& body, const ParseState& state) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, "terms_set"));
  if (!entry.value->is_object()) return parse_error("[terms_set] query malformed");
  const json& spec = *entry.value;
  auto terms = spec.find("terms");
  if (terms == spec.end() || !terms->is_array()) return parse_error("[terms_set] requires [terms]");
  QueryNode node = make_node(QueryKind::boolean);
  for (const auto& value : *terms) {
    PHAROS_ASSIGN_OR_RETURN(EncodedValue encoded, encode_for_path(state, entry.field, value));
    if (!encoded.match_none) node.should.push_back(std::move(encoded.node));
  }
  uint32_t required = node.should.empty() ? 0 : 1;
  if (auto msm = spec.find("minimum_should_match"); msm != spec.end()) {
    PHAROS_ASSIGN_OR_RETURN(required, resolve_minimum_should_match(*msm, static_cast<uint32_t>(terms->size())));
  }
  if (node.should.empty() || required > node.should.size()) return match_none_node();
  node.minimum_should_match = std::max<uint32_t>(required, 1);
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(spec, node, "terms_set"));
  return node;
}

Result<QueryNode> parse_exists(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[exists] query malformed, no start_object after query name");
  auto field = body.find("field");
  if (field == body.end() || !field->is_string()) return parse_error("[exists] must be provided with a [field]");
  QueryNode node = make_node(QueryKind::exists);
  std::string path = field->get<std::string>();
  const mapping::FieldMapping* mapped = resolve_field(state.context, path);
  if (mapped == nullptr) {
    node = match_none_node();
  } else {
    node.field = mapped->path;
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "exists"));
  return node;
}

Result<QueryNode> parse_ids(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[ids] query malformed, no start_object after query name");
  QueryNode node = make_node(QueryKind::ids);
  for (const auto& [key, value] : body.items()) {
    if (key == "values") {
      if (!value.is_array()) return parse_error("[ids] query malformed, [values] must be an array");
      for (const auto& id : value) {
        auto text = scalar_text(id);
        if (!text || id.is_boolean()) return parse_error("[ids] query malformed, ids must be strings");
        node.terms.push_back(*text);
      }
    } else if (key != "boost" && key != "_name" && key != "type") {
      return parse_error("[ids] query does not support [" + key + "]");
    }
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "ids"));
  return node;
}

Result<QueryNode> parse_pattern_query(const json& body, QueryKind kind, std::string_view name, const ParseState& state) {
  std::string query_name(name);
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, query_name));
  QueryNode node = make_node(kind);
  std::optional<std::string> pattern;
  if (entry.value->is_object()) {
    for (const auto& [key, v] : entry.value->items()) {
      if (key == "value" || (kind == QueryKind::wildcard && key == "wildcard")) {
        pattern = scalar_text(v);
      } else if (key == "case_insensitive") {
        PHAROS_ASSIGN_OR_RETURN(node.case_insensitive, read_bool(v, key));
      } else if (key != "boost" && key != "_name" && key != "rewrite" && key != "flags" &&
                 key != "max_determinized_states" && key != "flags_value") {
        return parse_error("[" + query_name + "] query does not support [" + key + "]");
      }
    }
    PHAROS_RETURN_IF_ERROR(read_boost_and_name(*entry.value, node, query_name));
  } else {
    pattern = scalar_text(*entry.value);
  }
  if (!pattern) return parse_error("[" + query_name + "] query malformed, no value for [" + entry.field + "]");
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, query_name));
  const mapping::FieldMapping* field = resolve_field(state.context, entry.field);
  if (field == nullptr) {
    QueryNode none = match_none_node();
    none.boost = node.boost;
    none.name = node.name;
    return none;
  }
  if (field->type != FieldType::keyword && !is_text_like(field->type) && field->type != FieldType::flat_object) {
    return invalid("Can only use " + query_name + " queries on keyword and text fields - not on [" + field->path +
                   "] which is of type [" + std::string(mapping::field_type_name(field->type)) + "]");
  }
  node.field = field->path;
  // Keyword normalizers lower-case etc.; the pattern must be normalised the same way.
  node.pattern = field->type == FieldType::keyword && kind != QueryKind::regexp
                     ? normalize_keyword(state.context, *field, *pattern)
                     : *pattern;
  return node;
}

Result<QueryNode> parse_fuzzy(const json& body, const ParseState& state) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, "fuzzy"));
  QueryNode node = make_node(QueryKind::fuzzy);
  std::optional<std::string> value;
  json fuzziness = "AUTO";
  if (entry.value->is_object()) {
    for (const auto& [key, v] : entry.value->items()) {
      if (key == "value") value = scalar_text(v);
      else if (key == "fuzziness") fuzziness = v;
      else if (key == "prefix_length") {
        PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(v, key));
        node.prefix_length = static_cast<uint32_t>(std::clamp<int64_t>(n, 0, 1 << 20));
      } else if (key == "max_expansions") {
        PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(v, key));
        if (n <= 0) return invalid("[max_expansions] must be positive.");
        node.max_expansions = static_cast<uint32_t>(std::min<int64_t>(n, 1 << 20));
      } else if (key == "transpositions") {
        PHAROS_ASSIGN_OR_RETURN(node.transpositions, read_bool(v, key));
      } else if (key != "boost" && key != "_name" && key != "rewrite") {
        return parse_error("[fuzzy] query does not support [" + key + "]");
      }
    }
    PHAROS_RETURN_IF_ERROR(read_boost_and_name(*entry.value, node, "fuzzy"));
  } else {
    value = scalar_text(*entry.value);
  }
  if (!value) return parse_error("[fuzzy] query malformed, no value for [" + entry.field + "]");
  const mapping::FieldMapping* field = resolve_field(state.context, entry.field);
  if (field == nullptr) return match_none_node();
  std::string term = field->type == FieldType::keyword ? normalize_keyword(state.context, *field, *value) : *value;
  PHAROS_ASSIGN_OR_RETURN(node.max_edits, resolve_fuzziness(fuzziness, utf8_length(term)));
  node.field = field->path;
  node.terms.push_back(std::move(term));
  return node;
}

}  // namespace pharos::query::detail
