#include "index/vector/flat_index.h"

#include "index/vector/exact_search.h"
#include "index/vector/index_file.h"

namespace pharos::vector {

FlatIndex::FlatIndex(MethodSpec spec, const VectorSet& vectors, std::string note)
    : spec_(std::move(spec)), vectors_(vectors), note_(std::move(note)) {
  if (spec_.space == SpaceType::cosinesimil) inverse_norms_ = inverse_norms(vectors_);
}

std::vector<Neighbor> FlatIndex::search(const float* query, const SearchParams& params) const {
  QueryDistance distance(spec_.space, query, vectors_.dimension);
  RowSource rows{vectors_.data, vectors_.count, vectors_.docs,
                 inverse_norms_.empty() ? nullptr : inverse_norms_.data()};
  return exact_search(rows, distance, params);
}

std::string FlatIndex::description() const { return note_.empty() ? "flat" : "flat (" + note_ + ")"; }

size_t FlatIndex::memory_bytes() const { return sizeof(*this) + inverse_norms_.size() * sizeof(float); }

Result<std::string> FlatIndex::serialize() const {
  return encode_index_file(IndexFileKind::flat, spec_, vectors_, note_, {});
}

std::unique_ptr<VectorIndex> make_flat_index(const MethodSpec& spec, const VectorSet& vectors) {
  return std::make_unique<FlatIndex>(spec, vectors, "");
}

}  // namespace pharos::vector
