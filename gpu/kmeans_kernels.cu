// k-means on the GPU (GEMM distances, warp argmin, atomic centroid sums; the empty-cluster rule
// runs on the host, shared with the CPU reference), PQ encoding, and device discovery.
#include <cstdio>
#include <vector>

#include "gpu/cuda_support.cuh"
#include "gpu/device_api.h"
#include "gpu/kmeans.h"
#include "gpu/warp_top_k.cuh"

namespace pharos::gpu::device {
namespace {

__global__ void norms_kernel(const float* rows, uint32_t n, uint32_t d, float* norms) {
  uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float acc = 0;
  for (uint32_t j = 0; j < d; ++j)
    acc += rows[static_cast<size_t>(i) * d + j] * rows[static_cast<size_t>(i) * d + j];
  norms[i] = acc;
}

// One warp per row: the centroid with the smallest |c|² - 2x·c (or largest x·c), lowest index on ties.
__global__ void argmin_kernel(const float* scores, uint32_t rows, uint32_t k, const float* centroid_norms,
                              bool inner_product, uint32_t* out) {
  uint32_t r = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
  if (r >= rows) return;
  float best = __int_as_float(0x7f800000);
  uint32_t best_c = 0;
  for (uint32_t c = lane; c < k; c += 32) {
    float s = scores[static_cast<size_t>(r) * k + c];
    float v = inner_product ? -s : centroid_norms[c] - 2.f * s;
    if (v < best) best = v, best_c = c;
  }
  for (int offset = 16; offset > 0; offset /= 2) {
    float other = __shfl_down_sync(kFullMask, best, offset);
    uint32_t other_c = __shfl_down_sync(kFullMask, best_c, offset);
    if (other < best || (other == best && other_c < best_c)) best = other, best_c = other_c;
  }
  if (lane == 0) out[r] = best_c;
}

__global__ void accumulate_kernel(const float* rows, uint32_t n, uint32_t d, const uint32_t* assignment,
                                  float* sums, unsigned long long* counts) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<size_t>(n) * d) return;
  uint32_t row = static_cast<uint32_t>(i / d), j = static_cast<uint32_t>(i % d);
  atomicAdd(&sums[static_cast<size_t>(assignment[row]) * d + j], rows[i]);
  if (j == 0) atomicAdd(&counts[assignment[row]], 1ull);
}

__global__ void pq_encode_kernel(const float* residuals, uint32_t n, uint32_t d, uint32_t m, uint32_t ksub,
                                 const float* codebooks, uint8_t* codes) {
  size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= static_cast<size_t>(n) * m) return;
  uint32_t row = static_cast<uint32_t>(t / m), sub = static_cast<uint32_t>(t % m), dsub = d / m;
  const float* x = residuals + static_cast<size_t>(row) * d + sub * dsub;
  const float* book = codebooks + static_cast<size_t>(sub) * ksub * dsub;
  float best = __int_as_float(0x7f800000);
  uint32_t best_c = 0;
  for (uint32_t c = 0; c < ksub; ++c) {
    float acc = 0;
    for (uint32_t j = 0; j < dsub; ++j) acc += (x[j] - book[c * dsub + j]) * (x[j] - book[c * dsub + j]);
    if (acc < best) best = acc, best_c = c;
  }
  codes[t] = static_cast<uint8_t>(best_c);
}

// Rows per assignment tile: the score matrix (tile × k floats) stays within 256 MiB.
uint32_t assignment_tile(uint32_t n, uint32_t k) {
  return static_cast<uint32_t>(std::max<size_t>(1, std::min<size_t>(n, (256u << 20) / 4 / k)));
}

// Assignment of rows already on the device, tile by tile through `scores` (assignment_tile(n, k)
// × k floats, allocated once by the caller: k-means assigns every iteration, and a cudaFree per
// iteration would synchronise the device each time).
void assign_device(const Blas& blas, const float* rows, uint32_t n, uint32_t d, const float* centroids,
                   const float* centroid_norms, uint32_t k, bool inner_product, DeviceBuffer<float>& scores,
                   uint32_t* out, cudaStream_t stream) {
  const uint32_t tile = assignment_tile(n, k);
  for (uint32_t begin = 0; begin < n; begin += tile) {
    uint32_t count = std::min(tile, n - begin);
    blas.dot_products(rows + static_cast<size_t>(begin) * d, count, centroids, k, d, scores.get());
    argmin_kernel<<<blocks_for(static_cast<size_t>(count) * 32, 256), 256, 0, stream>>>(
        scores.get(), count, k, centroid_norms, inner_product, out + begin);
    PHAROS_CUDA(cudaGetLastError());
  }
}

}  // namespace

bool compiled_with_cuda() { return true; }

int device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return 0;
  }
  return count;
}

std::string describe_device() {
  if (device_count() == 0) return "none";
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return "unknown";
  size_t free_bytes = 0, total = 0;
  cudaMemGetInfo(&free_bytes, &total);
  char text[256];
  std::snprintf(text, sizeof text, "%s (sm_%d%d), %.1f GiB free", prop.name, prop.major, prop.minor,
                free_bytes / double(1ull << 30));
  return text;
}

