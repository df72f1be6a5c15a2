// Level-0 reachability of a faiss HNSW. A search descends the upper levels greedily to one level-0
// node and from there follows level-0 links only, so a node that no chain of level-0 links from
// the entry point reaches is never returned, at any ef_search: for its document the k-NN query
// silently misses. Insertion's neighbour pruning leaves such nodes (on synthetic 1M our builder
// left 613: 306 that no list points to, the rest in small islands whose only in-edges come from
// each other), faiss's own add leaves them too, and a level 0 built elsewhere (the GPU builder's
// kNN-derived graph) can. Every builder therefore ends with `link_unreachable_nodes`.
#pragma once

#include <cstddef>

namespace faiss {
struct HNSW;
struct IndexHNSW;
}  // namespace faiss

namespace pharos::vector {

// Nodes that no chain of level-0 links from hnsw.entry_point reaches (0 for an empty graph).
size_t count_unreachable_at_level_zero(const faiss::HNSW& hnsw, size_t count);

struct ReachabilityRepair {
  size_t unreachable = 0;  // before the repair
  size_t linked = 0;       // level-0 edges written
};

// Links every unreachable node u in from a reached "host": the first reached node of u's own
// level-0 list (nearest first), else the nearest reached nodes an HNSW search for u's vector
// finds (where a query near u actually goes), else the nearest of a sample of reached nodes (a
// cluster level 0 never joined to the rest), the entry point last. The host takes u in a free slot, else in place of
// its farthest link whose target keeps another in-edge and that no repair wrote. A node linked in
// brings its island with it. Replacing a slot can cut another node off, so it goes round until
// everything is reached (a few rounds at most). Uses the index's own distance (any storage).
ReachabilityRepair link_unreachable_nodes(faiss::IndexHNSW& index);

}  // namespace pharos::vector
