// Sort values of a hit and their order: score, _doc, numeric / floating / keyword doc values
// with multi-value modes, reverse, missing first / last or a custom missing value.
#pragma once

#include <cstdint>
#include <vector>

#include "index/search/shard_search.h"

namespace pharos::search {

// Reads a segment's doc values for the request's sort fields.
class SortValueReader {
 public:
  SortValueReader(const std::vector<SortField>& sort, const SegmentRef& segment);
  // Sort values of `doc` (segment doc id), with custom missing values substituted.
  std::vector<SortValue> values(uint32_t doc, float score) const;

 private:
  SortValue value(size_t i, uint32_t doc, float score) const;
  const std::vector<SortField>& sort_;
  const SegmentRef& segment_;
};

// <0 when `a` sorts before `b` on field `f` (missing honours first/last regardless of reverse).
int compare_sort_value(const SortValue& a, const SortValue& b, const SortField& f);
// Over all fields of `sort` (and the shorter value list); 0 when tied.
int compare_sort_values(const std::vector<SortValue>& a, const std::vector<SortValue>& b,
                        const std::vector<SortField>& sort);

}  // namespace pharos::search
