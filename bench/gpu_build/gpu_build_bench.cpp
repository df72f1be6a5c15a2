// GPU index build vs CPU builds of the same index, with recall (issue 5; reference/vector.md §9).
//
// For one data set it prints the GPU (or, without a GPU, the CPU reference of the same algorithm)
// build phases, the CPU builds of the same index in the same run (our CPU builder and faiss's own
// IndexHNSWFlat / IVF training, all cores), the speedup, and recall@10 at ef_search 64/100/200
// (IVF: nprobe 8/16/32). Data: .fvecs files (bench/vector/make_synthetic.py, GloVe) or the §8
// synthetic model generated here.
//
//   gpu_build_bench --synthetic 1000000 --dim 128            # HNSW, m=16, efC=100
//   gpu_build_bench --base glove-100.base.fvecs --query glove-100.query.fvecs --space cosinesimil
//   gpu_build_bench --synthetic 10000000 --dim 128 --method ivfpq --nlist 4096 --pq-m 32
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/gpu_build/bench_data.h"
#include "bench/gpu_build/graph_params_flag.h"
#include "gpu/device_api.h"
#include "gpu/gpu_builder.h"
#include "index/vector/faiss_index_wrap.h"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Args {
  bench_data::DataFlags data;
  std::string query, method = "hnsw";
  uint32_t queries = 1000, m = 16, ef_construction = 100, nlist = 4096, pq_m = 32;
  uint32_t exact_max = 0;   // GraphBuildOptions::exact_knn_max_rows (0 = the builder's default)
  uint32_t knn_degree = 0;  // GraphBuildOptions::knn_degree (0 = the builder's default)
  std::string approximate;  // L/P/R/F: list size, nprobe, refinement rounds, fanout ("" = default)
  bool skip_cpu = false, skip_faiss = false, tf32 = false;
};

using Labels = std::vector<faiss::Index::idx_t>;

double recall_at_10(const Labels& got, const Labels& truth, uint32_t nq) {
  size_t hits = 0;
  for (uint32_t q = 0; q < nq; ++q) {
    std::set<faiss::Index::idx_t> t(truth.begin() + q * 10, truth.begin() + q * 10 + 10);
    for (int s = 0; s < 10; ++s) hits += t.count(got[q * 10 + s]);
  }
  return double(hits) / (nq * 10.0);
}

// Recall@10 of a faiss index at three search widths (efSearch for HNSW, nprobe for IVF).
std::vector<double> recalls(faiss::Index& index, const std::vector<float>& queries, uint32_t nq,
                            const Labels& truth) {
  std::vector<double> out;
  bool hnsw = dynamic_cast<faiss::IndexHNSW*>(&index) != nullptr;
  for (int width : hnsw ? std::vector<int>{64, 100, 200} : std::vector<int>{8, 16, 32}) {
    if (auto* h = dynamic_cast<faiss::IndexHNSW*>(&index)) h->hnsw.efSearch = width;
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(&index)) ivf->nprobe = width;
    std::vector<float> distances(size_t(nq) * 10);
    Labels labels(size_t(nq) * 10);
    index.search(nq, queries.data(), 10, distances.data(), labels.data());
    out.push_back(recall_at_10(labels, truth, nq));
  }
  return out;
}

// Recall through index/vector's own search loop (our CPU builder's index).
std::vector<double> recalls(const pharos::vector::VectorIndex& index, bool hnsw,
                            const std::vector<float>& queries, uint32_t nq, uint32_t d, const Labels& truth) {
  std::vector<double> out;
  for (uint32_t width : hnsw ? std::vector<uint32_t>{64, 100, 200} : std::vector<uint32_t>{8, 16, 32}) {
    Labels labels(size_t(nq) * 10, -1);
    pharos::vector::SearchParams params;
    params.k = 10;
    (hnsw ? params.ef_search : params.nprobes) = width;
    for (uint32_t q = 0; q < nq; ++q) {
      auto hits = index.search(&queries[size_t(q) * d], params);
      for (size_t s = 0; s < hits.size() && s < 10; ++s) labels[q * 10 + s] = hits[s].doc;
    }
    out.push_back(recall_at_10(labels, truth, nq));
  }
  return out;
}

double serialise_seconds(const faiss::Index& index, size_t* bytes) {
  auto t = Clock::now();
  faiss::VectorIOWriter writer;
  faiss::write_index(&index, &writer);
  *bytes = writer.data.size();
  return since(t);
}

