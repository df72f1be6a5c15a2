// Shared helpers of the Query DSL parser (one query family per .cpp). Internal to query/dsl:
// the rest of the server sees only query_parser.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/analysis/analyzer.h"
#include "index/mapping/mapping.h"
#include "query/dsl/query_parser.h"

namespace pharos::query::detail {

using json = nlohmann::json;
using search::QueryKind;
using search::QueryNode;

// Nesting guard: deeper trees are rejected before the recursion could exhaust the stack.
inline constexpr int kMaxDepth = 64;

// The context plus the current nesting depth, passed down through compound queries.
struct ParseState {
  const QueryParseContext& context;
  int depth = 0;
};

Status parse_error(std::string message);
Status invalid(std::string message);

// Entry for nested queries (bool clauses, constant_score filter, ...).
Result<QueryNode> parse_nested(const json& query, const ParseState& state);

QueryNode make_node(QueryKind kind);
QueryNode match_none_node();

// The one "field": value entry of queries like term/match/range. `query_name` for messages.
struct FieldEntry {
  std::string field;
  const json* value = nullptr;
};
Result<FieldEntry> single_field(const json& body, std::string_view query_name);

// Applies "boost" / "_name" found in `object` (ignored when absent). Unknown keys are the caller's.
Status read_boost_and_name(const json& object, QueryNode& node, std::string_view query_name);

// JSON number or numeric string → double / integer; error when it is neither.
Result<double> read_double(const json& value, std::string_view what);
Result<int64_t> read_int(const json& value, std::string_view what);
Result<bool> read_bool(const json& value, std::string_view what);
// A scalar as the text OpenSearch would see it ("5", "1.5", "true", the string itself).
std::optional<std::string> scalar_text(const json& value);

// Mapping lookup following aliases; nullptr when unmapped.
const mapping::FieldMapping* resolve_field(const QueryParseContext& context, std::string_view path);
// The analyzer that searches `field` (override > search_analyzer > analyzer > default).
Result<std::shared_ptr<const analysis::Analyzer>> search_analyzer(const QueryParseContext& context,
                                                                  const mapping::FieldMapping* field,
                                                                  const std::optional<std::string>& override_name,
                                                                  std::string_view query_name);
bool is_text_like(mapping::FieldType type);

// A value encoded as `field` indexes it. match_none: a value that can never match (5.5 on a
// long field, out of range). Otherwise `node` is the query for it (term or numeric_range).
struct EncodedValue {
  bool match_none = false;
  QueryNode node;
};
Result<EncodedValue> term_query_for_value(const QueryParseContext& context, const mapping::FieldMapping& field,
                                          const json& value);
// Keyword normalizer applied (or the value unchanged).
std::string normalize_keyword(const QueryParseContext& context, const mapping::FieldMapping& field,
                              std::string value);

// Date math ("now-1h/d", "2020-01-01||+1M/d") → epoch millis (or nanos when `nanos`).
// round_up: rounding goes to the last unit instant (for gt / lte), as OpenSearch does.
struct DateMathOptions {
  const std::string* format = nullptr;  // the query's `format`, else the field's, else default
  std::optional<int64_t> tz_offset_millis;
  bool round_up = false;
  bool nanos = false;
};
Result<int64_t> parse_date_math(std::string_view text, int64_t now_millis, const DateMathOptions& options);
// "+01:00", "-0530", "UTC", "Z" → offset millis.
Result<int64_t> parse_time_zone(std::string_view text);
// "10d", "1h", "30m" → millis (function_score decay scales).
Result<int64_t> parse_duration_millis(std::string_view text);

// "AUTO", "AUTO:3,6", 0/1/2, "1" → max edits for a term of `term_chars` code points.
Result<uint32_t> resolve_fuzziness(const json& fuzziness, size_t term_chars);
size_t utf8_length(std::string_view text);

// minimum_should_match spec (int or string) against `optional_count` clauses.
Result<uint32_t> resolve_minimum_should_match(const json& spec, uint32_t optional_count);

// Families (one file each).
Result<QueryNode> parse_term(const json& body, const ParseState& state);
Result<QueryNode> parse_terms(const json& body, const ParseState& state);
Result<QueryNode> parse_terms_set(const json& body, const ParseState& state);
Result<QueryNode> parse_exists(const json& body, const ParseState& state);
Result<QueryNode> parse_ids(const json& body, const ParseState& state);
Result<QueryNode> parse_pattern_query(const json& body, QueryKind kind, std::string_view name, const ParseState& state);
Result<QueryNode> parse_fuzzy(const json& body, const ParseState& state);
Result<QueryNode> parse_range(const json& body, const ParseState& state);
Result<QueryNode> parse_match(const json& body, const ParseState& state);
Result<QueryNode> parse_match_phrase(const json& body, const ParseState& state, bool prefix);
Result<QueryNode> parse_match_bool_prefix(const json& body, const ParseState& state);
Result<QueryNode> parse_multi_match(const json& body, const ParseState& state);
Result<QueryNode> parse_bool(const json& body, const ParseState& state);
Result<QueryNode> parse_constant_score(const json& body, const ParseState& state);
Result<QueryNode> parse_dis_max(const json& body, const ParseState& state);
Result<QueryNode> parse_boosting(const json& body, const ParseState& state);
Result<QueryNode> parse_function_score(const json& body, const ParseState& state);
Result<QueryNode> parse_query_string(const json& body, const ParseState& state, bool simple);
Result<QueryNode> parse_knn(const json& body, const ParseState& state);

// Match-family building blocks shared by match, multi_match and query_string.
struct MatchOptions {
  std::string query_name = "match";
  bool operator_and = false;
  std::optional<json> minimum_should_match;
  std::optional<json> fuzziness;
  uint32_t prefix_length = 0, max_expansions = 50;
  bool transpositions = true;
  std::optional<std::string> analyzer;
  bool zero_terms_all = false;
  bool lenient = false;
  uint32_t slop = 0;
  enum class Type { boolean, phrase, phrase_prefix, bool_prefix } type = Type::boolean;
};
Result<QueryNode> build_match(const QueryParseContext& context, const std::string& field, const json& value,
                              const MatchOptions& options);
Status read_match_option(const std::string& key, const json& value, MatchOptions& options, bool& handled);

// Field names with optional "^boost" and wildcards, expanded against the mapping.
struct WeightedField {
  std::string field;
  float boost = 1.0f;
  bool from_wildcard = false;
};
Result<std::vector<WeightedField>> expand_fields(const QueryParseContext& context, const json& fields,
                                                 std::string_view query_name);

// Number of leaf queries in the tree (Lucene 9 limits the whole query, not one bool).
uint64_t count_leaf_clauses(const QueryNode& node);

}  // namespace pharos::query::detail
