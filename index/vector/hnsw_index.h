// HNSW over a stock faiss IndexHNSWFlat / IndexHNSWSQ / IndexHNSWPQ (the file is faiss's own
// IHNf / IHNs / IHNp), searched by our loop (hnsw_search.h): per-query ef_search, filter-aware,
// radial, exact fallback for selective filters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/vector/vector_index.h"

namespace faiss {
struct IndexHNSW;
}

namespace pharos::vector {

// Thread-safe after construction: search only reads the graph and the storage.
class HnswIndex : public VectorIndex {
 public:
  // `index` holds exactly vectors.count rows, row r = vectors.row(r) (normalised for cosine).
  HnswIndex(MethodSpec spec, const VectorSet& vectors, std::unique_ptr<faiss::IndexHNSW> index);
  ~HnswIndex() override;

  std::vector<Neighbor> search(const float* query, const SearchParams& params) const override;
  const MethodSpec& spec() const override { return spec_; }
  std::string description() const override;
  size_t memory_bytes() const override;
  Result<std::string> serialize() const override;

  const faiss::IndexHNSW& faiss_index() const { return *index_; }

 private:
  std::vector<Neighbor> search_exact(const float* query, const SearchParams& params) const;
  bool prefers_exact(const SearchParams& params, uint32_t ef) const;

  MethodSpec spec_;
  VectorSet vectors_;
  std::unique_ptr<faiss::IndexHNSW> index_;
  const float* flat_rows_ = nullptr;  // the IndexFlat storage's rows, nullptr for SQ/PQ storage
  std::vector<float> inverse_norms_;  // cosine exact fallback over the segment's raw rows
};

// The metric faiss uses for a space: inner product for innerproduct/cosine (cosine rows are
// normalised first), L2 otherwise. Spaces faiss HNSW/IVF cannot serve return false.
bool faiss_serves_space(SpaceType space);

}  // namespace pharos::vector
