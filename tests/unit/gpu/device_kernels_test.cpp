// Each CUDA kernel against the CPU reference at small n. Skipped without a GPU (CI, this dev box).
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFPQ.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "gpu/device_api.h"
#include "gpu/gpu_builder.h"
#include "gpu/graph_index_build.h"
#include "gpu/graph_optimize.h"
#include "gpu/ivf_assembly.h"
#include "gpu/kmeans.h"
#include "gpu/knn_graph.h"
#include "index/engine/vector_index_service.h"
#include "index/vector/hnsw_reachability.h"
#include "test_data.h"

namespace pharos::gpu {
namespace {

class DeviceKernels : public ::testing::Test {
 protected:
  // On a GPU machine run with PHAROS_REQUIRE_GPU=1: a driver older than the CUDA runtime linked
  // in (or no visible device) then fails these tests instead of skipping them green.
  void SetUp() override {
    if (device::device_count() == 0) {
      if (std::getenv("PHAROS_REQUIRE_GPU")) FAIL() << "PHAROS_REQUIRE_GPU is set but no GPU is usable";
      GTEST_SKIP() << "no GPU (" << (device::compiled_with_cuda() ? "CUDA compiled in" : "built without CUDA")
                   << "): device kernel tests skipped";
    }
  }
};

TEST_F(DeviceKernels, TopKSelectsTheSmallest) {
  const uint32_t rows = 37, cols = 1000, k = 100;
  std::vector<float> scores(rows * cols);
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<float>((i * 2654435761u) % 100003);
  auto got = device::select_top_k(scores.data(), rows, cols, k);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  for (uint32_t r = 0; r < rows; ++r) {
    std::vector<float> sorted(scores.begin() + r * cols, scores.begin() + (r + 1) * cols);
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t s = 0; s < k; ++s) {
      ASSERT_EQ(got->distances[r * k + s], sorted[s]);
      ASSERT_EQ(scores[r * cols + got->ids[r * k + s]], sorted[s]);
    }
  }
}

TEST_F(DeviceKernels, ExactKnnGraphMatchesCpu) {
  const uint32_t n = 3000, d = 24, k = 32;
  auto rows = testing::clustered_rows(n, d, 10, 11);
  for (GraphMetric metric : {GraphMetric::l2, GraphMetric::inner_product}) {
    KnnGraph cpu = knn_graph_exact_cpu(rows.data(), n, d, metric, k);
    auto gpu = device::knn_graph_exact(rows.data(), n, d, metric, k, {});
    ASSERT_TRUE(gpu.is_ok()) << gpu.status().to_string();
    size_t same = 0;
    for (size_t i = 0; i < cpu.ids.size(); ++i) {
      EXPECT_NEAR(gpu->distances[i], cpu.distances[i], 1e-3f * (1 + std::fabs(cpu.distances[i])));
      same += gpu->ids[i] == cpu.ids[i];
    }
    EXPECT_GT(static_cast<double>(same) / cpu.ids.size(), 0.99);  // ties may swap
  }
}

TEST_F(DeviceKernels, PruneAndReverseEdgesAreIdenticalToCpu) {
  const uint32_t n = 2500, d = 16, degree = 32, k = default_knn_degree(degree);
  auto rows = testing::clustered_rows(n, d, 10, 12);
  KnnGraph knn = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  FixedDegreeGraph cpu_pruned = prune_rank_based_cpu(knn, degree);
  auto gpu_pruned = device::prune_rank_based(knn, degree);
  ASSERT_TRUE(gpu_pruned.is_ok());
  EXPECT_EQ(gpu_pruned->ids, cpu_pruned.ids);
  auto gpu_merged = device::merge_reverse_edges(cpu_pruned);
  ASSERT_TRUE(gpu_merged.is_ok());
  EXPECT_EQ(gpu_merged->ids, merge_reverse_edges_cpu(cpu_pruned).ids);
}

TEST_F(DeviceKernels, EmptyInputsLaunchNothing) {
  // A grid of zero blocks is a CUDA launch error: every entry point must answer n = 0 itself.
  ApproximateGraphParams params = approximate_graph_params(0);
  auto exact = device::knn_graph_exact(nullptr, 0, 8, GraphMetric::l2, 16, {});
  ASSERT_TRUE(exact.is_ok()) << exact.status().to_string();
  EXPECT_TRUE(exact->ids.empty());
  ASSERT_TRUE(device::knn_graph_approximate(nullptr, 0, 8, GraphMetric::l2, 16, params, {}).is_ok());
  ASSERT_TRUE(device::refine_knn_graph(nullptr, 8, GraphMetric::l2, *exact, 8).is_ok());
  ASSERT_TRUE(device::select_top_k(nullptr, 0, 10, 4).is_ok());
  auto pruned = device::prune_rank_based(*exact, 8);
  ASSERT_TRUE(pruned.is_ok());
  ASSERT_TRUE(device::merge_reverse_edges(*pruned).is_ok());
  float centroid[8] = {};
  auto assignment = device::assign_to_centroids(nullptr, 0, 8, centroid, 1, false);
  ASSERT_TRUE(assignment.is_ok());
  EXPECT_TRUE(assignment->empty());
  ASSERT_TRUE(device::pq_encode(nullptr, 0, 8, 2, 16, centroid).is_ok());
}

TEST_F(DeviceKernels, KMeansAssignmentMatchesCpu) {
  const uint32_t n = 5000, d = 16, k = 64;
  auto rows = testing::clustered_rows(n, d, 20, 13);
  auto centroids = kmeans_initial_centroids(rows.data(), n, d, k, 3);
  for (bool ip : {false, true}) {
    auto cpu = assign_to_centroids_cpu(rows.data(), n, d, centroids.data(), k, ip);
    auto gpu = device::assign_to_centroids(rows.data(), n, d, centroids.data(), k, ip);
    ASSERT_TRUE(gpu.is_ok());
    size_t same = 0;
    for (uint32_t i = 0; i < n; ++i) same += cpu[i] == (*gpu)[i];
    EXPECT_GT(static_cast<double>(same) / n, 0.999);
  }
  std::vector<float> gpu_centroids = centroids;
  ASSERT_TRUE(device::kmeans(rows.data(), n, d, k, 5, gpu_centroids).is_ok());
  KMeansResult cpu = kmeans_cpu(rows.data(), n, d, k, 5, 3);
  auto assign = assign_to_centroids_cpu(rows.data(), n, d, gpu_centroids.data(), k, false);
  double objective = 0;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < d; ++j)
      objective += std::pow(rows[i * d + j] - gpu_centroids[assign[i] * d + j], 2);
  }
  EXPECT_NEAR(objective, cpu.objective, 0.02 * cpu.objective);
}

