// Quality and cost of the approximate kNN graph (gpu/knn_graph.h, CPU reference) against the exact
// one: for each configuration, the seconds it took and the graph's recall on a sample of rows
// (how many of a row's true k nearest neighbours its list holds, and how many of its true 10).
// The GPU computes the same graphs, so this chooses the builder's list size / nprobe / refinement.
//
//   knn_graph_bench --synthetic 200000 --ivf 512/8/0/0 --ivf 512/8/1/32 --ivf 256/16/1/32
//   knn_graph_bench --base glove-100.base.fvecs --space cosinesimil --limit 200000 --ivf default
//
// --ivf L/P/R/F: lists of ~L rows, P probes, R refinement rounds of fanout F; "default" is what
// the builder uses for n rows. --exact adds the exact graph (O(n²): small n only).
#include <faiss/IndexFlat.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bench/gpu_build/bench_data.h"
#include "bench/gpu_build/graph_params_flag.h"
#include "gpu/graph_index_build.h"
#include "gpu/knn_graph.h"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Args {
  bench_data::DataFlags data;
  uint32_t k = pharos::gpu::default_knn_degree(32), sample = 1000;  // the HNSW builder's k at m = 16
  bool exact = false;
  std::vector<std::string> configs;  // --ivf values: L/P/R/F or "default"
};

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string key = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a.data.parse(key, next)) continue;
    if (key == "--k")
      a.k = std::stoul(next());
    else if (key == "--sample")
      a.sample = std::stoul(next());
    else if (key == "--exact")
      a.exact = true;
    else if (key == "--ivf")
      a.configs.push_back(next());
    else
      return false;
  }
  return a.data.given() && a.k > 0 && a.k <= 128;
}

// The true k nearest neighbours (self excluded) of every sampled row.
std::vector<std::vector<uint32_t>> sample_truth(const std::vector<float>& rows, uint32_t n, uint32_t d,
                                                bool ip, uint32_t k, const std::vector<uint32_t>& sample) {
  std::unique_ptr<faiss::IndexFlat> flat(ip ? static_cast<faiss::IndexFlat*>(new faiss::IndexFlatIP(d))
                                            : new faiss::IndexFlatL2(d));
  flat->add(n, rows.data());
  std::vector<float> queries(sample.size() * d);
  for (size_t i = 0; i < sample.size(); ++i) std::copy_n(&rows[size_t(sample[i]) * d], d, &queries[i * d]);
  std::vector<float> distances(sample.size() * (k + 1));
  std::vector<faiss::Index::idx_t> labels(sample.size() * (k + 1));
  flat->search(sample.size(), queries.data(), k + 1, distances.data(), labels.data());
  std::vector<std::vector<uint32_t>> truth(sample.size());
  for (size_t i = 0; i < sample.size(); ++i) {
    for (uint32_t j = 0; j <= k && truth[i].size() < k; ++j) {
      auto label = labels[i * (k + 1) + j];
      if (label >= 0 && uint32_t(label) != sample[i]) truth[i].push_back(uint32_t(label));
    }
  }
  return truth;
}

// Fraction of each sampled row's true `top` nearest that its graph list holds.
double graph_recall(const pharos::gpu::KnnGraph& graph, const std::vector<uint32_t>& sample,
                    const std::vector<std::vector<uint32_t>>& truth, uint32_t top) {
  size_t hits = 0, total = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    const uint32_t* row = graph.row(sample[i]);
    std::set<uint32_t> listed(row, row + graph.k);
    for (uint32_t j = 0; j < top && j < truth[i].size(); ++j, ++total) hits += listed.count(truth[i][j]);
  }
  return total ? double(hits) / total : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Args a;
  if (!parse(argc, argv, a)) {
    std::fprintf(stderr,
                 "usage: knn_graph_bench (--synthetic N [--dim D] | --base F.fvecs [--limit N])\n"
                 "       [--space l2|innerproduct|cosinesimil] [--k 128] [--sample 1000] [--exact]\n"
                 "       [--ivf L/P/R/F | --ivf default]...\n");
    return 2;
  }
  namespace pg = pharos::gpu;
  uint32_t d = 0;
  std::vector<float> rows = a.data.load_base(d);
  const bool ip = a.data.inner_product();
  if (a.data.cosine()) bench_data::normalise(rows, d);
  uint32_t n = uint32_t(rows.size() / d);
  auto metric = ip ? pg::GraphMetric::inner_product : pg::GraphMetric::l2;
  std::vector<uint32_t> sample;
  for (uint32_t i = 0; i < a.sample && i < n; ++i) sample.push_back(uint32_t(uint64_t(i) * n / a.sample));
  auto truth = sample_truth(rows, n, d, ip, a.k, sample);
  std::printf("data: %u x %u, %s, k=%u, recall over %zu sampled rows\n\n", n, d, a.data.space.c_str(), a.k,
              sample.size());
  std::printf("| graph | nlist | nprobe | refine | seconds | recall@%u | top-10 held |\n", a.k);
  std::printf("|---|---|---|---|---|---|---|\n");
  auto report = [&](const char* name, uint32_t nlist, uint32_t nprobe, const std::string& refine, double s,
                    const pg::KnnGraph& g) {
    std::printf("| %s | %u | %u | %s | %.2f | %.4f | %.4f |\n", name, nlist, nprobe, refine.c_str(), s,
                graph_recall(g, sample, truth, a.k), graph_recall(g, sample, truth, 10));
  };
  if (a.exact) {
    auto t = Clock::now();
    auto g = pg::knn_graph_exact_cpu(rows.data(), n, d, metric, a.k);
    report("exact", 0, 0, "-", since(t), g);
  }
  for (const std::string& config : a.configs) {
    const bool builder_default = config == "default";
    auto parsed =
        builder_default ? pg::approximate_graph_params(n) : bench_data::parse_graph_params(config, n);
    if (!parsed) {
      std::fprintf(stderr, "--ivf wants L/P/R/F or default, got %s\n", config.c_str());
      return 2;
    }
    const pg::ApproximateGraphParams params = *parsed;
    auto t = Clock::now();
    auto g = pg::knn_graph_ivf_cpu(rows.data(), n, d, metric, a.k, params.nlist, params.nprobe);
    const char* name = builder_default ? "ivf (builder default)" : "ivf";
    report(name, params.nlist, params.nprobe, "-", since(t), g);
    for (uint32_t r = 1; r <= params.refine_rounds; ++r) {
      g = pg::refine_knn_graph_cpu(rows.data(), d, metric, g, params.refine_fanout);
      report(name, params.nlist, params.nprobe,
             std::to_string(r) + " x " + std::to_string(params.refine_fanout), since(t), g);
    }
  }
  return 0;
}
