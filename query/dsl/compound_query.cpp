// Compound queries: bool, constant_score, dis_max, boosting.
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

Status read_clauses(const json& value, const ParseState& state, std::vector<QueryNode>& out) {
  if (value.is_object()) {
    PHAROS_ASSIGN_OR_RETURN(QueryNode node, parse_nested(value, state));
    out.push_back(std::move(node));
    return Status::ok();
  }
  if (!value.is_array()) return parse_error("[bool] query malformed, clauses must be objects or arrays");
  for (const auto& clause : value) {
    if (out.size() >= state.context.max_clause_count) {
      return Status(ErrorKind::resource_exhausted,
                    "maxClauseCount is set to " + std::to_string(state.context.max_clause_count));
    }
    PHAROS_ASSIGN_OR_RETURN(QueryNode node, parse_nested(clause, state));
    out.push_back(std::move(node));
  }
  return Status::ok();
}

}  // namespace

Result<QueryNode> parse_bool(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[bool] query malformed, no start_object after query name");
  QueryNode node = make_node(QueryKind::boolean);
  const json* msm = nullptr;
  for (const auto& [key, value] : body.items()) {
    if (key == "must") PHAROS_RETURN_IF_ERROR(read_clauses(value, state, node.must));
    else if (key == "should") PHAROS_RETURN_IF_ERROR(read_clauses(value, state, node.should));
    else if (key == "must_not" || key == "mustNot") PHAROS_RETURN_IF_ERROR(read_clauses(value, state, node.must_not));
    else if (key == "filter") PHAROS_RETURN_IF_ERROR(read_clauses(value, state, node.filter));
    else if (key == "minimum_should_match" || key == "minimum_number_should_match") msm = &value;
    else if (key == "adjust_pure_negative" || key == "disable_coord") continue;
    else if (key != "boost" && key != "_name") {
      if (value.is_array() || value.is_object()) return parse_error("[bool] query does not support [" + key + "]");
      return parse_error("[bool] query does not support [" + key + "]");
    }
  }
  size_t total = node.must.size() + node.should.size() + node.must_not.size() + node.filter.size();
  if (total > state.context.max_clause_count) {
    return Status(ErrorKind::resource_exhausted,
                  "maxClauseCount is set to " + std::to_string(state.context.max_clause_count));
  }
  if (msm != nullptr && !msm->is_null()) {
    PHAROS_ASSIGN_OR_RETURN(node.minimum_should_match,
                            resolve_minimum_should_match(*msm, static_cast<uint32_t>(node.should.size())));
  }
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "bool"));
  return node;
}

Result<QueryNode> parse_constant_score(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[constant_score] query malformed, no start_object after query name");
  QueryNode node = make_node(QueryKind::constant_score);
  bool has_filter = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "filter") {
      PHAROS_ASSIGN_OR_RETURN(QueryNode filter, parse_nested(value, state));
      node.children.push_back(std::move(filter));
      has_filter = true;
    } else if (key != "boost" && key != "_name") {
      return parse_error("[constant_score] query does not support [" + key + "]");
    }
  }
  if (!has_filter) return parse_error("[constant_score] requires a 'filter' element");
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "constant_score"));
  return node;
}

Result<QueryNode> parse_dis_max(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[dis_max] query malformed, no start_object after query name");
  QueryNode node = make_node(QueryKind::dis_max);
  bool has_queries = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "queries") {
      has_queries = true;
      PHAROS_RETURN_IF_ERROR(read_clauses(value, state, node.children));
    } else if (key == "tie_breaker") {
      PHAROS_ASSIGN_OR_RETURN(double t, read_double(value, key));
      node.tie_breaker = static_cast<float>(t);
    } else if (key != "boost" && key != "_name") {
      return parse_error("[dis_max] query does not support [" + key + "]");
    }
  }
  if (!has_queries) return parse_error("[dis_max] requires 'queries' field with at least one clause");
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "dis_max"));
  return node;
}

Result<QueryNode> parse_boosting(const json& body, const ParseState& state) {
  if (!body.is_object()) return parse_error("[boosting] query malformed, no start_object after query name");
  std::optional<QueryNode> positive, negative;
  QueryNode node = make_node(QueryKind::boosting);
  bool has_negative_boost = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "positive") {
      PHAROS_ASSIGN_OR_RETURN(positive, parse_nested(value, state));
    } else if (key == "negative") {
      PHAROS_ASSIGN_OR_RETURN(negative, parse_nested(value, state));
    } else if (key == "negative_boost") {
      PHAROS_ASSIGN_OR_RETURN(double b, read_double(value, key));
      if (b < 0) return invalid("[boosting] query requires negative_boost to be set to positive value");
      node.negative_boost = static_cast<float>(b);
      has_negative_boost = true;
    } else if (key != "boost" && key != "_name") {
      return parse_error("[boosting] query does not support [" + key + "]");
    }
  }
  if (!positive) return parse_error("[boosting] query requires 'positive' query to be set'");
  if (!negative) return parse_error("[boosting] query requires 'negative' query to be set'");
  if (!has_negative_boost) return parse_error("[boosting] query requires 'negative_boost' to be set to be a positive value'");
  node.children.push_back(std::move(*positive));
  node.children.push_back(std::move(*negative));
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, "boosting"));
  return node;
}

}  // namespace pharos::query::detail
