// The device API of a build without nvcc (the "GPU builder compiled out" mode): no GPU, every
// device call answers `unsupported`, and make_gpu_builder returns nullptr so the CPU builder runs.
#include "gpu/device_api.h"

#ifndef PHAROS_HAVE_CUDA

namespace pharos::gpu::device {
namespace {
Status no_cuda() { return {ErrorKind::unsupported, "pharos was built without CUDA"}; }
}  // namespace

bool compiled_with_cuda() { return false; }
int device_count() { return 0; }
std::string describe_device() { return "none (built without CUDA)"; }
Result<KnnGraph> knn_graph_exact(const float*, uint32_t, uint32_t, GraphMetric, uint32_t, const Options&,
                                 Timings*) {
  return no_cuda();
}
Result<KnnGraph> knn_graph_approximate(const float*, uint32_t, uint32_t, GraphMetric, uint32_t,
                                       const ApproximateGraphParams&, const Options&, Timings*) {
  return no_cuda();
}
Result<KnnGraph> refine_knn_graph(const float*, uint32_t, GraphMetric, const KnnGraph&, uint32_t) {
  return no_cuda();
}
Result<FixedDegreeGraph> prune_rank_based(const KnnGraph&, uint32_t, Timings*) { return no_cuda(); }
Result<FixedDegreeGraph> merge_reverse_edges(const FixedDegreeGraph&, Timings*) { return no_cuda(); }
Result<KnnGraph> select_top_k(const float*, uint32_t, uint32_t, uint32_t) { return no_cuda(); }
Result<std::vector<uint32_t>> assign_to_centroids(const float*, uint32_t, uint32_t, const float*, uint32_t,
                                                  bool) {
  return no_cuda();
}
Status kmeans(const float*, uint32_t, uint32_t, uint32_t, uint32_t, std::vector<float>&) { return no_cuda(); }
Result<std::vector<uint8_t>> pq_encode(const float*, uint32_t, uint32_t, uint32_t, uint32_t, const float*) {
  return no_cuda();
}

}  // namespace pharos::gpu::device

#endif  // PHAROS_HAVE_CUDA