void print_row(const char* what, double seconds, double baseline, const std::vector<double>& r) {
  std::printf("| %-44s | %9.2f | %7s | %5.3f | %5.3f | %5.3f |\n", what, seconds,
              baseline > 0 ? (std::to_string(baseline / seconds).substr(0, 6) + "x").c_str() : "-", r[0],
              r[1], r[2]);
}

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a.data.parse(k, next)) continue;
    if (k == "--query")
      a.query = next();
    else if (k == "--queries")
      a.queries = std::stoul(next());
    else if (k == "--method")
      a.method = next();
    else if (k == "--m")
      a.m = std::stoul(next());
    else if (k == "--ef-construction")
      a.ef_construction = std::stoul(next());
    else if (k == "--nlist")
      a.nlist = std::stoul(next());
    else if (k == "--pq-m")
      a.pq_m = std::stoul(next());
    else if (k == "--skip-cpu")
      a.skip_cpu = true;
    else if (k == "--skip-faiss")
      a.skip_faiss = true;
    else if (k == "--tf32")
      a.tf32 = true;
    else if (k == "--exact-max")
      a.exact_max = std::stoul(next());
    else if (k == "--knn-degree")
      a.knn_degree = std::stoul(next());
    else if (k == "--approximate")
      a.approximate = next();
    else
      return false;
  }
  return a.data.given();
}

struct Dataset {
  std::vector<float> base, queries, stored;  // stored = what the index holds (normalised for cosine)
  uint32_t d = 0, n = 0, nq = 0;
  Labels truth;
};

Dataset load_dataset(const Args& a) {
  Dataset data;
  auto t = Clock::now();
  data.base = a.data.load_base(data.d);
  data.queries = a.data.synthetic ? bench_data::SyntheticModel(data.d).sample(a.queries, 2)
                                  : bench_data::read_fvecs(a.query, a.queries, data.d);
  data.n = uint32_t(data.base.size() / data.d);
  data.nq = uint32_t(data.queries.size() / data.d);
  const bool ip = a.data.inner_product();
  data.stored = data.base;
  if (a.data.cosine()) bench_data::normalise(data.queries, data.d), bench_data::normalise(data.stored, data.d);
  std::printf("data: %u x %u, %u queries, %s, %s (%.1fs)\n", data.n, data.d, data.nq, a.data.space.c_str(),
              a.method.c_str(), since(t));
  t = Clock::now();
  std::unique_ptr<faiss::IndexFlat> flat(ip ? static_cast<faiss::IndexFlat*>(new faiss::IndexFlatIP(data.d))
                                            : new faiss::IndexFlatL2(data.d));
  flat->add(data.n, data.stored.data());
  std::vector<float> distances(size_t(data.nq) * 10);
  data.truth.resize(size_t(data.nq) * 10);
  flat->search(data.nq, data.queries.data(), 10, distances.data(), data.truth.data());
  std::printf("ground truth: %.1fs\n", since(t));
  return data;
}

pharos::vector::MethodSpec spec_of(const Args& a, uint32_t d) {
  namespace pv = pharos::vector;
  pv::MethodSpec spec;
  spec.dimension = d;
  spec.space = pv::space_type_from_name(a.data.space).value_or(pv::SpaceType::l2);
  spec.m = a.m;
  spec.ef_construction = a.ef_construction;
  if (a.method != "hnsw") {
    spec.kind = pv::MethodKind::ivf;
    spec.nlist = a.nlist;
    spec.encoder = a.method == "ivfpq" ? pv::EncoderKind::pq : pv::EncoderKind::flat;
    spec.pq_m = a.pq_m;
  }
  return spec;
}

// index/vector's CPU builder, all cores, including its serialisation. 0 when it fails.
double run_cpu_builder(const pharos::vector::MethodSpec& spec, const pharos::vector::VectorSet& set,
                       const Dataset& data, unsigned cores) {
  auto builder = pharos::vector::make_cpu_builder(cores);
  auto t = Clock::now();
  auto cpu = builder->build(spec, set);
  if (!cpu.is_ok()) {
    std::printf("| pharos CPU builder failed: %s |\n", cpu.status().to_string().c_str());
    return 0;
  }
  auto serialised = (*cpu)->serialize();
  double seconds = since(t);
  bool hnsw = spec.kind == pharos::vector::MethodKind::hnsw;
  print_row(("pharos CPU builder, " + std::to_string(cores) + " threads").c_str(), seconds, 0,
            recalls(**cpu, hnsw, data.queries, data.nq, data.d, data.truth));
  return seconds;
}

// faiss's own build of the same index (IndexHNSWFlat::add, or IVF train + add), all cores.
double run_faiss_build(const Args& a, const Dataset& data, bool ip, unsigned cores) {
  auto t = Clock::now();
  std::unique_ptr<faiss::Index> native;
  auto metric = ip ? faiss::METRIC_INNER_PRODUCT : faiss::METRIC_L2;
  bool hnsw = a.method == "hnsw";
  if (hnsw) {
    auto* h = new faiss::IndexHNSWFlat(data.d, a.m, metric);
    h->hnsw.efConstruction = a.ef_construction;
    native.reset(h);
  } else {
    std::string key =
        "IVF" + std::to_string(a.nlist) + (a.method == "ivfpq" ? ",PQ" + std::to_string(a.pq_m) : ",Flat");
    native.reset(faiss::index_factory(data.d, key.c_str(), metric));
    native->train(std::min<size_t>(data.n, size_t(a.nlist) * 64), data.stored.data());
  }
  native->add(data.n, data.stored.data());
  size_t bytes = 0;
  serialise_seconds(*native, &bytes);
  double seconds = since(t);
  std::string name = std::string("faiss ") + (hnsw ? "IndexHNSWFlat" : "IVF train+add") + ", " +
                     std::to_string(cores) + " threads";
  print_row(name.c_str(), seconds, 0, recalls(*native, data.queries, data.nq, data.truth));
  return seconds;
}

