// Turns an optimised level-0 graph into a stock faiss::IndexHNSWFlat (`IHNf`): levels drawn with
// faiss's own law (P(level >= l) = m^-l, its seeded generator), upper levels (~1/m of the rows)
// built on the CPU by a small faiss HNSW over the promoted rows, level 0 copied from our graph.
// The result serialises with faiss's write_index exactly like a CPU-built index.
#pragma once

#include <cstdint>
#include <memory>

#include "gpu/graph_optimize.h"

namespace faiss {
struct IndexHNSWFlat;
}

namespace pharos::gpu {

struct HnswShape {
  uint32_t m = 16;
  uint32_t ef_construction = 100;
  uint32_t ef_search = 100;
  GraphMetric metric = GraphMetric::l2;
};

struct AssemblyReport {
  uint32_t promoted = 0;  // rows with a level above 0
  uint32_t max_level = 0;
  uint32_t repaired_edges = 0;  // level-0 edges written so every row is reachable (from the entry point)
  double upper_levels_seconds = 0;
};

// `rows` are the vectors as the index stores them (already normalised for cosine). `level0` must
// have degree <= 2·m. Ends with vector::link_unreachable_nodes, like the CPU builder.
std::unique_ptr<faiss::IndexHNSWFlat> assemble_hnsw(const float* rows, uint32_t n, uint32_t d,
                                                    FixedDegreeGraph level0, const HnswShape& shape,
                                                    AssemblyReport* report = nullptr);

// Level-0 neighbours of row r as a FixedDegreeGraph (for tests and stats).
FixedDegreeGraph level0_of(const faiss::IndexHNSWFlat& index);

}  // namespace pharos::gpu
