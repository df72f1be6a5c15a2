#include "server/api/search_execution.h"

#include <charconv>
#include <cmath>

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

// Values of `path` in a source document (dotted paths, arrays flattened), for `fields`.
void collect_field_values(const json& node, std::string_view path, json& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect_field_values(item, path, out);
    return;
  }
  if (path.empty()) {
    if (!node.is_object()) out.push_back(node);
    return;
  }
  if (!node.is_object()) return;
  for (size_t cut = path.size(); cut != std::string_view::npos && cut > 0; cut = path.rfind('.', cut - 1)) {
    auto it = node.find(std::string(path.substr(0, cut)));
    if (it != node.end()) collect_field_values(*it, cut == path.size() ? "" : path.substr(cut + 1), out);
    if (cut == 0) break;
  }
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
  std::vector<std::string> fields = request.fields;
  fields.insert(fields.end(), request.docvalue_fields.begin(), request.docvalue_fields.end());
  if (!fields.empty() && !fetched.source.empty()) {
    json source = json::parse(fetched.source, nullptr, false);
    OrderedJson out = OrderedJson::object();
    for (const auto& field : fields) {
      json values = json::array();
      collect_field_values(source, field, values);
      if (!values.empty()) out[field] = OrderedJson::parse(values.dump());
    }
    if (!out.empty()) hit["fields"] = out;
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

// Highlighting as the fetch phase runs it: the fields of "highlight" (a "*" takes every text
// field) and the first pre/post tags.
void configure_highlight(const PreparedSearch& prepared, const IndexTarget& target,
                         query::ShardFetchRequest& fetch) {
  json spec = json::parse(prepared.request.highlight_json, nullptr, false);
  if (!spec.is_object() || !spec.contains("fields")) return;
  auto add_field = [&](const std::string& name) {
    if (name.find('*') == std::string::npos) {
      fetch.highlight_fields.push_back(name);
      return;
    }
    for (const mapping::FieldMapping* field : target.mapping->leaf_fields()) {
      if (field->type == mapping::FieldType::text) fetch.highlight_fields.push_back(field->path);
    }
  };
  const json& fields = spec["fields"];
  if (fields.is_object()) {
    for (const auto& [name, options] : fields.items()) add_field(name);
  } else if (fields.is_array()) {
    for (const auto& entry : fields) {
      if (entry.is_object()) {
        for (const auto& [name, options] : entry.items()) add_field(name);
      }
    }
  }
  if (spec.contains("pre_tags") && spec["pre_tags"].is_array() && !spec["pre_tags"].empty()) {
    fetch.pre_tag = spec["pre_tags"][0].get<std::string>();
  }
  if (spec.contains("post_tags") && spec["post_tags"].is_array() && !spec["post_tags"].empty()) {
    fetch.post_tag = spec["post_tags"][0].get<std::string>();
  }
  fetch.highlight_query = &target.shard_request.query;
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
    if (!prepared.request.highlight_json.empty()) configure_highlight(prepared, *target, fetch);
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

}  // namespace

RequestError search_error(const Status& status) {
  if (status.kind() == ErrorKind::parse_error) return RequestError{400, "parsing_exception", status.message(), ""};
  return RequestError::from_status(status);
}

OrderedJson shards_json(size_t total) {
  return {{"total", total}, {"successful", total}, {"skipped", 0}, {"failed", 0}};
}

// Runs the query phase on every shard, merges, fetches [from, from + size) and renders the
// response body (without "took", which the caller measures).
Outcome<OrderedJson> execute_search(const PreparedSearch& prepared, size_t from, size_t size) {
  std::vector<query::ShardSearchResponse> responses;
  std::vector<std::pair<const IndexTarget*, const engine::ShardSearcher*>> origin;
  uint64_t k = std::min<uint64_t>(from + size, UINT32_MAX);
  for (const auto& target : prepared.targets) {
    query::ShardSearchRequest shard_request = target.shard_request;
    shard_request.k = static_cast<uint32_t>(k);
    for (const auto& searcher : target.searchers) {
      auto response = query::execute_query_phase(*searcher, shard_request);
      if (!response.is_ok())
        return Outcome<OrderedJson>::fail(Status(response.status()).with_index(target.service->name()));
      responses.push_back(std::move(response.value()));
      origin.emplace_back(&target, searcher.get());
    }
  }
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
  return Outcome<OrderedJson>{std::move(body), std::nullopt};
}

OrderedJson with_took(OrderedJson body, SearchClock::time_point start) {
  OrderedJson out;
  out["took"] = std::chrono::duration_cast<std::chrono::milliseconds>(SearchClock::now() - start).count();
  for (auto& [key, value] : body.items()) out[key] = std::move(value);
  return out;
}


}  // namespace pharos::api
