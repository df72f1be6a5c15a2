#include "index/segment/ordinal_map.h"

#include <queue>

namespace pharos::segment {

std::unique_ptr<OrdinalMap> OrdinalMap::build(std::vector<const SortedSetDocValues*> columns) {
  std::unique_ptr<OrdinalMap> map(new OrdinalMap());
  map->to_global_.resize(columns.size());
  // A k-way merge of the sorted dictionaries: the smallest pending term of any segment next.
  struct Cursor {
    std::string_view term;
    uint32_t segment;
    uint32_t ordinal;
  };
  auto later = [](const Cursor& a, const Cursor& b) {
    return a.term != b.term ? a.term > b.term : a.segment > b.segment;
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
  for (uint32_t s = 0; s < columns.size(); ++s) {
    if (columns[s] == nullptr || columns[s]->ordinal_count() == 0) continue;
    map->to_global_[s].resize(columns[s]->ordinal_count());
    heap.push({columns[s]->lookup(0), s, 0});
  }
  std::string_view current;
  bool any = false;
  while (!heap.empty()) {
    Cursor c = heap.top();
    heap.pop();
    if (!any || c.term != current) {
      any = true;
      current = c.term;
      map->first_segment_.push_back(c.segment);
      map->first_ordinal_.push_back(c.ordinal);
    }
    map->to_global_[c.segment][c.ordinal] = static_cast<uint32_t>(map->first_segment_.size() - 1);
    if (c.ordinal + 1 < columns[c.segment]->ordinal_count())
      heap.push({columns[c.segment]->lookup(c.ordinal + 1), c.segment, c.ordinal + 1});
  }
  map->columns_ = std::move(columns);
  return map;
}

size_t OrdinalMap::memory_bytes() const {
  size_t bytes = sizeof(*this) + columns_.capacity() * sizeof(columns_[0]) +
                 (first_segment_.capacity() + first_ordinal_.capacity()) * sizeof(uint32_t);
  for (const auto& v : to_global_) bytes += sizeof(v) + v.capacity() * sizeof(uint32_t);
  return bytes;
}

}  // namespace pharos::segment
