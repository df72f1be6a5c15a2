// CPU reference kNN graphs: exact brute force, IVF candidate lists and neighbour-of-neighbour refinement.
#include "gpu/knn_graph.h"

#include <faiss/IndexFlat.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gpu/kmeans.h"
#include "gpu/parallel_for.h"
#include "index/vector/distance_kernels.h"

namespace pharos::gpu {
namespace {

// "Lower is better" distance through index/vector's SIMD kernels.
class GraphDistance {
 public:
  GraphDistance(GraphMetric metric, uint32_t d)
      : kernel_(vector::distance_kernel(metric == GraphMetric::l2 ? vector::Metric::l2_squared
                                                                  : vector::Metric::inner_product)),
        d_(d),
        negate_(metric == GraphMetric::inner_product) {}
  float operator()(const float* a, const float* b) const {
    float v = kernel_(a, b, d_);
    return negate_ ? -v : v;
  }

 private:
  vector::DistanceKernel kernel_;
  uint32_t d_;
  bool negate_;
};

// Keeps the graph.k least candidates (by C's operator<; C has `distance` and `id`) as row's list.
template <class C>
void keep_nearest(std::vector<C>& candidates, uint32_t row, KnnGraph& graph) {
  size_t keep = std::min<size_t>(graph.k, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end());
  for (size_t j = 0; j < keep; ++j) {
    graph.ids[static_cast<size_t>(row) * graph.k + j] = candidates[j].id;
    graph.distances[static_cast<size_t>(row) * graph.k + j] = candidates[j].distance;
  }
}

KnnGraph empty_graph(uint32_t n, uint32_t k) {
  KnnGraph graph;
  graph.n = n;
  graph.k = k;
  graph.ids.assign(static_cast<size_t>(n) * k, kNoNeighbor);
  graph.distances.assign(static_cast<size_t>(n) * k, INFINITY);
  return graph;
}

}  // namespace

KnnGraph knn_graph_exact_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k) {
  KnnGraph graph = empty_graph(n, k);
  std::unique_ptr<faiss::IndexFlat> flat;
  if (metric == GraphMetric::l2) {
    flat = std::make_unique<faiss::IndexFlatL2>(d);
  } else {
    flat = std::make_unique<faiss::IndexFlatIP>(d);
  }
  flat->add(n, data);
  uint32_t fetch = std::min(k + 1, n);
  const uint32_t batch = 4096;  // bounds the result buffers, BLAS does the rest
  std::vector<float> distances(static_cast<size_t>(batch) * fetch);
  std::vector<faiss::Index::idx_t> labels(static_cast<size_t>(batch) * fetch);
  for (uint32_t begin = 0; begin < n; begin += batch) {
    uint32_t rows = std::min(batch, n - begin);
    flat->search(rows, data + static_cast<size_t>(begin) * d, fetch, distances.data(), labels.data());
    for (uint32_t i = 0; i < rows; ++i) {
      uint32_t self = begin + i, filled = 0;
      for (uint32_t j = 0; j < fetch && filled < k; ++j) {
        auto label = labels[static_cast<size_t>(i) * fetch + j];
        if (label < 0 || static_cast<uint32_t>(label) == self) continue;
        float dist = distances[static_cast<size_t>(i) * fetch + j];
        graph.ids[static_cast<size_t>(self) * k + filled] = static_cast<uint32_t>(label);
        graph.distances[static_cast<size_t>(self) * k + filled] = metric == GraphMetric::l2 ? dist : -dist;
        ++filled;
      }
    }
  }
  return graph;
}

ApproximateGraphParams approximate_graph_params(uint32_t n) {
  // Measured with bench/gpu_build/knn_graph_bench (README there): cheap lists, then refinement.
  constexpr uint32_t kListSize = 512;
  ApproximateGraphParams params;
  params.nlist = std::max(1u, n / kListSize);
  params.nprobe = std::min(params.nlist, 8u);
  params.refine_rounds = 2;
  params.refine_fanout = 32;
  return params;
}

KnnGraph knn_graph_approximate_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                                   const ApproximateGraphParams& params) {
  KnnGraph graph = knn_graph_ivf_cpu(data, n, d, metric, k, params.nlist, params.nprobe);
  for (uint32_t round = 0; round < params.refine_rounds; ++round)
    graph = refine_knn_graph_cpu(data, d, metric, graph, params.refine_fanout);
  return graph;
}

