// Fielddata: in-memory structures derived from a shard's doc values on first use and kept for
// the searches that follow, as OpenSearch's fielddata cache. Two kinds:
//  - global ordinals of a keyword/ip field (segment::OrdinalMap), one per point-in-time view:
//    they depend on the set of segments, so a refresh that changes it starts over;
//  - sorted values of a single-valued numeric field (segment::SortedNumericIndex), one per
//    segment: they survive refreshes for as long as the segment stays in the view.
// Every structure is accounted in its shard's FieldDataAccounting from the moment it is built
// until the last holder (a view's cache or a running search) drops it, so `_stats` reports the
// memory actually held, per field.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "index/segment/ordinal_map.h"
#include "index/segment/segment.h"
#include "index/segment/sorted_numeric_index.h"

namespace pharos::engine {

// Bytes of fielddata held per field in one shard. Thread-safe.
class FieldDataAccounting {
 public:
  void add(const std::string& field, int64_t bytes);
  uint64_t total_bytes() const;
  std::map<std::string, uint64_t> bytes_by_field() const;  // fields holding something

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int64_t> bytes_;
};

// The fielddata of one point-in-time view (its segments, in view order). Thread-safe: searches
// of the same view share it; a structure is built once even when asked for concurrently.
class FieldDataCache {
 public:
  // `accounting` may be null (a search outside any shard: tests, one-off aggregations).
  FieldDataCache(std::vector<const segment::Segment*> segments,
                 std::shared_ptr<FieldDataAccounting> accounting);
  ~FieldDataCache();
  FieldDataCache(const FieldDataCache&) = delete;
  FieldDataCache& operator=(const FieldDataCache&) = delete;

  // The cache of the next view: per-segment entries of segments still in `segments` carry
  // over; so do the global ordinals when the segment list is unchanged (a refresh that only
  // published deletions).
  static std::shared_ptr<FieldDataCache> next_view(FieldDataCache* previous,
                                                   std::vector<const segment::Segment*> segments,
                                                   std::shared_ptr<FieldDataAccounting> accounting);

  // Global ordinals of a keyword/ip field over the view, built on first use. nullptr when at
  // most one segment has the field: its own ordinals are then global (no map to build).
  std::shared_ptr<const segment::OrdinalMap> global_ordinals(const std::string& field);
  // The sorted values of `field` in `segment` (one of the view's), built on first use. nullptr
  // when the segment has no such column or holds several values for some doc.
  std::shared_ptr<const segment::SortedNumericIndex> sorted_numeric(const std::string& field,
                                                                    const segment::Segment& segment);

  // Drops every entry (`_cache/clear?fielddata`); searches holding one keep it until they end.
  void clear();

 private:
  // One cached structure; `value` is set once by whoever builds it first, under `build_mutex`.
  template <typename T>
  struct Slot {
    std::mutex build_mutex;
    bool built = false;
    std::shared_ptr<const T> value;
  };
  template <typename T>
  std::shared_ptr<const T> account(std::unique_ptr<T> built, const std::string& field);

  std::vector<const segment::Segment*> segments_;
  std::shared_ptr<FieldDataAccounting> accounting_;
  std::mutex mutex_;  // guards the maps (not the builds)
  std::map<std::string, std::shared_ptr<Slot<segment::OrdinalMap>>> ordinals_;
  std::map<std::pair<const segment::Segment*, std::string>,
           std::shared_ptr<Slot<segment::SortedNumericIndex>>>
      sorted_;
};

}  // namespace pharos::engine
