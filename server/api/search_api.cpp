// _search, _count, _msearch, scroll, _delete_by_query and _update_by_query. Every search is a
// fan-out over the shards of the resolved indexes (query phase), a merge of their top docs, and
// a fetch of the page's docs from the shards that hold them (query/dsl/shard_search_phase.h).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "index/base/wall_clock.h"
#include "index/engine/catalog.h"
#include "index/mapping/mapping.h"
#include "query/agg/aggregations.h"
#include "query/dsl/query_parser.h"
#include "query/dsl/search_request.h"
#include "query/dsl/shard_search_phase.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/hybrid_search.h"
#include "server/api/json_response.h"
#include "server/api/json_writer.h"
#include "server/api/request_cache_key.h"
#include "server/api/request_options.h"
#include "server/api/search_context_store.h"
#include "server/api/search_execution.h"
#include "server/api/source_filter.h"
#include "server/api/task_store.h"
#include "server/api/terms_lookup.h"
#include "server/api/write_params.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;
using Clock = SearchClock;

// `q=` URI search: "field:value", "*" or plain text against every text and keyword field.
json uri_query(const std::string& q, const mapping::Mapping& mapping) {
  if (q == "*" || q == "*:*") return {{"match_all", json::object()}};
  size_t colon = q.find(':');
  if (colon != std::string::npos && colon > 0) {
    std::string field = q.substr(0, colon), value = q.substr(colon + 1);
    if (value == "*") return {{"exists", {{"field", field}}}};
    return {{"match", {{field, value}}}};
  }
  json should = json::array();
  for (const mapping::FieldMapping* field : mapping.leaf_fields()) {
    if (field->type == mapping::FieldType::text) should.push_back({{"match", {{field->path, q}}}});
    if (field->type == mapping::FieldType::keyword) should.push_back({{"term", {{field->path, q}}}});
  }
  if (should.empty()) return {{"match_none", json::object()}};
  return {{"bool", {{"should", should}}}};
}

Outcome<IndexTarget> prepare_target(std::shared_ptr<engine::IndexService> service,
                                    const query::SearchRequest& request, const std::string& q, int64_t now) {
  IndexTarget target;
  target.service = service;
  target.mapping = service->mapping();
  auto analysis = service->analysis();
  auto settings = service->settings();
  auto vector_fields = service->vector_fields();
  query::QueryParseContext context;
  context.mapping = target.mapping.get();
  context.vector_fields = vector_fields.get();
  context.analysis = analysis.get();
  context.now_millis = now;
  const json match_all = {{"match_all", json::object()}};
  const json uri = q.empty() ? json() : uri_query(q, *target.mapping);
  auto query = query::parse_query(!q.empty() ? uri : request.query ? *request.query : match_all, context);
  if (!query.is_ok()) return Outcome<IndexTarget>::fail(Status(query.status()).with_index(service->name()));
  auto& shard_request = target.shard_request;
  shard_request.query = std::move(query.value());
  auto sort = query::resolve_sort(request.sort, *target.mapping);
  if (!sort.is_ok()) return Outcome<IndexTarget>::fail(sort.status());
  shard_request.sort = std::move(sort.value());
  auto search_after = query::resolve_search_after(request.search_after_json, shard_request.sort);
  if (!search_after.is_ok()) return Outcome<IndexTarget>::fail(search_after.status());
  shard_request.search_after = std::move(search_after.value());
  shard_request.track_scores = request.track_scores;
  int64_t track = request.track_total_hits_or_default();
  shard_request.track_total_hits_up_to = track < 0 ? 0 : static_cast<uint64_t>(track);
  if (track == query::kTrackTotalHitsAccurate) shard_request.track_total_hits_up_to = UINT64_MAX;
  shard_request.min_score = request.min_score;
  shard_request.profile = request.profile;
  shard_request.terminate_after = static_cast<uint64_t>(request.terminate_after);
  shard_request.similarities = query::resolve_similarities(*target.mapping, settings->flat_json);
  if (!request.aggs_json.empty()) {
    auto aggs = query::parse_aggregations(json::parse(request.aggs_json), context);
    if (!aggs.is_ok()) return Outcome<IndexTarget>::fail(aggs.status());
    shard_request.aggs = std::move(aggs.value());
  }
  target.searchers = service->acquire_searchers();
  return Outcome<IndexTarget>{std::move(target), std::nullopt};
}

