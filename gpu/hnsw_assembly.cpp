// Assembly of a faiss HNSW from an externally built level-0 graph (reference/vector.md §4, §5).
#include "gpu/hnsw_assembly.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "index/vector/hnsw_reachability.h"

namespace pharos::gpu {
namespace {

faiss::MetricType faiss_metric(GraphMetric metric) {
  return metric == GraphMetric::l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

// With no upper level the entry point is the row nearest the mean (a cheap medoid).
uint32_t medoid(const float* rows, uint32_t n, uint32_t d) {
  std::vector<double> mean(d, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < d; ++j) mean[j] += rows[i * d + j];
  }
  uint32_t best = 0;
  double best_distance = INFINITY;
  for (size_t i = 0; i < n; ++i) {
    double acc = 0;
    for (uint32_t j = 0; j < d; ++j) {
      double diff = rows[i * d + j] - mean[j] / n;
      acc += diff * diff;
    }
    if (acc < best_distance) best_distance = acc, best = static_cast<uint32_t>(i);
  }
  return best;
}

// Builds levels >= 1 with a faiss HNSW over the promoted rows (its level l = our level l+1) and
// copies them in. Returns the entry point.
uint32_t build_upper_levels(faiss::IndexHNSWFlat& index, const float* rows, uint32_t d,
                            const HnswShape& shape, AssemblyReport& report) {
  faiss::HNSW& hnsw = index.hnsw;
  std::vector<uint32_t> promoted;
  for (size_t i = 0; i < hnsw.levels.size(); ++i) {
    if (hnsw.levels[i] >= 2) promoted.push_back(static_cast<uint32_t>(i));
  }
  report.promoted = static_cast<uint32_t>(promoted.size());
  if (promoted.empty()) return medoid(rows, static_cast<uint32_t>(hnsw.levels.size()), d);

  faiss::IndexHNSWFlat upper(static_cast<int>(d), static_cast<int>(shape.m), faiss_metric(shape.metric));
  upper.hnsw.set_nb_neighbors(0, static_cast<int>(shape.m));  // our level 1 has m slots, not 2·m
  upper.hnsw.efConstruction = static_cast<int>(shape.ef_construction);
  std::vector<float> promoted_rows(promoted.size() * d);
  for (size_t s = 0; s < promoted.size(); ++s) {
    std::copy_n(rows + static_cast<size_t>(promoted[s]) * d, d, &promoted_rows[s * d]);
    upper.hnsw.levels.push_back(hnsw.levels[promoted[s]] - 1);
  }
  upper.add(static_cast<faiss::Index::idx_t>(promoted.size()), promoted_rows.data());
  if (upper.hnsw.levels.size() != promoted.size()) throw std::logic_error("faiss ignored the preset levels");

  for (size_t s = 0; s < promoted.size(); ++s) {
    uint32_t i = promoted[s];
    for (int level = 1; level < hnsw.levels[i]; ++level) {
      size_t begin, end, upper_begin, upper_end;
      hnsw.neighbor_range(i, level, &begin, &end);
      upper.hnsw.neighbor_range(static_cast<faiss::Index::idx_t>(s), level - 1, &upper_begin, &upper_end);
      for (size_t slot = 0; slot < end - begin; ++slot) {
        int id = upper_begin + slot < upper_end ? upper.hnsw.neighbors[upper_begin + slot] : -1;
        hnsw.neighbors[begin + slot] = id < 0 ? -1 : static_cast<int>(promoted[id]);
      }
    }
  }
  hnsw.max_level = upper.hnsw.max_level + 1;
  report.max_level = static_cast<uint32_t>(hnsw.max_level);
  return promoted[upper.hnsw.entry_point];
}

// A kNN-derived level 0 has almost no long links, so on clustered data a greedy descent that
// lands in the wrong cluster cannot get out. Promoted rows (~1/m) therefore also keep up to a
// quarter of their slots for their level-1 neighbours: the long links faiss's incremental build
// leaves in level 0 naturally.
void add_level1_links(const faiss::HNSW& hnsw, FixedDegreeGraph& level0) {
  const uint32_t budget = std::max(1u, level0.degree / 4);
  for (uint32_t i = 0; i < level0.n; ++i) {
    if (hnsw.levels[i] < 2) continue;
    size_t begin, end;
    hnsw.neighbor_range(i, 1, &begin, &end);
    uint32_t* row = level0.row(i);
    uint32_t replaced = 0;
    for (size_t s = begin; s < end && replaced < budget; ++s) {
      int id = hnsw.neighbors[s];
      if (id < 0) break;
      uint32_t v = static_cast<uint32_t>(id);
      if (std::find(row, row + level0.degree, v) != row + level0.degree) continue;
      uint32_t* free_slot = std::find(row, row + level0.degree, kNoNeighbor);
      if (free_slot != row + level0.degree) {
        *free_slot = v;
      } else {
        row[level0.degree - 1 - replaced++] = v;
      }
    }
  }
}

}  // namespace

std::unique_ptr<faiss::IndexHNSWFlat> assemble_hnsw(const float* rows, uint32_t n, uint32_t d,
                                                    FixedDegreeGraph level0, const HnswShape& shape,
                                                    AssemblyReport* report_out) {
  if (level0.degree > 2 * shape.m) throw std::invalid_argument("level-0 degree exceeds 2*m");
  AssemblyReport report;
  auto index = std::make_unique<faiss::IndexHNSWFlat>(static_cast<int>(d), static_cast<int>(shape.m),
                                                      faiss_metric(shape.metric));
  index->hnsw.efConstruction = static_cast<int>(shape.ef_construction);
  index->hnsw.efSearch = static_cast<int>(shape.ef_search);
  index->storage->add(n, rows);
  index->ntotal = n;
  // Random levels with faiss's law and generator, offsets and a neighbour table full of -1.
  index->hnsw.prepare_level_tab(n, false);

  auto start = std::chrono::steady_clock::now();
  uint32_t entry = n == 0 ? 0 : build_upper_levels(*index, rows, d, shape, report);
  if (report.promoted == 0) index->hnsw.max_level = 0;
  report.upper_levels_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (report.promoted > 0) add_level1_links(index->hnsw, level0);

  faiss::HNSW& hnsw = index->hnsw;
  for (uint32_t i = 0; i < n; ++i) {
    size_t begin, end;
    hnsw.neighbor_range(i, 0, &begin, &end);
    const uint32_t* row = level0.row(i);
    size_t slot = begin;
    for (uint32_t s = 0; s < level0.degree && slot < end; ++s) {
      if (row[s] != kNoNeighbor) hnsw.neighbors[slot++] = static_cast<int>(row[s]);
    }
  }
  hnsw.entry_point = n == 0 ? -1 : static_cast<int>(entry);
  report.repaired_edges = static_cast<uint32_t>(vector::link_unreachable_nodes(*index).linked);
  if (report_out) *report_out = report;
  return index;
}

FixedDegreeGraph level0_of(const faiss::IndexHNSWFlat& index) {
  FixedDegreeGraph graph;
  graph.n = static_cast<uint32_t>(index.ntotal);
  graph.degree = static_cast<uint32_t>(index.hnsw.nb_neighbors(0));
  graph.ids.assign(static_cast<size_t>(graph.n) * graph.degree, kNoNeighbor);
  for (uint32_t i = 0; i < graph.n; ++i) {
    size_t begin, end;
    index.hnsw.neighbor_range(i, 0, &begin, &end);
    for (size_t s = begin; s < end; ++s) {
      int id = index.hnsw.neighbors[s];
      if (id >= 0) graph.row(i)[s - begin] = static_cast<uint32_t>(id);
    }
  }
  return graph;
}

}  // namespace pharos::gpu
