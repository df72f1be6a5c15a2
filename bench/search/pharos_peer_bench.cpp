// Pharos's driver for ../shared/tools/peer-bench: the same protocol as LuceneBench.java, run
// in-process through the real engine (index service → bulk → refresh → force-merge) and the
// real query path (Query DSL JSON → query/dsl → index/search), single-threaded.
//   pharos_peer_bench index <corpus.jsonl> <dir>
//   pharos_peer_bench query <dir> <queries.jsonl> <iterations> [bm25|legacy]  > results.tsv
//   pharos_peer_bench dump  <dir> <queries.jsonl> <k> [bm25|legacy]           > topk.tsv
// The TSV rows are LuceneBench's, so summarize.py and parity_check.py read them unchanged.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/engine/catalog.h"
#include "index/engine/index_service.h"
#include "index/engine/local_index_service.h"
#include "index/search/count_matches.h"
#include "index/search/shard_search.h"
#include "query/dsl/query_parser.h"

namespace {

using namespace pharos;  // NOLINT: a standalone driver
using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

constexpr const char* kEngineName = "pharos";
constexpr const char* kField = "text";
constexpr size_t kBulkBatch = 2000;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "pharos_peer_bench: %s\n", message.c_str());
  std::exit(1);
}

engine::IndexServiceConfig service_config(const std::string& dir, const engine::NodeSettings* node) {
  engine::IndexServiceConfig c;
  c.dir = dir;
  c.name = "peer-bench";
  c.node = node;
  return c;
}

// The peers index one `text` field with Lucene's StandardAnalyzer without stop words, which is
// OpenSearch's `standard` analyzer (the default for text fields).
json bench_mapping() { return json::parse(R"({"dynamic":"strict","properties":{"text":{"type":"text"}}})"); }

json bench_settings() {
  return json::parse(R"({"number_of_shards":1,"refresh_interval":"-1","translog.durability":"async"})");
}

void flush_batch(engine::IndexService& index, std::vector<engine::BulkOp>& ops) {
  if (ops.empty()) return;
  auto results = index.bulk(ops);
  for (auto& r : results) {
    if (!r.is_ok()) die("bulk item failed: " + r.status().to_string());
  }
  ops.clear();
}

int run_index(const std::string& corpus, const std::string& dir) {
  std::filesystem::create_directories(dir);
  engine::NodeSettings node;
  auto settings = engine::IndexSettings::parse(bench_settings());
  if (!settings.is_ok()) die(settings.status().to_string());
  auto start = Clock::now();
  auto created = engine::create_index_service(service_config(dir, &node), settings.value(), bench_mapping());
  if (!created.is_ok()) die(created.status().to_string());
  engine::IndexService& index = *created.value();
  std::ifstream in(corpus);
  if (!in) die("cannot read " + corpus);
  std::vector<engine::BulkOp> ops;
  uint64_t docs = 0, bytes = 0;
  for (std::string line; std::getline(in, line);) {
    json doc = json::parse(line, nullptr, false);
    if (!doc.is_object() || !doc.contains("id") || !doc.contains("text")) continue;
    engine::BulkOp op;
    op.index.id = doc["id"].get<std::string>();
    const std::string& text = doc["text"].get_ref<const std::string&>();
    op.index.source = json{{kField, text}}.dump();
    bytes += text.size();
    ++docs;
    ops.push_back(std::move(op));
    if (ops.size() >= kBulkBatch) flush_batch(index, ops);
  }
  flush_batch(index, ops);
  if (auto s = index.refresh(); !s.is_ok()) die(s.to_string());
  if (auto s = index.force_merge(1, false); !s.is_ok()) die(s.to_string());  // like Lucene's forceMerge(1)
  if (auto s = engine::close_index_service(index); !s.is_ok()) die(s.to_string());
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(
      stderr,
      "indexed %llu docs, %.1f MB text in %.2f s: %.0f docs/s, %.2f MB/s (1 thread, incl. force-merge)\n",
      static_cast<unsigned long long>(docs), bytes / 1e6, secs, docs / secs, bytes / 1e6 / secs);
  return 0;
}

struct BenchQuery {
  std::string label;  // op:terms, LuceneBench's q.line
  std::string tags;
  search::QueryNode node;
};

// The Query DSL a user would send for each peer-bench op.
json query_dsl(const std::string& op, const std::string& text) {
  if (op == "phrase") return {{"match_phrase", {{kField, text}}}};
  return {{"match", {{kField, {{"query", text}, {"operator", op == "and" ? "and" : "or"}}}}}};
}

std::vector<BenchQuery> read_queries(const std::string& path, const engine::IndexService& index) {
  auto mapping = index.mapping();
  auto analysis = index.analysis();
  query::QueryParseContext context;
  context.mapping = mapping.get();
  context.analysis = analysis.get();
  std::vector<BenchQuery> out;
  std::ifstream in(path);
  if (!in) die("cannot read " + path);
  for (std::string line; std::getline(in, line);) {
    json q = json::parse(line, nullptr, false);
    if (!q.is_object() || !q.contains("op") || !q.contains("terms")) continue;
    std::string op = q["op"].get<std::string>(), text, tags;
    for (const auto& t : q["terms"]) text += (text.empty() ? "" : " ") + t.get<std::string>();
    for (const auto& t : q.value("tags", json::array()))
      tags += (tags.empty() ? "" : ",") + t.get<std::string>();
    auto node = query::parse_query(query_dsl(op, text), context);
    if (!node.is_ok()) die("query " + text + ": " + node.status().to_string());
    out.push_back({op + ":" + text, tags, std::move(node.value())});
  }
  return out;
}

