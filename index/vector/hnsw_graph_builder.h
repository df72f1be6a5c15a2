// Our parallel HNSW insertion (hnswlib's algorithm) writing straight into a faiss::HNSW's
// arrays, so the result is a stock IndexHNSWFlat. Why not faiss's add(): the Debian faiss is an
// SSE build and its add ran at 0.62x hnswlib here (reference/vector.md §5); this one uses our
// AVX2/AVX-512 kernels, per-node spin locks and std::threads (exactly `threads` of them).
#pragma once

#include <cstdint>

#include "index/base/status.h"

namespace faiss {
struct IndexHNSW;
}

namespace pharos::vector {

// `index` is a fresh IndexHNSWFlat whose storage already holds `count` rows (normalised for
// cosine); its hnsw.efConstruction and M are used. Levels follow faiss's law
// (HNSW::prepare_level_tab: P(level >= l) = M^-l, faiss's fixed seed), inserted highest first.
// `inner_product`: the graph's distance is -x·y (innerproduct, cosine) instead of squared L2.
Status build_hnsw_graph(faiss::IndexHNSW& index, uint32_t count, bool inner_product, uint32_t threads);

}  // namespace pharos::vector