// Terms lookups in the query and in filter aggregations become plain term lists (the
// coordinator's rewrite phase), so every shard sees the same terms.
Status rewrite_terms_lookups(query::SearchRequest& request, const engine::Catalog& catalog) {
  if (request.query && has_terms_lookup(*request.query)) {
    json node = *request.query;
    PHAROS_RETURN_IF_ERROR(resolve_terms_lookups(node, catalog));
    request.query = std::make_shared<const json>(std::move(node));
  }
  if (request.aggs_json.find("\"terms\"") != std::string::npos) {
    json node = json::parse(request.aggs_json, nullptr, false);
    if (node.is_discarded()) return Status::ok();
    PHAROS_RETURN_IF_ERROR(resolve_terms_lookups(node, catalog));
    request.aggs_json = node.dump();
  }
  return Status::ok();
}

Outcome<PreparedSearch> prepare_search(const std::vector<std::shared_ptr<engine::IndexService>>& indexes,
                                       query::SearchRequest request, const std::string& q,
                                       ResponseOptions options, bool scroll) {
  PreparedSearch prepared;
  if (auto failures = query::validation_failures(request); !failures.empty()) {
    ValidationErrors errors;
    for (auto& failure : failures) errors.add(failure);
    return Outcome<PreparedSearch>::fail(errors.to_error());
  }
  int64_t now = wall_clock_millis();
  for (const auto& service : indexes) {
    Status window = query::validate_result_window(request, service->settings()->max_result_window, scroll);
    if (!window.is_ok()) return Outcome<PreparedSearch>::fail(window);
    auto target = prepare_target(service, request, q, now);
    if (target.error) return Outcome<PreparedSearch>::fail(*target.error);
    prepared.targets.push_back(std::move(*target.value));
  }
  if (!prepared.targets.empty()) {
    prepared.sort = prepared.targets.front().shard_request.sort;
    prepared.aggs = prepared.targets.front().shard_request.aggs;
  }
  if (request.source_json) {
    auto filter = SourceFilter::from_json(json::parse(*request.source_json));
    if (!filter.is_ok()) return Outcome<PreparedSearch>::fail(filter.status());
    prepared.source = std::move(filter.value());
  }
  if (options.source_params) prepared.source = *options.source_params;
  prepared.fetch_source = prepared.source.fetch;
  if (request.stored_fields && std::find(request.stored_fields->begin(), request.stored_fields->end(),
                                         "_none_") != request.stored_fields->end()) {
    prepared.fetch_source = false;
  }
  // Naming stored_fields turns _source off unless it is asked for (as a stored field or _source).
  if (request.stored_fields && !request.source_json && !options.source_params &&
      std::find(request.stored_fields->begin(), request.stored_fields->end(), "_source") ==
          request.stored_fields->end()) {
    prepared.fetch_source = false;
  }
  prepared.request = std::move(request);
  prepared.options = std::move(options);
  return Outcome<PreparedSearch>{std::move(prepared), std::nullopt};
}

// ---- server-side search contexts (scroll and point in time)

// A scroll keeps the prepared search (its shard views pinned) and how far it has paged; a point
// in time keeps only the shard views of its indexes.
struct SearchContext {
  std::mutex mutex;
  std::optional<PreparedSearch> scroll;
  size_t offset = 0;
  size_t size = 10;
  std::vector<std::shared_ptr<engine::IndexService>> pit_indexes;
  std::vector<std::vector<std::shared_ptr<const engine::ShardSearcher>>> pit_searchers;
  int64_t keep_alive_ms = 60000;
  Clock::time_point expires;
  bool is_pit() const { return !scroll.has_value(); }
};

