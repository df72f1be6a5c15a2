// CPU reference of the GPU graph build: kNN exactness, pruning/reverse-edge invariants, the
// assembled faiss HNSW (reachability, recall against faiss's own build, serialisation).
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <set>

#include "gpu/graph_index_build.h"
#include "gpu/graph_optimize.h"
#include "gpu/knn_graph.h"
#include "index/vector/hnsw_reachability.h"
#include "test_data.h"

namespace pharos::gpu {
namespace {

// One OpenMP thread for the whole binary: faiss's parallel insertion (native build, our upper
// levels) is otherwise nondeterministic, which makes recall comparisons noisy, and on a loaded
// 2-core box spinning OpenMP teams made these small builds up to 40x slower.
class SingleThreadedFaiss : public ::testing::Environment {
 public:
  void SetUp() override { omp_set_num_threads(1); }
};
[[maybe_unused]] ::testing::Environment* const kSingleThreadedFaiss =
    ::testing::AddGlobalTestEnvironment(new SingleThreadedFaiss);

float l2(const float* a, const float* b, uint32_t d) {
  float acc = 0;
  for (uint32_t j = 0; j < d; ++j) acc += (a[j] - b[j]) * (a[j] - b[j]);
  return acc;
}

TEST(KnnGraphCpu, ExactMatchesBruteForceDistances) {
  const uint32_t n = 400, d = 16, k = 10;
  auto rows = testing::clustered_rows(n, d, 8, 1);
  KnnGraph graph = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  for (uint32_t i = 0; i < n; ++i) {
    std::vector<float> all;
    for (uint32_t j = 0; j < n; ++j) {
      if (j != i) all.push_back(l2(&rows[i * d], &rows[j * d], d));
    }
    std::sort(all.begin(), all.end());
    for (uint32_t s = 0; s < k; ++s) {
      ASSERT_NE(graph.row(i)[s], i);
      EXPECT_NEAR(graph.distances[i * k + s], all[s], 1e-3f * (1 + all[s]));
    }
  }
}

TEST(KnnGraphCpu, IvfGraphFindsMostTrueNeighbours) {
  const uint32_t n = 3000, d = 16, k = 16;
  auto rows = testing::clustered_rows(n, d, 20, 2);
  KnnGraph exact = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  KnnGraph approx = knn_graph_ivf_cpu(rows.data(), n, d, GraphMetric::l2, k, 40, 8);
  EXPECT_GT(testing::graph_recall(approx, exact), 0.9);
}

// Every row: ascending distances that are the true distances, no self, no repeated id.
void expect_well_formed(const KnnGraph& graph, const std::vector<float>& rows, uint32_t d) {
  for (uint32_t i = 0; i < graph.n; ++i) {
    std::set<uint32_t> seen;
    for (uint32_t s = 0; s < graph.k; ++s) {
      uint32_t j = graph.row(i)[s];
      ASSERT_NE(j, kNoNeighbor);
      ASSERT_NE(j, i);
      ASSERT_TRUE(seen.insert(j).second) << "row " << i << " lists " << j << " twice";
      float dist = graph.distances[static_cast<size_t>(i) * graph.k + s];
      EXPECT_NEAR(dist, l2(&rows[i * d], &rows[static_cast<size_t>(j) * d], d), 1e-3f * (1 + dist));
      if (s > 0) {
        EXPECT_LE(graph.distances[static_cast<size_t>(i) * graph.k + s - 1], dist);
      }
    }
  }
}

TEST(KnnGraphCpu, RefinementRaisesRecallAndKeepsRowsWellFormed) {
  const uint32_t n = 4000, d = 16, k = 16;
  auto rows = testing::clustered_rows(n, d, 20, 21);
  KnnGraph exact = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  // A poor start: two probes of many small lists (with one probe every list is a closed world
  // that neighbour-of-neighbour rounds cannot leave).
  KnnGraph graph = knn_graph_ivf_cpu(rows.data(), n, d, GraphMetric::l2, k, 200, 2);
  double before = testing::graph_recall(graph, exact);
  KnnGraph once = refine_knn_graph_cpu(rows.data(), d, GraphMetric::l2, graph, 16);
  KnnGraph twice = refine_knn_graph_cpu(rows.data(), d, GraphMetric::l2, once, 16);
  expect_well_formed(twice, rows, d);
  EXPECT_LT(before, 0.8);
  EXPECT_GT(testing::graph_recall(once, exact), before + 0.05);
  EXPECT_GT(testing::graph_recall(twice, exact), 0.95);
  // The exact graph is a fixed point: nothing nearer exists.
  KnnGraph refined_exact = refine_knn_graph_cpu(rows.data(), d, GraphMetric::l2, exact, 16);
  EXPECT_GT(testing::graph_recall(refined_exact, exact), 0.999);
}

TEST(KnnGraphCpu, ApproximateGraphCostsTheSamePerRowAtAnySize) {
  // Fixed list size, nprobe and fanout: per-row work does not grow with n.
  auto small = approximate_graph_params(100'000), large = approximate_graph_params(10'000'000);
  EXPECT_EQ(small.nprobe, large.nprobe);
  EXPECT_EQ(small.refine_fanout, large.refine_fanout);
  EXPECT_EQ(small.refine_rounds, large.refine_rounds);
  EXPECT_NEAR(100'000.0 / small.nlist, 10'000'000.0 / large.nlist, 2.0);
  const uint32_t n = 6000, d = 16, k = 16;
  auto rows = testing::clustered_rows(n, d, 30, 22);
  KnnGraph exact = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  KnnGraph approx =
      knn_graph_approximate_cpu(rows.data(), n, d, GraphMetric::l2, k, approximate_graph_params(n));
  expect_well_formed(approx, rows, d);
  EXPECT_GT(testing::graph_recall(approx, exact), 0.95);
}

TEST(GraphOptimize, PruneAndMergeKeepDegreeUniqueAndNoSelfLoops) {
  const uint32_t n = 2000, d = 16, k = 48, degree = 24;
  auto rows = testing::clustered_rows(n, d, 10, 3);
  KnnGraph knn = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  FixedDegreeGraph pruned = prune_rank_based_cpu(knn, degree);
  FixedDegreeGraph merged = merge_reverse_edges_cpu(pruned);
  size_t reverse_only = 0;
  for (uint32_t x = 0; x < n; ++x) {
    std::set<uint32_t> forward(knn.row(x), knn.row(x) + k), seen;
    // Pruned edges are a subset of the kNN list, in least-detourable order, nearest first at rank 0.
    EXPECT_EQ(pruned.row(x)[0], knn.row(x)[0]);
    for (uint32_t s = 0; s < degree; ++s) EXPECT_TRUE(forward.count(pruned.row(x)[s]));
    for (uint32_t s = 0; s < degree; ++s) {
      uint32_t y = merged.row(x)[s];
      if (y == kNoNeighbor) continue;
      EXPECT_NE(y, x);
      EXPECT_LT(y, n);
      EXPECT_TRUE(seen.insert(y).second) << "duplicate edge";
      if (!forward.count(y)) {
        ++reverse_only;
        // A reverse edge: x is in y's pruned list.
        const uint32_t* y_pruned = pruned.row(y);
        EXPECT_NE(std::find(y_pruned, y_pruned + degree, x), y_pruned + degree);
      }
    }
    for (uint32_t s = 0; s < degree / 2; ++s) EXPECT_TRUE(seen.count(pruned.row(x)[s]));
  }
  EXPECT_GT(reverse_only, 0u);
}

TEST(GraphOptimize, AssemblyMakesEveryRowReachable) {
  // Two far-apart clusters whose kNN lists never cross: level 0 alone leaves one cluster out, and
  // only the assembly's reachability repair (vector::link_unreachable_nodes) can join them.
  const uint32_t n = 200, d = 4, k = 8, m = 4;
  std::vector<float> rows(n * d);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < d; ++j)
      rows[i * d + j] = (i < n / 2 ? 0.f : 1000.f) + static_cast<float>((i * 7 + j * 13) % 17);
  }
  KnnGraph knn = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  FixedDegreeGraph graph = merge_reverse_edges_cpu(prune_rank_based_cpu(knn, 2 * m));
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t s = 0; s < graph.degree; ++s) {
      if (graph.row(x)[s] != kNoNeighbor) {
        ASSERT_EQ(x < n / 2, graph.row(x)[s] < n / 2);
      }
    }
  }
  AssemblyReport report;
  auto index = assemble_hnsw(rows.data(), n, d, graph, HnswShape{m, 40, 16, GraphMetric::l2}, &report);
  EXPECT_GT(report.repaired_edges, 0u);
  EXPECT_EQ(vector::count_unreachable_at_level_zero(index->hnsw, n), 0u);
}