TEST_F(DeviceKernels, IvfKnnGraphHasHighRecall) {
  const uint32_t n = 6000, d = 16, k = 16;
  auto centred = testing::clustered_rows(n, d, 20, 14);
  // Rows far from the origin (all-positive features, as in SIFT) are where ranking centroids by
  // |c|² - 2x·c goes negative; both must probe the truly nearest lists.
  for (float offset : {0.f, 10.f}) {
    std::vector<float> rows = centred;
    for (float& v : rows) v += offset;
    KnnGraph exact = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
    ApproximateGraphParams params;
    params.nlist = 60;
    params.nprobe = 12;
    auto approx = device::knn_graph_approximate(rows.data(), n, d, GraphMetric::l2, k, params, {});
    ASSERT_TRUE(approx.is_ok()) << approx.status().to_string();
    KnnGraph cpu = knn_graph_ivf_cpu(rows.data(), n, d, GraphMetric::l2, k, params.nlist, params.nprobe);
    EXPECT_GT(testing::graph_recall(*approx, exact), 0.9) << "offset " << offset;
    EXPECT_NEAR(testing::graph_recall(*approx, exact), testing::graph_recall(cpu, exact), 0.02)
        << "offset " << offset;
  }
}

TEST_F(DeviceKernels, RefinementRoundMatchesCpu) {
  const uint32_t n = 5000, d = 32, k = 32;
  auto rows = testing::clustered_rows(n, d, 25, 18);
  for (GraphMetric metric : {GraphMetric::l2, GraphMetric::inner_product}) {
    KnnGraph start = knn_graph_ivf_cpu(rows.data(), n, d, metric, k, 250, 2);
    KnnGraph cpu = refine_knn_graph_cpu(rows.data(), d, metric, start, 24);
    auto gpu = device::refine_knn_graph(rows.data(), d, metric, start, 24);
    ASSERT_TRUE(gpu.is_ok()) << gpu.status().to_string();
    size_t same = 0;
    for (uint32_t i = 0; i < n; ++i) {
      std::set<uint32_t> listed;
      for (uint32_t s = 0; s < k; ++s) {
        size_t cell = static_cast<size_t>(i) * k + s;
        ASSERT_TRUE(gpu->ids[cell] == kNoNeighbor || listed.insert(gpu->ids[cell]).second)
            << "row " << i << " repeats an id";
        ASSERT_NE(gpu->ids[cell], i);
        EXPECT_NEAR(gpu->distances[cell], cpu.distances[cell], 1e-3f * (1 + std::fabs(cpu.distances[cell])));
        same += gpu->ids[cell] == cpu.ids[cell];
      }
    }
    EXPECT_GT(static_cast<double>(same) / cpu.ids.size(), 0.99);  // ties may swap
  }
  // The whole approximate pipeline on the device reaches the CPU reference's recall.
  KnnGraph exact = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  ApproximateGraphParams params{25, 2, 2, 24};
  auto gpu = device::knn_graph_approximate(rows.data(), n, d, GraphMetric::l2, k, params, {});
  ASSERT_TRUE(gpu.is_ok()) << gpu.status().to_string();
  KnnGraph cpu = knn_graph_approximate_cpu(rows.data(), n, d, GraphMetric::l2, k, params);
  EXPECT_NEAR(testing::graph_recall(*gpu, exact), testing::graph_recall(cpu, exact), 0.01);
}

