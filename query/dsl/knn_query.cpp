// The k-NN plugin's `knn` query: {"knn":{"<field>":{"vector":[..],"k":K | "max_distance":x |
// "min_score":s, "filter":{..}, "method_parameters":{..}, "rescore":..}}} → QueryKind::knn.
// Messages follow OpenSearch's KNNQueryBuilder.
#include <cmath>

#include "index/engine/segment_vectors.h"
#include "index/vector/vector_index.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

constexpr int64_t kMaxK = 10000;  // KNNQueryBuilder.K_MAX

// The field's space_type as the vector module resolves the mapping (method-level, binary →
// hamming and l2 defaults included); l2 for a mapping it cannot parse, which indexing rejected.
// The index's derived specs when the caller has them, else the mapping's JSON is read again.
std::string mapped_space(const mapping::FieldMapping& field, const QueryParseContext& context) {
  if (context.vector_fields) {
    auto it = context.vector_fields->find(field.path);
    return std::string(vector::space_type_name(it != context.vector_fields->end() ? it->second.spec.space
                                                                                  : vector::SpaceType::l2));
  }
  auto spec = vector::parse_method_spec(field.extra_json, field.dimension.value_or(1));
  return std::string(vector::space_type_name(spec.is_ok() ? spec->space : vector::SpaceType::l2));
}

Result<std::vector<float>> read_vector(const json& value) {
  if (!value.is_array()) return parse_error("[knn] vector must be an array of numbers, got " + value.dump());
  std::vector<float> out;
  out.reserve(value.size());
  for (const json& v : value) {
    if (!v.is_number())
      return parse_error("[knn] vector must be an array of numbers, found [" + v.dump() + "]");
    double d = v.get<double>();
    float f = static_cast<float>(d);
    if (!std::isfinite(f))
      return invalid("[knn] query vector contains a value that is not a finite float: " + v.dump());
    out.push_back(f);
  }
  if (out.empty()) return invalid("[knn] query vector is empty");
  return out;
}

Result<uint32_t> read_positive(const json& value, std::string_view what) {
  PHAROS_ASSIGN_OR_RETURN(int64_t n, read_int(value, what));
  if (n <= 0 || n > INT32_MAX)
    return invalid("[knn] requires " + std::string(what) + " to be greater than 0");
  return static_cast<uint32_t>(n);
}

Status read_method_parameters(const json& value, search::KnnParams& knn) {
  if (!value.is_object()) return parse_error("[knn] method_parameters must be an object");
  for (const auto& [key, v] : value.items()) {
    if (key == "ef_search") {
      PHAROS_ASSIGN_OR_RETURN(knn.ef_search, read_positive(v, "ef_search"));
    } else if (key == "nprobes") {
      PHAROS_ASSIGN_OR_RETURN(knn.nprobes, read_positive(v, "nprobes"));
    } else {
      return parse_error("[knn] unknown method parameter found [" + key + "]");
    }
  }
  return Status::ok();
}

Status read_rescore(const json& value, search::KnnParams& knn) {
  if (value.is_boolean()) {
    knn.oversample_factor = value.get<bool>() ? 1.0f : 0.0f;
    return Status::ok();
  }
  if (!value.is_object()) return parse_error("[knn] rescore must be a boolean or an object");
  knn.oversample_factor = 1.0f;
  for (const auto& [key, v] : value.items()) {
    if (key != "oversample_factor") return parse_error("[knn] unknown rescore parameter [" + key + "]");
    PHAROS_ASSIGN_OR_RETURN(double factor, read_double(v, "oversample_factor"));
    if (!(factor >= 1.0 && factor <= 100.0)) {
      return invalid("Oversample factor [" + v.dump() + "] must be between 1.0 and 100.0");
    }
    knn.oversample_factor = static_cast<float>(factor);
  }
  return Status::ok();
}

