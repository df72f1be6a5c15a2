#include "index/vector/hnsw_graph_builder.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <xmmintrin.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

#include "index/vector/distance_kernels.h"
#include "index/vector/hnsw_search.h"

namespace pharos::vector {
namespace {

// One byte per node; neighbour lists are short, so spinning beats a mutex here.
class NodeLocks {
 public:
  explicit NodeLocks(size_t count) : locks_(new std::atomic<bool>[count]) {
    for (size_t i = 0; i < count; ++i) locks_[i].store(false, std::memory_order_relaxed);
  }
  void lock(uint32_t node) {
    while (locks_[node].exchange(true, std::memory_order_acquire)) {
      while (locks_[node].load(std::memory_order_relaxed)) _mm_pause();
    }
  }
  void unlock(uint32_t node) { locks_[node].store(false, std::memory_order_release); }

 private:
  std::unique_ptr<std::atomic<bool>[]> locks_;
};

class GraphBuilder {
 public:
  GraphBuilder(faiss::IndexHNSW& index, uint32_t count, bool inner_product)
      : hnsw_(index.hnsw),
        rows_(static_cast<const faiss::IndexFlat*>(index.storage)->get_xb()),
        dim_(static_cast<uint32_t>(index.d)),
        count_(count),
        inner_product_(inner_product),
        kernel_(distance_kernel(inner_product ? Metric::inner_product : Metric::l2_squared)),
        locks_(count) {}

  float distance(uint32_t a, uint32_t b) const { return distance_to(row(a), b); }
  float distance_to(const float* x, uint32_t b) const {
    float raw = kernel_(x, row(b), dim_);
    return inner_product_ ? -raw : raw;
  }
  const float* row(uint32_t r) const { return rows_ + static_cast<size_t>(r) * dim_; }
  void prefetch(uint32_t r) const {
    const char* p = reinterpret_cast<const char*>(row(r));
    for (size_t offset = 0; offset < dim_ * sizeof(float) && offset < 512; offset += 64)
      _mm_prefetch(p + offset, _MM_HINT_T0);
  }

  void insert(uint32_t node, uint32_t entry, int top_level);

 private:
  int32_t* links(uint32_t node, int level) {
    return hnsw_.neighbors.data() + hnsw_.offsets[node] + hnsw_.cum_nneighbor_per_level[level];
  }
  int capacity(int level) const { return hnsw_.nb_neighbors(level); }
  // Copies a node's list under its lock (other threads may be rewriting it).
  void read_links(uint32_t node, int level, std::vector<uint32_t>& out);
  GraphCandidate greedy(const float* x, GraphCandidate current, int level);
  void search_layer(const float* x, GraphCandidate entry, int level, std::vector<GraphCandidate>& found);
  void select_neighbors(std::vector<GraphCandidate>& candidates, size_t max_size);
  void link_back(uint32_t from, uint32_t to, float d, int level);

