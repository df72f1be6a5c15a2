#include "server/api/hybrid_search.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "index/base/wall_clock.h"
#include "index/engine/catalog.h"
#include "query/dsl/query_parser.h"
#include "server/http/request.h"

namespace pharos::api {
namespace {

using nlohmann::json;
using PlanOutcome = Outcome<std::shared_ptr<const HybridSearchPlan>>;

constexpr const char* kNoPipeline = "_none";
constexpr const char* kDefaultPipelineSetting = "index.search.default_pipeline";

// The pipeline id a request asks for: the parameter, else the default of the single index named
// in the URL (OpenSearch looks only at a concrete index, never an alias or a list); "" = none.
std::string pipeline_id(const engine::Catalog& catalog, const http::Request& request) {
  if (const std::string* id = request.param("search_pipeline")) return *id == kNoPipeline ? "" : *id;
  const std::string& index = request.path_param("index");
  if (index.empty() || index.find(',') != std::string::npos || index.find('*') != std::string::npos)
    return "";
  auto settings = catalog.index_settings(index);
  // Parse the settings only when the setting is there at all (this runs for every search).
  if (!settings.is_ok() || (*settings)->flat_json.find(kDefaultPipelineSetting) == std::string::npos)
    return "";
  json flat = json::parse((*settings)->flat_json, nullptr, false);
  if (!flat.is_object()) return "";
  auto it = flat.find(kDefaultPipelineSetting);
  if (it == flat.end() || !it->is_string() || *it == kNoPipeline) return "";
  return it->get<std::string>();
}

Result<std::optional<SearchPipeline>> resolve_pipeline(const engine::Catalog& catalog,
                                                       const http::Request& request) {
  std::string id = pipeline_id(catalog, request);
  if (id.empty()) return std::optional<SearchPipeline>();
  json stored = catalog.get_search_pipelines(id);
  auto it = stored.find(id);
  if (it == stored.end()) return Status(ErrorKind::invalid_argument, "Pipeline " + id + " is not defined");
  PHAROS_ASSIGN_OR_RETURN(SearchPipeline pipeline, parse_search_pipeline(id, *it));
  return std::optional<SearchPipeline>(std::move(pipeline));
}

// `query` with the filter_query processors' filters added as bool filters.
json with_filters(json query, const std::vector<std::string>& filters) {
  json filter = json::array();
  for (const auto& text : filters) filter.push_back(json::parse(text));
  return {{"bool", {{"must", json::array({std::move(query)})}, {"filter", std::move(filter)}}}};
}

// A hybrid query below the top level ({"hybrid":{"queries":[...]}} as any nested value).
bool has_nested_hybrid(const json& node, bool top) {
  if (node.is_array()) {
    return std::any_of(node.begin(), node.end(),
                       [](const json& item) { return has_nested_hybrid(item, false); });
  }
  if (!node.is_object()) return false;
  for (const auto& [key, value] : node.items()) {
    if (!top && key == "hybrid" && value.is_object() && value.contains("queries")) return true;
    if (has_nested_hybrid(value, false)) return true;
  }
  return false;
}

}  // namespace

PlanOutcome apply_search_pipeline(const engine::Catalog& catalog, const http::Request& request,
                                  query::SearchRequest& search) {
  auto pipeline = resolve_pipeline(catalog, request);
  if (!pipeline.is_ok()) return PlanOutcome::fail(pipeline.status());
  bool filters = *pipeline && !(*pipeline)->filter_queries_json.empty();
  const json match_all = {{"match_all", json::object()}};
  const json& query = search.query ? *search.query : match_all;
  if (!query::is_hybrid_query(query)) {
    if (has_nested_hybrid(query, true)) {
      return PlanOutcome::fail(
          Status(ErrorKind::invalid_argument,
                 "hybrid query must be a top level query and cannot be wrapped into other queries"));
    }
    if (filters) {
      search.query = std::make_shared<const json>(with_filters(query, (*pipeline)->filter_queries_json));
    }
    return PlanOutcome{nullptr, std::nullopt};
  }
  auto spec = query::parse_hybrid_query(query["hybrid"]);
  if (!spec.is_ok()) return PlanOutcome::fail(spec.status());
  auto plan = std::make_shared<HybridSearchPlan>();
  plan->query = std::move(spec.value());
  if (*pipeline) {
    // A filter_query on a hybrid query filters every sub-query, like the hybrid "filter".
    std::vector<std::string> all_filters = (*pipeline)->filter_queries_json;
    if (!plan->query.filter_json.empty()) all_filters.insert(all_filters.begin(), plan->query.filter_json);
    if (all_filters.size() == 1) plan->query.filter_json = all_filters.front();
    if (all_filters.size() > 1)
      plan->query.filter_json = with_filters({{"match_all", json::object()}}, all_filters).dump();
  }
  if (*pipeline && (*pipeline)->scoring) {
    plan->scoring = *(*pipeline)->scoring;
  } else {
    plan->scoring.normalization = NormalizationTechnique::raw;
    plan->scoring.combination = CombinationTechnique::max;
  }
  Status fits = check_scoring_for_sub_queries(plan->scoring, plan->query.sub_queries_json.size());
  if (!fits.is_ok()) return PlanOutcome::fail(fits);
  bool by_score_only = std::all_of(search.sort.begin(), search.sort.end(), [](const query::SortSpec& s) {
    return s.field == "_score" && s.is_descending();
  });
  if (!by_score_only || !search.search_after_json.empty()) {
    return PlanOutcome::fail(
        Status(ErrorKind::invalid_argument, "sort and search_after are not supported with a [hybrid] query"));
  }
  search.sort.clear();
  search.query = std::make_shared<const json>(query::hybrid_union_query_json(plan->query));
  return PlanOutcome{std::move(plan), std::nullopt};
}

namespace {

// The plan's sub-queries parsed against one index's mapping and analyzers.
Result<std::vector<search::QueryNode>> parse_sub_queries(const HybridSearchPlan& plan,
                                                         const IndexTarget& target) {
  auto analysis = target.service->analysis();
  auto vector_fields = target.service->vector_fields();
  query::QueryParseContext context;
  context.mapping = target.mapping.get();
  context.vector_fields = vector_fields.get();
  context.analysis = analysis.get();
  context.now_millis = wall_clock_millis();
  std::vector<search::QueryNode> out;
  for (size_t i = 0; i < plan.query.sub_queries_json.size(); ++i) {
    PHAROS_ASSIGN_OR_RETURN(search::QueryNode node,
                            query::parse_query(query::hybrid_sub_query_json(plan.query, i), context));
    out.push_back(std::move(node));
  }
  return out;
}

// One shard's query phase for a hybrid search: the union (total hits, aggregations; no docs)
// and each sub-query's own top `depth`.
Status run_shard(const IndexTarget& target, const engine::ShardSearcher& searcher,
                 const std::vector<search::QueryNode>& sub_queries, uint32_t depth,
                 query::ShardSearchResponse& union_response, ShardSubQueryHits& hits) {
  query::ShardSearchRequest request = target.shard_request;
  request.k = 0;
  request.min_score.reset();
  PHAROS_ASSIGN_OR_RETURN(union_response, query::execute_query_phase(searcher, request));
  request.aggs = nullptr;
  request.k = depth;
  request.track_total_hits_up_to = 0;
  for (const auto& sub_query : sub_queries) {
    request.query = sub_query;
    PHAROS_ASSIGN_OR_RETURN(query::ShardSearchResponse response,
                            query::execute_query_phase(searcher, request));
    std::vector<SubQueryHit> list;
    list.reserve(response.docs.size());
    for (const auto& doc : response.docs) list.push_back({doc.doc, doc.score});
    hits.sub_queries.push_back(std::move(list));
  }
  return Status::ok();
}

}  // namespace

Outcome<SearchBody> execute_hybrid_search(const PreparedSearch& prepared, size_t from, size_t size) {
  const HybridSearchPlan& plan = *prepared.hybrid;
  uint64_t depth =
      plan.query.pagination_depth ? static_cast<uint64_t>(*plan.query.pagination_depth) : from + size;
  std::vector<query::ShardSearchResponse> responses;
  std::vector<ShardOrigin> origin;
  std::vector<ShardSubQueryHits> shard_hits;
  for (const auto& target : prepared.targets) {
    const std::string& index = target.service->name();
    if (plan.query.pagination_depth && depth > target.service->settings()->max_result_window) {
      return Outcome<SearchBody>::fail(
          Status(ErrorKind::invalid_argument,
                 "pagination_depth should be less than or equal to index.max_result_window setting")
              .with_index(index));
    }
    auto sub_queries = parse_sub_queries(plan, target);
    if (!sub_queries.is_ok())
      return Outcome<SearchBody>::fail(Status(sub_queries.status()).with_index(index));
    for (const auto& searcher : target.searchers) {
      query::ShardSearchResponse response;
      ShardSubQueryHits hits;
      Status ran = run_shard(target, *searcher, *sub_queries,
                             static_cast<uint32_t>(std::min<uint64_t>(depth, UINT32_MAX)), response, hits);
      if (!ran.is_ok()) return Outcome<SearchBody>::fail(ran.with_index(index));
      responses.push_back(std::move(response));
      shard_hits.push_back(std::move(hits));
      origin.emplace_back(&target, searcher.get());
    }
  }
  auto fused = fuse_hybrid_hits(plan.scoring, shard_hits, static_cast<size_t>(depth));
  for (size_t s = 0; s < responses.size(); ++s) {
    auto& docs = responses[s].docs;
    docs.clear();
    for (const auto& hit : fused[s]) {
      if (prepared.request.min_score && hit.score < *prepared.request.min_score) continue;
      docs.push_back(search::ScoredDoc{hit.doc, hit.score, {}});
    }
    responses[s].max_score = docs.empty() ? 0.0f : docs.front().score;
  }
  return render_search(prepared, responses, origin, from, size);
}

}  // namespace pharos::api