void print_phases(const char* name, const pharos::gpu::BuildReport& report, double file_s, size_t file_bytes,
                  double total_s) {
  std::printf(
      "\n%s phases: upload %.2fs, kNN %.2fs (%s, k=%u), prune %.2fs, reverse %.2fs, upper levels %.2fs "
      "(%u promoted), assemble %.2fs, faiss file %.2fs (%.1f MB), total %.2fs\n",
      name, report.upload_s, report.knn_s, report.approximate_knn ? "IVF lists + refinement" : "exact",
      report.knn_degree, report.prune_s, report.reverse_s, report.upper_levels_s, report.assembly.promoted,
      report.assemble_s, file_s, file_bytes / 1e6, total_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file
  Args a;
  if (!parse(argc, argv, a)) {
    std::fprintf(
        stderr,
        "usage: gpu_build_bench (--synthetic N [--dim D] | --base F.fvecs --query F.fvecs [--limit N])\n"
        "       [--method hnsw|ivfflat|ivfpq] [--space l2|innerproduct|cosinesimil] [--m 16]\n"
        "       [--ef-construction 100] [--nlist 4096] [--pq-m 32] [--queries 1000] [--tf32]\n"
        "       [--skip-cpu] [--skip-faiss] [--exact-max N] [--knn-degree K]\n"
        "       [--approximate L/P/R/F]\n");
    return 2;
  }
  namespace pg = pharos::gpu;
  Dataset data = load_dataset(a);
  pharos::vector::MethodSpec spec = spec_of(a, data.d);
  std::vector<uint32_t> docs(data.n);
  for (uint32_t i = 0; i < data.n; ++i) docs[i] = i;
  pharos::vector::VectorSet set{data.base.data(), data.d, data.n, docs.data()};
  bool gpu = pg::device::device_count() > 0;
  unsigned cores = std::thread::hardware_concurrency();
  std::printf("device: %s; host cores: %u\n", pg::device::describe_device().c_str(), cores);

  pg::GraphBuildOptions options;
  options.tf32 = a.tf32;
  options.exact_knn_max_rows = a.exact_max;
  options.knn_degree = a.knn_degree;
  if (!a.approximate.empty()) {
    options.approximate = bench_data::parse_graph_params(a.approximate, data.n);
    if (!options.approximate) {
      std::fprintf(stderr, "--approximate wants L/P/R/F\n");
      return 2;
    }
  }
  pg::BuildReport report;
  auto t = Clock::now();
  auto ours = pg::build_faiss_index(spec, set, gpu ? pg::Executor::gpu : pg::Executor::cpu_reference, options,
                                    &report);
  double ours_s = since(t);
  if (!ours.is_ok()) {
    std::fprintf(stderr, "build failed: %s\n", ours.status().to_string().c_str());
    return 1;
  }
  size_t file_bytes = 0;
  double file_s = serialise_seconds(**ours, &file_bytes);
  ours_s += file_s;
  const char* ours_name = gpu ? "GPU builder (end to end)" : "CPU reference of the GPU algorithm";
  print_phases(ours_name, report, file_s, file_bytes, ours_s);
  bool hnsw = spec.kind == pharos::vector::MethodKind::hnsw;
  std::printf("\n| %-44s | %9s | %7s | %s |\n", "build", "seconds", "speedup",
              hnsw ? "R@10 ef64 | ef100 | ef200" : "R@10 np8 | np16 | np32");
  std::printf("|---|---|---|---|---|---|\n");
  // Recall through faiss's own search, and through index/vector's loop, which is what the server
  // runs on the index the builder hands over (wrap_faiss_index).
  std::vector<double> ours_faiss_r = recalls(**ours, data.queries, data.nq, data.truth);
  auto served = pharos::vector::wrap_faiss_index(std::move(*ours), spec, set);
  if (!served.is_ok()) {
    std::fprintf(stderr, "wrap failed: %s\n", served.status().to_string().c_str());
    return 1;
  }
  std::vector<double> ours_r = recalls(**served, hnsw, data.queries, data.nq, data.d, data.truth);
  double cpu_s = a.skip_cpu ? 0 : run_cpu_builder(spec, set, data, cores);
  bool ip = spec.space != pharos::vector::SpaceType::l2;
  double faiss_s = a.skip_faiss ? 0 : run_faiss_build(a, data, ip, cores);
  print_row(ours_name, ours_s, cpu_s > 0 ? cpu_s : faiss_s, ours_r);
  print_row("  the same index searched by faiss's loop", ours_s, cpu_s > 0 ? cpu_s : faiss_s, ours_faiss_r);
  std::printf("\nspeedup column: pharos CPU builder time (else faiss time) / this row's time%s\n",
              gpu ? "" : "; NO GPU here: the last row is the CPU reference, not a GPU figure");
  return 0;
}