  faiss::HNSW& hnsw_;
  const float* rows_;
  uint32_t dim_;
  uint32_t count_;
  bool inner_product_;
  DistanceKernel kernel_;
  NodeLocks locks_;
};

struct InsertScratch {
  std::vector<GraphCandidate> frontier, best, found, merged;
  std::vector<uint32_t> links;
};
InsertScratch& insert_scratch() {
  thread_local InsertScratch scratch;
  return scratch;
}

void GraphBuilder::read_links(uint32_t node, int level, std::vector<uint32_t>& out) {
  out.clear();
  locks_.lock(node);
  const int32_t* begin = links(node, level);
  for (int i = 0, n = capacity(level); i < n && begin[i] >= 0; ++i)
    out.push_back(static_cast<uint32_t>(begin[i]));
  locks_.unlock(node);
}

GraphCandidate GraphBuilder::greedy(const float* x, GraphCandidate current, int level) {
  std::vector<uint32_t>& list = insert_scratch().links;
  for (bool moved = true; moved;) {
    moved = false;
    read_links(current.row, level, list);
    for (uint32_t next : list) {
      float d = distance_to(x, next);
      if (d < current.distance) {
        current = {d, next};
        moved = true;
      }
    }
  }
  return current;
}

void GraphBuilder::search_layer(const float* x, GraphCandidate entry, int level,
                                std::vector<GraphCandidate>& found) {
  InsertScratch& s = insert_scratch();
  VisitedMarks& visited = thread_visited_marks();
  visited.start(count_);
  const size_t ef = static_cast<size_t>(hnsw_.efConstruction);
  s.frontier.assign(1, entry);
  s.best.assign(1, entry);
  visited.test_and_set(entry.row);
  while (!s.frontier.empty()) {
    std::pop_heap(s.frontier.begin(), s.frontier.end(), farther);
    GraphCandidate current = s.frontier.back();
    s.frontier.pop_back();
    if (s.best.size() >= ef && current.distance > s.best.front().distance) break;
    read_links(current.row, level, s.links);
    size_t fresh = 0;
    for (uint32_t next : s.links) {
      if (visited.test_and_set(next)) continue;
      prefetch(next);
      s.links[fresh++] = next;
    }
    for (size_t i = 0; i < fresh; ++i) {
      uint32_t next = s.links[i];
      float d = distance_to(x, next);
      if (s.best.size() >= ef && d >= s.best.front().distance) continue;
      s.frontier.push_back({d, next});
      std::push_heap(s.frontier.begin(), s.frontier.end(), farther);
      s.best.push_back({d, next});
      std::push_heap(s.best.begin(), s.best.end(), nearer);
      if (s.best.size() > ef) {
        std::pop_heap(s.best.begin(), s.best.end(), nearer);
        s.best.pop_back();
      }
    }
  }
  found.assign(s.best.begin(), s.best.end());
  std::sort(found.begin(), found.end(), nearer);
}

// faiss's / hnswlib's heuristic (HNSW::shrink_neighbor_list): keep a candidate only if it is
// closer to the base than to every neighbour kept so far. `candidates` sorted nearest first.
void GraphBuilder::select_neighbors(std::vector<GraphCandidate>& candidates, size_t max_size) {
  if (candidates.size() <= max_size) return;
  size_t kept = 0;
  for (size_t i = 0; i < candidates.size() && kept < max_size; ++i) {
    const GraphCandidate c = candidates[i];
    bool good = true;
    for (size_t j = 0; j < kept && good; ++j) good = distance(c.row, candidates[j].row) >= c.distance;
    if (good) candidates[kept++] = c;
  }
  candidates.resize(kept);
}

// Adds `to` to `from`'s list; a full list is re-pruned with the heuristic.
void GraphBuilder::link_back(uint32_t from, uint32_t to, float d, int level) {
  const int cap = capacity(level);
  locks_.lock(from);
  int32_t* list = links(from, level);
  int used = 0;
  while (used < cap && list[used] >= 0) ++used;
  if (used < cap) {
    list[used] = static_cast<int32_t>(to);
    locks_.unlock(from);
    return;
  }
  std::vector<GraphCandidate>& merged = insert_scratch().merged;
  merged.clear();
  merged.push_back({d, to});
  for (int i = 0; i < cap; ++i)
    merged.push_back({distance(from, static_cast<uint32_t>(list[i])), static_cast<uint32_t>(list[i])});
  std::sort(merged.begin(), merged.end(), nearer);
  select_neighbors(merged, static_cast<size_t>(cap));
  for (int i = 0; i < cap; ++i)
    list[i] = i < static_cast<int>(merged.size()) ? static_cast<int32_t>(merged[i].row) : -1;
  locks_.unlock(from);
}

void GraphBuilder::insert(uint32_t node, uint32_t entry, int top_level) {
  const float* x = row(node);
  const int node_level = hnsw_.levels[node] - 1;
  GraphCandidate current{distance_to(x, entry), entry};
  for (int level = top_level; level > node_level; --level) current = greedy(x, current, level);
  std::vector<GraphCandidate> found;
  for (int level = std::min(node_level, top_level); level >= 0; --level) {
    search_layer(x, current, level, found);
    current = found.front();
    select_neighbors(found, static_cast<size_t>(capacity(level)));
    locks_.lock(node);
    int32_t* list = links(node, level);
    for (size_t i = 0; i < found.size(); ++i) list[i] = static_cast<int32_t>(found[i].row);
    locks_.unlock(node);
    for (const GraphCandidate& c : found) link_back(c.row, node, c.distance, level);
  }
}

}  // namespace

Status build_hnsw_graph(faiss::IndexHNSW& index, uint32_t count, bool inner_product, uint32_t threads) {
  try {
    if (count == 0) return Status::ok();
    faiss::HNSW& hnsw = index.hnsw;
    hnsw.prepare_level_tab(count, false);
    // Highest levels first, so the entry point (the first node) never changes during the build.
    std::vector<uint32_t> order(count);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return hnsw.levels[a] > hnsw.levels[b]; });
    const uint32_t entry = order[0];
    const int top_level = hnsw.levels[entry] - 1;
    hnsw.entry_point = static_cast<int32_t>(entry);
    hnsw.max_level = top_level;
    GraphBuilder builder(index, count, inner_product);
    std::atomic<uint32_t> next{1};
    constexpr uint32_t kChunk = 32;
    auto work = [&] {
      for (uint32_t start; (start = next.fetch_add(kChunk)) < count;) {
        for (uint32_t i = start; i < std::min(count, start + kChunk); ++i)
          builder.insert(order[i], entry, top_level);
      }
    };
    std::vector<std::thread> pool;
    for (uint32_t t = 1; t < std::max(threads, 1u); ++t) pool.emplace_back(work);
    work();
    for (std::thread& thread : pool) thread.join();
    index.ntotal = count;
    return Status::ok();
  } catch (const std::exception& e) {
    return Status{ErrorKind::internal, std::string("hnsw graph build failed: ") + e.what()};
  }
}

}  // namespace pharos::vector