// Every key of the field's object except the vector itself and the mapping checks.
Status read_options(const json& body, QueryNode& node, const ParseState& state, int& modes) {
  search::KnnParams& knn = node.knn;
  for (const auto& [key, v] : body.items()) {
    if (key == "vector") {
      PHAROS_ASSIGN_OR_RETURN(knn.vector, read_vector(v));
    } else if (key == "k") {
      PHAROS_ASSIGN_OR_RETURN(int64_t k, read_int(v, "k"));
      if (k <= 0 || k > kMaxK) return invalid("[knn] requires k to be in the range (0, 10000]");
      knn.k = static_cast<uint32_t>(k);
      ++modes;
    } else if (key == "max_distance") {
      PHAROS_ASSIGN_OR_RETURN(double d, read_double(v, "max_distance"));
      knn.max_distance = static_cast<float>(d);
      ++modes;
    } else if (key == "min_score") {
      PHAROS_ASSIGN_OR_RETURN(double s, read_double(v, "min_score"));
      if (!(s > 0)) return invalid("[knn] requires minScore to be greater than 0");
      knn.min_score = static_cast<float>(s);
      ++modes;
    } else if (key == "filter") {
      if (v.is_null()) continue;
      PHAROS_ASSIGN_OR_RETURN(QueryNode filter, parse_nested(v, state));
      node.filter.push_back(std::move(filter));
    } else if (key == "method_parameters") {
      PHAROS_RETURN_IF_ERROR(read_method_parameters(v, knn));
    } else if (key == "rescore") {
      PHAROS_RETURN_IF_ERROR(read_rescore(v, knn));
    } else if (key == "exact") {  // Pharos extension: brute-force ground truth
      PHAROS_ASSIGN_OR_RETURN(knn.exact, read_bool(v, "exact"));
    } else if (key == "expand_nested_docs") {
      PHAROS_RETURN_IF_ERROR(read_bool(v, "expand_nested_docs").status());
    } else if (key != "boost" && key != "_name") {
      return parse_error("[knn] unknown token [" + key + "] after [" + node.field + "]");
    }
  }
  return Status::ok();
}

}  // namespace

Result<QueryNode> parse_knn(const json& body, const ParseState& state) {
  PHAROS_ASSIGN_OR_RETURN(FieldEntry entry, single_field(body, "knn"));
  const json& spec = *entry.value;
  if (!spec.is_object()) return parse_error("[knn] query malformed, no start_object after field name");
  QueryNode node = make_node(QueryKind::knn);
  node.field = entry.field;
  int modes = 0;
  PHAROS_RETURN_IF_ERROR(read_options(spec, node, state, modes));
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(spec, node, "knn"));
  if (node.knn.vector.empty()) return invalid("[knn] requires query vector");
  if (modes != 1) return invalid("[knn] requires exactly one of k, distance or score to be set");
  const mapping::FieldMapping* field = resolve_field(state.context, node.field);
  if (field == nullptr || field->type != mapping::FieldType::knn_vector) {
    return invalid("Field '" + node.field + "' is not knn_vector type.");
  }
  if (field->dimension && node.knn.vector.size() != *field->dimension) {
    return invalid("Query vector has invalid dimension: " + std::to_string(node.knn.vector.size()) +
                   ". Dimension should be: " + std::to_string(*field->dimension));
  }
  node.field = field->path;
  node.knn.space = mapped_space(*field, state.context);
  if (node.knn.space == "cosinesimil") {
    bool all_zero = true;
    for (float v : node.knn.vector) all_zero &= v == 0.0f;
    if (all_zero) return invalid("zero vector is not supported when space type is [cosinesimil]");
  }
  if (node.knn.max_distance && *node.knn.max_distance < 0 && node.knn.space != "innerproduct") {
    return invalid("[knn] requires distance to be non-negative for space type: " + node.knn.space);
  }
  return node;
}

}  // namespace pharos::query::detail
