// CPU reference of the IVF build (k-means, assembly into regular faiss IVF indexes) and the GPU
// builder's selection rules on a machine without a GPU.
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexScalarQuantizer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "gpu/device_api.h"
#include "gpu/gpu_builder.h"
#include "gpu/ivf_assembly.h"
#include "gpu/kmeans.h"
#include "test_data.h"

namespace pharos::gpu {
namespace {

TEST(KMeansCpu, ObjectiveDropsAndEmptyClustersAreSplit) {
  const uint32_t n = 2000, d = 8;
  auto rows = testing::clustered_rows(n, d, 16, 7);
  KMeansResult one = kmeans_cpu(rows.data(), n, d, 16, 1, 5), many = kmeans_cpu(rows.data(), n, d, 16, 15, 5);
  EXPECT_LT(many.objective, one.objective);
  // Cluster 1 gets nothing: it must take half of the largest cluster.
  std::vector<uint32_t> assignment(n, 0);
  std::vector<float> centroids(2 * d, 0.f);
  EXPECT_EQ(update_centroids_cpu(rows.data(), n, d, assignment.data(), 2, centroids), 1u);
  EXPECT_NE(centroids[0], centroids[d]);
}

TEST(IvfCpu, FlatPqSqAreRegularFaissIndexes) {
  const uint32_t n = 2000, d = 16;
  auto rows = testing::clustered_rows(n, d, 12, 8);
  IvfShape shape;
  shape.nlist = 16;
  shape.nprobe = 16;
  auto flat = build_ivf_cpu(rows.data(), n, d, shape);
  ASSERT_NE(dynamic_cast<faiss::IndexIVFFlat*>(flat.get()), nullptr);
  EXPECT_EQ(flat->ntotal, n);
  EXPECT_GE(testing::self_query_recall_at_10(*flat, rows, n, d, 100), 0.99);  // every list probed: exact

  shape.encoding = IvfEncoding::pq;
  shape.pq_m = 8;
  shape.pq_nbits = 6;  // 64 centroids per sub-space keeps the CPU training to a second
  auto pq = build_ivf_cpu(rows.data(), n, d, shape);
  ASSERT_NE(dynamic_cast<faiss::IndexIVFPQ*>(pq.get()), nullptr);
  EXPECT_GT(testing::self_query_recall_at_10(*pq, rows, n, d, 100), 0.4);

  shape.encoding = IvfEncoding::sq_int8;
  auto sq = build_ivf_cpu(rows.data(), n, d, shape);
  ASSERT_NE(dynamic_cast<faiss::IndexIVFScalarQuantizer*>(sq.get()), nullptr);
  EXPECT_GT(testing::self_query_recall_at_10(*sq, rows, n, d, 100), 0.8);
}

TEST(GpuBuilder, SelectionRules) {
  vector::MethodSpec spec;
  spec.dimension = 16;
  EXPECT_TRUE(gpu_buildable(spec));
  spec.space = vector::SpaceType::l1;
  EXPECT_FALSE(gpu_buildable(spec));
  spec.space = vector::SpaceType::cosinesimil;
  spec.data_type = "binary";
  EXPECT_FALSE(gpu_buildable(spec));
  spec.data_type = "byte";
  EXPECT_TRUE(gpu_buildable(spec));

  GpuVectorIndexBuilder builder({.min_segment_bytes = 0});
  std::vector<float> rows(64 * 16, 1.f);
  vector::VectorSet set{rows.data(), 16, 64, nullptr};
  EXPECT_EQ(builder.accepts(spec, set), device::device_count() > 0);
  spec.remote_build_enabled = false;
  EXPECT_FALSE(builder.accepts(spec, set));
  if (device::device_count() == 0) {
    EXPECT_EQ(make_gpu_builder({}), nullptr);
  }
}

TEST(GpuBuilder, CosineBuildsInnerProductOverNormalisedRows) {
  const uint32_t n = 500, d = 8;
  auto rows = testing::clustered_rows(n, d, 5, 9);
  vector::MethodSpec spec;
  spec.space = vector::SpaceType::cosinesimil;
  spec.dimension = d;
  vector::VectorSet set{rows.data(), d, n, nullptr};
  auto built = build_faiss_index(spec, set, Executor::cpu_reference, {});
  ASSERT_TRUE(built.is_ok());
  auto* hnsw = dynamic_cast<faiss::IndexHNSWFlat*>(built->get());
  ASSERT_NE(hnsw, nullptr);
  EXPECT_EQ(hnsw->metric_type, faiss::METRIC_INNER_PRODUCT);
  std::vector<float> stored(d);
  hnsw->reconstruct(3, stored.data());
  float norm = 0;
  for (float v : stored) norm += v * v;
  EXPECT_NEAR(norm, 1.f, 1e-4f);
}

}  // namespace
}  // namespace pharos::gpu
