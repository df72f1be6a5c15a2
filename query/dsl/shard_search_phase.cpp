#include "query/dsl/shard_search_phase.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "index/search/count_matches.h"
#include "index/search/shard_context.h"
#include "query/agg/aggregations.h"

namespace pharos::query {
namespace {

// The segment holding a shard-level doc id: the last one whose doc_base is not above it.
const engine::SegmentView* segment_of(const engine::ShardSearcher& searcher, uint32_t doc) {
  const engine::SegmentView* found = nullptr;
  for (const auto& view : searcher.segments) {
    if (view.doc_base <= doc && doc - view.doc_base < view.segment->max_doc()) found = &view;
  }
  return found;
}

int type_rank(const search::SortValue& value) { return static_cast<int>(value.index()); }

// <0 when `a` sorts before `b` for `field` (missing values placed per `missing`).
int compare_sort_values(const search::SortValue& a, const search::SortValue& b,
                        const search::SortField& field) {
  bool a_missing = std::holds_alternative<std::monostate>(a);
  bool b_missing = std::holds_alternative<std::monostate>(b);
  if (a_missing || b_missing) {
    if (a_missing && b_missing) return 0;
    int missing_first = field.missing == search::SortField::Missing::first ? -1 : 1;
    return a_missing ? missing_first : -missing_first;
  }
  int order = 0;
  if (a.index() != b.index()) {
    order = type_rank(a) < type_rank(b) ? -1 : 1;
  } else if (const auto* x = std::get_if<int64_t>(&a)) {
    int64_t y = std::get<int64_t>(b);
    order = *x < y ? -1 : (*x > y ? 1 : 0);
  } else if (const auto* x = std::get_if<double>(&a)) {
    double y = std::get<double>(b);
    order = *x < y ? -1 : (*x > y ? 1 : 0);
  } else {
    order = std::get<std::string>(a).compare(std::get<std::string>(b));
    order = order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  return field.reverse ? -order : order;
}

void string_values(const nlohmann::json& node, std::string_view path, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const auto& item : node) string_values(item, path, out);
    return;
  }
  if (path.empty()) {
    if (node.is_string()) out.push_back(node.get<std::string>());
    return;
  }
  if (!node.is_object()) return;
  size_t dot = path.find('.');
  auto it = node.find(std::string(path));
  if (it != node.end()) string_values(*it, "", out);
  while (dot != std::string_view::npos) {
    auto head = node.find(std::string(path.substr(0, dot)));
    if (head != node.end()) string_values(*head, path.substr(dot + 1), out);
    dot = path.find('.', dot + 1);
  }
}

void highlight(FetchedDoc& fetched, const ShardFetchRequest& request) {
  nlohmann::json source = nlohmann::json::parse(fetched.source, nullptr, false);
  if (source.is_discarded()) return;
  for (const HighlightField& field : request.highlights) {
    if (!field.analyzer) continue;
    std::vector<std::string> values;
    string_values(source, field.field, values);
    if (values.empty()) continue;
    auto fragments = highlight_values(values, *field.analyzer, field.terms, field.options);
    if (!fragments.empty()) fetched.highlights[field.field] = std::move(fragments);
  }
}

}  // namespace

std::vector<search::SegmentRef> segment_refs(const engine::ShardSearcher& searcher) {
  std::vector<search::SegmentRef> refs;
  refs.reserve(searcher.segments.size());
  for (const auto& view : searcher.segments) {
    refs.push_back(
        search::SegmentRef{view.segment.get(), view.live_docs.get(), view.doc_base, view.vectors.get()});
  }
  return refs;
}

namespace {

using ProfileClock = std::chrono::steady_clock;

uint64_t profile_nanos(ProfileClock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(ProfileClock::now() - start).count());
}

// Lucene's class name for the query we run, as OpenSearch's profile reports it.
const char* lucene_query_type(search::QueryKind kind) {
  switch (kind) {
    case search::QueryKind::match_all:
      return "MatchAllDocsQuery";
    case search::QueryKind::match_none:
      return "MatchNoDocsQuery";
    case search::QueryKind::term:
      return "TermQuery";
    case search::QueryKind::terms:
      return "TermInSetQuery";
    case search::QueryKind::phrase:
      return "PhraseQuery";
    case search::QueryKind::boolean:
      return "BooleanQuery";
    case search::QueryKind::constant_score:
      return "ConstantScoreQuery";
    case search::QueryKind::dis_max:
      return "DisjunctionMaxQuery";
    case search::QueryKind::function_score:
      return "FunctionScoreQuery";
    default:
      return "Query";
  }
}

