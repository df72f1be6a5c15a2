// CPU reference kNN graphs: exact brute force and IVF candidate lists.
#include "gpu/knn_graph.h"

#include <faiss/IndexFlat.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gpu/kmeans.h"
#include "gpu/parallel_for.h"

namespace pharos::gpu {
namespace {

float graph_distance(const float* a, const float* b, uint32_t d, GraphMetric metric) {
  float acc = 0;
  if (metric == GraphMetric::l2) {
    for (uint32_t j = 0; j < d; ++j) acc += (a[j] - b[j]) * (a[j] - b[j]);
    return acc;
  }
  for (uint32_t j = 0; j < d; ++j) acc += a[j] * b[j];
  return -acc;
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

uint32_t ivf_graph_nlist(uint32_t n) {
  return std::max(1u, static_cast<uint32_t>(std::sqrt(static_cast<double>(n)) * 2));
}

uint32_t ivf_graph_nprobe(uint32_t nlist) { return std::min(nlist, std::max(8u, nlist / 32)); }

KnnGraph knn_graph_ivf_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                           uint32_t nlist, uint32_t nprobe, uint64_t seed) {
  KnnGraph graph = empty_graph(n, k);
  nlist = std::max(1u, std::min(nlist, n));
  nprobe = std::max(1u, std::min(nprobe, nlist));
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
  std::vector<std::vector<uint32_t>> members(nlist);
  for (uint32_t i = 0; i < n; ++i) members[probes[static_cast<size_t>(i) * nprobe]].push_back(i);

  parallel_for_rows(n, [&](uint32_t begin, uint32_t end) {
    std::vector<std::pair<float, uint32_t>> candidates;
    for (uint32_t i = begin; i < end; ++i) {
      candidates.clear();
      const float* x = data + static_cast<size_t>(i) * d;
      for (uint32_t p = 0; p < nprobe; ++p) {
        auto list = probes[static_cast<size_t>(i) * nprobe + p];
        if (list < 0) continue;
        for (uint32_t j : members[list]) {
          if (j != i)
            candidates.emplace_back(graph_distance(x, data + static_cast<size_t>(j) * d, d, metric), j);
        }
      }
      size_t keep = std::min<size_t>(k, candidates.size());
      std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end());
      for (size_t j = 0; j < keep; ++j) {
        graph.ids[static_cast<size_t>(i) * k + j] = candidates[j].second;
        graph.distances[static_cast<size_t>(i) * k + j] = candidates[j].first;
      }
    }
  });
  return graph;
}

}  // namespace pharos::gpu
