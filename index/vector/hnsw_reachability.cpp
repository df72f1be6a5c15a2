#include "index/vector/hnsw_reachability.h"

#include <faiss/IndexHNSW.h>
#include <faiss/impl/DistanceComputer.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_set>
#include <vector>

#include "index/vector/omp_threads.h"

namespace pharos::vector {
namespace {

using NodeId = faiss::HNSW::storage_idx_t;

// Marks what a BFS over level-0 links from `start` reaches; returns how many it newly marked.
size_t mark_reachable(const faiss::HNSW& hnsw, NodeId start, std::vector<char>& reached) {
  if (reached[start]) return 0;
  std::vector<NodeId> queue{start};
  reached[start] = 1;
  for (size_t head = 0; head < queue.size(); ++head) {
    size_t begin = 0, end = 0;
    hnsw.neighbor_range(queue[head], 0, &begin, &end);
    for (size_t j = begin; j < end && hnsw.neighbors[j] >= 0; ++j) {
      NodeId next = hnsw.neighbors[j];
      if (!reached[next]) reached[next] = 1, queue.push_back(next);
    }
  }
  return queue.size();
}

class Repairer {
 public:
  explicit Repairer(faiss::IndexHNSW& index)
      : index_(index),
        hnsw_(index.hnsw),
        count_(static_cast<size_t>(index.ntotal)),
        distance_(index.storage->get_distance_computer()),
        negate_(index.storage->metric_type == faiss::METRIC_INNER_PRODUCT),
        node_vector_(static_cast<size_t>(index.d)),
        host_vector_(static_cast<size_t>(index.d)),
        in_degree_(count_, 0) {
    for (size_t node = 0; node < count_; ++node) {
      for (NodeId target : slots(node)) {
        if (target < 0) break;
        ++in_degree_[target];
      }
    }
  }

  ReachabilityRepair run() {
    ReachabilityRepair report;
    for (int round = 0; round < 8; ++round) {
      std::vector<char> reached(count_, 0);
      size_t missing = count_ - mark_reachable(hnsw_, hnsw_.entry_point, reached);
      if (round == 0) report.unreachable = missing;
      if (missing == 0) break;
      sample_.clear();
      for (size_t node = 0, step = std::max<size_t>(1, count_ / 2048); node < count_; node += step) {
        if (reached[node]) sample_.push_back(static_cast<NodeId>(node));
      }
      for (size_t node = 0; node < count_; ++node) {
        if (reached[node]) continue;
        if (link_in(static_cast<NodeId>(node), reached)) {
          ++report.linked;
          mark_reachable(hnsw_, static_cast<NodeId>(node), reached);
        }
      }
    }
    return report;
  }

 private:
  // A node's level-0 slots (filled ones first, -1 after them).
  struct Slots {
    NodeId* first;
    NodeId* last;
    NodeId* begin() const { return first; }
    NodeId* end() const { return last; }
  };
  Slots slots(size_t node) {
    size_t first = 0, last = 0;
    hnsw_.neighbor_range(static_cast<faiss::Index::idx_t>(node), 0, &first, &last);
    return {hnsw_.neighbors.data() + first, hnsw_.neighbors.data() + last};
  }
  void query_from(NodeId node) {
    index_.storage->reconstruct(node, host_vector_.data());
    distance_->set_query(host_vector_.data());
  }

  bool link_in(NodeId node, const std::vector<char>& reached) {
    for (NodeId neighbour : slots(node)) {
      if (neighbour < 0) break;
      if (reached[neighbour] && take(neighbour, node)) return true;
    }
    // The node's own neighbours are unreached too: ask the graph where a query near it goes.
    constexpr faiss::Index::idx_t kHosts = 8;
    std::vector<float> distances(kHosts);
    std::vector<faiss::Index::idx_t> hosts(kHosts);
    index_.storage->reconstruct(node, node_vector_.data());
    index_.search(1, node_vector_.data(), kHosts, distances.data(), hosts.data());
    for (faiss::Index::idx_t host : hosts) {
      if (host >= 0 && host != node && reached[host] && take(static_cast<NodeId>(host), node)) return true;
    }
    // The search stayed among unreached nodes too (a cluster that level 0 never joined to the
    // rest): the nearest of a sample of reached nodes, the entry point last.
    std::vector<std::pair<float, NodeId>> by_distance;
    distance_->set_query(node_vector_.data());  // reconstructed above; take() moved the query
    for (NodeId host : sample_) by_distance.emplace_back(signed_distance(host), host);
    std::sort(by_distance.begin(), by_distance.end());
    for (const auto& [distance, host] : by_distance) {
      if (take(host, node)) return true;
    }
    return take(hnsw_.entry_point, node);
  }
  // Smaller = nearer, whatever the metric (faiss gives inner products as similarities).
  float signed_distance(NodeId to) { return negate_ ? -(*distance_)(to) : (*distance_)(to); }

  // Puts `node` into `host`'s level-0 list; false when every slot is needed where it is.
  bool take(NodeId host, NodeId node) {
    NodeId* slot = nullptr;
    float farthest = -std::numeric_limits<float>::infinity();
    query_from(host);
    const Slots list = slots(host);
    for (NodeId* s = list.first; s != list.last; ++s) {
      if (*s < 0) {
        slot = s;
        break;
      }
      if (*s == node) return true;
      if (in_degree_[*s] < 2 || written_.count(edge(host, *s))) continue;
      float d = signed_distance(*s);
      if (d > farthest) farthest = d, slot = s;
    }
    if (slot == nullptr) return false;
    if (*slot >= 0) --in_degree_[*slot];
    *slot = node;
    ++in_degree_[node];
    written_.insert(edge(host, node));
    return true;
  }
  static uint64_t edge(NodeId from, NodeId to) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(from)) << 32) | static_cast<uint32_t>(to);
  }

  faiss::IndexHNSW& index_;
  faiss::HNSW& hnsw_;
  size_t count_;
  std::unique_ptr<faiss::DistanceComputer> distance_;
  bool negate_;  // inner product: faiss gives similarities
  std::vector<float> node_vector_, host_vector_;  // reconstructed rows (any storage)
  std::vector<uint32_t> in_degree_;
  std::unordered_set<uint64_t> written_;  // edges a repair wrote: never replaced again
  std::vector<NodeId> sample_;            // reached nodes, every count/2048-th, this round
};

}  // namespace

size_t count_unreachable_at_level_zero(const faiss::HNSW& hnsw, size_t count) {
  if (count == 0 || hnsw.entry_point < 0) return 0;
  std::vector<char> reached(count, 0);
  return count - mark_reachable(hnsw, hnsw.entry_point, reached);
}

ReachabilityRepair link_unreachable_nodes(faiss::IndexHNSW& index) {
  if (index.ntotal == 0 || index.hnsw.entry_point < 0) return {};
  // faiss's HNSW search opens a parallel region (a visited table per thread) even for one query.
  ScopedOmpThreads one_thread(1);
  return Repairer(index).run();
}

}  // namespace pharos::vector