// The shard's profile: the query as one node (we time the whole top-docs search; the Lucene
// per-method breakdown does not exist for our iterators, so it stays 0) and the aggregations.
std::string shard_profile_json(const ShardSearchRequest& request, uint64_t query_nanos, uint64_t aggs_nanos,
                               nlohmann::json aggregations) {
  nlohmann::json breakdown = nlohmann::json::object();
  for (const char* key : {"create_weight", "build_scorer", "next_doc", "advance", "score", "match"}) {
    breakdown[key] = 0;
    breakdown[std::string(key) + "_count"] = 0;
  }
  nlohmann::json query = {{"type", lucene_query_type(request.query.kind)},
                          {"description", request.query.kind == search::QueryKind::match_all
                                              ? "*:*"
                                              : request.query.field},
                          {"time_in_nanos", query_nanos},
                          {"breakdown", std::move(breakdown)}};
  nlohmann::json collector = {{"name", "SimpleTopDocsCollectorContext"},
                              {"reason", "search_top_hits"},
                              {"time_in_nanos", query_nanos}};
  if (request.aggs) {
    collector["children"] = nlohmann::json::array(
        {{{"name", "AggregationCollector"}, {"reason", "aggregation"}, {"time_in_nanos", aggs_nanos}}});
  }
  nlohmann::json search = {
      {"query", nlohmann::json::array({std::move(query)})}, {"rewrite_time", 0}, {"collector", {collector}}};
  return nlohmann::json{{"searches", nlohmann::json::array({std::move(search)})},
                        {"aggregations", std::move(aggregations)}}
      .dump();
}

// `_count` and size-0 searches with exact totals need neither scores nor a collector: count the
// matches directly (doc freq for a term, a bitset union for an OR of terms).
bool counts_only(const ShardSearchRequest& request) {
  return request.k == 0 && !request.aggs && !request.min_score && request.terminate_after == 0 &&
         request.track_total_hits_up_to == UINT64_MAX && !request.profile;
}

}  // namespace

Result<ShardSearchResponse> execute_query_phase(const engine::ShardSearcher& searcher,
                                                const ShardSearchRequest& request) {
  ProfileClock::time_point query_start = ProfileClock::now();
  std::vector<search::SegmentRef> segments = segment_refs(searcher);
  search::TopDocsRequest top;
  top.query = &request.query;
  top.k = request.k;
  top.sort = request.sort;
  top.track_scores = request.track_scores;
  top.track_total_hits_up_to = request.track_total_hits_up_to;
  top.min_score = request.min_score;
  top.search_after = request.search_after;
  top.terminate_after = request.terminate_after;
  top.similarities = request.similarities;
  top.stats = request.stats.get();
  search::TopDocsResult result;
  if (counts_only(request)) {
    PHAROS_ASSIGN_OR_RETURN(result.total_hits, search::count_matches(segments, request.query));
  } else {
    PHAROS_ASSIGN_OR_RETURN(result, search::search_top_docs(segments, top));
  }
  uint64_t query_nanos = profile_nanos(query_start);

  ShardSearchResponse response;
  response.index = searcher.index;
  response.shard = searcher.shard;
  response.total_hits = result.total_hits;
  response.total_is_lower_bound = result.total_is_lower_bound;
  response.max_score = result.max_score;
  response.docs = std::move(result.docs);
  response.terminated_early = result.terminated_early;

  ProfileClock::time_point aggs_start = ProfileClock::now();
  nlohmann::json aggs_profile = nlohmann::json::array();
  if (request.aggs) {
    // Aggregations see every match (min_score applies to them too, as in OpenSearch).
    bool with_scores = request.min_score.has_value();
    std::optional<float> min_score = request.min_score;
    ShardAggregatorOptions options;
    options.profile = request.profile;
    options.fielddata = searcher.fielddata;
    if (!with_scores) options.query = &request.query;
    ShardAggregator aggregator(request.aggs, segments, options);
    // Segments every aggregation has counted from doc values need no pass over their matches.
    // That only happens for queries that match per segment (match_all, a range), so the rest
    // can be searched on their own.
    std::vector<search::SegmentRef> to_collect;
    std::vector<size_t> segment_of_collected;
    for (size_t si = 0; si < segments.size(); ++si) {
      if (!aggregator.needs_docs(si)) continue;
      to_collect.push_back(segments[si]);
      segment_of_collected.push_back(si);
    }
    PHAROS_RETURN_IF_ERROR(
        search::for_each_match(to_collect, request.query, with_scores, request.similarities,
                               [&](size_t segment, uint32_t doc, float score) {
                                 if (with_scores && score < *min_score) return;
                                 aggregator.collect(segment_of_collected[segment], doc, score);
                               }));
    response.aggs_partial_json = aggregator.partial().dump();
    aggs_profile = aggregator.profile();
  }
  if (request.profile)
    response.profile_json = shard_profile_json(request, query_nanos, profile_nanos(aggs_start), std::move(aggs_profile));
  return response;
}

