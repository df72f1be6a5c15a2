// range: integers/dates/booleans/scaled_float → numeric_range over doc values (inclusive
// bounds), double/float/half_float → floating_range, keyword/text → term_range, ip → term_range
// over the 16-byte doc values.
#include <cmath>

#include "index/mapping/ip_address.h"
#include "index/mapping/range_value.h"
#include "index/mapping/term_encoding.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

using mapping::FieldType;

struct RangeSpec {
  const json* lower = nullptr;
  const json* upper = nullptr;
  bool include_lower = true, include_upper = true;
  std::optional<std::string> format;
  std::optional<int64_t> tz_offset;
  std::string relation = "intersects";  // range fields: intersects | contains | within
};

Result<RangeSpec> read_spec(const json& object, QueryNode& meta) {
  if (!object.is_object()) return parse_error("[range] query malformed, after field missing start object");
  RangeSpec spec;
  for (const auto& [key, value] : object.items()) {
    const json* v = value.is_null() ? nullptr : &value;
    if (key == "gt") spec.lower = v, spec.include_lower = false;
    else if (key == "gte") spec.lower = v, spec.include_lower = true;
    else if (key == "lt") spec.upper = v, spec.include_upper = false;
    else if (key == "lte") spec.upper = v, spec.include_upper = true;
    else if (key == "from") spec.lower = v;
    else if (key == "to") spec.upper = v;
    else if (key == "include_lower") { PHAROS_ASSIGN_OR_RETURN(spec.include_lower, read_bool(value, key)); }
    else if (key == "include_upper") { PHAROS_ASSIGN_OR_RETURN(spec.include_upper, read_bool(value, key)); }
    else if (key == "format") {
      if (!value.is_string()) return parse_error("[range] query [format] must be a string");
      spec.format = value.get<std::string>();
    } else if (key == "time_zone") {
      if (!value.is_string()) return parse_error("[range] query [time_zone] must be a string");
      PHAROS_ASSIGN_OR_RETURN(int64_t offset, parse_time_zone(value.get<std::string>()));
      spec.tz_offset = offset;
    } else if (key == "relation") {
      if (value != "INTERSECTS" && value != "CONTAINS" && value != "WITHIN" && value != "intersects" &&
          value != "contains" && value != "within") {
        return parse_error("[range] query does not support relation [" + value.dump() + "]");
      }
      spec.relation = value.get<std::string>();
      for (char& c : spec.relation) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (key != "boost" && key != "_name") {
      return parse_error("[range] query does not support [" + key + "]");
    }
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(object, meta, "range"));
  return spec;
}

QueryNode numeric(const std::string& field, int64_t lower, int64_t upper) {
  if (lower > upper) return match_none_node();
  QueryNode node = make_node(QueryKind::numeric_range);
  node.field = field;
  node.int_lower = lower;
  node.int_upper = upper;
  return node;
}

// Integer bound from a possibly fractional value: the smallest/largest integer the bound admits.
Result<std::optional<int64_t>> integer_bound(const json& value, bool is_lower, bool inclusive, int64_t lo, int64_t hi,
                                             const std::string& field) {
  PHAROS_ASSIGN_OR_RETURN(double d, read_double(value, field));
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    int64_t v = value.get<int64_t>();
    if (!inclusive) {
      if (is_lower ? v == INT64_MAX : v == INT64_MIN) return std::optional<int64_t>();
      v += is_lower ? 1 : -1;
    }
    if (is_lower ? v > hi : v < lo) return std::optional<int64_t>();
    return std::optional<int64_t>(std::clamp(v, lo, hi));
  }
  if (std::isnan(d)) return invalid("[range] bound is not a number");
  double bound = is_lower ? (inclusive ? std::ceil(d) : std::floor(d) + 1) : (inclusive ? std::floor(d) : std::ceil(d) - 1);
  if (is_lower ? bound > static_cast<double>(hi) : bound < static_cast<double>(lo)) return std::optional<int64_t>();
  bound = std::clamp(bound, static_cast<double>(lo), static_cast<double>(hi));
  if (bound >= 9.2233720368547758e18) return std::optional<int64_t>(hi);
  return std::optional<int64_t>(static_cast<int64_t>(bound));
}

