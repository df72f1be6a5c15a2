// The CUDA VectorIndexBuilder ("gpu"): takes hnsw/ivf builds of large enough segments when a GPU
// is present and the index allows it (`index.knn.remote_index_build.enabled`); anything it does
// not take, or fails on, goes to the next builder in the node's list (the CPU one).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "gpu/graph_index_build.h"
#include "index/vector/vector_index.h"

namespace pharos::gpu {

struct GpuBuilderOptions {
  // Node setting `knn.remote_index_build.size.min`: segments whose fp32 vectors are smaller than
  // this stay on the CPU (OpenSearch's default 50mb, about 15k x 768 or 100k x 128).
  uint64_t min_segment_bytes = 50ull << 20;
  bool tf32 = false;
};

class GpuVectorIndexBuilder : public vector::VectorIndexBuilder {
 public:
  explicit GpuVectorIndexBuilder(GpuBuilderOptions options);
  std::string_view name() const override { return "gpu"; }
  bool accepts(const vector::MethodSpec& spec, const vector::VectorSet& vectors) const override;
  Result<std::unique_ptr<vector::VectorIndex>> build(const vector::MethodSpec& spec,
                                                     const vector::VectorSet& vectors) override;
  bool gpu_present() const { return gpu_present_; }

 private:
  GpuBuilderOptions options_;
  bool gpu_present_;
  std::mutex device_mutex_;  // one build at a time owns the device
};

// Whether the method/space/data type is one the GPU path builds (independent of the device).
bool gpu_buildable(const vector::MethodSpec& spec);

// Builds the faiss index for `spec` over `vectors` on the given executor (cosine rows normalised,
// byte vectors are already widened to float by the segment). Used by the builder and the bench.
Result<std::unique_ptr<faiss::Index>> build_faiss_index(const vector::MethodSpec& spec,
                                                        const vector::VectorSet& vectors, Executor executor,
                                                        const GraphBuildOptions& options,
                                                        BuildReport* report = nullptr);

// The builder, or nullptr when the binary has no CUDA or no GPU is visible (logged once).
std::unique_ptr<vector::VectorIndexBuilder> make_gpu_builder(GpuBuilderOptions options);

}  // namespace pharos::gpu
