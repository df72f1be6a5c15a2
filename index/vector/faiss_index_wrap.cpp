#include "index/vector/faiss_index_wrap.h"

#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/invlists/InvertedLists.h>

#include "index/vector/hnsw_index.h"
#include "index/vector/ivf_index.h"

namespace pharos::vector {
namespace {

Status invalid(std::string what) { return {ErrorKind::invalid_argument, "faiss index: " + std::move(what)}; }

// Our search loop trusts the graph arrays (no bounds checks in the hot loop), so an index from
// a file or another builder is checked once here: every offset, level and neighbour in range.
Status check_hnsw(const faiss::IndexHNSW& index) {
  const faiss::HNSW& hnsw = index.hnsw;
  const size_t n = static_cast<size_t>(index.ntotal);
  if (!index.storage || index.storage->ntotal != index.ntotal || index.storage->d != index.d) {
    return invalid("hnsw storage does not match the index");
  }
  if (hnsw.levels.size() != n || hnsw.offsets.size() != n + 1 || hnsw.offsets[0] != 0) {
    return invalid("hnsw levels/offsets do not match ntotal");
  }
  const auto& cum = hnsw.cum_nneighbor_per_level;
  if (cum.empty() || cum[0] != 0) return invalid("hnsw neighbour table is empty");
  for (size_t i = 0; i < n; ++i) {
    const int level = hnsw.levels[i];
    if (level < 1 || static_cast<size_t>(level) >= cum.size()) return invalid("hnsw level out of range");
    if (hnsw.offsets[i + 1] < hnsw.offsets[i] ||
        hnsw.offsets[i + 1] - hnsw.offsets[i] != static_cast<size_t>(cum[level])) {
      return invalid("hnsw offsets are inconsistent");
    }
  }
  if (hnsw.neighbors.size() != hnsw.offsets[n]) return invalid("hnsw neighbour array has the wrong size");
  for (int32_t neighbor : hnsw.neighbors) {
    if (neighbor < -1 || neighbor >= static_cast<int64_t>(n)) return invalid("hnsw neighbour out of range");
  }
  if (n == 0) return Status::ok();
  if (hnsw.entry_point < 0 || static_cast<size_t>(hnsw.entry_point) >= n ||
      hnsw.max_level != hnsw.levels[hnsw.entry_point] - 1) {
    return invalid("hnsw entry point is inconsistent");
  }
  return Status::ok();
}

Status check_ivf(const faiss::IndexIVF& index) {
  if (!index.quantizer || !index.invlists || index.quantizer->ntotal != static_cast<int64_t>(index.nlist) ||
      index.invlists->nlist != index.nlist) {
    return invalid("ivf quantizer / lists do not match nlist");
  }
  size_t total = 0;
  for (size_t list = 0; list < index.nlist; ++list) {
    const size_t size = index.invlists->list_size(list);
    total += size;
    if (size == 0) continue;
    faiss::InvertedLists::ScopedIds ids(index.invlists, list);
    for (size_t i = 0; i < size; ++i) {
      if (ids[i] < 0 || ids[i] >= index.ntotal) return invalid("ivf label out of range");
    }
  }
  if (total != static_cast<size_t>(index.ntotal)) return invalid("ivf lists do not hold ntotal vectors");
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<VectorIndex>> wrap_faiss_index(std::unique_ptr<faiss::Index> index,
                                                      const MethodSpec& spec, const VectorSet& vectors) {
  if (!index) return Status{ErrorKind::invalid_argument, "no faiss index to wrap"};
  if (index->ntotal != static_cast<faiss::Index::idx_t>(vectors.count) ||
      index->d != static_cast<int>(vectors.dimension)) {
    return Status{ErrorKind::invalid_argument, "faiss index has " + std::to_string(index->ntotal) + " x " +
                                                   std::to_string(index->d) + " vectors, the segment " +
                                                   std::to_string(vectors.count) + " x " +
                                                   std::to_string(vectors.dimension)};
  }
  if (!faiss_serves_space(spec.space)) {
    return Status{ErrorKind::invalid_argument,
                  "space [" + std::string(space_type_name(spec.space)) + "] has no faiss index"};
  }
  if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index.get())) {
    PHAROS_RETURN_IF_ERROR(check_hnsw(*hnsw));
    index.release();
    return std::unique_ptr<VectorIndex>(
        std::make_unique<HnswIndex>(spec, vectors, std::unique_ptr<faiss::IndexHNSW>(hnsw)));
  }
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get())) {
    PHAROS_RETURN_IF_ERROR(check_ivf(*ivf));
    index.release();
    return std::unique_ptr<VectorIndex>(
        std::make_unique<IvfIndex>(spec, vectors, std::unique_ptr<faiss::IndexIVF>(ivf)));
  }
  return Status{ErrorKind::invalid_argument, "unsupported faiss index type for a vector index"};
}

}  // namespace pharos::vector