Result<QueryNode> integer_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  int64_t lo = INT64_MIN, hi = INT64_MAX;
  if (field.type == FieldType::integer) lo = INT32_MIN, hi = INT32_MAX;
  if (field.type == FieldType::short_) lo = INT16_MIN, hi = INT16_MAX;
  if (field.type == FieldType::byte) lo = INT8_MIN, hi = INT8_MAX;
  int64_t lower = lo, upper = hi;
  if (spec.lower) {
    PHAROS_ASSIGN_OR_RETURN(auto b, integer_bound(*spec.lower, true, spec.include_lower, lo, hi, field.path));
    if (!b) return match_none_node();
    lower = *b;
  }
  if (spec.upper) {
    PHAROS_ASSIGN_OR_RETURN(auto b, integer_bound(*spec.upper, false, spec.include_upper, lo, hi, field.path));
    if (!b) return match_none_node();
    upper = *b;
  }
  return numeric(field.path, lower, upper);
}

Result<QueryNode> scaled_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  // As ScaledFloatFieldMapper: scale the bound, nudge exclusive bounds, then ceil/floor.
  const double factor = field.scaling_factor.value_or(1.0);
  int64_t lower = INT64_MIN, upper = INT64_MAX;
  if (spec.lower) {
    PHAROS_ASSIGN_OR_RETURN(double d, read_double(*spec.lower, field.path));
    double scaled = d * factor;
    if (!spec.include_lower) scaled = std::nextafter(scaled, INFINITY);
    scaled = std::ceil(scaled);
    if (scaled >= 9.2e18) return match_none_node();
    if (scaled > -9.2e18) lower = static_cast<int64_t>(scaled);
  }
  if (spec.upper) {
    PHAROS_ASSIGN_OR_RETURN(double d, read_double(*spec.upper, field.path));
    double scaled = d * factor;
    if (!spec.include_upper) scaled = std::nextafter(scaled, -INFINITY);
    scaled = std::floor(scaled);
    if (scaled <= -9.2e18) return match_none_node();
    if (scaled < 9.2e18) upper = static_cast<int64_t>(scaled);
  }
  return numeric(field.path, lower, upper);
}

Result<QueryNode> floating_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  QueryNode node = make_node(QueryKind::floating_range);
  node.field = field.path;
  // Bounds at the field's precision, so lte 0.1 matches a float field's stored 0.1f.
  auto round = [&](double d) {
    if (field.type == FieldType::float_) return mapping::round_to_float(d);
    if (field.type == FieldType::half_float) return mapping::round_to_half_float(d);
    return d;
  };
  if (spec.lower) {
    PHAROS_ASSIGN_OR_RETURN(double d, read_double(*spec.lower, field.path));
    node.float_lower = round(d);
  }
  if (spec.upper) {
    PHAROS_ASSIGN_OR_RETURN(double d, read_double(*spec.upper, field.path));
    node.float_upper = round(d);
  }
  node.include_lower = spec.include_lower;
  node.include_upper = spec.include_upper;
  return node;
}

Result<QueryNode> date_range(const QueryParseContext& context, const mapping::FieldMapping& field,
                             const RangeSpec& spec) {
  DateMathOptions options;
  options.format = spec.format ? &*spec.format : (field.format ? &*field.format : nullptr);
  options.tz_offset_millis = spec.tz_offset;
  options.nanos = field.type == FieldType::date_nanos;
  int64_t lower = INT64_MIN, upper = INT64_MAX;
  if (spec.lower) {
    auto text = scalar_text(*spec.lower);
    if (!text || spec.lower->is_boolean()) return parse_error("failed to parse date field [" + spec.lower->dump() + "]");
    options.round_up = !spec.include_lower;  // gt rounds up, gte down
    PHAROS_ASSIGN_OR_RETURN(lower, parse_date_math(*text, context.now_millis, options));
    if (!spec.include_lower) {
      if (lower == INT64_MAX) return match_none_node();
      ++lower;
    }
  }
  if (spec.upper) {
    auto text = scalar_text(*spec.upper);
    if (!text || spec.upper->is_boolean()) return parse_error("failed to parse date field [" + spec.upper->dump() + "]");
    options.round_up = spec.include_upper;  // lte rounds up, lt down
    PHAROS_ASSIGN_OR_RETURN(upper, parse_date_math(*text, context.now_millis, options));
    if (!spec.include_upper) {
      if (upper == INT64_MIN) return match_none_node();
      --upper;
    }
  }
  return numeric(field.path, lower, upper);
}