TEST_F(DeviceKernels, Tf32GraphWithFp32RerankIsNearlyExact) {
  const uint32_t n = 4000, d = 64, k = 32;
  auto rows = testing::clustered_rows(n, d, 10, 15);
  KnnGraph cpu = knn_graph_exact_cpu(rows.data(), n, d, GraphMetric::l2, k);
  device::Options options;
  options.tf32 = true;
  auto gpu = device::knn_graph_exact(rows.data(), n, d, GraphMetric::l2, k, options);
  ASSERT_TRUE(gpu.is_ok()) << gpu.status().to_string();
  EXPECT_GT(testing::graph_recall(*gpu, cpu), 0.99);
}

TEST_F(DeviceKernels, PqEncodeMatchesCpuArgmin) {
  const uint32_t n = 1000, d = 16, m = 4, ksub = 256, dsub = d / m;
  auto rows = testing::clustered_rows(n, d, 10, 16);
  auto books = testing::clustered_rows(ksub * m, dsub, 7, 17);
  auto codes = device::pq_encode(rows.data(), n, d, m, ksub, books.data());
  ASSERT_TRUE(codes.is_ok());
  size_t same = 0;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t s = 0; s < m; ++s) {
      uint32_t best = 0;
      float best_d = INFINITY;
      for (uint32_t c = 0; c < ksub; ++c) {
        float acc = 0;
        for (uint32_t j = 0; j < dsub; ++j) {
          float diff = rows[i * d + s * dsub + j] - books[(s * ksub + c) * dsub + j];
          acc += diff * diff;
        }
        if (acc < best_d) best_d = acc, best = c;
      }
      same += (*codes)[i * m + s] == best;
    }
  }
  EXPECT_GT(static_cast<double>(same) / (n * m), 0.999);
}

