#include "index/segment/sorted_numeric_index.h"

#include <algorithm>

namespace pharos::segment {

std::unique_ptr<SortedNumericIndex> SortedNumericIndex::build(const NumericDocValues& column,
                                                              uint32_t max_doc) {
  std::unique_ptr<SortedNumericIndex> index(new SortedNumericIndex());
  std::span<const int64_t> dense = column.dense_values();
  for (uint32_t doc = 0; doc < max_doc; ++doc) {
    uint32_t n = column.value_count(doc);
    if (n > 1) return nullptr;
    if (n == 1) index->values_.push_back(dense.empty() ? column.value(doc, 0) : dense[doc]);
  }
  std::sort(index->values_.begin(), index->values_.end());
  index->values_.shrink_to_fit();
  return index;
}

// One traversal: the tree's nodes are ranges of leaves; the values it counts are those with
// positions in [begin, end) (the [lower, upper] clip found by binary search).
struct SortedNumericIndex::Walk {
  const std::vector<int64_t>& values;
  size_t begin, end;
  const std::function<double(int64_t)>& key;
  const std::function<void(double, uint64_t)>& add;
  TraversalStats& stats;

  void node(size_t first_leaf, size_t end_leaf) {
    size_t from = std::max(first_leaf * kLeafSize, begin);
    size_t to = std::min(end_leaf * kLeafSize, end);
    if (from >= to) return;  // outside the clip
    double first_key = key(values[from]);
    if (first_key == key(values[to - 1])) {  // keys are monotone: every value between shares it
      add(first_key, to - from);
      ++stats.nodes_counted_whole;
      return;
    }
    if (end_leaf - first_leaf == 1) return leaf(from, to);
    size_t mid = first_leaf + (end_leaf - first_leaf + 1) / 2;
    node(first_leaf, mid);
    node(mid, end_leaf);
  }

  void leaf(size_t from, size_t to) {
    ++stats.leaves_scanned;
    double run_key = key(values[from]);
    uint64_t run = 0;
    for (size_t i = from; i < to; ++i) {
      double k = key(values[i]);
      if (k != run_key) {
        add(run_key, run);
        run_key = k;
        run = 0;
      }
      ++run;
    }
    add(run_key, run);
  }
};

void SortedNumericIndex::count_by_key(int64_t lower, int64_t upper, const std::function<double(int64_t)>& key,
                                      const std::function<void(double, uint64_t)>& add,
                                      TraversalStats& stats) const {
  if (lower > upper || values_.empty()) return;
  size_t begin = std::lower_bound(values_.begin(), values_.end(), lower) - values_.begin();
  size_t end = std::upper_bound(values_.begin(), values_.end(), upper) - values_.begin();
  size_t leaves = (values_.size() + kLeafSize - 1) / kLeafSize;
  Walk{values_, begin, end, key, add, stats}.node(0, leaves);
}

}  // namespace pharos::segment
