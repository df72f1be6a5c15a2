// function_score: weight, field_value_factor, gauss/exp/linear decay, random_score; script_score
// is not supported (no scripting). Decay origins on date fields accept date math ("now-1d").
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

using search::FunctionSpec;

Result<double> decay_number(const QueryParseContext& context, const mapping::FieldMapping* field, const json& value,
                            bool is_origin) {
  bool is_date = field != nullptr &&
                 (field->type == mapping::FieldType::date || field->type == mapping::FieldType::date_nanos);
  if (is_date && value.is_string()) {
    if (is_origin) {
      DateMathOptions options;
      options.format = field->format ? &*field->format : nullptr;
      PHAROS_ASSIGN_OR_RETURN(int64_t millis, parse_date_math(value.get<std::string>(), context.now_millis, options));
      return static_cast<double>(millis);
    }
    PHAROS_ASSIGN_OR_RETURN(int64_t millis, parse_duration_millis(value.get<std::string>()));
    return static_cast<double>(millis);
  }
  return read_double(value, "decay");
}

Status read_decay(const QueryParseContext& context, const json& spec, FunctionSpec& function) {
  if (!spec.is_object()) return parse_error("[function_score] malformed decay function");
  for (const auto& [key, value] : spec.items()) {
    if (key == "multi_value_mode") continue;
    if (!value.is_object()) return parse_error("[function_score] unknown field [" + key + "]");
    function.field = key;
    const mapping::FieldMapping* field = resolve_field(context, key);
    bool has_scale = false;
    for (const auto& [param, v] : value.items()) {
      if (param == "origin") {
        PHAROS_ASSIGN_OR_RETURN(function.origin, decay_number(context, field, v, true));
      } else if (param == "scale") {
        PHAROS_ASSIGN_OR_RETURN(function.scale, decay_number(context, field, v, false));
        has_scale = true;
      } else if (param == "offset") {
        PHAROS_ASSIGN_OR_RETURN(function.offset, decay_number(context, field, v, false));
      } else if (param == "decay") {
        PHAROS_ASSIGN_OR_RETURN(function.decay, read_double(v, param));
        if (!(function.decay > 0 && function.decay < 1)) {
          return invalid("decay must be in the range [0..1].");
        }
      } else {
        return parse_error("[function_score] decay does not support [" + param + "]");
      }
    }
    if (!has_scale) return parse_error("[function_score] decay requires [scale]");
    if (field != nullptr && (field->type == mapping::FieldType::date) && !value.contains("origin")) {
      function.origin = static_cast<double>(context.now_millis);
    }
  }
  return Status::ok();
}

// Reads one function's keys out of `object` (a "functions" entry or the function_score body).
// Returns whether a function was found.
Result<bool> read_function(const QueryParseContext& context, const std::string& key, const json& value,
                           FunctionSpec& function, bool& has_type) {
  auto set_type = [&](FunctionSpec::Type type) -> Status {
    if (has_type) return parse_error("failed to parse [function_score] query. already found function, now encountering [" + key + "]. use [functions] array if you want to define several functions.");
    has_type = true;
    function.type = type;
    return Status::ok();
  };
  if (key == "weight") {
    PHAROS_ASSIGN_OR_RETURN(double w, read_double(value, key));
    function.weight = static_cast<float>(w);
    return true;
  }
  if (key == "field_value_factor") {
    PHAROS_RETURN_IF_ERROR(set_type(FunctionSpec::Type::field_value_factor));
    if (!value.is_object() || !value.contains("field")) return parse_error("[field_value_factor] requires [field]");
    for (const auto& [param, v] : value.items()) {
      if (param == "field" && v.is_string()) function.field = v.get<std::string>();
      else if (param == "factor") { PHAROS_ASSIGN_OR_RETURN(double f, read_double(v, param)); function.factor = static_cast<float>(f); }
      else if (param == "modifier" && v.is_string()) function.modifier = v.get<std::string>();
      else if (param == "missing") { PHAROS_ASSIGN_OR_RETURN(double m, read_double(v, param)); function.missing = m; }
      else return parse_error("[field_value_factor] query does not support [" + param + "]");
    }
    static const char* kModifiers[] = {"none", "log", "log1p", "log2p", "ln", "ln1p", "ln2p", "square", "sqrt", "reciprocal"};
    if (std::find(std::begin(kModifiers), std::end(kModifiers), function.modifier) == std::end(kModifiers)) {
      return invalid("Illegal modifier: " + function.modifier);
    }
    return true;
  }
  if (key == "gauss" || key == "exp" || key == "linear") {
    PHAROS_RETURN_IF_ERROR(set_type(key == "gauss" ? FunctionSpec::Type::gauss
                                    : key == "exp" ? FunctionSpec::Type::exp : FunctionSpec::Type::linear));
    PHAROS_RETURN_IF_ERROR(read_decay(context, value, function));
    return true;
  }
  if (key == "random_score") {
    PHAROS_RETURN_IF_ERROR(set_type(FunctionSpec::Type::random_score));
    if (value.is_object()) {
      if (auto seed = value.find("seed"); seed != value.end()) {
        if (seed->is_number_integer()) function.seed = static_cast<uint64_t>(seed->get<int64_t>());
        else if (seed->is_string()) function.seed = std::hash<std::string>{}(seed->get<std::string>());
      }
      if (auto field = value.find("field"); field != value.end() && field->is_string()) function.field = field->get<std::string>();
    }
    return true;
  }
  if (key == "script_score") return Status(ErrorKind::unsupported, "[script_score] is not supported");
  return false;
}

}  // namespace

