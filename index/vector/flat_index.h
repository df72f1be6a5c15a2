// Exact search over a VectorSet: small segments, l1/linf/hamming, and every ANN fallback.
#pragma once

#include <string>
#include <vector>

#include "index/vector/vector_index.h"

namespace pharos::vector {

// Thread-safe after construction (search reads only).
class FlatIndex : public VectorIndex {
 public:
  // `note` says why this segment got no ANN index ("" when flat was asked for or implied).
  FlatIndex(MethodSpec spec, const VectorSet& vectors, std::string note);

  std::vector<Neighbor> search(const float* query, const SearchParams& params) const override;
  const MethodSpec& spec() const override { return spec_; }
  std::string description() const override;
  size_t memory_bytes() const override;
  Result<std::string> serialize() const override;

 private:
  MethodSpec spec_;
  VectorSet vectors_;
  std::string note_;
  std::vector<float> inverse_norms_;  // cosine only: rows stay as the segment stores them
};

}  // namespace pharos::vector