Result<std::vector<uint32_t>> assign_to_centroids(const float* rows, uint32_t n, uint32_t d,
                                                  const float* centroids, uint32_t k, bool inner_product) {
  if (k == 0 || d == 0) return Status(ErrorKind::invalid_argument, "assignment: no centroids");
  if (n == 0) return std::vector<uint32_t>{};  // nothing to launch
  return guarded<std::vector<uint32_t>>("gpu k-means assignment", [&] {
    Stream stream;
    Blas blas(stream.get(), false);
    DeviceBuffer<float> device_rows(static_cast<size_t>(n) * d), device_centroids(static_cast<size_t>(k) * d),
        norms(k);
    DeviceBuffer<uint32_t> out(n);
    DeviceBuffer<float> scores(static_cast<size_t>(assignment_tile(n, k)) * k);
    staged_upload(rows, device_rows.size(), device_rows.get(), stream.get());
    device_centroids.upload(centroids, device_centroids.size(), stream.get());
    norms_kernel<<<blocks_for(k, 128), 128, 0, stream.get()>>>(device_centroids.get(), k, d, norms.get());
    assign_device(blas, device_rows.get(), n, d, device_centroids.get(), norms.get(), k, inner_product, scores,
                  out.get(), stream.get());
    std::vector<uint32_t> assignment(n);
    out.download(assignment.data(), n, stream.get());
    return assignment;
  });
}

Status kmeans(const float* rows, uint32_t n, uint32_t d, uint32_t k, uint32_t iterations,
              std::vector<float>& centroids) {
  if (n == 0 || k == 0 || d == 0) return Status(ErrorKind::invalid_argument, "k-means: no rows or no clusters");
  auto result = guarded<bool>("gpu k-means", [&] {
    Stream stream;
    Blas blas(stream.get(), false);
    DeviceBuffer<float> device_rows(static_cast<size_t>(n) * d), device_centroids(static_cast<size_t>(k) * d),
        norms(k), sums(static_cast<size_t>(k) * d);
    DeviceBuffer<uint32_t> assignment(n);
    DeviceBuffer<unsigned long long> counts(k);
    DeviceBuffer<float> scores(static_cast<size_t>(assignment_tile(n, k)) * k);
    staged_upload(rows, device_rows.size(), device_rows.get(), stream.get());
    std::vector<float> host_sums(static_cast<size_t>(k) * d);
    std::vector<unsigned long long> host_counts(k);
    std::vector<double> sums_d(host_sums.size());
    std::vector<uint64_t> counts_u(k);
    for (uint32_t it = 0; it < iterations; ++it) {
      device_centroids.upload(centroids.data(), centroids.size(), stream.get());
      norms_kernel<<<blocks_for(k, 128), 128, 0, stream.get()>>>(device_centroids.get(), k, d, norms.get());
      assign_device(blas, device_rows.get(), n, d, device_centroids.get(), norms.get(), k, false, scores,
                    assignment.get(), stream.get());
      PHAROS_CUDA(cudaMemsetAsync(sums.get(), 0, sums.size() * sizeof(float), stream.get()));
      PHAROS_CUDA(cudaMemsetAsync(counts.get(), 0, k * sizeof(unsigned long long), stream.get()));
      accumulate_kernel<<<blocks_for(static_cast<size_t>(n) * d, 256), 256, 0, stream.get()>>>(
          device_rows.get(), n, d, assignment.get(), sums.get(), counts.get());
      PHAROS_CUDA(cudaGetLastError());
      sums.download(host_sums.data(), host_sums.size(), stream.get());
      counts.download(host_counts.data(), k, stream.get());
      std::copy(host_sums.begin(), host_sums.end(), sums_d.begin());
      std::copy(host_counts.begin(), host_counts.end(), counts_u.begin());
      finish_centroid_update(sums_d, counts_u, k, d, centroids);
    }
    return true;
  });
  return result.is_ok() ? Status::ok() : result.status();
}

Result<std::vector<uint8_t>> pq_encode(const float* residuals, uint32_t n, uint32_t d, uint32_t m,
                                       uint32_t ksub, const float* codebooks) {
  if (m == 0 || d % m != 0 || ksub == 0 || ksub > 256)
    return Status(ErrorKind::invalid_argument, "pq: bad shape");
  if (n == 0) return std::vector<uint8_t>{};  // nothing to launch
  return guarded<std::vector<uint8_t>>("gpu pq encode", [&] {
    Stream stream;
    DeviceBuffer<float> device_rows(static_cast<size_t>(n) * d), books(static_cast<size_t>(ksub) * d);
    DeviceBuffer<uint8_t> codes(static_cast<size_t>(n) * m);
    staged_upload(residuals, device_rows.size(), device_rows.get(), stream.get());
    books.upload(codebooks, books.size(), stream.get());
    pq_encode_kernel<<<blocks_for(codes.size(), 256), 256, 0, stream.get()>>>(device_rows.get(), n, d, m,
                                                                              ksub, books.get(), codes.get());
    PHAROS_CUDA(cudaGetLastError());
    std::vector<uint8_t> out(codes.size());
    codes.download(out.data(), out.size(), stream.get());
    return out;
  });
}

}  // namespace pharos::gpu::device
