// Builds the faiss HNSW for a segment on the CPU. The result is a stock faiss IndexHNSWFlat
// (or HNSWSQ / HNSWPQ with an encoder), so the file is readable by any faiss.
#pragma once

#include <memory>

#include "index/base/status.h"
#include "index/vector/vector_index.h"

namespace faiss {
struct IndexHNSW;
}

namespace pharos::vector {

// Uses exactly `threads` threads. Rows are normalised first for cosine.
Result<std::unique_ptr<faiss::IndexHNSW>> build_faiss_hnsw(const MethodSpec& spec, const VectorSet& vectors,
                                                           uint32_t threads);

// faiss's own IndexHNSW::add (OpenMP, SSE distances): the reference our builder is measured against.
Result<std::unique_ptr<faiss::IndexHNSW>> build_faiss_hnsw_with_faiss_add(const MethodSpec& spec,
                                                                          const VectorSet& vectors,
                                                                          uint32_t threads);

}  // namespace pharos::vector