TEST_F(DeviceKernels, EndToEndHnswMatchesCpuReferenceRecall) {
  const uint32_t n = 8000, d = 32;
  auto rows = testing::clustered_rows(n, d, 40, 18);
  HnswShape shape{16, 100, 64, GraphMetric::l2};
  auto cpu = build_hnsw_from_graph(rows.data(), n, d, shape, Executor::cpu_reference, {});
  BuildReport report;
  auto gpu = build_hnsw_from_graph(rows.data(), n, d, shape, Executor::gpu, {}, &report);
  ASSERT_TRUE(cpu.is_ok() && gpu.is_ok()) << gpu.status().to_string();
  EXPECT_EQ(vector::count_unreachable_at_level_zero((*gpu)->hnsw, n), 0u);
  EXPECT_GE(testing::self_query_recall_at_10(**gpu, rows, n, d, 300),
            testing::self_query_recall_at_10(**cpu, rows, n, d, 300) - 0.01);
}

TEST_F(DeviceKernels, IvfPqBuildMatchesCpuReferenceRecall) {
  const uint32_t n = 6000, d = 16;
  auto rows = testing::clustered_rows(n, d, 12, 19);
  IvfShape shape;
  shape.nlist = 32;
  shape.nprobe = 8;
  shape.encoding = IvfEncoding::pq;
  shape.pq_m = 8;
  auto gpu = build_ivf_on_gpu(rows.data(), n, d, shape);
  ASSERT_TRUE(gpu.is_ok()) << gpu.status().to_string();
  ASSERT_NE(dynamic_cast<faiss::IndexIVFPQ*>(gpu->get()), nullptr);
  EXPECT_EQ((*gpu)->ntotal, n);
  auto cpu = build_ivf_cpu(rows.data(), n, d, shape);
  EXPECT_GE(testing::self_query_recall_at_10(**gpu, rows, n, d, 200),
            testing::self_query_recall_at_10(*cpu, rows, n, d, 200) - 0.05);
}

// The node's builder chain as the server assembles it (GPU first, CPU last): a segment the GPU
// pipeline refuses (a squared norm past float) is built by the CPU builder, and the stats count
// one GPU failure and one CPU build; an ordinary segment is built by the GPU.
TEST_F(DeviceKernels, BuilderChainFallsBackToTheCpu) {
  std::vector<std::unique_ptr<vector::VectorIndexBuilder>> builders;
  builders.push_back(std::make_unique<GpuVectorIndexBuilder>(GpuBuilderOptions{.min_segment_bytes = 0}));
  builders.push_back(vector::make_cpu_builder(2));
  engine::VectorIndexService service(std::move(builders), {});
  const uint32_t n = 3000, d = 16;
  auto rows = testing::clustered_rows(n, d, 10, 21);
  std::vector<uint32_t> docs(n);
  for (uint32_t i = 0; i < n; ++i) docs[i] = i;
  vector::MethodSpec spec;
  spec.dimension = d;
  ASSERT_TRUE(service.build(spec, vector::VectorSet{rows.data(), d, n, docs.data()}).is_ok());
  rows[7 * d] = 3e19f;
  ASSERT_TRUE(service.build(spec, vector::VectorSet{rows.data(), d, n, docs.data()}).is_ok());
  auto stats = service.stats().builders;
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].first, "gpu");
  EXPECT_EQ(stats[0].second.builds, 1u);
  EXPECT_EQ(stats[0].second.failures, 1u);
  EXPECT_EQ(stats[1].second.builds, 1u);
}

}  // namespace
}  // namespace pharos::gpu
