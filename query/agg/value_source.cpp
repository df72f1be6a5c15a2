// Reading doc values as aggregations see them, and printing numbers and dates as OpenSearch does.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "index/mapping/civil_time.h"
#include "index/mapping/date_format.h"
#include "query/agg/agg_collector.h"
#include "query/dsl/time_zone.h"

namespace pharos::query::agg {

bool is_numeric_kind(ValueKind kind) {
  return kind == ValueKind::integer || kind == ValueKind::floating || kind == ValueKind::scaled ||
         kind == ValueKind::date || kind == ValueKind::boolean;
}

void for_each_number(const FieldRef& field, const segment::Segment& seg, uint32_t doc,
                     const std::function<void(double)>& f) {
  switch (field.kind) {
    case ValueKind::integer:
    case ValueKind::date:
    case ValueKind::boolean:
    case ValueKind::scaled: {
      const auto* dv = seg.numeric_doc_values(field.name);
      if (dv == nullptr) return;
      uint32_t n = dv->value_count(doc);
      double scale =
          field.kind == ValueKind::scaled && field.scaling_factor != 0 ? field.scaling_factor : 1.0;
      for (uint32_t i = 0; i < n; ++i) {
        int64_t raw = dv->value(doc, i);
        if (field.unsigned_long) {
          f(static_cast<double>(static_cast<uint64_t>(raw)));
        } else if (field.nanos) {
          f(std::floor(static_cast<double>(raw) / 1e6));
        } else {
          f(static_cast<double>(raw) / scale);
        }
      }
      return;
    }
    case ValueKind::floating: {
      const auto* dv = seg.floating_doc_values(field.name);
      if (dv == nullptr) return;
      uint32_t n = dv->value_count(doc);
      for (uint32_t i = 0; i < n; ++i) f(dv->value(doc, i));
      return;
    }
    default:
      return;
  }
}

FieldColumns::FieldColumns(const FieldRef& field, const std::vector<search::SegmentRef>& segments) {
  if (field.kind == ValueKind::scaled && field.scaling_factor != 0) scale_ = field.scaling_factor;
  unsigned_ = field.unsigned_long;
  nanos_ = field.nanos;
  for (const auto& ref : segments) {
    Columns c;
    if (ref.segment != nullptr) {
      switch (field.kind) {
        case ValueKind::integer:
        case ValueKind::date:
        case ValueKind::boolean:
        case ValueKind::scaled:
          c.numeric = ref.segment->numeric_doc_values(field.name);
          break;
        case ValueKind::floating:
          c.floating = ref.segment->floating_doc_values(field.name);
          break;
        case ValueKind::keyword:
        case ValueKind::ip:
          c.keywords = ref.segment->keyword_doc_values(field.name);
          break;
        case ValueKind::unmapped:
          break;
      }
    }
    cols_.push_back(c);
  }
}

uint32_t FieldColumns::value_count(size_t si, uint32_t doc) const {
  if (si >= cols_.size()) return 0;
  const Columns& c = cols_[si];
  if (c.numeric) return c.numeric->value_count(doc);
  if (c.floating) return c.floating->value_count(doc);
  if (c.keywords) return c.keywords->value_count(doc);
  return 0;
}

uint32_t value_count(const FieldRef& field, const segment::Segment& seg, uint32_t doc) {
  switch (field.kind) {
    case ValueKind::integer:
    case ValueKind::date:
    case ValueKind::boolean:
    case ValueKind::scaled: {
      const auto* dv = seg.numeric_doc_values(field.name);
      return dv ? dv->value_count(doc) : 0;
    }
    case ValueKind::floating: {
      const auto* dv = seg.floating_doc_values(field.name);
      return dv ? dv->value_count(doc) : 0;
    }
    case ValueKind::keyword:
    case ValueKind::ip: {
      const auto* dv = seg.keyword_doc_values(field.name);
      return dv ? dv->value_count(doc) : 0;
    }
    case ValueKind::unmapped:
      return 0;
  }
  return 0;
}

std::string double_to_java_string(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  double a = std::fabs(v);
  if (a >= 1e-3 && a < 1e7) {
    auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
  }
  // Java: mantissa with at least one fractional digit, then E and the exponent.
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  auto e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  if (mant.find('.') == std::string::npos) mant += ".0";
  return mant + "E" + std::to_string(exp);
}

Json number_json(double v) {
  if (std::isnan(v) || std::isinf(v)) return nullptr;
  return v;
}

int64_t to_local(const AggregationSpec& spec, int64_t utc_millis) {
  return spec.time_zone ? spec.time_zone->utc_to_local(utc_millis) : utc_millis + spec.tz_offset_millis;
}

int64_t to_utc(const AggregationSpec& spec, int64_t local_millis) {
  return spec.time_zone ? spec.time_zone->local_to_utc(local_millis) : local_millis - spec.tz_offset_millis;
}

std::string format_date_key(int64_t millis, const AggregationSpec& spec) {
  int64_t zone_offset = to_local(spec, millis) - millis;
  int64_t local = millis + zone_offset;
  std::string text;
  if (spec.format && !spec.format->empty()) {
    auto fmt = mapping::DateFormat::parse(*spec.format);
    if (fmt) {
      // Custom patterns print the local wall time (no zone designator in most patterns).
      text = fmt->format_millis(local);
      return text;
    }
  }
  text = mapping::DateFormat::default_format().format_millis(local);
  if (zone_offset != 0 && !text.empty() && text.back() == 'Z') {
    int64_t off = zone_offset / 60000;
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%c%02lld:%02lld", off < 0 ? '-' : '+',
                  static_cast<long long>(std::llabs(off) / 60), static_cast<long long>(std::llabs(off) % 60));
    text.pop_back();
    text += buf;
  }
  return text;
}

}  // namespace pharos::query::agg
