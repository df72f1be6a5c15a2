// Query DSL JSON → search::QueryNode, resolved against one index's mapping and analyzers:
// text is analysed with the field's search analyzer, values are encoded as the mapping
// indexes them (index/mapping/term_encoding.h), dates become epoch millis (date math "now-1h/d").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "index/base/status.h"
#include "index/search/query_node.h"

namespace pharos::mapping {
class Mapping;
}
namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::engine {
struct VectorFieldConfig;  // index/engine/segment_vectors.h
using VectorFieldConfigs = std::map<std::string, VectorFieldConfig>;
}  // namespace pharos::engine

namespace pharos::query {

struct QueryParseContext {
  const mapping::Mapping* mapping = nullptr;
  // The index's knn_vector method specs; null → read from the mapping's JSON per query.
  const engine::VectorFieldConfigs* vector_fields = nullptr;
  const analysis::AnalysisRegistry* analysis = nullptr;
  int64_t now_millis = 0;            // for date math; fixed per request
  uint32_t max_clause_count = 1024;  // index.query.bool.max_clause_count
};

// Parses the value of "query" ({"match":{...}}). Errors are parse_error (malformed JSON shape,
// unknown query type: "unknown query [foo]" like OpenSearch's parsing_exception) or
// invalid_argument; too many clauses → resource_exhausted ("too_many_clauses").
Result<search::QueryNode> parse_query(const nlohmann::json& query, const QueryParseContext& context);

}  // namespace pharos::query