Result<QueryNode> parse_function_score(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[function_score] query malformed, no start_object after query name");
  QueryNode node = make_node(QueryKind::function_score);
  std::optional<QueryNode> inner;
  FunctionSpec top;
  bool top_has_type = false, top_has_any = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "query") {
      PHAROS_ASSIGN_OR_RETURN(inner, parse_nested(value, state));
    } else if (key == "functions") {
      if (!value.is_array()) return parse_error("[function_score] [functions] must be an array");
      for (const auto& entry : value) {
        if (!entry.is_object()) return parse_error("[function_score] malformed function");
        FunctionSpec function;
        bool has_type = false;
        QueryNode filter = make_node(QueryKind::match_all);
        for (const auto& [fkey, fvalue] : entry.items()) {
          if (fkey == "filter") {
            PHAROS_ASSIGN_OR_RETURN(filter, parse_nested(fvalue, state));
            continue;
          }
          PHAROS_ASSIGN_OR_RETURN(bool known, read_function(state.context, fkey, fvalue, function, has_type));
          if (!known) return parse_error("failed to parse [function_score] query. unknown function [" + fkey + "]");
        }
        node.functions.push_back(function);
        node.function_filters.push_back(std::move(filter));
      }
    } else if (key == "score_mode" || key == "boost_mode") {
      static const char* kScore[] = {"multiply", "sum", "avg", "first", "max", "min"};
      static const char* kBoost[] = {"multiply", "replace", "sum", "avg", "max", "min"};
      std::string mode = value.is_string() ? value.get<std::string>() : "";
      const auto* list = key == "score_mode" ? kScore : kBoost;
      if (std::find(list, list + 6, mode) == list + 6) {
        return parse_error("failed to parse [function_score] query. illegal " + key + " [" + mode + "]");
      }
      (key == "score_mode" ? node.score_mode : node.boost_mode) = mode;
    } else if (key == "max_boost") {
      PHAROS_ASSIGN_OR_RETURN(double b, read_double(value, key));
      node.max_boost = static_cast<float>(b);
    } else if (key == "min_score") {
      PHAROS_ASSIGN_OR_RETURN(double m, read_double(value, key));
      node.min_score = static_cast<float>(m);
    } else if (key == "boost" || key == "_name") {
      continue;
    } else {
      PHAROS_ASSIGN_OR_RETURN(bool known, read_function(state.context, key, value, top, top_has_type));
      if (!known) return parse_error("failed to parse [function_score] query. unknown field [" + key + "]");
      top_has_any = true;
    }
  }
  if (top_has_any) {
    if (!node.functions.empty()) return parse_error("failed to parse [function_score] query. already found [functions] array, now encountering a function outside it.");
    node.functions.push_back(top);
    node.function_filters.push_back(make_node(QueryKind::match_all));
  }
  node.children.push_back(inner ? std::move(*inner) : make_node(QueryKind::match_all));
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "function_score"));
  return node;
}

}  // namespace pharos::query::detail