using ContextStore = SearchContextStore<SearchContext>;

Result<int64_t> keep_alive(const std::string& text) {
  return engine::parse_time_value_ms("keep_alive", text);
}

struct SearchServices {
  explicit SearchServices(ApiContext& context) : ctx(context) {}
  ApiContext& ctx;
  ContextStore contexts;
  TaskStore tasks;  // finished wait_for_completion=false requests
};

ResponseOptions response_options(const SearchServices& services, const Request& request) {
  ResponseOptions options;
  options.rest_total_hits_as_int = request.flag("rest_total_hits_as_int", false);
  options.typed_keys = request.flag("typed_keys", false);
  options.node_id = services.ctx.catalog->node_id();
  return options;
}

// The body of one search (also one _msearch item): resolves indexes (or the pit's), runs it,
// and opens a scroll context when asked.
// `body` loses its "query" (moved into the parsed request).
Outcome<SearchBody> search_core(SearchServices& services, const Request& request, json& body) {
  auto start = Clock::now();
  auto parsed = query::parse_search_body_taking_query(body);
  if (!parsed.is_ok()) return Outcome<SearchBody>::fail(parsed.status());
  query::SearchRequest search = std::move(parsed.value());
  Status params = query::apply_search_params(search, request.query);
  if (!params.is_ok()) return Outcome<SearchBody>::fail(params);
  auto hybrid = apply_search_pipeline(*services.ctx.catalog, request, search);  // hybrid_search.h
  if (hybrid.error) return Outcome<SearchBody>::fail(*hybrid.error);
  ResponseOptions options = response_options(services, request);
  auto source_params = SourceFilter::from_params(request);
  if (!source_params.is_ok()) return Outcome<SearchBody>::fail(source_params.status());
  options.source_params = std::move(source_params.value());

  std::vector<std::shared_ptr<engine::IndexService>> indexes;
  std::shared_ptr<SearchContext> pit;
  if (!search.pit_id.empty()) {
    pit = services.contexts.get(search.pit_id);
    if (!pit || pit->scroll) {
      return Outcome<SearchBody>::fail(RequestError{404, "search_context_missing_exception",
                                                     "No search context found for id [" + search.pit_id + "]",
                                                     ""});
    }
    indexes = pit->pit_indexes;
  } else {
    auto resolved = resolve_indices(*services.ctx.catalog, request);
    if (!resolved.is_ok()) return Outcome<SearchBody>::fail(RequestError::from_status(resolved.status()));
    indexes = std::move(resolved.value());
  }
  const std::string* scroll = request.param("scroll");
  // Scrolls page through everything, so their total is exact unless asked otherwise.
  if (scroll && !search.track_total_hits) search.track_total_hits = query::kTrackTotalHitsAccurate;
  if (Status lookups = rewrite_terms_lookups(search, *services.ctx.catalog); !lookups.is_ok())
    return Outcome<SearchBody>::fail(lookups);
  auto prepared =
      prepare_search(indexes, std::move(search), request.param_or("q", ""), std::move(options), scroll);
  if (prepared.error) return Outcome<SearchBody>::fail(*prepared.error);
  prepared.value->hybrid = std::move(*hybrid.value);
  prepared.value->request_cache = services.ctx.request_cache;
  prepared.value->cache_key = request_cache_key(body, prepared.value->request, request);
  if (pit) {
    for (size_t i = 0; i < prepared.value->targets.size(); ++i)
      prepared.value->targets[i].searchers = pit->pit_searchers[i];
  }
  size_t from = static_cast<size_t>(prepared.value->request.from_or_default());
  size_t size = static_cast<size_t>(prepared.value->request.size_or_default());
  auto result = execute_search(*prepared.value, from, size);
  if (result.error) return result;
  SearchBody out = with_took(std::move(*result.value), start);
  if (pit) out.append_string("pit_id", prepared.value->request.pit_id);
  if (scroll) {
    auto keep = keep_alive(*scroll);
    if (!keep.is_ok()) return Outcome<SearchBody>::fail(keep.status());
    auto context = std::make_shared<SearchContext>();
    context->offset = from + size;
    context->size = size;
    context->keep_alive_ms = *keep;
    context->expires = Clock::now() + std::chrono::milliseconds(*keep);
    context->scroll = std::move(*prepared.value);
    out.prepend_string("_scroll_id", services.contexts.put(std::move(context)));
  }
  return Outcome<SearchBody>{std::move(out), std::nullopt};
}

