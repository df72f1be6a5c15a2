#include "server/api/search_execution.h"

#include <cmath>

#include "index/analysis/analysis_registry.h"
#include "query/dsl/highlighter.h"
#include "query/dsl/query_parser.h"
#include "server/api/hit_fields.h"
#include "server/api/hybrid_search.h"
#include "server/api/json_writer.h"
#include "server/api/request_cache.h"

namespace pharos::api {
namespace {

using nlohmann::json;

// A sort value as OpenSearch shows it in hits[].sort: missing numerics as Long.MAX/MIN_VALUE.
void write_sort_value(JsonWriter& out, const search::SortValue& value, const search::SortField& field) {
  if (const auto* v = std::get_if<int64_t>(&value)) {
    out.number(*v);
  } else if (const auto* v = std::get_if<double>(&value)) {
    if (field.type == search::SortField::Type::score) out.float_number(static_cast<float>(*v));
    else out.number(*v);
  } else if (const auto* v = std::get_if<std::string>(&value)) {
    out.string(*v);
  } else {
    bool largest = (field.missing == search::SortField::Missing::last) != field.reverse;
    if (field.type == search::SortField::Type::numeric) out.number(largest ? INT64_MAX : INT64_MIN);
    else out.null();
  }
}

void write_hit(JsonWriter& out, const PreparedSearch& prepared, const IndexTarget& target,
               const query::ShardSearchResponse& shard, const search::ScoredDoc& doc,
               const query::FetchedDoc& fetched, bool scores) {
  const auto& request = prepared.request;
  out.begin_object();
  if (request.explain) {
    out.key("_shard").string("[" + shard.index + "][" + std::to_string(shard.shard) + "]");
    out.key("_node").string(prepared.options.node_id);
  }
  out.key("_index").string(target.service->name());
  out.key("_id").string(fetched.id);
  if (request.version) out.key("_version").number(fetched.meta.version);
  if (request.seq_no_primary_term) {
    out.key("_seq_no").number(fetched.meta.seq_no);
    out.key("_primary_term").number(fetched.meta.primary_term);
  }
  out.key("_score");
  if (scores) out.float_number(doc.score);
  else out.null();
  if (!fetched.routing.empty()) out.key("_routing").string(fetched.routing);
  if (prepared.fetch_source && !fetched.source.empty()) {
    auto source = OrderedJson::parse(fetched.source, nullptr, false);
    if (!source.is_discarded()) out.key("_source").value(prepared.source.apply_json(source));
  }
  if ((!request.fields.empty() || !request.docvalue_fields.empty()) && !fetched.source.empty()) {
    OrderedJson fields = hit_fields(json::parse(fetched.source, nullptr, false), request, *target.mapping);
    if (!fields.empty()) out.key("fields").value(fields);
  }
  if (!fetched.highlights.empty()) {
    out.key("highlight").begin_object();
    for (const auto& [field, fragments] : fetched.highlights) {
      out.key(field).begin_array();
      for (const auto& fragment : fragments) out.string(fragment);
      out.end_array();
    }
    out.end_object();
  }
  if (!prepared.sort.empty()) {
    out.key("sort").begin_array();
    for (size_t i = 0; i < doc.sort_values.size() && i < prepared.sort.size(); ++i) {
      write_sort_value(out, doc.sort_values[i], prepared.sort[i]);
    }
    out.end_array();
  }
  if (request.explain && !fetched.explanation_json.empty()) {
    auto explanation = OrderedJson::parse(fetched.explanation_json, nullptr, false);
    if (!explanation.is_discarded()) out.key("_explanation").value(explanation);
  }
  out.end_object();
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

// Fetches the merged page's docs shard by shard and writes them, in merged order, as an array.
std::optional<RequestError> write_hits(
    JsonWriter& out, const PreparedSearch& prepared,
    const std::vector<std::pair<const IndexTarget*, const engine::ShardSearcher*>>& origin,
    const std::vector<query::ShardSearchResponse>& responses, const std::vector<query::MergedHit>& merged,
    bool scores) {
  std::vector<std::vector<query::FetchedDoc>> fetched_by_response(responses.size());
  std::vector<size_t> slot(merged.size());  // merged[i] is fetched_by_response[response][slot[i]]
  std::vector<std::vector<size_t>> positions_by_response(responses.size());
  for (size_t i = 0; i < merged.size(); ++i) positions_by_response[merged[i].response].push_back(i);
  for (size_t response = 0; response < responses.size(); ++response) {
    const auto& positions = positions_by_response[response];
    if (positions.empty()) continue;
    const auto& [target, searcher] = origin[response];
    query::ShardFetchRequest fetch;
    fetch.source = prepared.fetch_source || !prepared.request.fields.empty() ||
                   !prepared.request.docvalue_fields.empty() || !prepared.request.highlight_json.empty();
    if (prepared.request.explain) {
      fetch.explain_query = &target->shard_request.query;
      fetch.similarities = target->shard_request.similarities;  // only explanations score
    }
    if (!prepared.request.highlight_json.empty()) {
      Status configured = configure_highlight(prepared, *target, fetch);
      if (!configured.is_ok()) return search_error(configured);
    }
    for (size_t j = 0; j < positions.size(); ++j) {
      fetch.docs.push_back(merged[positions[j]].doc->doc);
      slot[positions[j]] = j;
    }
    auto fetched = query::execute_fetch_phase(*searcher, fetch);
    if (!fetched.is_ok()) return search_error(fetched.status());
    fetched_by_response[response] = std::move(fetched.value());
  }
  out.begin_array();
  for (size_t i = 0; i < merged.size(); ++i) {
    const auto& hit = merged[i];
    write_hit(out, prepared, *origin[hit.response].first, responses[hit.response], *hit.doc,
              fetched_by_response[hit.response][slot[i]], scores);
  }
  out.end_array();
  return std::nullopt;
}

// hits.total as the response shows it; nullopt when track_total_hits is false (no "total" key,
// or -1 with rest_total_hits_as_int).
void write_total(JsonWriter& out, const PreparedSearch& prepared, uint64_t total, bool lower_bound) {
  int64_t track = prepared.request.track_total_hits_or_default();
  if (track == query::kTrackTotalHitsDisabled) {
    if (prepared.options.rest_total_hits_as_int) out.key("total").number(int64_t{-1});
    return;
  }
  if (track != query::kTrackTotalHitsAccurate && total > static_cast<uint64_t>(track)) {
    total = static_cast<uint64_t>(track);
    lower_bound = true;
  }
  out.key("total");
  if (prepared.options.rest_total_hits_as_int) {
    out.number(total);
    return;
  }
  out.begin_object().key("value").number(total).key("relation").string(lower_bound ? "gte" : "eq").end_object();
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
Outcome<SearchBody> execute_search(const PreparedSearch& prepared, size_t from, size_t size) {
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
        return Outcome<SearchBody>::fail(Status(response.status()).with_index(target.service->name()));
      if (cache) cache->put(target.service->uuid(), searcher, prepared.cache_key.bytes, response.value());
      responses.push_back(std::move(response.value()));
    }
  }
  return render_search(prepared, responses, origin, from, size);
}

Outcome<SearchBody> render_search(const PreparedSearch& prepared,
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

  SearchBody body;
  body.total_hits = total;
  body.terminated_early = terminated_early;
  body.shards = responses.size();
  JsonWriter out;
  out.begin_object();
  out.key("timed_out").boolean(false);
  if (prepared.request.terminate_after > 0) out.key("terminated_early").boolean(terminated_early);
  out.key("_shards").begin_object();
  out.key("total").number(uint64_t{responses.size()}).key("successful").number(uint64_t{responses.size()});
  out.key("skipped").number(int64_t{0}).key("failed").number(int64_t{0});
  out.end_object();
  out.key("hits").begin_object();
  write_total(out, prepared, total, lower_bound);
  bool show_max =
      scores && any_docs && prepared.sort.empty() ? true : (prepared.request.track_scores && any_docs);
  out.key("max_score");
  if (show_max) out.float_number(max_score);
  else out.null();
  out.key("hits");
  if (auto error = write_hits(out, prepared, origin, responses, merged, scores))
    return Outcome<SearchBody>::fail(std::move(*error));
  out.end_object();
  if (prepared.aggs) {
    std::vector<json> partials;
    for (const auto& response : responses) partials.push_back(json::parse(response.aggs_partial_json));
    out.key("aggregations").value(query::reduce_aggregations(*prepared.aggs, partials, prepared.options.typed_keys));
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
    out.key("profile").begin_object().key("shards").value(shards).end_object();
  }
  out.end_object();
  body.json = out.take();
  return Outcome<SearchBody>{std::move(body), std::nullopt};
}

namespace {

std::string member(std::string_view key, std::string_view rendered_value) {
  JsonWriter name;
  name.string(key);
  return name.take() + ":" + std::string(rendered_value);
}

}  // namespace

void SearchBody::prepend(std::string_view key, std::string_view rendered_value) {
  std::string text = member(key, rendered_value);
  if (json.size() > 2) text += ',';
  json.insert(1, text);
}

void SearchBody::append(std::string_view key, std::string_view rendered_value) {
  std::string text = member(key, rendered_value);
  if (json.size() > 2) text.insert(0, 1, ',');
  json.insert(json.size() - 1, text);
}

void SearchBody::append_string(std::string_view key, std::string_view value) {
  JsonWriter rendered;
  rendered.string(value);
  append(key, rendered.text());
}

void SearchBody::prepend_string(std::string_view key, std::string_view value) {
  JsonWriter rendered;
  rendered.string(value);
  prepend(key, rendered.text());
}

SearchBody with_took(SearchBody body, SearchClock::time_point start) {
  body.prepend("took", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(SearchClock::now() - start).count()));
  return body;
}

}  // namespace pharos::api
