#include "index/engine/field_data_cache.h"

namespace pharos::engine {

void FieldDataAccounting::add(const std::string& field, int64_t bytes) {
  std::lock_guard lock(mutex_);
  int64_t& held = bytes_[field];
  held += bytes;
  if (held <= 0) bytes_.erase(field);
}

uint64_t FieldDataAccounting::total_bytes() const {
  std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const auto& [field, bytes] : bytes_) total += static_cast<uint64_t>(bytes);
  return total;
}

std::map<std::string, uint64_t> FieldDataAccounting::bytes_by_field() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, uint64_t> out;
  for (const auto& [field, bytes] : bytes_) out[field] = static_cast<uint64_t>(bytes);
  return out;
}

FieldDataCache::FieldDataCache(std::vector<const segment::Segment*> segments,
                               std::shared_ptr<FieldDataAccounting> accounting)
    : segments_(std::move(segments)), accounting_(std::move(accounting)) {}

FieldDataCache::~FieldDataCache() = default;

std::shared_ptr<FieldDataCache> FieldDataCache::next_view(FieldDataCache* previous,
                                                          std::vector<const segment::Segment*> segments,
                                                          std::shared_ptr<FieldDataAccounting> accounting) {
  auto next = std::make_shared<FieldDataCache>(std::move(segments), std::move(accounting));
  if (previous == nullptr) return next;
  std::lock_guard lock(previous->mutex_);
  if (previous->segments_ == next->segments_) next->ordinals_ = previous->ordinals_;
  for (const auto& [key, slot] : previous->sorted_) {
    for (const segment::Segment* s : next->segments_)
      if (s == key.first) next->sorted_.emplace(key, slot);
  }
  return next;
}

// The structure is accounted from now until its last holder lets go of it.
template <typename T>
std::shared_ptr<const T> FieldDataCache::account(std::unique_ptr<T> built, const std::string& field) {
  if (!built) return nullptr;
  int64_t bytes = static_cast<int64_t>(built->memory_bytes());
  std::shared_ptr<FieldDataAccounting> accounting = accounting_;
  if (accounting) accounting->add(field, bytes);
  return std::shared_ptr<const T>(built.release(), [accounting, field, bytes](const T* p) {
    if (accounting) accounting->add(field, -bytes);
    delete p;
  });
}

std::shared_ptr<const segment::OrdinalMap> FieldDataCache::global_ordinals(const std::string& field) {
  std::vector<const segment::SortedSetDocValues*> columns;
  size_t with_values = 0;
  for (const segment::Segment* s : segments_) {
    columns.push_back(s != nullptr ? s->keyword_doc_values(field) : nullptr);
    if (columns.back() != nullptr && columns.back()->ordinal_count() > 0) ++with_values;
  }
  if (with_values <= 1) return nullptr;
  std::shared_ptr<Slot<segment::OrdinalMap>> slot;
  {
    std::lock_guard lock(mutex_);
    auto& entry = ordinals_[field];
    if (!entry) entry = std::make_shared<Slot<segment::OrdinalMap>>();
    slot = entry;
  }
  std::lock_guard build(slot->build_mutex);
  if (!slot->built) {
    slot->value = account(segment::OrdinalMap::build(std::move(columns)), field);
    slot->built = true;
  }
  return slot->value;
}

std::shared_ptr<const segment::SortedNumericIndex> FieldDataCache::sorted_numeric(
    const std::string& field, const segment::Segment& segment) {
  const segment::Segment* seg = &segment;
  const segment::NumericDocValues* column = seg->numeric_doc_values(field);
  if (column == nullptr) return nullptr;
  std::shared_ptr<Slot<segment::SortedNumericIndex>> slot;
  {
    std::lock_guard lock(mutex_);
    auto& entry = sorted_[{seg, field}];
    if (!entry) entry = std::make_shared<Slot<segment::SortedNumericIndex>>();
    slot = entry;
  }
  std::lock_guard build(slot->build_mutex);
  if (!slot->built) {
    slot->value = account(segment::SortedNumericIndex::build(*column, seg->max_doc()), field);
    slot->built = true;
  }
  return slot->value;
}

void FieldDataCache::clear() {
  std::lock_guard lock(mutex_);
  ordinals_.clear();
  sorted_.clear();
}

}  // namespace pharos::engine
