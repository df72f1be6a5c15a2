// Wraps a faiss index built elsewhere (the GPU builder in gpu/, or our own builders) into a
// VectorIndex. Only a forward declaration of faiss::Index here, so including this header does
// not pull faiss into the includer.
#pragma once

#include <memory>

#include "index/base/status.h"
#include "index/vector/vector_index.h"

namespace faiss {
struct Index;
}

namespace pharos::vector {

// Takes ownership of `index`, which must have been built over `vectors` (row r = label r, same
// order, vectors normalised for cosine as the CPU builder does) with the metric of spec.space:
// faiss::IndexHNSWFlat / IndexHNSWSQ / IndexHNSWPQ (searched by our HNSW loop), faiss::IndexIVF*
// (IVF flat/pq/sq). invalid_argument for any other type, or a count/dimension mismatch.
Result<std::unique_ptr<VectorIndex>> wrap_faiss_index(std::unique_ptr<faiss::Index> index,
                                                      const MethodSpec& spec, const VectorSet& vectors);

}  // namespace pharos::vector