Result<QueryNode> boolean_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  int64_t lower = 0, upper = 1;
  if (spec.lower) {
    PHAROS_ASSIGN_OR_RETURN(bool b, read_bool(*spec.lower, field.path));
    lower = (b ? 1 : 0) + (spec.include_lower ? 0 : 1);
  }
  if (spec.upper) {
    PHAROS_ASSIGN_OR_RETURN(bool b, read_bool(*spec.upper, field.path));
    upper = (b ? 1 : 0) - (spec.include_upper ? 0 : 1);
  }
  return numeric(field.path, lower, upper);
}

Result<QueryNode> ip_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  QueryNode node = make_node(QueryKind::term_range);
  node.field = field.path;
  for (const json* bound : {spec.lower, spec.upper}) {
    if (bound == nullptr) continue;
    if (!bound->is_string()) return invalid("'" + bound->dump() + "' is not an IP string literal.");
    auto ip = mapping::parse_ip(bound->get<std::string>());
    if (!ip) return invalid("'" + bound->get<std::string>() + "' is not an IP string literal.");
    (bound == spec.lower ? node.term_lower : node.term_upper) = mapping::ip_bytes_to_string(*ip);
  }
  node.include_lower = spec.include_lower;
  node.include_upper = spec.include_upper;
  return node;
}

Result<QueryNode> unsigned_range(const mapping::FieldMapping& field, const RangeSpec& spec) {
  // Doc values hold the raw bit pattern (values ≥ 2^63 read negative), so a range crossing
  // 2^63 splits into two signed ranges.
  auto bound = [&](const json& v, bool is_lower, bool inclusive) -> Result<std::optional<uint64_t>> {
    PHAROS_ASSIGN_OR_RETURN(double d, read_double(v, field.path));
    if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0)) {
      uint64_t u = v.get<uint64_t>();
      if (!inclusive) {
        if (is_lower ? u == UINT64_MAX : u == 0) return std::optional<uint64_t>();
        u = is_lower ? u + 1 : u - 1;
      }
      return std::optional<uint64_t>(u);
    }
    double b = is_lower ? (inclusive ? std::ceil(d) : std::floor(d) + 1) : (inclusive ? std::floor(d) : std::ceil(d) - 1);
    if (b < 0) return is_lower ? std::optional<uint64_t>(0) : std::optional<uint64_t>();
    if (b >= 1.8446744073709552e19) return is_lower ? std::optional<uint64_t>() : std::optional<uint64_t>(UINT64_MAX);
    return std::optional<uint64_t>(static_cast<uint64_t>(b));
  };
  uint64_t lower = 0, upper = UINT64_MAX;
  if (spec.lower) {
    PHAROS_ASSIGN_OR_RETURN(auto b, bound(*spec.lower, true, spec.include_lower));
    if (!b) return match_none_node();
    lower = *b;
  }
  if (spec.upper) {
    PHAROS_ASSIGN_OR_RETURN(auto b, bound(*spec.upper, false, spec.include_upper));
    if (!b) return match_none_node();
    upper = *b;
  }
  if (lower > upper) return match_none_node();
  constexpr uint64_t kSignBit = uint64_t{1} << 63;
  auto raw = [](uint64_t u) { return static_cast<int64_t>(u); };
  if (upper < kSignBit || lower >= kSignBit) return numeric(field.path, raw(lower), raw(upper));
  QueryNode either = make_node(QueryKind::boolean);
  either.should.push_back(numeric(field.path, raw(lower), INT64_MAX));
  either.should.push_back(numeric(field.path, INT64_MIN, raw(upper)));
  either.minimum_should_match = 1;
  QueryNode wrapped = make_node(QueryKind::constant_score);
  wrapped.children.push_back(std::move(either));
  return wrapped;
}

Result<QueryNode> term_range(const QueryParseContext& context, const mapping::FieldMapping& field,
                             const RangeSpec& spec) {
  QueryNode node = make_node(QueryKind::term_range);
  node.field = field.path;
  for (const json* bound : {spec.lower, spec.upper}) {
    if (bound == nullptr) continue;
    auto text = scalar_text(*bound);
    if (!text) return parse_error("[range] query does not support object or array bounds");
    std::string value = field.type == FieldType::keyword ? normalize_keyword(context, field, *text) : *text;
    (bound == spec.lower ? node.term_lower : node.term_upper) = std::move(value);
  }
  node.include_lower = spec.include_lower;
  node.include_upper = spec.include_upper;
  return node;
}

QueryNode both(QueryNode a, QueryNode b) {
  QueryNode node = make_node(QueryKind::boolean);
  node.filter.push_back(std::move(a));
  node.filter.push_back(std::move(b));
  QueryNode wrapped = make_node(QueryKind::constant_score);
  wrapped.children.push_back(std::move(node));
  return wrapped;
}