Response respond(const Request& request, Outcome<SearchBody>&& outcome) {
  if (outcome.error) return outcome.error->to_response();
  return search_body_response(request, std::move(outcome.value->json));
}

Response search(SearchServices& services, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  return respond(request, search_core(services, request, *body));
}

Response scroll_next(SearchServices& services, Request& request) {
  auto start = Clock::now();
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  std::string id = request.param_or("scroll_id", "");
  std::string keep = request.param_or("scroll", "");
  if (body->is_object() && body->contains("scroll_id")) id = (*body)["scroll_id"].get<std::string>();
  if (body->is_object() && body->contains("scroll")) keep = (*body)["scroll"].get<std::string>();
  if (id.empty()) {
    return ValidationErrors([] {
             ValidationErrors e;
             e.add("scrollId is missing");
             return e;
           }())
        .to_error()
        .to_response();
  }
  auto context = services.contexts.get(id);
  if (!context || !context->scroll) {
    return error_response(404, "search_context_missing_exception",
                          "No search context found for id [" + id + "]");
  }
  std::lock_guard lock(context->mutex);
  if (!keep.empty()) {
    auto ms = keep_alive(keep);
    if (!ms.is_ok()) return error_response(ms.status());
    context->keep_alive_ms = *ms;
  }
  context->expires = Clock::now() + std::chrono::milliseconds(context->keep_alive_ms);
  auto result = execute_search(*context->scroll, context->offset, context->size);
  if (result.error) return result.error->to_response();
  context->offset += context->size;
  SearchBody page = with_took(std::move(*result.value), start);
  page.prepend_string("_scroll_id", id);
  return search_body_response(request, std::move(page.json));
}

// The ids of a clear-scroll / delete-pit body: a string or an array, under `key`.
std::vector<std::string> ids_of(const json& body, const char* key) {
  std::vector<std::string> ids;
  if (!body.is_object() || !body.contains(key)) return ids;
  const json& value = body[key];
  if (value.is_string()) ids.push_back(value);
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) ids.push_back(item);
    }
  }
  return ids;
}

Response clear_scroll(SearchServices& services, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  std::vector<std::string> ids = ids_of(*body, "scroll_id");
  if (const std::string* param = request.param("scroll_id")) {
    for (auto& id : split_comma_list(*param)) ids.push_back(id);
  }
  std::string path_id = request.path_param("scroll_id");
  if (!path_id.empty()) ids = split_comma_list(path_id);
  size_t freed = 0;
  if (ids.size() == 1 && ids[0] == "_all") {
    freed = services.contexts.remove_all(false);
  } else {
    for (const auto& id : ids) freed += services.contexts.remove(id) ? 1 : 0;
  }
  bool all_found = freed == ids.size() || (ids.size() == 1 && ids[0] == "_all");
  return json_response(request, all_found ? 200 : 404, {{"succeeded", true}, {"num_freed", freed}});
}

