// In-process HNSW / IVF benchmark: build vec/s (ours vs faiss's own add) and single-thread
// recall@10 / QPS over ef_search (IVF: over nprobes). Usage:
//   vector_index_bench --base B.fvecs --query Q.fvecs [--gt G.ivecs] [--limit N] [--threads 2]
//                      [--m 16] [--ef-construction 100] [--faiss-add] [--queries 1000]
//                      [--space l2|cosinesimil|innerproduct] [--ef 64,100] [--save F] [--load F]
//                      [--shuffle SEED]   (insert the rows in a random order)
//                      [--ivf NLIST [--pq-m M]]  (IVF-Flat / IVF-PQ by the CPU builder; --ef = nprobes)
// Without --gt (or with --limit below the file's size) the ground truth is computed exactly.
// The peer (hnswlib, raw faiss) numbers come from bench/vector/*.py in the same run.
#include <faiss/IndexHNSW.h>

#include <algorithm>
#include <random>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "index/vector/hnsw_build.h"
#include "index/vector/hnsw_reachability.h"
#include "index/vector/hnsw_index.h"
#include "index/vector/vector_index.h"

namespace {

using namespace pharos::vector;  // NOLINT: a bench entry point
using Clock = std::chrono::steady_clock;

template <class T>
std::vector<T> read_vecs(const std::string& path, uint32_t& dimension, uint32_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<T> out;
  int32_t d = 0;
  uint32_t rows = 0;
  while (rows < limit && in.read(reinterpret_cast<char*>(&d), 4)) {
    dimension = static_cast<uint32_t>(d);
    size_t at = out.size();
    out.resize(at + d);
    in.read(reinterpret_cast<char*>(out.data() + at), sizeof(T) * d);
    ++rows;
  }
  return out;
}

// CPU seconds of this process / this thread: on a shared box they say what the code costs even
// when other processes steal the cores (wall figures are printed too).
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string base_path, query_path, gt_path;
  uint32_t limit = UINT32_MAX, threads = 2, m = 16, efc = 100, query_limit = 1000, nlist = 0, pq_m = 0;
  bool faiss_add = false;
  SpaceType space = SpaceType::l2;
  uint64_t shuffle_seed = 0;
  std::string save_path, load_path;
  std::vector<uint32_t> ef_values = {16, 32, 64, 100, 128, 200, 256};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--base")
      base_path = next();
    else if (arg == "--query")
      query_path = next();
    else if (arg == "--gt")
      gt_path = next();
    else if (arg == "--limit")
      limit = std::stoul(next());
    else if (arg == "--threads")
      threads = std::stoul(next());
    else if (arg == "--m")
      m = std::stoul(next());
    else if (arg == "--ef-construction")
      efc = std::stoul(next());
    else if (arg == "--queries")
      query_limit = std::stoul(next());
    else if (arg == "--ef") {  // comma-separated ef_search values
      ef_values.clear();
      std::string list = next();
      for (size_t pos = 0; pos < list.size();) {
        size_t comma = list.find(',', pos);
        ef_values.push_back(std::stoul(list.substr(pos, comma - pos)));
        pos = comma == std::string::npos ? list.size() : comma + 1;
      }
    } else if (arg == "--space") {  // l2 (default), cosinesimil, innerproduct, ...
      auto parsed = space_type_from_name(next());
      if (!parsed) {
        std::fprintf(stderr, "unknown --space\n");
        return 2;
      }
      space = *parsed;
    } else if (arg == "--shuffle") {  // insertion order: a random permutation with this seed
      shuffle_seed = std::stoull(next());
    } else if (arg == "--faiss-add")
      faiss_add = true;
    else if (arg == "--ivf")
      nlist = std::stoul(next());
    else if (arg == "--pq-m")
      pq_m = std::stoul(next());
    else if (arg == "--save")
      save_path = next();  // write the built index file (PHVX)
    else if (arg == "--load")
      load_path = next();  // search a saved index instead of building
    else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (base_path.empty() || query_path.empty()) {
    std::fprintf(stderr, "usage: %s --base B.fvecs --query Q.fvecs [--gt G.ivecs] [--limit N]\n", argv[0]);
    return 2;
  }
  uint32_t dim = 0, qdim = 0, gdim = 0;
  std::vector<float> base = read_vecs<float>(base_path, dim, limit);
  std::vector<float> queries = read_vecs<float>(query_path, qdim, query_limit);
  const uint32_t count = static_cast<uint32_t>(base.size() / dim);
  const uint32_t nq = static_cast<uint32_t>(queries.size() / qdim);
  std::vector<uint32_t> docs(count);
  for (uint32_t i = 0; i < count; ++i) docs[i] = i;
  if (shuffle_seed != 0) {  // insert the rows in a random order (docs keep their file row ids)
    std::mt19937_64 rng(shuffle_seed);
    std::shuffle(docs.begin(), docs.end(), rng);
    std::vector<float> shuffled(base.size());
    for (uint32_t i = 0; i < count; ++i)
      std::copy_n(base.begin() + size_t{docs[i]} * dim, dim, shuffled.begin() + size_t{i} * dim);
    base.swap(shuffled);
  }
  VectorSet set{base.data(), dim, count, docs.data()};
  MethodSpec spec;
  spec.dimension = dim;
  spec.m = m;
  spec.ef_construction = efc;
  spec.space = space;
  if (nlist != 0) {
    spec.kind = MethodKind::ivf;
    spec.nlist = nlist;
    spec.encoder = pq_m != 0 ? EncoderKind::pq : EncoderKind::flat;
    spec.pq_m = pq_m;
  }

