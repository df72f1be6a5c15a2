// The CPU VectorIndexBuilder: picks flat / HNSW / IVF from the MethodSpec and the segment size.
#include <faiss/IndexHNSW.h>

#include <chrono>

#include "index/vector/flat_index.h"
#include "index/vector/hnsw_build.h"
#include "index/vector/hnsw_index.h"
#include "index/vector/ivf_index.h"

namespace pharos::vector {
namespace {

// Stateless apart from the thread count: concurrent build() calls are safe (each uses its own
// `threads` OpenMP threads, see omp_threads.h).
class CpuBuilder : public VectorIndexBuilder {
 public:
  explicit CpuBuilder(uint32_t threads) : threads_(threads > 0 ? threads : 1) {}

  std::string_view name() const override { return "cpu"; }
  bool accepts(const MethodSpec&, const VectorSet&) const override { return true; }

  Result<std::unique_ptr<VectorIndex>> build(const MethodSpec& spec, const VectorSet& vectors) override {
    if (spec.kind == MethodKind::flat) return make_flat_index(spec, vectors);
    if (vectors.count < spec.approximate_threshold) {
      return flat_because(spec, vectors,
                          "segment has " + std::to_string(vectors.count) +
                              " vectors, below approximate_threshold " +
                              std::to_string(spec.approximate_threshold));
    }
    if (!faiss_serves_space(spec.space)) {
      return flat_because(spec, vectors,
                          "space " + std::string(space_type_name(spec.space)) + " is searched exactly");
    }
    if (spec.kind == MethodKind::ivf) return build_ivf_index(spec, vectors, threads_);
    // HNSW's PQ codebooks (8 bits) train like IVF's: 39 rows per centroid at least.
    constexpr uint32_t kHnswPqMinimum = 256 * 39;
    if (spec.encoder == EncoderKind::pq && vectors.count < kHnswPqMinimum) {
      return flat_because(spec, vectors,
                          "hnsw pq needs >= " + std::to_string(kHnswPqMinimum) + " vectors, segment has " +
                              std::to_string(vectors.count));
    }
    PHAROS_ASSIGN_OR_RETURN(auto hnsw, build_faiss_hnsw(spec, vectors, threads_));
    return std::unique_ptr<VectorIndex>(std::make_unique<HnswIndex>(spec, vectors, std::move(hnsw)));
  }

 private:
  static Result<std::unique_ptr<VectorIndex>> flat_because(const MethodSpec& spec, const VectorSet& vectors,
                                                           std::string note) {
    return std::unique_ptr<VectorIndex>(std::make_unique<FlatIndex>(spec, vectors, std::move(note)));
  }

  uint32_t threads_;
};

}  // namespace

std::unique_ptr<VectorIndexBuilder> make_cpu_builder(uint32_t threads) {
  return std::make_unique<CpuBuilder>(threads);
}

}  // namespace pharos::vector