Response create_pit(SearchServices& services, Request& request) {
  const std::string* keep_text = request.param("keep_alive");
  if (!keep_text) {
    return ValidationErrors([] {
             ValidationErrors e;
             e.add("keep alive not specified");
             return e;
           }())
        .to_error()
        .to_response();
  }
  auto keep = keep_alive(*keep_text);
  if (!keep.is_ok()) return error_response(keep.status());
  auto indexes = resolve_indices(*services.ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  auto context = std::make_shared<SearchContext>();
  size_t shards = 0;
  for (const auto& index : *indexes) {
    context->pit_indexes.push_back(index);
    context->pit_searchers.push_back(index->acquire_searchers());
    shards += context->pit_searchers.back().size();
  }
  context->keep_alive_ms = *keep;
  context->expires = Clock::now() + std::chrono::milliseconds(*keep);
  OrderedJson out;
  out["pit_id"] = services.contexts.put(std::move(context));
  out["_shards"] = shards_json(shards);
  out["creation_time"] = wall_clock_millis();
  return ordered_json_response(request, 200, out);
}

Response delete_pit(SearchServices& services, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  json pits = json::array();
  if (request.path.ends_with("/_all")) {
    services.contexts.remove_all(true);
  } else {
    for (const auto& id : ids_of(*body, "pit_id"))
      pits.push_back({{"succeeded", services.contexts.remove(id)}, {"pit_id", id}});
  }
  return json_response(request, 200, {{"pits", pits}});
}

Response count(SearchServices& services, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  auto parsed = query::parse_search_body_taking_query(*body);
  if (!parsed.is_ok()) return search_error(parsed.status()).to_response();
  query::SearchRequest search = std::move(parsed.value());
  search.size = 0;
  search.from = 0;
  search.track_total_hits = query::kTrackTotalHitsAccurate;
  if (const std::string* min_score = request.param("min_score")) search.min_score = std::stof(*min_score);
  if (const std::string* terminate = request.param("terminate_after"))
    search.terminate_after = std::stoll(*terminate);
  auto indexes = resolve_indices(*services.ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  if (Status lookups = rewrite_terms_lookups(search, *services.ctx.catalog); !lookups.is_ok())
    return search_error(lookups).to_response();
  auto prepared = prepare_search(*indexes, std::move(search), request.param_or("q", ""),
                                 response_options(services, request), false);
  if (prepared.error) return prepared.error->to_response();
  auto result = execute_search(*prepared.value, 0, 0);
  if (result.error) return result.error->to_response();
  OrderedJson out;
  out["count"] = result.value->total_hits;
  if (prepared.value->request.terminate_after > 0) out["terminated_early"] = result.value->terminated_early;
  out["_shards"] = shards_json(result.value->shards);
  return ordered_json_response(request, 200, out);
}

// ---- _delete_by_query / _update_by_query: every match of the refreshed view, written back
// with if_seq_no/if_primary_term so concurrent changes surface as version conflicts.

struct ByQueryResult {
  uint64_t total = 0, changed = 0, conflicts = 0, noops = 0;
  json failures = json::array();
};

Response by_query(SearchServices& services, Request& request, bool is_delete) {
  auto start = Clock::now();
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  json search_body = body->is_object() ? std::move(*body) : json::object();
  bool proceed = request.param_or("conflicts", "abort") == "proceed";
  uint64_t max_docs = 0;
  if (search_body.contains("conflicts")) proceed = search_body["conflicts"] == "proceed";
  if (search_body.contains("max_docs")) max_docs = search_body["max_docs"].get<uint64_t>();
  // `size` is the deprecated name of max_docs.
  for (const char* name : {"size", "max_docs"}) {
    auto param = parse_long_param(request, name);
    if (!param.is_ok()) return error_response(param.status());
    if (*param && **param >= 0) max_docs = static_cast<uint64_t>(**param);
  }
  auto scroll_size = parse_long_param(request, "scroll_size");
  if (!scroll_size.is_ok()) return error_response(scroll_size.status());
  uint64_t batch_size =
      scroll_size->value_or(1000) > 0 ? static_cast<uint64_t>(scroll_size->value_or(1000)) : 1000;
  for (const char* key : {"conflicts", "max_docs", "script", "slice"}) search_body.erase(key);
  auto parsed = query::parse_search_body_taking_query(search_body);
  if (!parsed.is_ok()) return search_error(parsed.status()).to_response();
  auto indexes = resolve_indices(*services.ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  if (Status lookups = rewrite_terms_lookups(parsed.value(), *services.ctx.catalog); !lookups.is_ok())
    return search_error(lookups).to_response();
  auto prepared = prepare_search(*indexes, std::move(parsed.value()), request.param_or("q", ""),
                                 response_options(services, request), false);
  if (prepared.error) return prepared.error->to_response();

  ByQueryResult result;
  bool aborted = false;
  for (const auto& target : prepared.value->targets) {
    for (const auto& searcher : target.searchers) {
      if (aborted || (max_docs != 0 && result.total >= max_docs)) break;
      auto docs = query::collect_matching_docs(*searcher, target.shard_request.query, !is_delete,
                                               max_docs == 0 ? 0 : max_docs - result.total);
      if (!docs.is_ok()) return error_response(docs.status());
      for (const auto& doc : *docs) {
        ++result.total;
        engine::ConcurrencyCheck check;
        check.if_seq_no = doc.meta.seq_no;
        check.if_primary_term = doc.meta.primary_term;
        Result<engine::WriteResult> written = Status(ErrorKind::internal, "not written");
        if (is_delete) {
          written = target.service->remove(engine::DeleteRequest{doc.id, doc.routing, check});
        } else {
          engine::IndexRequest index_request;
          index_request.id = doc.id;
          index_request.routing = doc.routing;
          index_request.source = doc.source;
          index_request.check = check;
          written = target.service->index(index_request);
        }
        bool conflict = !written.is_ok() && written.status().kind() == ErrorKind::version_conflict;
        if (written.is_ok() && written->outcome == engine::WriteOutcome::not_found) conflict = true;
        if (written.is_ok() && !conflict) {
          ++result.changed;
        } else if (conflict) {
          ++result.conflicts;
          if (!proceed) {
            RequestError error = written.is_ok()
                                     ? RequestError{409, "version_conflict_engine_exception",
                                                    "[" + doc.id + "]: version conflict, document missing",
                                                    target.service->name()}
                                     : RequestError::from_status(written.status());
            json cause = error.to_item_json();
            cause["shard"] = std::to_string(searcher->shard);
            result.failures.push_back(
                {{"index", target.service->name()}, {"id", doc.id}, {"cause", cause}, {"status", 409}});
            aborted = true;
            break;
          }
        } else {
          return error_response(written.status());
        }
      }
    }
  }
  auto refresh = parse_refresh(request);
  if (refresh.is_ok() && *refresh != RefreshPolicy::none) {
    for (const auto& index : *indexes) (void)index->refresh();
  }
  OrderedJson out;
  out["took"] = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  out["timed_out"] = false;
  out["total"] = result.total;
  if (is_delete) {
    out["deleted"] = result.changed;
  } else {
    out["updated"] = result.changed;
    out["deleted"] = 0;
  }
  // One scroll batch per scroll_size docs (an empty first page is not a batch).
  out["batches"] = (result.total + batch_size - 1) / batch_size;
  out["version_conflicts"] = result.conflicts;
  out["noops"] = result.noops;
  out["retries"] = {{"bulk", 0}, {"search", 0}};
  out["throttled_millis"] = 0;
  out["requests_per_second"] = -1.0;
  out["throttled_until_millis"] = 0;
  out["failures"] = result.failures;
  if (!request.flag("wait_for_completion", true)) {
    // Done already (one node, no background runner): answer with the task that holds the result.
    std::string action =
        is_delete ? "indices:data/write/delete/byquery" : "indices:data/write/update/byquery";
    std::string id =
        services.tasks.add(services.ctx.catalog->node_id(), action,
                           (is_delete ? "delete-by-query " : "update-by-query ") + request.path, out);
    return json_response(request, 200, {{"task", id}});
  }
  return ordered_json_response(request, aborted ? 409 : 200, out);
}

// ---- _msearch: NDJSON header/body pairs, each answered like a search with its own status.

Response msearch(SearchServices& services, Request& request) {
  auto start = Clock::now();
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < request.body.size()) {
    size_t end = request.body.find('\n', pos);
    if (end == std::string::npos) end = request.body.size();
    std::string line = request.body.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(std::move(line));
    pos = end + 1;
  }
  if (lines.empty()) {
    return ValidationErrors([] {
             ValidationErrors e;
             e.add("no requests added");
             return e;
           }())
        .to_error()
        .to_response();
  }
  std::vector<std::string> responses;  // each one JSON object
  for (size_t i = 0; i < lines.size(); i += 2) {
    json header = json::parse(lines[i], nullptr, false);
    json body = i + 1 < lines.size() ? json::parse(lines[i + 1], nullptr, false) : json::object();
    if (header.is_discarded() || body.is_discarded() || !header.is_object()) {
      return error_response(400, "parse_exception", "Failed to parse msearch line " + std::to_string(i + 1));
    }
    Request item = request;  // the URL's parameters apply to every item; the header may override
    item.body.clear();
    if (header.contains("index")) {
      const json& index = header["index"];
      std::string expression;
      if (index.is_string()) expression = index;
      if (index.is_array()) {
        for (const auto& name : index)
          expression += (expression.empty() ? "" : ",") + name.get<std::string>();
      }
      item.path_params["index"] = expression;
    }
    for (const char* key :
         {"ignore_unavailable", "allow_no_indices", "expand_wildcards", "routing", "preference"}) {
      if (header.contains(key)) {
        item.query[key] = header[key].is_string() ? header[key].get<std::string>() : header[key].dump();
      }
    }
    auto outcome = search_core(services, item, body);
    if (outcome.error) {
      OrderedJson error;
      error["error"] = OrderedJson::parse(outcome.error->to_json().dump());
      error["status"] = outcome.error->http_status;
      responses.push_back(error.dump(-1, ' ', false, OrderedJson::error_handler_t::replace));
    } else {
      outcome.value->append("status", "200");
      responses.push_back(std::move(outcome.value->json));
    }
  }
  JsonWriter out;
  out.begin_object();
  out.key("took").number(static_cast<int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()));
  out.key("responses").begin_array();
  for (const auto& item : responses) out.raw(item);
  out.end_array().end_object();
  return search_body_response(request, out.take());
}

}  // namespace