  std::printf("vectors %u x %u, queries %u, M %u, efC %u, build threads %u\n", count, dim, nq, m, efc,
              threads);
  std::unique_ptr<VectorIndex> index;
  if (!load_path.empty()) {
    std::ifstream in(load_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = load_vector_index(bytes, set);
    if (!loaded.is_ok()) {
      std::fprintf(stderr, "load failed: %s\n", loaded.status().message().c_str());
      return 1;
    }
    index = std::move(loaded).value();
    std::printf("loaded %s (%s)\n", load_path.c_str(), index->description().c_str());
  } else if (nlist != 0) {
    auto start = Clock::now();
    auto built = make_cpu_builder(threads)->build(spec, set);
    if (!built.is_ok()) {
      std::fprintf(stderr, "build failed: %s\n", built.status().message().c_str());
      return 1;
    }
    std::printf("build (pharos CPU builder, IVF%u%s): %.1f s wall\n", nlist,
                pq_m ? (",PQ" + std::to_string(pq_m)).c_str() : ",Flat", seconds_since(start));
    index = std::move(built).value();
  } else {
    auto start = Clock::now();
    double cpu_start = process_cpu_seconds();
    auto graph = faiss_add ? build_faiss_hnsw_with_faiss_add(spec, set, threads)
                           : build_faiss_hnsw(spec, set, threads);
    if (!graph.is_ok()) {
      std::fprintf(stderr, "build failed: %s\n", graph.status().message().c_str());
      return 1;
    }
    double build_s = seconds_since(start);
    double build_cpu = process_cpu_seconds() - cpu_start;
    std::printf("build (%s): %.1f s wall = %.0f vec/s; %.1f CPU-s = %.0f vec/s per busy core\n",
                faiss_add ? "faiss add" : "pharos", build_s, count / build_s, build_cpu, count / build_cpu);
    std::printf("level-0 nodes no search can reach (no chain of links from the entry point): %zu\n",
                count_unreachable_at_level_zero(graph.value()->hnsw, count));
    index = std::make_unique<HnswIndex>(spec, set, std::move(graph).value());
    if (!save_path.empty()) {
      std::ofstream out(save_path, std::ios::binary);
      std::string bytes = index->serialize().value();
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
  }

  // Ground truth: the file's when it covers the whole base, else exact search.
  std::vector<std::vector<uint32_t>> truth(nq);
  if (!gt_path.empty() && limit == UINT32_MAX) {
    std::vector<int32_t> gt = read_vecs<int32_t>(gt_path, gdim, nq);
    for (uint32_t q = 0; q < nq; ++q)
      truth[q].assign(gt.begin() + size_t{q} * gdim, gt.begin() + size_t{q} * gdim + 10);
  } else {
    auto flat = make_flat_index(spec, set);
    SearchParams top10;
    top10.k = 10;
    for (uint32_t q = 0; q < nq; ++q) {
      for (const Neighbor& n : flat->search(&queries[size_t{q} * qdim], top10))
        truth[q].push_back(n.doc);
    }
  }
  std::printf("%8s %10s %10s %10s %12s\n", nlist ? "nprobe" : "ef", "recall@10", "QPS", "ms/query", "QPS/CPU-s");
  for (uint32_t ef : ef_values) {
    size_t hits = 0;
    auto start = Clock::now();
    double thread_start = thread_cpu_seconds();
    SearchParams params;
    params.k = 10;
    params.ef_search = ef;
    params.nprobes = ef;  // IVF: the column is nprobes
    for (uint32_t q = 0; q < nq; ++q) {
      auto found = index->search(&queries[size_t{q} * qdim], params);
      for (const Neighbor& n : found) {
        for (uint32_t t : truth[q]) hits += t == n.doc;
      }
    }
    double s = seconds_since(start);
    double cpu = thread_cpu_seconds() - thread_start;
    std::printf("%8u %10.4f %10.0f %10.3f %12.0f\n", ef, double(hits) / (10.0 * nq), nq / s, 1000 * s / nq,
                nq / cpu);
  }
  return 0;
}