double recall_at_10(faiss::Index& index, const std::vector<float>& queries, uint32_t nq,
                    const std::vector<faiss::Index::idx_t>& truth) {
  std::vector<float> distances(nq * 10);
  std::vector<faiss::Index::idx_t> labels(nq * 10);
  index.search(nq, queries.data(), 10, distances.data(), labels.data());
  size_t hits = 0;
  for (uint32_t q = 0; q < nq; ++q) {
    std::set<faiss::Index::idx_t> t(truth.begin() + q * 10, truth.begin() + q * 10 + 10);
    for (uint32_t s = 0; s < 10; ++s) hits += t.count(labels[q * 10 + s]);
  }
  return static_cast<double>(hits) / (nq * 10.0);
}

// The assembled index from the exact kNN graph, or from the approximate one (IVF lists +
// refinement) when `exact_max` is below n.
void expect_reachable_bounded_and_recall_matches_faiss(uint32_t exact_max) {
  const uint32_t n = 8000, d = 32, nq = 200, m = 16;
  auto rows = testing::clustered_rows(n, d, 40, 4);
  std::vector<float> queries(rows.begin(), rows.begin() + nq * d);  // same model: perturbed base rows
  for (size_t i = 0; i < queries.size(); ++i)
    queries[i] += 0.05f * static_cast<float>(static_cast<int>((i * 31) % 7) - 3);

  BuildReport report;
  HnswShape shape{m, 100, 64, GraphMetric::l2};
  GraphBuildOptions options;
  options.exact_knn_max_rows = exact_max;
  auto built = build_hnsw_from_graph(rows.data(), n, d, shape, Executor::cpu_reference, options, &report);
  ASSERT_TRUE(built.is_ok()) << built.status().to_string();
  EXPECT_EQ(report.approximate_knn, exact_max != 0 && exact_max < n);
  faiss::IndexHNSWFlat& ours = **built;
  EXPECT_GT(report.assembly.promoted, 0u);

  FixedDegreeGraph level0 = level0_of(ours);
  EXPECT_EQ(level0.degree, 2 * m);
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t s = 0; s < level0.degree; ++s) EXPECT_NE(level0.row(x)[s], x);
  }
  EXPECT_EQ(vector::count_unreachable_at_level_zero(ours.hnsw, n), 0u);
  EXPECT_EQ(ours.hnsw.levels[ours.hnsw.entry_point] - 1, ours.hnsw.max_level);

  faiss::IndexFlatL2 flat(d);
  flat.add(n, rows.data());
  std::vector<float> td(nq * 10);
  std::vector<faiss::Index::idx_t> truth(nq * 10);
  flat.search(nq, queries.data(), 10, td.data(), truth.data());

  faiss::IndexHNSWFlat native(d, m);
  native.hnsw.efConstruction = 100;
  native.add(n, rows.data());
  for (int ef : {64, 100}) {
    ours.hnsw.efSearch = ef;
    native.hnsw.efSearch = ef;
    double r_ours = recall_at_10(ours, queries, nq, truth),
           r_native = recall_at_10(native, queries, nq, truth);
    EXPECT_GE(r_ours, r_native - 0.01) << "ef " << ef;
  }

  // A stock IHNf: serialise, read back, same answers.
  faiss::VectorIOWriter writer;
  faiss::write_index(&ours, &writer);
  faiss::VectorIOReader reader;
  reader.data = writer.data;
  std::unique_ptr<faiss::Index> loaded(faiss::read_index(&reader));
  ASSERT_NE(dynamic_cast<faiss::IndexHNSWFlat*>(loaded.get()), nullptr);
  dynamic_cast<faiss::IndexHNSWFlat*>(loaded.get())->hnsw.efSearch = 64;
  ours.hnsw.efSearch = 64;
  EXPECT_EQ(recall_at_10(*loaded, queries, nq, truth), recall_at_10(ours, queries, nq, truth));
}