void register_search_routes(http::Router& router, ApiContext& ctx) {
  // The routes share one context store; handlers capture it by shared_ptr so it lives as long
  // as the router.
  auto services = std::make_shared<SearchServices>(ctx);
  auto add = [&](std::initializer_list<Method> methods, const char* path, auto handler) {
    for (Method method : methods) {
      router.add(method, path, [services, handler](Request& r) { return handler(*services, r); });
    }
  };
  for (const char* path : {"/_search", "/{index}/_search"}) add({Method::get, Method::post}, path, search);
  for (const char* path : {"/_count", "/{index}/_count"}) add({Method::get, Method::post}, path, count);
  for (const char* path : {"/_msearch", "/{index}/_msearch"}) add({Method::get, Method::post}, path, msearch);
  add({Method::get, Method::post}, "/_search/scroll", scroll_next);
  add({Method::get, Method::post}, "/_search/scroll/{scroll_id}", scroll_next);
  add({Method::delete_}, "/_search/scroll", clear_scroll);
  add({Method::delete_}, "/_search/scroll/{scroll_id}", clear_scroll);
  add({Method::post}, "/{index}/_search/point_in_time", create_pit);
  add({Method::delete_}, "/_search/point_in_time", delete_pit);
  add({Method::delete_}, "/_search/point_in_time/_all", delete_pit);
  add({Method::get}, "/_tasks/{task_id}", [](SearchServices& s, Request& r) {
    std::string id = r.path_param("task_id");
    if (auto task = s.tasks.get(id)) return json_response(r, 200, *task);
    return error_response(404, "resource_not_found_exception",
                          "task [" + id + "] isn't running and hasn't stored its results");
  });
  add({Method::post}, "/{index}/_delete_by_query",
      [](SearchServices& s, Request& r) { return by_query(s, r, true); });
  add({Method::post}, "/{index}/_update_by_query",
      [](SearchServices& s, Request& r) { return by_query(s, r, false); });
}

}  // namespace pharos::api
