#include "server/api/search_execution.h"

#include <charconv>
#include <cmath>

#include "index/analysis/analysis_registry.h"
#include "query/dsl/highlighter.h"
#include "query/dsl/query_parser.h"
#include "server/api/hit_fields.h"
#include "server/api/hybrid_search.h"
#include "server/api/request_cache.h"

namespace pharos::api {
namespace {

using nlohmann::json;

// A float as the shortest decimal that reads back as the same float (Java prints floats so).
double float_json(float value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return value;
  return std::strtod(std::string(buffer, end).c_str(), nullptr);
}

// A sort value as OpenSearch shows it in hits[].sort: missing numerics as Long.MAX/MIN_VALUE.
OrderedJson render_sort_value(const search::SortValue& value, const search::SortField& field) {
  if (const auto* v = std::get_if<int64_t>(&value)) return *v;
  if (const auto* v = std::get_if<double>(&value)) {
    if (field.type == search::SortField::Type::score) return float_json(static_cast<float>(*v));
    return *v;
  }
  if (const auto* v = std::get_if<std::string>(&value)) return *v;
  bool largest = (field.missing == search::SortField::Missing::last) != field.reverse;
  if (field.type == search::SortField::Type::numeric) return largest ? INT64_MAX : INT64_MIN;
  return nullptr;
}

OrderedJson render_hit(const PreparedSearch& prepared, const IndexTarget& target,
                       const query::ShardSearchResponse& shard, const search::ScoredDoc& doc,
                       const query::FetchedDoc& fetched, bool scores) {
  const auto& request = prepared.request;
  OrderedJson hit;
  if (request.explain) {
    hit["_shard"] = "[" + shard.index + "][" + std::to_string(shard.shard) + "]";
    hit["_node"] = prepared.options.node_id;
  }
  hit["_index"] = target.service->name();
  hit["_id"] = fetched.id;
  if (request.version) hit["_version"] = fetched.meta.version;
  if (request.seq_no_primary_term) {
    hit["_seq_no"] = fetched.meta.seq_no;
    hit["_primary_term"] = fetched.meta.primary_term;
  }
  hit["_score"] = scores ? OrderedJson(float_json(doc.score)) : OrderedJson(nullptr);
  if (!fetched.routing.empty()) hit["_routing"] = fetched.routing;
  if (prepared.fetch_source && !fetched.source.empty()) {
    auto source = OrderedJson::parse(fetched.source, nullptr, false);
    if (!source.is_discarded()) hit["_source"] = prepared.source.apply_json(source);
  }
  if ((!request.fields.empty() || !request.docvalue_fields.empty()) && !fetched.source.empty()) {
    OrderedJson fields = hit_fields(json::parse(fetched.source, nullptr, false), request, *target.mapping);
    if (!fields.empty()) hit["fields"] = std::move(fields);
  }
  if (!fetched.highlights.empty()) {
    OrderedJson highlight = OrderedJson::object();
    for (const auto& [field, fragments] : fetched.highlights) highlight[field] = fragments;
    hit["highlight"] = std::move(highlight);
  }
  if (!prepared.sort.empty()) {
    OrderedJson sort = OrderedJson::array();
    for (size_t i = 0; i < doc.sort_values.size() && i < prepared.sort.size(); ++i) {
      sort.push_back(render_sort_value(doc.sort_values[i], prepared.sort[i]));
    }
    hit["sort"] = sort;
  }
  if (request.explain && !fetched.explanation_json.empty()) {
    hit["_explanation"] = OrderedJson::parse(fetched.explanation_json, nullptr, false);
  }
  return hit;
}

// The analyzer a field's text was indexed with (keywords: one token per value).
std::shared_ptr<const analysis::Analyzer> index_analyzer(const analysis::AnalysisRegistry& registry,
                                                         const mapping::FieldMapping& field) {
  std::string name =
      field.type == mapping::FieldType::keyword ? "keyword" : field.analyzer.value_or("default");
  auto analyzer = registry.get(name);
  return analyzer ? analyzer : registry.get("standard");
}

bool highlightable(const mapping::FieldMapping& field) {
  return field.type == mapping::FieldType::text || field.type == mapping::FieldType::match_only_text ||
         field.type == mapping::FieldType::keyword;
}

// Highlighting as the fetch phase runs it: each field of "highlight" (patterns expanded over the
// text and keyword fields) with its options, analyzer and the terms of the search's query (or
// of its highlight_query) to mark.
Status configure_highlight(const PreparedSearch& prepared, const IndexTarget& target,
                           query::ShardFetchRequest& fetch) {
  PHAROS_ASSIGN_OR_RETURN(query::HighlightSpec spec, query::parse_highlight(json::parse(
                                                         prepared.request.highlight_json, nullptr, false)));
  auto registry = target.service->analysis();
  query::QueryParseContext context;
  context.mapping = target.mapping.get();
  context.analysis = registry.get();
  for (const auto& [name, options] : spec.fields) {
    std::vector<const mapping::FieldMapping*> fields;
    if (name.find('*') == std::string::npos) {
      if (const auto* field = target.mapping->find(name); field && highlightable(*field))
        fields.push_back(field);
    } else {
      for (const auto* field : target.mapping->leaf_fields()) {
        if (highlightable(*field) && simple_match(name, field->path)) fields.push_back(field);
      }
    }
    const search::QueryNode* query = &target.shard_request.query;
    std::optional<search::QueryNode> highlight_query;
    if (!options.highlight_query_json.empty()) {
      PHAROS_ASSIGN_OR_RETURN(highlight_query,
                              query::parse_query(json::parse(options.highlight_query_json), context));
      query = &*highlight_query;
    }
    for (const auto* field : fields) {
      bool seen = std::any_of(fetch.highlights.begin(), fetch.highlights.end(),
                              [&](const query::HighlightField& h) { return h.field == field->path; });
      if (seen) continue;  // a field named twice (exactly and by pattern) keeps its first options
      query::HighlightField entry;
      entry.field = field->path;
      entry.options = options;
      entry.terms = query::highlight_terms(*query, options.require_field_match ? field->path : "");
      entry.analyzer = index_analyzer(*registry, *field);
      // Patterns skip fields the query has nothing for; named fields still give no_match_size text.
      if (entry.terms.empty() && (options.no_match_size == 0 || name.find('*') != std::string::npos))
        continue;
      fetch.highlights.push_back(std::move(entry));
    }
  }
  return Status::ok();
}

// Fetches the merged page's docs shard by shard and renders them in merged order.
Outcome<OrderedJson> fetch_hits(
    const PreparedSearch& prepared,
    const std::vector<std::pair<const IndexTarget*, const engine::ShardSearcher*>>& origin,
    const std::vector<query::ShardSearchResponse>& responses, const std::vector<query::MergedHit>& merged,
    bool scores) {
  std::map<size_t, std::vector<size_t>> by_response;  // response → positions in `merged`
  for (size_t i = 0; i < merged.size(); ++i) by_response[merged[i].response].push_back(i);
  std::vector<OrderedJson> hits(merged.size());
  for (const auto& [response, positions] : by_response) {
    const auto& [target, searcher] = origin[response];
    query::ShardFetchRequest fetch;
    fetch.source = prepared.fetch_source || !prepared.request.fields.empty() ||
                   !prepared.request.docvalue_fields.empty() || !prepared.request.highlight_json.empty();
    if (prepared.request.explain) fetch.explain_query = &target->shard_request.query;
    fetch.similarities = target->shard_request.similarities;
    if (!prepared.request.highlight_json.empty()) {
      Status configured = configure_highlight(prepared, *target, fetch);
      if (!configured.is_ok()) return Outcome<OrderedJson>::fail(configured);
    }
    for (size_t position : positions) fetch.docs.push_back(merged[position].doc->doc);
    auto fetched = query::execute_fetch_phase(*searcher, fetch);
    if (!fetched.is_ok()) return Outcome<OrderedJson>::fail(fetched.status());
    for (size_t j = 0; j < positions.size(); ++j) {
      const auto& hit = merged[positions[j]];
      hits[positions[j]] =
          render_hit(prepared, *target, responses[response], *hit.doc, fetched.value()[j], scores);
    }
  }
  OrderedJson out = OrderedJson::array();
  for (auto& hit : hits) out.push_back(std::move(hit));
  return Outcome<OrderedJson>{std::move(out), std::nullopt};
}

OrderedJson total_json(const PreparedSearch& prepared, uint64_t total, bool lower_bound) {
  int64_t track = prepared.request.track_total_hits_or_default();
  if (track == query::kTrackTotalHitsDisabled) {
    return prepared.options.rest_total_hits_as_int ? OrderedJson(-1) : OrderedJson();
  }
  if (track != query::kTrackTotalHitsAccurate && total > static_cast<uint64_t>(track)) {
    total = static_cast<uint64_t>(track);
    lower_bound = true;
  }
  if (prepared.options.rest_total_hits_as_int) return total;
  return {{"value", total}, {"relation", lower_bound ? "gte" : "eq"}};
}

// dfs_query_then_fetch's first round trip: every shard's statistics for the query's terms,
// summed, so that every shard scores as if the index were one shard.
std::shared_ptr<const search::CollectionStats> dfs_phase(const PreparedSearch& prepared) {
  auto total = std::make_shared<search::CollectionStats>();
  for (const auto& target : prepared.targets) {
    for (const auto& searcher : target.searchers) {
      query::add_collection_stats(*total, query::execute_dfs_phase(*searcher, target.shard_request.query,
                                                                   target.shard_request.similarities));
    }
  }
  return total;
}

// The shard request cache serves this index's shards when the search has a key and either asked
// for it (request_cache=true) or the index allows it (index.requests.cache.enable).
bool uses_request_cache(const PreparedSearch& prepared, const IndexTarget& target) {
  if (!prepared.request_cache || prepared.cache_key.bytes.empty() || prepared.request.dfs_query_then_fetch)
    return false;
  return prepared.cache_key.forced || index_request_cache_enabled(target.service->settings()->flat_json);
}

}  // namespace

RequestError search_error(const Status& status) {
  if (status.kind() == ErrorKind::parse_error)
    return RequestError{400, "parsing_exception", status.message(), ""};
  return RequestError::from_status(status);
}

OrderedJson shards_json(size_t total) {
  return {{"total", total}, {"successful", total}, {"skipped", 0}, {"failed", 0}};
}

// Runs the query phase on every shard, merges, fetches [from, from + size) and renders the
// response body (without "took", which the caller measures).
Outcome<OrderedJson> execute_search(const PreparedSearch& prepared, size_t from, size_t size) {
  if (prepared.hybrid) return execute_hybrid_search(prepared, from, size);
  std::vector<query::ShardSearchResponse> responses;
  std::vector<ShardOrigin> origin;
  uint64_t k = std::min<uint64_t>(from + size, UINT32_MAX);
  auto dfs_stats = prepared.request.dfs_query_then_fetch ? dfs_phase(prepared) : nullptr;
  for (const auto& target : prepared.targets) {
    query::ShardSearchRequest shard_request = target.shard_request;
    shard_request.k = static_cast<uint32_t>(k);
    shard_request.stats = dfs_stats;
    RequestCache* cache = uses_request_cache(prepared, target) ? prepared.request_cache : nullptr;
    for (const auto& searcher : target.searchers) {
      origin.emplace_back(&target, searcher.get());
      if (cache) {
        if (auto cached = cache->get(target.service->uuid(), searcher, prepared.cache_key.bytes)) {
          responses.push_back(std::move(*cached));
          continue;
        }
      }
      auto response = query::execute_query_phase(*searcher, shard_request);
      if (!response.is_ok())
        return Outcome<OrderedJson>::fail(Status(response.status()).with_index(target.service->name()));
      if (cache) cache->put(target.service->uuid(), searcher, prepared.cache_key.bytes, response.value());
      responses.push_back(std::move(response.value()));
    }
  }
  return render_search(prepared, responses, origin, from, size);
}

Outcome<OrderedJson> render_search(const PreparedSearch& prepared,
                                   const std::vector<query::ShardSearchResponse>& responses,
                                   const std::vector<ShardOrigin>& origin, size_t from, size_t size) {
  uint64_t total = 0;
  bool lower_bound = false, terminated_early = false, any_docs = false;
  float max_score = 0.0f;
  for (const auto& response : responses) {
    total += response.total_hits;
    lower_bound |= response.total_is_lower_bound;
    terminated_early |= response.terminated_early;
    if (!response.docs.empty())
      max_score = any_docs ? std::max(max_score, response.max_score) : response.max_score;
    any_docs |= !response.docs.empty();
  }
  bool scores = prepared.sort.empty() || prepared.request.track_scores ||
                std::any_of(prepared.sort.begin(), prepared.sort.end(),
                            [](const auto& f) { return f.type == search::SortField::Type::score; });
  auto merged = query::merge_top_docs(responses, prepared.sort, from, size);
  auto hits = fetch_hits(prepared, origin, responses, merged, scores);
  if (hits.error) return hits;

  OrderedJson body;
  body["timed_out"] = false;
  if (prepared.request.terminate_after > 0) body["terminated_early"] = terminated_early;
  body["_shards"] = shards_json(responses.size());
  OrderedJson hits_json;
  OrderedJson total_value = total_json(prepared, total, lower_bound);
  if (!total_value.is_null()) hits_json["total"] = total_value;
  bool show_max =
      scores && any_docs && prepared.sort.empty() ? true : (prepared.request.track_scores && any_docs);
  hits_json["max_score"] = show_max ? OrderedJson(float_json(max_score)) : OrderedJson(nullptr);
  hits_json["hits"] = std::move(*hits.value);
  body["hits"] = std::move(hits_json);
  if (prepared.aggs) {
    std::vector<json> partials;
    for (const auto& response : responses) partials.push_back(json::parse(response.aggs_partial_json));
    json reduced = query::reduce_aggregations(*prepared.aggs, partials, prepared.options.typed_keys);
    body["aggregations"] = OrderedJson::parse(reduced.dump());
  }
  if (prepared.request.profile) {
    // Each shard measured its own query and aggregations; the coordinator only labels them.
    OrderedJson shards = OrderedJson::array();
    for (const auto& response : responses) {
      if (response.profile_json.empty()) continue;
      OrderedJson shard;
      shard["id"] = "[" + prepared.options.node_id + "][" + response.index + "][" + std::to_string(response.shard) + "]";
      OrderedJson measured = OrderedJson::parse(response.profile_json);
      for (auto& [key, value] : measured.items()) shard[key] = std::move(value);
      shards.push_back(std::move(shard));
    }
    body["profile"] = {{"shards", std::move(shards)}};
  }
  return Outcome<OrderedJson>{std::move(body), std::nullopt};
}

OrderedJson with_took(OrderedJson body, SearchClock::time_point start) {
  OrderedJson out;
  out["took"] = std::chrono::duration_cast<std::chrono::milliseconds>(SearchClock::now() - start).count();
  for (auto& [key, value] : body.items()) out[key] = std::move(value);
  return out;
}

}  // namespace pharos::api
