// Range field types (integer_range, long_range, float_range, double_range, date_range,
// ip_range): how each value {"gte":..,"lt":..} is stored. Every range is kept as two inclusive
// bounds in doc values under two hidden fields, "<path>#from" and "<path>#to", of the kind
// range_doc_value_kind() names (int64 for integer/long/date millis, double for float/double,
// 16-byte ip). Queries and histograms evaluate over these.
//
// Multi-valued documents: each bound column is sorted independently. Pairing the i-th from
// with the i-th to keeps the union of the ranges (what histograms count), but a range query
// matches when some from and some to satisfy it, which may pair bounds of different ranges.
#pragma once

#include <string>
#include <string_view>

#include "index/mapping/field_type.h"

namespace pharos::mapping {

std::string range_from_field(std::string_view path);
std::string range_to_field(std::string_view path);
// numeric, floating or ip; none for non-range types.
DocValueKind range_doc_value_kind(FieldType type);

}  // namespace pharos::mapping