TEST(HnswFromGraph, ReachableBoundedAndRecallMatchesFaissBuild) {
  expect_reachable_bounded_and_recall_matches_faiss(0);
}

TEST(HnswFromGraph, FromTheApproximateGraphToo) { expect_reachable_bounded_and_recall_matches_faiss(2000); }

TEST(HnswFromGraph, InnerProductAndTinySets) {
  for (uint32_t n : {1u, 2u, 5u, 40u}) {
    auto rows = testing::clustered_rows(n, 8, 2, n);
    auto built = build_hnsw_from_graph(rows.data(), n, 8, {4, 40, 16, GraphMetric::inner_product},
                                       Executor::cpu_reference, {});
    ASSERT_TRUE(built.is_ok());
    EXPECT_EQ(vector::count_unreachable_at_level_zero((*built)->hnsw, n), 0u);
    std::vector<float> distances(1);
    std::vector<faiss::Index::idx_t> labels(1);
    (*built)->search(1, rows.data(), 1, distances.data(), labels.data());
    EXPECT_GE(labels[0], 0);
  }
}

// A row whose squared norm overflows float would make every distance of it NaN: both pipelines
// refuse the segment (the engine then builds it on the CPU) before any device work.
TEST(HnswFromGraph, OverflowingNormsAreRefused) {
  const uint32_t n = 100, d = 8;
  auto rows = testing::clustered_rows(n, d, 2, 3);
  rows[5 * d + 2] = 3e19f;  // finite, but its square is not
  auto hnsw = build_hnsw_from_graph(rows.data(), n, d, {4, 40, 16, GraphMetric::l2}, Executor::cpu_reference, {});
  ASSERT_FALSE(hnsw.is_ok());
  EXPECT_EQ(hnsw.status().kind(), ErrorKind::invalid_argument);
  auto ivf = build_ivf_on_gpu(rows.data(), n, d, IvfShape{});
  ASSERT_FALSE(ivf.is_ok());
  EXPECT_EQ(ivf.status().kind(), ErrorKind::invalid_argument);
  rows[5 * d + 2] = 1e18f;  // its square, 1e36, is a float
  EXPECT_TRUE(build_hnsw_from_graph(rows.data(), n, d, {4, 40, 16, GraphMetric::l2}, Executor::cpu_reference, {})
                  .is_ok());
}

}  // namespace
}  // namespace pharos::gpu
