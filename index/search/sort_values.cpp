#include "index/search/sort_values.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>

namespace pharos::search {

namespace {

using Mode = SortField::Mode;

template <typename T>
std::vector<T> collect(uint32_t count, auto&& get) {
  std::vector<T> v;
  v.reserve(count);
  for (uint32_t i = 0; i < count; ++i) v.push_back(get(i));
  return v;
}

// OpenSearch's MultiValueMode: the value of a multi-valued doc a sort uses. On longs, avg and
// median round half up to a long; on doubles they stay exact.
template <typename T>
T average_of(double sum, double count) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(std::llround(sum / count));
  } else {
    return static_cast<T>(sum / count);
  }
}

template <typename T>
T pick(const std::vector<T>& v, Mode mode) {
  switch (mode) {
    case Mode::min:
      return *std::min_element(v.begin(), v.end());
    case Mode::max:
      return *std::max_element(v.begin(), v.end());
    case Mode::sum:
      return std::accumulate(v.begin(), v.end(), T{0});
    case Mode::avg:
      return average_of<T>(static_cast<double>(std::accumulate(v.begin(), v.end(), T{0})),
                           static_cast<double>(v.size()));
    case Mode::median: {
      std::vector<T> s = v;
      std::sort(s.begin(), s.end());
      size_t m = s.size() / 2;
      if (s.size() % 2) return s[m];
      return average_of<T>(static_cast<double>(s[m - 1]) + static_cast<double>(s[m]), 2.0);
    }
  }
  return v.front();
}

}  // namespace

SortValueReader::SortValueReader(const std::vector<SortField>& sort, const SegmentRef& segment)
    : sort_(sort), segment_(segment) {}

SortValue SortValueReader::value(size_t i, uint32_t doc, float score) const {
  const SortField& f = sort_[i];
  const segment::Segment& seg = *segment_.segment;
  switch (f.type) {
    case SortField::Type::score:
      return static_cast<double>(score);
    case SortField::Type::doc:
      return static_cast<int64_t>(segment_.doc_base) + doc;
    case SortField::Type::numeric: {
      const auto* dv = seg.numeric_doc_values(f.field);
      uint32_t c = dv ? dv->value_count(doc) : 0;
      if (c == 0) break;
      return pick(collect<int64_t>(c, [&](uint32_t k) { return dv->value(doc, k); }), f.mode);
    }
    case SortField::Type::floating: {
      const auto* dv = seg.floating_doc_values(f.field);
      uint32_t c = dv ? dv->value_count(doc) : 0;
      if (c == 0) break;
      return pick(collect<double>(c, [&](uint32_t k) { return dv->value(doc, k); }), f.mode);
    }
    case SortField::Type::keyword: {
      const auto* dv = seg.keyword_doc_values(f.field);
      uint32_t c = dv ? dv->value_count(doc) : 0;
      if (c == 0) break;
      // Ordinals ascend within a doc: min is the first, max the last (other modes: min).
      uint32_t ord = f.mode == Mode::max ? dv->ordinal(doc, c - 1) : dv->ordinal(doc, 0);
      return std::string(dv->lookup(ord));
    }
  }
  return f.missing_value ? *f.missing_value : SortValue{};
}

std::vector<SortValue> SortValueReader::values(uint32_t doc, float score) const {
  std::vector<SortValue> out;
  out.reserve(sort_.size());
  for (size_t i = 0; i < sort_.size(); ++i) out.push_back(value(i, doc, score));
  return out;
}

namespace {

int compare_present(const SortValue& a, const SortValue& b) {
  if (std::holds_alternative<std::string>(a) || std::holds_alternative<std::string>(b)) {
    const std::string* sa = std::get_if<std::string>(&a);
    const std::string* sb = std::get_if<std::string>(&b);
    if (sa && sb) return sa->compare(*sb) < 0 ? -1 : (*sa == *sb ? 0 : 1);
    return sa ? 1 : -1;  // mixed kinds: numbers first (should not happen within one field)
  }
  if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) {
    int64_t x = std::get<int64_t>(a), y = std::get<int64_t>(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  auto as_double = [](const SortValue& v) {
    return std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v))
                                              : std::get<double>(v);
  };
  double x = as_double(a), y = as_double(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

int compare_sort_value(const SortValue& a, const SortValue& b, const SortField& f) {
  bool ma = std::holds_alternative<std::monostate>(a), mb = std::holds_alternative<std::monostate>(b);
  if (ma || mb) {
    if (ma && mb) return 0;
    int missing_first = f.missing == SortField::Missing::first ? -1 : 1;
    return ma ? missing_first : -missing_first;
  }
  int c = compare_present(a, b);
  return f.reverse ? -c : c;
}

int compare_sort_values(const std::vector<SortValue>& a, const std::vector<SortValue>& b,
                        const std::vector<SortField>& sort) {
  size_t n = std::min({a.size(), b.size(), sort.size()});
  for (size_t i = 0; i < n; ++i) {
    int c = compare_sort_value(a[i], b[i], sort[i]);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace pharos::search