// A range field matched against the query range [lo, hi] over the hidden from/to columns
// (range_value.h). intersects: from <= hi && to >= lo; contains (doc range contains the query
// range): from <= lo && to >= hi; within: from >= lo && to <= hi.
Result<QueryNode> range_field_range(const QueryParseContext& context, const mapping::FieldMapping& field,
                                    const RangeSpec& spec) {
  mapping::FieldMapping element = field;
  switch (field.type) {
    case FieldType::integer_range: element.type = FieldType::integer; break;
    case FieldType::long_range: element.type = FieldType::long_; break;
    case FieldType::float_range: element.type = FieldType::float_; break;
    case FieldType::double_range: element.type = FieldType::double_; break;
    case FieldType::date_range: element.type = FieldType::date; break;
    default:
      return invalid("range queries on [" + std::string(mapping::field_type_name(field.type)) +
                     "] fields are not supported");
  }
  const bool floating = element.type == FieldType::float_ || element.type == FieldType::double_;
  Result<QueryNode> bounds = floating                         ? floating_range(element, spec)
                             : element.type == FieldType::date ? date_range(context, element, spec)
                                                               : integer_range(element, spec);
  if (!bounds) return bounds;
  if (bounds->kind == QueryKind::match_none) return bounds;
  const std::string from = mapping::range_from_field(field.path), to = mapping::range_to_field(field.path);
  if (floating) {
    // Exclusive query bounds are treated as inclusive here (stored bounds are already inclusive).
    auto side = [&](const std::string& column, std::optional<double> lower, std::optional<double> upper) {
      QueryNode node = make_node(QueryKind::floating_range);
      node.field = column;
      node.float_lower = lower;
      node.float_upper = upper;
      node.include_lower = node.include_upper = true;
      return node;
    };
    const auto lo = bounds->float_lower, hi = bounds->float_upper;
    if (spec.relation == "contains") return both(side(from, std::nullopt, lo), side(to, hi, std::nullopt));
    if (spec.relation == "within") return both(side(from, lo, std::nullopt), side(to, std::nullopt, hi));
    return both(side(from, std::nullopt, hi), side(to, lo, std::nullopt));
  }
  const int64_t lo = bounds->int_lower, hi = bounds->int_upper;
  if (spec.relation == "contains") return both(numeric(from, INT64_MIN, lo), numeric(to, hi, INT64_MAX));
  if (spec.relation == "within") return both(numeric(from, lo, INT64_MAX), numeric(to, INT64_MIN, hi));
  return both(numeric(from, INT64_MIN, hi), numeric(to, lo, INT64_MAX));
}

}  // namespace

Result<QueryNode> parse_range(const json& body, const ParseState& state) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, "range"));
  QueryNode meta;
  PHAROS_ASSIGN_OR_RETURN(RangeSpec spec, read_spec(*entry.value, meta));
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, meta, "range"));
  const mapping::FieldMapping* field = resolve_field(state.context, entry.field);
  Result<QueryNode> node = match_none_node();
  if (field == nullptr || mapping::is_object_like(field->type)) {
    node = match_none_node();
  } else {
    switch (field->type) {
      case FieldType::long_: case FieldType::integer: case FieldType::short_: case FieldType::byte:
        node = integer_range(*field, spec); break;
      case FieldType::unsigned_long: node = unsigned_range(*field, spec); break;
      case FieldType::scaled_float: node = scaled_range(*field, spec); break;
      case FieldType::double_: case FieldType::float_: case FieldType::half_float:
        node = floating_range(*field, spec); break;
      case FieldType::date: case FieldType::date_nanos: node = date_range(state.context, *field, spec); break;
      case FieldType::boolean: node = boolean_range(*field, spec); break;
      case FieldType::ip: node = ip_range(*field, spec); break;
      case FieldType::keyword: case FieldType::text: case FieldType::match_only_text: case FieldType::flat_object:
        node = term_range(state.context, *field, spec); break;
      case FieldType::integer_range: case FieldType::long_range: case FieldType::float_range:
      case FieldType::double_range: case FieldType::date_range: case FieldType::ip_range:
        node = range_field_range(state.context, *field, spec); break;
      default:
        return invalid("Field [" + field->path + "] of type [" + std::string(mapping::field_type_name(field->type)) +
                       "] does not support range queries");
    }
  }
  if (!node) return node;
  node->boost = meta.boost;
  node->name = meta.name;
  return node;
}

}  // namespace pharos::query::detail
