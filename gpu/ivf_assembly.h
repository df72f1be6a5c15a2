// Turns trained pieces (coarse centroids, row assignments, PQ codebooks) into regular faiss IVF
// indexes: IndexIVFFlat, IndexIVFPQ, IndexIVFScalarQuantizer, with an IndexFlat quantizer owned
// by the index. Training itself runs on the GPU (kmeans_kernels.cu) or on the CPU (kmeans.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpu/knn_graph.h"
#include "index/base/status.h"

namespace faiss {
struct Index;
}

namespace pharos::gpu {

enum class IvfEncoding { flat, pq, sq_fp16, sq_int8 };

struct IvfShape {
  uint32_t nlist = 4;
  uint32_t nprobe = 1;
  IvfEncoding encoding = IvfEncoding::flat;
  uint32_t pq_m = 0;      // sub-quantizers (pq only)
  uint32_t pq_nbits = 8;  // bits per code (pq only)
  GraphMetric metric = GraphMetric::l2;
};

struct IvfTrained {
  std::vector<float> centroids;      // nlist × d
  std::vector<uint32_t> assignment;  // list of every row
  std::vector<float> pq_codebooks;   // pq_m × 2^nbits × (d/pq_m), residual codebooks (pq only)
  std::vector<uint8_t> codes;        // optional precomputed codes, n × code_size (pq only)
};

// Residual of each row to its assigned centroid (what PQ/SQ encode).
std::vector<float> ivf_residuals(const float* rows, uint32_t n, uint32_t d, const IvfTrained& trained,
                                 const std::vector<uint32_t>& subset);

// k-means of `n` rows of dimension `d` into `k` centroids (k × d), seeded: the GPU's or the CPU
// reference's, so both builders train PQ codebooks by the same steps.
using SubspaceKMeans =
    std::function<Result<std::vector<float>>(const float* rows, uint32_t n, uint32_t d, uint32_t k, uint64_t seed)>;

// One codebook per PQ sub-space, trained on the residuals of a sample, into trained.pq_codebooks.
Status train_pq_codebooks(const float* rows, uint32_t n, uint32_t d, const IvfShape& shape, uint64_t seed,
                          IvfTrained& trained, const SubspaceKMeans& kmeans);

std::unique_ptr<faiss::Index> assemble_ivf(const float* rows, uint32_t n, uint32_t d, const IvfShape& shape,
                                           const IvfTrained& trained);

// The whole CPU path: k-means, assignment, PQ codebooks (k-means per sub-space), encoding by faiss.
std::unique_ptr<faiss::Index> build_ivf_cpu(const float* rows, uint32_t n, uint32_t d, const IvfShape& shape,
                                            uint64_t seed = 1234);

// A valid pq_m for dimension d (divides d, <= requested; 0 asks for d/4 like OpenSearch's default).
uint32_t resolve_pq_m(uint32_t requested, uint32_t d);

}  // namespace pharos::gpu