KnnGraph knn_graph_ivf_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                           uint32_t nlist, uint32_t nprobe, uint64_t seed) {
  KnnGraph graph = empty_graph(n, k);
  nlist = std::max(1u, std::min(nlist, n));
  nprobe = std::max(1u, std::min({nprobe, nlist, 128u}));  // the GPU keeps probes in a warp top-k
  // Lists come from L2 k-means on a sample; rows then probe the nprobe nearest centroids.
  std::vector<uint32_t> sample = kmeans_training_sample(n, nlist, 64, seed);
  std::vector<float> training(sample.size() * d);
  for (size_t i = 0; i < sample.size(); ++i) {
    std::copy_n(data + static_cast<size_t>(sample[i]) * d, d, &training[i * d]);
  }
  KMeansResult km = kmeans_cpu(training.data(), static_cast<uint32_t>(sample.size()), d, nlist, 10, seed);
  faiss::IndexFlatL2 quantizer(d);
  quantizer.add(nlist, km.centroids.data());
  std::vector<float> probe_distances(static_cast<size_t>(n) * nprobe);
  std::vector<faiss::Index::idx_t> probes(static_cast<size_t>(n) * nprobe);
  quantizer.search(n, data, nprobe, probe_distances.data(), probes.data());
  // The rows in list order (each list's members contiguous), and the rows visited in that order:
  // consecutive rows probe mostly the same lists, whose blocks then stay in cache. Without this
  // every distance is a random row read from memory (~10x slower at 1M rows).
  std::vector<uint32_t> offsets(nlist + 1, 0), order(n);
  for (uint32_t i = 0; i < n; ++i) ++offsets[probes[static_cast<size_t>(i) * nprobe] + 1];
  for (uint32_t c = 0; c < nlist; ++c) offsets[c + 1] += offsets[c];
  {
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t i = 0; i < n; ++i) order[fill[probes[static_cast<size_t>(i) * nprobe]]++] = i;
  }
  std::vector<float> by_list(static_cast<size_t>(n) * d);
  for (uint32_t slot = 0; slot < n; ++slot)
    std::copy_n(data + static_cast<size_t>(order[slot]) * d, d, &by_list[static_cast<size_t>(slot) * d]);

  GraphDistance distance(metric, d);
  parallel_for_rows(n, [&](uint32_t begin, uint32_t end) {
    // Ties go to the smaller id.
    struct Candidate {
      float distance;
      uint32_t id;
      bool operator<(const Candidate& o) const {
        return distance < o.distance || (distance == o.distance && id < o.id);
      }
    };
    std::vector<Candidate> candidates;
    for (uint32_t slot = begin; slot < end; ++slot) {
      const uint32_t i = order[slot];
      candidates.clear();
      const float* x = &by_list[static_cast<size_t>(slot) * d];
      for (uint32_t p = 0; p < nprobe; ++p) {
        auto list = probes[static_cast<size_t>(i) * nprobe + p];
        if (list < 0) continue;
        for (uint32_t m = offsets[list]; m < offsets[list + 1]; ++m) {
          if (order[m] != i) candidates.push_back({distance(x, &by_list[static_cast<size_t>(m) * d]), order[m]});
        }
      }
      keep_nearest(candidates, i, graph);
    }
  });
  return graph;
}

KnnGraph refine_knn_graph_cpu(const float* data, uint32_t d, GraphMetric metric, const KnnGraph& graph,
                              uint32_t fanout) {
  const uint32_t n = graph.n, k = graph.k;
  fanout = std::min(fanout, k);
  KnnGraph out = empty_graph(n, k);
  GraphDistance distance(metric, d);
  // Ties go to the earlier candidate (the current list first, then visit order), as the GPU's
  // insertion does.
  struct Candidate {
    float distance;
    uint32_t order, id;
    bool operator<(const Candidate& o) const {
      return distance < o.distance || (distance == o.distance && order < o.order);
    }
  };
  parallel_for_rows(n, [&](uint32_t begin, uint32_t end) {
    std::vector<uint32_t> seen_by(n, kNoNeighbor);  // seen_by[w] == u: w is already a candidate of u
    std::vector<Candidate> candidates;
    for (uint32_t u = begin; u < end; ++u) {
      candidates.clear();
      seen_by[u] = u;
      const uint32_t* current = graph.row(u);
      auto add = [&](float dist, uint32_t id) {
        candidates.push_back({dist, static_cast<uint32_t>(candidates.size()), id});
      };
      for (uint32_t j = 0; j < k && current[j] != kNoNeighbor; ++j) {
        seen_by[current[j]] = u;
        add(graph.distances[static_cast<size_t>(u) * k + j], current[j]);
      }
      const float* x = data + static_cast<size_t>(u) * d;
      for (uint32_t a = 0; a < fanout && current[a] != kNoNeighbor; ++a) {
        const uint32_t* second = graph.row(current[a]);
        for (uint32_t b = 0; b < fanout && second[b] != kNoNeighbor; ++b) {
          uint32_t w = second[b];
          if (seen_by[w] == u) continue;
          seen_by[w] = u;
          add(distance(x, data + static_cast<size_t>(w) * d), w);
        }
      }
      keep_nearest(candidates, u, out);
    }
  });
  return out;
}

}  // namespace pharos::gpu
