// GpuVectorIndexBuilder: selection, space preparation and hand-over to index/vector's wrapper.
#include "gpu/gpu_builder.h"

#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "gpu/device_api.h"
#include "index/vector/faiss_index_wrap.h"

namespace pharos::gpu {
namespace {

GraphMetric metric_for(vector::SpaceType space) {
  return space == vector::SpaceType::l2 ? GraphMetric::l2 : GraphMetric::inner_product;
}

std::vector<float> normalised_copy(const vector::VectorSet& vectors) {
  std::vector<float> out(static_cast<size_t>(vectors.count) * vectors.dimension);
  for (uint32_t r = 0; r < vectors.count; ++r) {
    const float* x = vectors.row(r);
    double norm = 0;
    for (uint32_t j = 0; j < vectors.dimension; ++j) norm += double(x[j]) * x[j];
    float inverse = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.f;
    for (uint32_t j = 0; j < vectors.dimension; ++j)
      out[static_cast<size_t>(r) * vectors.dimension + j] = x[j] * inverse;
  }
  return out;
}

IvfShape ivf_shape_of(const vector::MethodSpec& spec) {
  IvfShape shape;
  shape.nlist = spec.nlist;
  shape.nprobe = spec.nprobes;
  shape.metric = metric_for(spec.space);
  shape.pq_m = spec.pq_m;
  shape.pq_nbits = spec.pq_code_size;
  switch (spec.encoder) {
    case vector::EncoderKind::flat:
      shape.encoding = IvfEncoding::flat;
      break;
    case vector::EncoderKind::pq:
      shape.encoding = IvfEncoding::pq;
      break;
    case vector::EncoderKind::sq:
      shape.encoding = spec.sq_type == "int8" ? IvfEncoding::sq_int8 : IvfEncoding::sq_fp16;
      break;
  }
  return shape;
}

}  // namespace

bool gpu_buildable(const vector::MethodSpec& spec) {
  bool space_ok = spec.space == vector::SpaceType::l2 || spec.space == vector::SpaceType::innerproduct ||
                  spec.space == vector::SpaceType::cosinesimil;
  bool method_ok = (spec.kind == vector::MethodKind::hnsw && spec.encoder == vector::EncoderKind::flat &&
                    spec.m >= 2 && spec.m <= 64) ||
                   spec.kind == vector::MethodKind::ivf;
  return space_ok && method_ok && spec.data_type != "binary";
}

Result<std::unique_ptr<faiss::Index>> build_faiss_index(const vector::MethodSpec& spec,
                                                        const vector::VectorSet& vectors, Executor executor,
                                                        const GraphBuildOptions& options,
                                                        BuildReport* report) {
  if (!gpu_buildable(spec)) return Status(ErrorKind::unsupported, "method not built by the GPU builder");
  std::vector<float> normalised;
  const float* rows = vectors.data;
  if (spec.space == vector::SpaceType::cosinesimil) {
    normalised = normalised_copy(vectors);
    rows = normalised.data();
  }
  if (spec.kind == vector::MethodKind::hnsw) {
    HnswShape shape{spec.m, spec.ef_construction, spec.ef_search, metric_for(spec.space)};
    PHAROS_ASSIGN_OR_RETURN(auto hnsw, build_hnsw_from_graph(rows, vectors.count, vectors.dimension, shape,
                                                             executor, options, report));
    return std::unique_ptr<faiss::Index>(std::move(hnsw));
  }
  if (executor == Executor::cpu_reference)
    return build_ivf_cpu(rows, vectors.count, vectors.dimension, ivf_shape_of(spec));
  return build_ivf_on_gpu(rows, vectors.count, vectors.dimension, ivf_shape_of(spec), report);
}

GpuVectorIndexBuilder::GpuVectorIndexBuilder(GpuBuilderOptions options)
    : options_(options), gpu_present_(device::device_count() > 0) {}

bool GpuVectorIndexBuilder::accepts(const vector::MethodSpec& spec, const vector::VectorSet& vectors) const {
  uint64_t bytes = static_cast<uint64_t>(vectors.count) * vectors.dimension * sizeof(float);
  return gpu_present_ && spec.remote_build_enabled && gpu_buildable(spec) && vectors.count >= 2 &&
         bytes >= options_.min_segment_bytes;
}

Result<std::unique_ptr<vector::VectorIndex>> GpuVectorIndexBuilder::build(const vector::MethodSpec& spec,
                                                                          const vector::VectorSet& vectors) {
  GraphBuildOptions graph_options;
  graph_options.tf32 = options_.tf32;
  BuildReport report;
  Result<std::unique_ptr<faiss::Index>> built = Status(ErrorKind::internal, "not built");
  {
    std::lock_guard lock(device_mutex_);
    built = build_faiss_index(spec, vectors, Executor::gpu, graph_options, &report);
  }
  if (!built.is_ok()) {
    // The node's next builder (the CPU one) takes over; the service counts the failure.
    spdlog::warn("GPU index build of {} vectors failed, falling back to the CPU: {}", vectors.count,
                 built.status().message());
    return built.status();
  }
  spdlog::info(
      "GPU built {} index over {} x {} in {:.2f}s (kNN {:.2f}s, prune {:.2f}s, reverse {:.2f}s, upper "
      "{:.2f}s)",
      spec.kind == vector::MethodKind::hnsw ? "hnsw" : "ivf", vectors.count, vectors.dimension,
      report.total_s, report.knn_s, report.prune_s, report.reverse_s, report.upper_levels_s);
  return vector::wrap_faiss_index(std::move(built).value(), spec, vectors);
}

std::unique_ptr<vector::VectorIndexBuilder> make_gpu_builder(GpuBuilderOptions options) {
  if (!device::compiled_with_cuda()) {
    spdlog::info("k-NN GPU builder: not compiled in (no nvcc at build time); CPU builds only");
    return nullptr;
  }
  if (device::device_count() == 0) {
    spdlog::info("k-NN GPU builder: no GPU visible; CPU builds only");
    return nullptr;
  }
  spdlog::info("k-NN GPU builder on {}", device::describe_device());
  return std::make_unique<GpuVectorIndexBuilder>(options);
}

}  // namespace pharos::gpu