struct OpenIndex {
  engine::NodeSettings node;
  std::shared_ptr<engine::IndexService> service;
  std::shared_ptr<const engine::ShardSearcher> searcher;
  std::vector<search::SegmentRef> refs;
};

std::unique_ptr<OpenIndex> open_index(const std::string& dir) {
  auto out = std::make_unique<OpenIndex>();
  auto opened = engine::open_index_service(service_config(dir, &out->node));
  if (!opened.is_ok()) die(opened.status().to_string());
  out->service = opened.value();
  auto searchers = out->service->acquire_searchers();
  if (searchers.size() != 1) die("expected one shard");
  out->searcher = searchers[0];
  for (const auto& view : out->searcher->segments) {
    out->refs.push_back({view.segment.get(), view.live_docs.get(), view.doc_base});
  }
  return out;
}

std::map<std::string, search::SimilaritySpec> similarities(const std::string& name) {
  search::SimilaritySpec spec;
  if (name == "legacy") spec.type = search::SimilaritySpec::Type::legacy_bm25;
  return {{kField, spec}};
}

// LuceneBench's commands: COUNT = IndexSearcher.count; TOP_10 = TopScoreDocCollector.create(10, 10)
// (hit count may be a lower bound, so pruning is allowed; returns the hits found); TOP_10_COUNT =
// exact hit count (no pruning).
uint64_t run_command(const OpenIndex& index, const std::string& command, const BenchQuery& q,
                     const std::map<std::string, search::SimilaritySpec>& sims) {
  if (command == "COUNT") {
    auto n = search::count_matches(index.refs, q.node);
    if (!n.is_ok()) die(n.status().to_string());
    return n.value();
  }
  search::TopDocsRequest request;
  request.query = &q.node;
  request.k = 10;
  request.similarities = sims;
  request.track_total_hits_up_to = command == "TOP_10" ? 10 : std::numeric_limits<uint64_t>::max();
  auto result = search::search_top_docs(index.refs, request);
  if (!result.is_ok()) die(result.status().to_string());
  return command == "TOP_10" ? result.value().docs.size() : result.value().total_hits;
}

int run_query(const std::string& dir, const std::string& queries, int iterations, const std::string& sim) {
  auto index = open_index(dir);
  auto qs = read_queries(queries, *index->service);
  auto sims = similarities(sim);
  const char* commands[] = {"COUNT", "TOP_10", "TOP_10_COUNT"};
  for (int pass = 0; pass < 2; ++pass) {  // warm caches and page in the mapped files
    for (const char* c : commands)
      for (const auto& q : qs) run_command(*index, c, q, sims);
  }
  for (const char* c : commands) {
    for (const auto& q : qs) {
      double best = std::numeric_limits<double>::max();
      uint64_t count = 0;
      for (int i = 0; i < iterations; ++i) {
        auto t0 = Clock::now();
        count = run_command(*index, c, q, sims);
        best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      std::printf("%s\t%s\t%s\t%s\t%llu\t%.1f\n", kEngineName, c, q.label.c_str(), q.tags.c_str(),
                  static_cast<unsigned long long>(count), best);
    }
  }
  return 0;
}

int run_dump(const std::string& dir, const std::string& queries, uint32_t k, const std::string& sim) {
  auto index = open_index(dir);
  auto qs = read_queries(queries, *index->service);
  auto sims = similarities(sim);
  for (const auto& q : qs) {
    search::TopDocsRequest request;
    request.query = &q.node;
    request.k = k;
    request.similarities = sims;
    auto result = search::search_top_docs(index->refs, request);
    if (!result.is_ok()) die(result.status().to_string());
    uint32_t rank = 0;
    for (const auto& hit : result.value().docs) {
      const search::SegmentRef* seg = &index->refs[0];
      for (const auto& r : index->refs)
        if (r.doc_base <= hit.doc) seg = &r;
      std::string id(seg->segment->id(hit.doc - seg->doc_base));
      uint32_t bits;
      std::memcpy(&bits, &hit.score, sizeof bits);
      std::printf("%s\t%u\t%s\t%.9g\t%08x\n", q.label.c_str(), ++rank, id.c_str(), hit.score, bits);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "index") return run_index(args[1], args[2]);
  if (args.size() >= 4 && args[0] == "query")
    return run_query(args[1], args[2], std::stoi(args[3]), args.size() > 4 ? args[4] : "bm25");
  if (args.size() >= 4 && args[0] == "dump")
    return run_dump(args[1], args[2], static_cast<uint32_t>(std::stoul(args[3])),
                    args.size() > 4 ? args[4] : "bm25");
  std::fprintf(stderr,
               "usage: pharos_peer_bench index <corpus.jsonl> <dir>\n"
               "       pharos_peer_bench query <dir> <queries.jsonl> <iterations> [bm25|legacy]\n"
               "       pharos_peer_bench dump <dir> <queries.jsonl> <k> [bm25|legacy]\n");
  return 2;
}