Result<std::vector<FetchedDoc>> execute_fetch_phase(const engine::ShardSearcher& searcher,
                                                    const ShardFetchRequest& request) {
  std::vector<FetchedDoc> out;
  std::vector<search::SegmentRef> refs;
  if (request.explain_query) refs = segment_refs(searcher);
  for (uint32_t doc : request.docs) {
    FetchedDoc fetched;
    fetched.doc = doc;
    if (const engine::SegmentView* view = segment_of(searcher, doc)) {
      uint32_t local = doc - view->doc_base;
      fetched.found = true;
      fetched.id = std::string(view->segment->id(local));
      fetched.routing = std::string(view->segment->routing(local));
      fetched.meta = view->segment->meta(local);
      if (request.source) {
        PHAROS_ASSIGN_OR_RETURN(fetched.source, view->segment->source(local));
      }
      if (!request.highlights.empty() && !fetched.source.empty()) highlight(fetched, request);
      if (request.explain_query) {
        auto explanation = search::explain_doc(refs, *request.explain_query, doc, request.similarities);
        if (explanation.is_ok()) fetched.explanation_json = std::move(explanation.value());
      }
    }
    out.push_back(std::move(fetched));
  }
  return out;
}

namespace {

void dfs_terms(const search::QueryNode& node, const search::ShardContext& context,
               search::CollectionStats& out) {
  using Kind = search::QueryKind;
  if (node.kind == Kind::term || node.kind == Kind::terms || node.kind == Kind::phrase ||
      node.kind == Kind::fuzzy) {
    out.field_doc_count[node.field] = context.field_doc_count(node.field);
    out.field_sum_total_term_freq[node.field] = context.field_sum_total_term_freq(node.field);
    for (const auto& term : node.terms)
      out.term_doc_freq[node.field + std::string(1, '\0') + term] = context.doc_freq(node.field, term);
  }
  for (const auto* list : {&node.must, &node.should, &node.filter, &node.must_not, &node.children}) {
    for (const auto& child : *list) dfs_terms(child, context, out);
  }
}

}  // namespace

search::CollectionStats execute_dfs_phase(const engine::ShardSearcher& searcher,
                                          const search::QueryNode& query,
                                          const std::map<std::string, search::SimilaritySpec>& similarities) {
  std::vector<search::SegmentRef> segments = segment_refs(searcher);
  search::ShardContext context(segments, nullptr, similarities);
  search::CollectionStats stats;
  for (const auto& ref : segments) stats.max_doc += ref.segment ? ref.segment->max_doc() : 0;
  dfs_terms(query, context, stats);
  return stats;
}

void add_collection_stats(search::CollectionStats& total, const search::CollectionStats& shard) {
  for (const auto& [field, count] : shard.field_doc_count) total.field_doc_count[field] += count;
  for (const auto& [field, sum] : shard.field_sum_total_term_freq)
    total.field_sum_total_term_freq[field] += sum;
  for (const auto& [key, freq] : shard.term_doc_freq) total.term_doc_freq[key] += freq;
  total.max_doc += shard.max_doc;
}

Result<std::vector<FetchedDoc>> collect_matching_docs(const engine::ShardSearcher& searcher,
                                                      const search::QueryNode& query, bool with_source,
                                                      uint64_t max_docs) {
  std::vector<search::SegmentRef> segments = segment_refs(searcher);
  std::vector<FetchedDoc> out;
  Status source_status;
  PHAROS_RETURN_IF_ERROR(
      search::for_each_match(segments, query, false, {}, [&](size_t segment_index, uint32_t doc, float) {
        if (max_docs != 0 && out.size() >= max_docs) return;
        const auto& view = searcher.segments[segment_index];
        FetchedDoc fetched;
        fetched.doc = view.doc_base + doc;
        fetched.found = true;
        fetched.id = std::string(view.segment->id(doc));
        fetched.routing = std::string(view.segment->routing(doc));
        fetched.meta = view.segment->meta(doc);
        if (with_source) {
          auto source = view.segment->source(doc);
          if (source.is_ok()) {
            fetched.source = std::move(source.value());
          } else if (source_status.is_ok()) {
            source_status = source.status();
          }
        }
        out.push_back(std::move(fetched));
      }));
  PHAROS_RETURN_IF_ERROR(source_status);
  return out;
}

std::vector<MergedHit> merge_top_docs(const std::vector<ShardSearchResponse>& responses,
                                      const std::vector<search::SortField>& sort, size_t from, size_t size) {
  std::vector<MergedHit> all;
  for (size_t r = 0; r < responses.size(); ++r) {
    for (const auto& doc : responses[r].docs) all.push_back(MergedHit{r, &doc});
  }
  auto before = [&](const MergedHit& a, const MergedHit& b) {
    if (sort.empty()) {
      if (a.doc->score != b.doc->score) return a.doc->score > b.doc->score;
    } else {
      for (size_t i = 0; i < sort.size(); ++i) {
        if (i >= a.doc->sort_values.size() || i >= b.doc->sort_values.size()) break;
        int order = compare_sort_values(a.doc->sort_values[i], b.doc->sort_values[i], sort[i]);
        if (order != 0) return order < 0;
      }
    }
    if (a.response != b.response) return a.response < b.response;
    return a.doc->doc < b.doc->doc;
  };
  size_t end = std::min(all.size(), from + size);
  if (from >= end) return {};
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(end), all.end(), before);
  return std::vector<MergedHit>(all.begin() + static_cast<std::ptrdiff_t>(from),
                                all.begin() + static_cast<std::ptrdiff_t>(end));
}

}  // namespace pharos::query
