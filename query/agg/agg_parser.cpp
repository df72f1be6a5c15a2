// "aggs" JSON → AggregationSpec tree, resolved against the mapping.
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "index/mapping/date_format.h"
#include "index/mapping/mapping.h"
#include "query/agg/aggregation_spec.h"
#include "query/agg/aggregations.h"
#include "query/dsl/query_parser.h"
#include "query/dsl/time_zone.h"

namespace pharos::query {
namespace {

using Json = nlohmann::json;

const std::map<std::string, AggType>& type_names() {
  static const std::map<std::string, AggType> names = {{"terms", AggType::terms},
                                                       {"avg", AggType::avg},
                                                       {"sum", AggType::sum},
                                                       {"min", AggType::min},
                                                       {"max", AggType::max},
                                                       {"value_count", AggType::value_count},
                                                       {"stats", AggType::stats},
                                                       {"extended_stats", AggType::extended_stats},
                                                       {"cardinality", AggType::cardinality},
                                                       {"percentiles", AggType::percentiles},
                                                       {"percentile_ranks", AggType::percentile_ranks},
                                                       {"histogram", AggType::histogram},
                                                       {"date_histogram", AggType::date_histogram},
                                                       {"range", AggType::range},
                                                       {"date_range", AggType::date_range},
                                                       {"filter", AggType::filter},
                                                       {"filters", AggType::filters},
                                                       {"missing", AggType::missing},
                                                       {"top_hits", AggType::top_hits},
                                                       {"composite", AggType::composite},
                                                       {"derivative", AggType::derivative},
                                                       {"cumulative_sum", AggType::cumulative_sum},
                                                       {"max_bucket", AggType::max_bucket},
                                                       {"min_bucket", AggType::min_bucket},
                                                       {"avg_bucket", AggType::avg_bucket},
                                                       {"sum_bucket", AggType::sum_bucket}};
  return names;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// OpenSearch suggests close names: "Unknown aggregation type [termz] did you mean [terms]?".
std::string unknown_type_message(const std::string& key) {
  std::string best;
  size_t best_d = 3;
  for (const auto& [name, type] : type_names()) {
    size_t d = edit_distance(key, name);
    if (d < best_d) best_d = d, best = name;
  }
  std::string msg = "Unknown aggregation type [" + key + "]";
  return best.empty() ? msg : msg + " did you mean [" + best + "]?";
}

Status invalid(std::string msg) { return Status(ErrorKind::invalid_argument, std::move(msg)); }
Status parse_err(std::string msg) { return Status(ErrorKind::parse_error, std::move(msg)); }

ValueKind kind_of(const mapping::FieldMapping& f) {
  using mapping::FieldType;
  switch (f.type) {
    case FieldType::keyword:
      return ValueKind::keyword;
    case FieldType::ip:
      return ValueKind::ip;
    case FieldType::long_:
    case FieldType::integer:
    case FieldType::short_:
    case FieldType::byte:
    case FieldType::unsigned_long:
      return ValueKind::integer;
    case FieldType::double_:
    case FieldType::float_:
    case FieldType::half_float:
      return ValueKind::floating;
    case FieldType::scaled_float:
      return ValueKind::scaled;
    case FieldType::date:
    case FieldType::date_nanos:
      return ValueKind::date;
    case FieldType::boolean:
      return ValueKind::boolean;
    case FieldType::integer_range:
    case FieldType::long_range:
      return ValueKind::integer;
    case FieldType::float_range:
    case FieldType::double_range:
      return ValueKind::floating;
    case FieldType::date_range:
      return ValueKind::date;
    default:
      return ValueKind::unmapped;
  }
}

Status resolve_field(const Json& body, AggregationSpec& spec, const QueryParseContext& ctx, bool required) {
  auto it = body.find("field");
  if (it == body.end() || !it->is_string()) {
    if (body.contains("script"))
      return Status(ErrorKind::unsupported, "scripts are not supported in aggregations");
    if (!required) return Status::ok();
    return invalid("Required one of fields [field, script], but none were specified. ");
  }
  spec.field.name = it->get<std::string>();
  const mapping::FieldMapping* f = ctx.mapping ? ctx.mapping->find(spec.field.name) : nullptr;
  if (f != nullptr && f->type == mapping::FieldType::alias && f->alias_path) {
    spec.field.name = *f->alias_path;
    f = ctx.mapping->find(spec.field.name);
  }
  if (f == nullptr) {  // unmapped: no values, but value_type says how "missing" reads and prints
    if (auto vt = body.find("value_type"); vt != body.end() && vt->is_string()) {
      static const std::map<std::string, ValueKind> kinds = {
          {"string", ValueKind::keyword},   {"ip", ValueKind::ip},
          {"long", ValueKind::integer},     {"unsigned_long", ValueKind::integer},
          {"numeric", ValueKind::floating}, {"double", ValueKind::floating},
          {"date", ValueKind::date},        {"boolean", ValueKind::boolean}};
      auto k = kinds.find(vt->get<std::string>());
      if (k == kinds.end()) return invalid("Unknown value type [" + vt->get<std::string>() + "]");
      spec.field.kind = k->second;
      spec.field.unsigned_long = k->first == "unsigned_long";
    }
    return Status::ok();
  }
  if (f->type == mapping::FieldType::text || f->type == mapping::FieldType::match_only_text) {
    return invalid(
        "Text fields are not optimised for operations that require per-document field data like "
        "aggregations and sorting, so these operations are disabled by default. Please use a keyword "
        "field instead. Alternatively, set fielddata=true on [" +
        spec.field.name +
        "] in order to load field data by uninverting the inverted index. Note that this can use "
        "significant memory.");
  }
  spec.field.kind = kind_of(*f);
  if (f->scaling_factor) spec.field.scaling_factor = *f->scaling_factor;
  spec.field.unsigned_long = f->type == mapping::FieldType::unsigned_long;
  spec.field.nanos = f->type == mapping::FieldType::date_nanos;
  spec.field.range = mapping::is_range(f->type) && spec.field.kind != ValueKind::unmapped;
  if (spec.field.kind == ValueKind::date && !spec.format && f->format) {
    // key_as_string uses the field's first format unless the aggregation names one.
    std::string fmt = *f->format;
    auto bar = fmt.find("||");
    if (bar != std::string::npos) fmt = fmt.substr(0, bar);
    if (fmt != "strict_date_optional_time" && fmt != "date_optional_time") spec.format = fmt;
  }
  return Status::ok();
}

// Counts and sizes from JSON numbers, clamped so absurd values cannot overflow a conversion.
uint32_t to_u32(const Json& v) {
  double d = v.get<double>();
  if (!(d > 0)) return 0;
  return d >= 4294967295.0 ? UINT32_MAX : static_cast<uint32_t>(d);
}

std::optional<double> number_of(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      size_t pos = 0;
      double d = std::stod(v.get<std::string>(), &pos);
      if (pos == v.get<std::string>().size()) return d;
    } catch (...) {
    }
  }
  return std::nullopt;
}

// A date bound: number (epoch millis) or a date string in the field's format.
std::optional<double> date_of(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  auto r = mapping::DateFormat::default_format().parse_millis(v.get<std::string>());
  if (r) return static_cast<double>(*r);
  return std::nullopt;
}

Result<std::shared_ptr<AggregationSpec>> parse_one(const std::string& name, const Json& body,
                                                   const QueryParseContext& ctx, int depth);

Status parse_subs(const Json& aggs, AggregationSpec& parent, const QueryParseContext& ctx, int depth) {
  if (!aggs.is_object())
    return parse_err("Expected [START_OBJECT] under [aggregations], but got a different token");
  if (depth > 64) return invalid("aggregations nested too deeply");
  for (const auto& [name, body] : aggs.items()) {
    PHAROS_ASSIGN_OR_RETURN(auto sub, parse_one(name, body, ctx, depth + 1));
    bool histogram_parent =
        depth > 0 && (parent.type == AggType::histogram || parent.type == AggType::date_histogram);
    if (is_parent_pipeline(sub->type) && !histogram_parent)
      return invalid("parent pipeline aggregation [" + name +
                     "] must have a histogram, date_histogram or auto_date_histogram as parent");
    parent.subs.push_back(std::move(sub));
  }
  return Status::ok();
}

Status parse_order(const Json& v, AggregationSpec& spec) {
  auto one = [&spec](const Json& o) -> Status {
    if (!o.is_object()) return parse_err("[order] must be an object");
    for (const auto& [k, dir] : o.items()) {
      if (!dir.is_string() || (dir != "asc" && dir != "desc"))
        return parse_err("Unknown order direction [" + dir.dump() + "]");
      // _term and _time are the deprecated names of _key.
      spec.order.push_back({k == "_term" || k == "_time" ? "_key" : k, dir == "asc"});
    }
    return Status::ok();
  };
  if (v.is_array()) {
    for (const auto& o : v) PHAROS_RETURN_IF_ERROR(one(o));
    return Status::ok();
  }
  return one(v);
}

// include {"partition": p, "num_partitions": n}, as OpenSearch's IncludeExclude reads it.
Status parse_partition(const Json& include, AggregationSpec& s) {
  auto p = include.find("partition");
  auto n = include.find("num_partitions");
  if (p == include.end() || n == include.end() || !p->is_number_integer() || !n->is_number_integer())
    return parse_err("Missing [partition] or [num_partitions] parameter for include");
  int64_t partition = p->get<int64_t>(), partitions = n->get<int64_t>();
  if (partitions <= 0 || partitions > INT32_MAX)
    return invalid("[num_partitions] must be >0 and <= " + std::to_string(INT32_MAX));
  if (partition < 0 || partition >= partitions)
    return invalid("[partition] must be >=0 and < [num_partitions]");
  s.partition = static_cast<uint32_t>(partition);
  s.num_partitions = static_cast<uint32_t>(partitions);
  return Status::ok();
}

// execution_hint (string fields only; numbers ignore it, as OpenSearch) and collect_mode.
Status parse_terms_execution(const Json& b, AggregationSpec& s) {
  if (auto it = b.find("execution_hint"); it != b.end() && it->is_string()) {
    const std::string hint = it->get<std::string>();
    bool ordinals_field = s.field.kind == ValueKind::keyword || s.field.kind == ValueKind::ip;
    if (ordinals_field && hint != "map" && hint != "global_ordinals" && hint != "stream")
      return invalid("Unknown `execution_hint`: [" + hint +
                     "], expected any of [map, global_ordinals, stream]");
    s.execution_map = hint == "map";
  }
  if (auto it = b.find("collect_mode"); it != b.end()) {
    std::string mode = it->is_string() ? it->get<std::string>() : it->dump();
    if (mode == "breadth_first")
      s.collect_mode = AggregationSpec::CollectMode::breadth_first;
    else if (mode == "depth_first")
      s.collect_mode = AggregationSpec::CollectMode::depth_first;
    else
      return parse_err("no [collect_mode] found for value [" + mode + "]");
  }
  return Status::ok();
}

Status parse_terms(const Json& b, AggregationSpec& s) {
  if (auto it = b.find("size"); it != b.end() && it->is_number()) {
    if (it->get<double>() < 1)
      return invalid("[size] must be greater than 0. Found [" + it->dump() + "] in [" + s.name + "]");
    s.size = to_u32(*it);
  }
  if (auto it = b.find("shard_size"); it != b.end() && it->is_number()) s.shard_size = to_u32(*it);
  if (auto it = b.find("min_doc_count"); it != b.end() && it->is_number())
    s.min_doc_count = static_cast<int64_t>(std::clamp(it->get<double>(), -1.0, 9e18));
  if (auto it = b.find("order"); it != b.end()) PHAROS_RETURN_IF_ERROR(parse_order(*it, s));
  auto list = [&s](const Json& v, std::optional<std::string>& re, std::vector<std::string>& terms) {
    if (v.is_string()) re = v.get<std::string>();
    if (!v.is_array()) return;
    for (const auto& t : v) {
      // Date terms are compared as epoch millis, whatever format they are written in.
      std::optional<double> millis = s.field.kind == ValueKind::date ? date_of(t) : std::nullopt;
      if (millis) {
        terms.push_back(std::to_string(static_cast<int64_t>(*millis)));
      } else {
        terms.push_back(t.is_string() ? t.get<std::string>() : t.dump());
      }
    }
  };
  if (auto it = b.find("include"); it != b.end()) {
    if (it->is_object()) {
      PHAROS_RETURN_IF_ERROR(parse_partition(*it, s));
    } else {
      list(*it, s.include_regex, s.include_terms);
    }
  }
  if (auto it = b.find("exclude"); it != b.end()) list(*it, s.exclude_regex, s.exclude_terms);
  PHAROS_RETURN_IF_ERROR(parse_terms_execution(b, s));
  bool string_field = s.field.kind == ValueKind::keyword || s.field.kind == ValueKind::unmapped;
  if ((s.include_regex || s.exclude_regex) && !string_field)
    return Status(
        ErrorKind::aggregation_execution,
        "Aggregation [" + s.name +
            "] cannot support regular expression style include/exclude settings as they can only be "
            "applied to string fields. Use an array of values for include/exclude clauses");
  return Status::ok();
}

Status parse_histogram(const Json& b, AggregationSpec& s) {
  if (s.type == AggType::histogram) {
    auto it = b.find("interval");
    if (it == b.end() || !it->is_number())
      return invalid("[interval] must be specified for histogram aggregation [" + s.name + "]");
    s.interval = it->get<double>();
    if (!(s.interval > 0)) return invalid("[interval] must be >0 for histogram aggregation [" + s.name + "]");
    if (auto o = b.find("offset"); o != b.end() && o->is_number()) s.offset = o->get<double>();
  }
  if (auto it = b.find("min_doc_count"); it != b.end() && it->is_number())
    s.min_doc_count = static_cast<int64_t>(std::clamp(it->get<double>(), -1.0, 9e18));
  else
    s.min_doc_count = s.type == AggType::histogram || s.type == AggType::date_histogram ? 0 : 1;
  if (auto it = b.find("keyed"); it != b.end() && it->is_boolean()) s.keyed = it->get<bool>();
  if (auto it = b.find("order"); it != b.end()) PHAROS_RETURN_IF_ERROR(parse_order(*it, s));
  if (auto it = b.find("extended_bounds"); it != b.end() && it->is_object()) {
    auto conv = s.type == AggType::date_histogram ? date_of : number_of;
    if (it->contains("min")) s.extended_min = conv((*it)["min"]);
    if (it->contains("max")) s.extended_max = conv((*it)["max"]);
  }
  if (auto it = b.find("hard_bounds"); it != b.end() && it->is_object()) {
    auto conv = s.type == AggType::date_histogram ? date_of : number_of;
    if (it->contains("min")) s.hard_min = conv((*it)["min"]);
    if (it->contains("max")) s.hard_max = conv((*it)["max"]);
  }
  return Status::ok();
}

Result<int64_t> parse_fixed_interval(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i == text.size())
    return invalid("failed to parse setting [date_histogram.fixedInterval] with value [" + text +
                   "] as a time value: unit is missing or unrecognized");
  int64_t n = std::stoll(text.substr(0, i));
  std::string unit = text.substr(i);
  static const std::map<std::string, int64_t> units = {
      {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
  auto u = units.find(unit);
  if (u == units.end() || n <= 0)
    return invalid("failed to parse setting [date_histogram.fixedInterval] with value [" + text +
                   "] as a time value: unit is missing or unrecognized");
  return n * u->second;
}

Status parse_date_histogram(const Json& b, AggregationSpec& s) {
  static const std::map<std::string, CalendarUnit> cal = {
      {"minute", CalendarUnit::minute}, {"1m", CalendarUnit::minute},       {"hour", CalendarUnit::hour},
      {"1h", CalendarUnit::hour},       {"day", CalendarUnit::day},         {"1d", CalendarUnit::day},
      {"week", CalendarUnit::week},     {"1w", CalendarUnit::week},         {"month", CalendarUnit::month},
      {"1M", CalendarUnit::month},      {"quarter", CalendarUnit::quarter}, {"1q", CalendarUnit::quarter},
      {"year", CalendarUnit::year},     {"1y", CalendarUnit::year}};
  auto ci = b.find("calendar_interval");
  auto fi = b.find("fixed_interval");
  auto li = b.find("interval");  // deprecated: calendar names or fixed units
  if (ci != b.end() && ci->is_string()) {
    auto c = cal.find(ci->get<std::string>());
    if (c == cal.end())
      return invalid("The supplied interval [" + ci->get<std::string>() +
                     "] could not be parsed as a calendar interval.");
    s.calendar = c->second;
  } else if (fi != b.end() && fi->is_string()) {
    PHAROS_ASSIGN_OR_RETURN(int64_t ms, parse_fixed_interval(fi->get<std::string>()));
    s.interval = static_cast<double>(ms);
  } else if (li != b.end() && li->is_string()) {
    auto c = cal.find(li->get<std::string>());
    if (c != cal.end())
      s.calendar = c->second;
    else {
      PHAROS_ASSIGN_OR_RETURN(int64_t ms, parse_fixed_interval(li->get<std::string>()));
      s.interval = static_cast<double>(ms);
    }
  } else {
    return invalid("Invalid interval specified, must be non-null and non-empty");
  }
  if (auto it = b.find("time_zone"); it != b.end() && it->is_string()) {
    PHAROS_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::parse(it->get<std::string>()));
    if (zone.is_fixed()) {
      s.tz_offset_millis = zone.offset_at_utc(0);
    } else {
      s.time_zone = std::make_shared<const TimeZone>(std::move(zone));
    }
  }
  if (auto it = b.find("offset"); it != b.end()) {
    if (it->is_number())
      s.offset = it->get<double>();
    else if (it->is_string()) {
      std::string o = it->get<std::string>();
      bool neg = !o.empty() && o[0] == '-';
      if (!o.empty() && (o[0] == '+' || o[0] == '-')) o = o.substr(1);
      PHAROS_ASSIGN_OR_RETURN(int64_t ms, parse_fixed_interval(o));
      s.offset = static_cast<double>(neg ? -ms : ms);
    }
  }
  return parse_histogram(b, s);
}

Status parse_ranges(const Json& b, AggregationSpec& s) {
  auto it = b.find("ranges");
  if (it == b.end() || !it->is_array())
    return invalid("No [ranges] specified for the [" + s.name + "] aggregation");
  bool dates = s.type == AggType::date_range;
  for (const auto& r : *it) {
    if (!r.is_object()) return parse_err("[ranges] must hold objects");
    RangeBound rb;
    if (auto k = r.find("key"); k != r.end() && k->is_string()) rb.key = k->get<std::string>();
    for (const char* side : {"from", "to"}) {
      auto v = r.find(side);
      if (v == r.end() || v->is_null()) continue;
      auto d = dates ? date_of(*v) : number_of(*v);
      if (!d)
        return parse_err("[" + std::string(side) + "] value [" + v->dump() +
                         "] is not a valid number or date");
      (std::string(side) == "from" ? rb.from : rb.to) = *d;
      if (v->is_string()) (std::string(side) == "from" ? rb.from_text : rb.to_text) = v->get<std::string>();
    }
    s.ranges.push_back(std::move(rb));
  }
  if (auto k = b.find("keyed"); k != b.end() && k->is_boolean()) s.keyed = k->get<bool>();
  return Status::ok();
}

Status parse_filters(const Json& b, AggregationSpec& s, const QueryParseContext& ctx) {
  auto add = [&](const std::string& key, const Json& q) -> Status {
    PHAROS_ASSIGN_OR_RETURN(auto node, parse_query(q, ctx));
    s.filters.emplace_back(key, std::make_shared<const search::QueryNode>(std::move(node)));
    return Status::ok();
  };
  if (s.type == AggType::filter) return add("", b);
  auto f = b.find("filters");
  if (f == b.end()) return parse_err("[filters] must be specified for [" + s.name + "]");
  if (f->is_object()) {
    s.filters_named = true;
    for (const auto& [k, q] : f->items()) PHAROS_RETURN_IF_ERROR(add(k, q));
  } else if (f->is_array()) {
    s.filters_named = false;
    for (const auto& q : *f) PHAROS_RETURN_IF_ERROR(add("", q));
  } else {
    return parse_err("[filters] must be an object or an array");
  }
  if (auto o = b.find("other_bucket"); o != b.end() && o->is_boolean()) s.other_bucket = o->get<bool>();
  if (auto o = b.find("other_bucket_key"); o != b.end() && o->is_string()) {
    s.other_bucket = true;
    s.other_bucket_key = o->get<std::string>();
  }
  return Status::ok();
}

Status parse_percentiles(const Json& b, AggregationSpec& s) {
  const char* key = s.type == AggType::percentiles ? "percents" : "values";
  if (auto it = b.find(key); it != b.end() && it->is_array()) {
    for (const auto& p : *it) {
      if (!p.is_number()) return parse_err("[" + std::string(key) + "] must hold numbers");
      double v = p.get<double>();
      if (s.type == AggType::percentiles && (v < 0 || v > 100))
        return invalid("percent must be in [0,100], got [" + p.dump() + "]: [" + s.name + "]");
      s.percents.push_back(v);
    }
  } else if (s.type == AggType::percentiles) {
    s.percents = {1, 5, 25, 50, 75, 95, 99};
  } else {
    return invalid("[values] must not be null: [" + s.name + "]");
  }
  s.keyed = true;
  if (auto it = b.find("keyed"); it != b.end() && it->is_boolean()) s.keyed = it->get<bool>();
  if (auto it = b.find("tdigest");
      it != b.end() && it->is_object() && it->contains("compression") && (*it)["compression"].is_number())
    s.compression = std::max(1.0, (*it)["compression"].get<double>());
  return Status::ok();
}

Status parse_top_hits(const Json& b, AggregationSpec& s, const QueryParseContext& ctx) {
  s.size = 3;
  if (auto it = b.find("size"); it != b.end() && it->is_number()) s.size = to_u32(*it);
  if (auto it = b.find("from"); it != b.end() && it->is_number()) s.from = to_u32(*it);
  if (auto it = b.find("_source"); it != b.end() && it->is_boolean()) s.fetch_source = it->get<bool>();
  auto add = [&](const std::string& field, bool asc) {
    TopHitsSortField f{field, ValueKind::unmapped, asc};
    if (field != "_score" && ctx.mapping) {
      if (const auto* m = ctx.mapping->find(field)) f.kind = kind_of(*m);
    }
    s.sort.push_back(f);
  };
  if (auto it = b.find("sort"); it != b.end()) {
    Json list = it->is_array() ? *it : Json::array({*it});
    for (const auto& e : list) {
      if (e.is_string())
        add(e.get<std::string>(), e.get<std::string>() != "_score");
      else if (e.is_object())
        for (const auto& [k, v] : e.items()) {
          std::string order =
              v.is_string() ? v.get<std::string>() : v.value("order", k == "_score" ? "desc" : "asc");
          add(k, order == "asc");
        }
    }
  }
  return Status::ok();
}

Status parse_body(const Json& b, AggregationSpec& s, const QueryParseContext& ctx);

// composite: {"size":N,"sources":[{"name":{"terms":{...}}},...],"after":{...}}
Status parse_composite(const Json& b, AggregationSpec& s, const QueryParseContext& ctx) {
  if (auto it = b.find("size"); it != b.end() && it->is_number()) {
    if (it->get<double>() < 1)
      return invalid("[size] must be greater than 0. Found [" + it->dump() + "] in [" + s.name + "]");
    s.size = to_u32(*it);
  }
  auto src = b.find("sources");
  if (src == b.end() || !src->is_array() || src->empty())
    return invalid("Composite [sources] cannot be null or empty");
  for (const auto& entry : *src) {
    if (!entry.is_object() || entry.size() != 1)
      return parse_err("[sources] entries must hold one named source");
    const std::string name = entry.begin().key();
    const Json& def = entry.begin().value();
    if (!def.is_object() || def.size() != 1)
      return parse_err("source [" + name + "] must hold one value source");
    const std::string type = def.begin().key();
    const Json& body = def.begin().value();
    auto src_spec = std::make_shared<AggregationSpec>();
    src_spec->name = name;
    if (type == "terms")
      src_spec->type = AggType::terms;
    else if (type == "histogram")
      src_spec->type = AggType::histogram;
    else if (type == "date_histogram")
      src_spec->type = AggType::date_histogram;
    else
      return parse_err("Unknown source type [" + type + "] in composite [" + s.name + "]");
    if (!body.is_object()) return parse_err("source [" + name + "] must be an object");
    Json stripped = body;
    std::string dir = body.value("order", "asc");
    stripped.erase("order");
    stripped.erase("missing_bucket");
    PHAROS_RETURN_IF_ERROR(parse_body(stripped, *src_spec, ctx));
    src_spec->order = {{"_key", dir != "desc"}};
    src_spec->missing_bucket = body.value("missing_bucket", false);
    s.sources.push_back(std::move(src_spec));
  }
  if (auto it = b.find("after"); it != b.end()) {
    if (!it->is_object()) return parse_err("[after] must be an object");
    for (const auto& source : s.sources)
      if (!it->contains(source->name))
        return invalid("[after] has " + std::to_string(it->size()) + " value(s) but [sources] has " +
                       std::to_string(s.sources.size()));
    s.after_json = it->dump();
  }
  return Status::ok();
}

Status parse_pipeline(const Json& b, AggregationSpec& s) {
  auto path = b.find("buckets_path");
  if (path == b.end() || !path->is_string() || path->get<std::string>().empty())
    return parse_err("Required parameter [buckets_path] missing for pipeline aggregation [" + s.name + "]");
  s.buckets_path = path->get<std::string>();
  if (auto it = b.find("format"); it != b.end() && it->is_string()) s.format = it->get<std::string>();
  if (auto it = b.find("gap_policy"); it != b.end()) {
    if (!it->is_string() || (*it != "skip" && *it != "insert_zeros" && *it != "keep_values"))
      return parse_err("Invalid gap policy: [" + it->dump() +
                       "], accepted values: [skip, insert_zeros, keep_values]");
    s.insert_zeros = *it == "insert_zeros";
  }
  return Status::ok();
}

Status parse_body(const Json& b, AggregationSpec& s, const QueryParseContext& ctx) {
  if (!b.is_object())
    return parse_err("Expected [START_OBJECT] under [" + std::string(aggregation_type_prefix(s)) +
                     "], found a different token");
  if (s.type == AggType::composite) return parse_composite(b, s, ctx);
  if (is_pipeline(s.type)) return parse_pipeline(b, s);
  bool field_required =
      s.type != AggType::filter && s.type != AggType::filters && s.type != AggType::top_hits;
  if (auto it = b.find("format"); it != b.end() && it->is_string()) s.format = it->get<std::string>();
  if (field_required) PHAROS_RETURN_IF_ERROR(resolve_field(b, s, ctx, true));
  if (auto it = b.find("missing"); it != b.end() && s.type != AggType::missing) {
    if (it->is_string()) s.missing_text = it->get<std::string>();
    s.missing_number = s.field.kind == ValueKind::date ? date_of(*it) : number_of(*it);
    if (it->is_boolean()) s.missing_number = it->get<bool>() ? 1 : 0;
    if (!it->is_string())
      s.missing_text = it->is_boolean() ? (it->get<bool>() ? "true" : "false") : it->dump();
  }
  switch (s.type) {
    case AggType::terms:
      return parse_terms(b, s);
    case AggType::histogram:
      return parse_histogram(b, s);
    case AggType::date_histogram:
      return parse_date_histogram(b, s);
    case AggType::range:
    case AggType::date_range:
      return parse_ranges(b, s);
    case AggType::filter:
    case AggType::filters:
      return parse_filters(b, s, ctx);
    case AggType::percentiles:
    case AggType::percentile_ranks:
      return parse_percentiles(b, s);
    case AggType::cardinality:
      if (auto it = b.find("precision_threshold"); it != b.end() && it->is_number())
        s.precision_threshold = static_cast<uint32_t>(std::clamp(it->get<double>(), 0.0, 40000.0));
      return Status::ok();
    case AggType::top_hits:
      return parse_top_hits(b, s, ctx);
    default:
      return Status::ok();
  }
}

Result<std::shared_ptr<AggregationSpec>> parse_one(const std::string& name, const Json& body,
                                                   const QueryParseContext& ctx, int depth) {
  if (!body.is_object())
    return parse_err("Expected [START_OBJECT] under [" + name + "], but got a different token");
  auto spec = std::make_shared<AggregationSpec>();
  spec->name = name;
  const Json* type_body = nullptr;
  const Json* subs = nullptr;
  std::string type_name;
  for (const auto& [key, value] : body.items()) {
    if (key == "aggs" || key == "aggregations") {
      subs = &value;
      continue;
    }
    if (key == "meta") continue;
    auto t = type_names().find(key);
    if (t == type_names().end()) return parse_err(unknown_type_message(key));
    if (type_body != nullptr)
      return parse_err("Found two aggregation type definitions in [" + name + "]: [" + type_name + "] and [" +
                       key + "]");
    spec->type = t->second;
    type_name = key;
    type_body = &value;
  }
  if (type_body == nullptr) return parse_err("Missing definition for aggregation [" + name + "]");
  PHAROS_RETURN_IF_ERROR(parse_body(*type_body, *spec, ctx));
  if (subs != nullptr) {
    if (spec->type == AggType::top_hits ||
        (spec->type != AggType::terms && spec->type != AggType::histogram &&
         spec->type != AggType::date_histogram && spec->type != AggType::range &&
         spec->type != AggType::date_range && spec->type != AggType::filter &&
         spec->type != AggType::filters && spec->type != AggType::missing &&
         spec->type != AggType::composite))
      return parse_err("Aggregator [" + name + "] of type [" + type_name +
                       "] cannot accept sub-aggregations");
    PHAROS_RETURN_IF_ERROR(parse_subs(*subs, *spec, ctx, depth));
  }
  return spec;
}

}  // namespace

Result<std::shared_ptr<const AggregationSpec>> parse_aggregations(const nlohmann::json& aggs,
                                                                  const QueryParseContext& context) {
  try {
    auto root = std::make_shared<AggregationSpec>();
    root->name = "";
    PHAROS_RETURN_IF_ERROR(parse_subs(aggs, *root, context, 0));
    return std::shared_ptr<const AggregationSpec>(std::move(root));
  } catch (const nlohmann::json::exception& e) {
    return Status(ErrorKind::parse_error, std::string("failed to parse aggregations: ") + e.what());
  }
}

}  // namespace pharos::query
