// IVF over faiss IndexIVFFlat / IndexIVFPQ / IndexIVFScalarQuantizer: trained on a sample of the
// segment's own vectors. IVF-Flat top-k scans the probed lists with our SIMD kernels; PQ/SQ
// codes and radial search go through faiss (nprobes per query with SearchParametersIVF, filters
// through an IDSelector, range_search).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/vector/vector_index.h"

namespace faiss {
struct IndexIVF;
}

namespace pharos::vector {

// Thread-safe after construction.
class IvfIndex : public VectorIndex {
 public:
  IvfIndex(MethodSpec spec, const VectorSet& vectors, std::unique_ptr<faiss::IndexIVF> index);
  ~IvfIndex() override;

  std::vector<Neighbor> search(const float* query, const SearchParams& params) const override;
  const MethodSpec& spec() const override { return spec_; }
  std::string description() const override;
  size_t memory_bytes() const override;
  Result<std::string> serialize() const override;

 private:
  std::vector<Neighbor> search_exact(const float* query, const SearchParams& params) const;
  std::vector<Neighbor> search_flat_lists(const float* query, uint32_t nprobe, uint32_t k,
                                          const DocFilter* filter) const;
  float to_distance(float faiss_value) const;

  MethodSpec spec_;
  VectorSet vectors_;
  std::unique_ptr<faiss::IndexIVF> index_;
  std::vector<float> inverse_norms_;
};

// The fewest vectors an IVF (and its PQ) can be trained on: 39 per centroid, faiss's own
// warning level — nlist·39, and 2^code_size·39 for the PQ codebooks.
uint32_t ivf_minimum_vectors(const MethodSpec& spec);

// Trains and fills an IVF over `vectors` on `threads` OpenMP threads; a FlatIndex saying why
// when the segment is below ivf_minimum_vectors().
Result<std::unique_ptr<VectorIndex>> build_ivf_index(const MethodSpec& spec, const VectorSet& vectors,
                                                     uint32_t threads);

}  // namespace pharos::vector
