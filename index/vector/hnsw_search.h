// Our HNSW search loop over faiss's public HNSW arrays (levels, offsets, neighbors,
// cum_nneighbor_per_level, entry_point, max_level). faiss 1.7.3 ignores a per-query efSearch,
// has no HNSW range_search and filters only its result heap; this loop fixes all three.
// Templated on the distance (our SIMD kernels over flat rows, or faiss's DistanceComputer for
// SQ/PQ storage) and on the filter, so the hot loop has no indirect calls for the common case.
#pragma once

#include <xmmintrin.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace pharos::vector {

// A read-only view of a faiss::HNSW (no faiss include here; hnsw_index.cpp fills it).
struct HnswGraph {
  const int32_t* neighbors = nullptr;
  const size_t* offsets = nullptr;
  const int32_t* cum_neighbors = nullptr;  // cum_nneighbor_per_level
  int32_t entry_point = -1;
  int max_level = -1;
  uint32_t count = 0;

  // The neighbour slots of `node` at `level`; a -1 entry ends the list early.
  const int32_t* links_begin(uint32_t node, int level) const {
    return neighbors + offsets[node] + cum_neighbors[level];
  }
  const int32_t* links_end(uint32_t node, int level) const {
    return neighbors + offsets[node] + cum_neighbors[level + 1];
  }
};

struct GraphCandidate {
  float distance;
  uint32_t row;
};

// Per-thread visited marks, reused across queries (an epoch per query, cleared on wrap-around).
class VisitedMarks {
 public:
  void start(uint32_t count) {
    if (marks_.size() < count) {
      marks_.assign(count, 0);
      epoch_ = 0;
    }
    if (++epoch_ == 0) {
      std::fill(marks_.begin(), marks_.end(), 0);
      epoch_ = 1;
    }
  }
  // True if `row` was already visited in this query; marks it otherwise.
  bool test_and_set(uint32_t row) {
    if (marks_[row] == epoch_) return true;
    marks_[row] = epoch_;
    return false;
  }

 private:
  std::vector<uint16_t> marks_;
  uint16_t epoch_ = 0;
};

VisitedMarks& thread_visited_marks();

struct BeamScratch {
  std::vector<GraphCandidate> frontier;  // min-heap by distance
  std::vector<GraphCandidate> best;      // max-heap of the ef best allowed rows
  std::vector<GraphCandidate> within;    // radial: allowed rows within the radius
  std::vector<uint32_t> pending;
};
BeamScratch& thread_beam_scratch();

inline bool farther(const GraphCandidate& a, const GraphCandidate& b) { return a.distance > b.distance; }
inline bool nearer(const GraphCandidate& a, const GraphCandidate& b) { return a.distance < b.distance; }

// Greedy descent through the upper levels: the level-0 entry for the beam.
template <class Distance>
GraphCandidate hnsw_descend(const HnswGraph& graph, Distance& distance) {
  GraphCandidate current{distance(static_cast<uint32_t>(graph.entry_point)),
                         static_cast<uint32_t>(graph.entry_point)};
  for (int level = graph.max_level; level > 0; --level) {
    for (bool moved = true; moved;) {
      moved = false;
      const int32_t* end = graph.links_end(current.row, level);
      for (const int32_t* link = graph.links_begin(current.row, level); link < end && *link >= 0; ++link) {
        float d = distance(static_cast<uint32_t>(*link));
        if (d < current.distance) {
          current = {d, static_cast<uint32_t>(*link)};
          moved = true;
        }
      }
    }
  }
  return current;
}

// Level-0 beam search. Filtered-out rows are traversed but never enter `best`, so the beam
// keeps going until it holds `ef` allowed rows. With a radius, the beam also keeps expanding
// while the frontier is inside it, and every allowed row within it lands in scratch.within.
// Returns the allowed rows, best first: the ef best (k-NN) or all found within the radius.
template <class Distance, class Allows>
std::vector<GraphCandidate> hnsw_beam_search(const HnswGraph& graph, Distance& distance, const Allows& allows,
                                             uint32_t ef, std::optional<float> radius) {
  if (graph.count == 0 || graph.entry_point < 0) return {};
  GraphCandidate entry = hnsw_descend(graph, distance);
  VisitedMarks& visited = thread_visited_marks();
  visited.start(graph.count);
  BeamScratch& s = thread_beam_scratch();
  s.frontier.clear();
  s.best.clear();
  s.within.clear();
  const float inf = std::numeric_limits<float>::infinity();
  const float radius_bound = radius ? *radius : -inf;
  auto admit = [&](const GraphCandidate& c) {
    if (!allows(c.row)) return;
    if (radius && c.distance <= radius_bound) s.within.push_back(c);
    s.best.push_back(c);
    std::push_heap(s.best.begin(), s.best.end(), nearer);
    if (s.best.size() > ef) {
      std::pop_heap(s.best.begin(), s.best.end(), nearer);
      s.best.pop_back();
    }
  };
  auto limit = [&] { return std::max(s.best.size() < ef ? inf : s.best.front().distance, radius_bound); };

  visited.test_and_set(entry.row);
  s.frontier.push_back(entry);
  admit(entry);
  while (!s.frontier.empty()) {
    std::pop_heap(s.frontier.begin(), s.frontier.end(), farther);
    GraphCandidate current = s.frontier.back();
    s.frontier.pop_back();
    if (current.distance > limit()) break;
    // The next node to expand is (likely) the new frontier top: start loading its links now.
    if (!s.frontier.empty())
      _mm_prefetch(reinterpret_cast<const char*>(graph.links_begin(s.frontier.front().row, 0)), _MM_HINT_T0);
    s.pending.clear();
    const int32_t* end = graph.links_end(current.row, 0);
    for (const int32_t* link = graph.links_begin(current.row, 0); link < end && *link >= 0; ++link) {
      uint32_t row = static_cast<uint32_t>(*link);
      if (visited.test_and_set(row)) continue;
      distance.prefetch(row);
      s.pending.push_back(row);
    }
    for (uint32_t row : s.pending) {
      float d = distance(row);
      if (d > limit()) continue;
      s.frontier.push_back({d, row});
      std::push_heap(s.frontier.begin(), s.frontier.end(), farther);
      _mm_prefetch(reinterpret_cast<const char*>(graph.offsets + row), _MM_HINT_T0);
      admit({d, row});
    }
  }
  std::vector<GraphCandidate> out = radius ? s.within : s.best;
  std::sort(out.begin(), out.end(), nearer);
  return out;
}

}  // namespace pharos::vector
