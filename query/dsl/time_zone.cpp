#include "query/dsl/time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace pharos::query {
namespace {

Status unknown(std::string_view id) {
  return Status(ErrorKind::invalid_argument, "Unknown time-zone ID: " + std::string(id));
}

// "+01:00", "-0700", "+5", "+05"; nullopt-like failure as a Status.
Result<int64_t> parse_offset(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return unknown(text);
  std::string digits;
  for (char c : text.substr(1)) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ':') {
      return unknown(text);
    }
  }
  int hours = 0, minutes = 0;
  if (digits.size() <= 2) {
    hours = std::stoi(digits);
  } else if (digits.size() == 4) {
    hours = std::stoi(digits.substr(0, 2));
    minutes = std::stoi(digits.substr(2));
  } else {
    return unknown(text);
  }
  if (hours > 18 || minutes > 59) return unknown(text);
  int64_t offset = (hours * 60LL + minutes) * 60000LL;
  return text[0] == '-' ? -offset : offset;
}

int64_t big_endian(const std::string& data, size_t at, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// Region ids are letters, digits and "/_-+"; no "..", so nothing outside the zoneinfo dir is read.
bool safe_region_id(std::string_view id) {
  if (id.empty() || id.front() == '/' || id.find("..") != std::string_view::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

}  // namespace

TimeZone TimeZone::fixed(int64_t offset_millis) {
  TimeZone zone;
  zone.fixed_offset_ = offset_millis;
  return zone;
}

Result<TimeZone> TimeZone::parse(std::string_view id, const std::string& zoneinfo_dir) {
  if (id == "UTC" || id == "Z" || id == "GMT" || id == "UT" || id == "Etc/UTC" || id == "Etc/GMT")
    return fixed(0);
  if (id.front() == '+' || id.front() == '-') {
    PHAROS_ASSIGN_OR_RETURN(int64_t offset, parse_offset(id));
    return fixed(offset);
  }
  for (std::string_view prefix : {"UTC", "GMT"}) {  // "UTC+01:00"
    if (id.size() > prefix.size() && id.substr(0, prefix.size()) == prefix) {
      PHAROS_ASSIGN_OR_RETURN(int64_t offset, parse_offset(id.substr(prefix.size())));
      return fixed(offset);
    }
  }
  if (!safe_region_id(id)) return unknown(id);
  std::ifstream in(zoneinfo_dir + "/" + std::string(id), std::ios::binary);
  if (!in) return unknown(id);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Header: "TZif", version, 15 reserved bytes, six 4-byte counts.
  auto counts = [&](size_t at) {
    std::vector<int64_t> c;
    for (int i = 0; i < 6; ++i) c.push_back(big_endian(data, at + 20 + i * 4, 4));
    return c;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  };
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return unknown(id);
  std::vector<int64_t> c = counts(0);
  size_t time_size = 4, at = 44;
  if (data[4] >= '2') {  // skip the 32-bit block, use the 64-bit one that follows
    at += c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return unknown(id);
    c = counts(at);
    at += 44;
    time_size = 8;
  }
  size_t timecnt = static_cast<size_t>(c[3]), typecnt = static_cast<size_t>(c[4]);
  if (typecnt == 0 || data.size() < at + timecnt * (time_size + 1) + typecnt * 6) return unknown(id);
  std::vector<int64_t> type_offsets;
  size_t types_at = at + timecnt * (time_size + 1);
  for (size_t t = 0; t < typecnt; ++t) type_offsets.push_back(big_endian(data, types_at + t * 6, 4) * 1000);
  TimeZone zone;
  // Before the first transition: the first non-DST type (RFC 8536 §3.2), usually type 0.
  zone.fixed_offset_ = type_offsets[0];
  for (size_t i = 0; i < timecnt; ++i) {
    auto type = static_cast<unsigned char>(data[at + timecnt * time_size + i]);
    if (type >= typecnt) return unknown(id);
    zone.transitions_.push_back(big_endian(data, at + i * time_size, time_size) * 1000);
    zone.offsets_.push_back(type_offsets[type]);
  }
  if (zone.transitions_.empty()) return fixed(type_offsets[0]);
  return zone;
}

int64_t TimeZone::offset_at_utc(int64_t utc_millis) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_millis);
  if (it == transitions_.begin()) return fixed_offset_;
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int64_t TimeZone::local_to_utc(int64_t local_millis) const {
  if (is_fixed()) return local_millis - fixed_offset_;
  // The earlier of the offsets around this wall time that maps back to it (overlap: earlier
  // instant); none maps back in a gap, where the later offset shifts the time forward.
  int64_t before = offset_at_utc(local_millis - 86400000LL * 2);
  int64_t after = offset_at_utc(local_millis + 86400000LL * 2);
  int64_t earliest = INT64_MAX;
  for (int64_t offset :
       {before, after, offset_at_utc(local_millis - before), offset_at_utc(local_millis - after)}) {
    int64_t utc = local_millis - offset;
    if (offset_at_utc(utc) == offset) earliest = std::min(earliest, utc);
  }
  if (earliest != INT64_MAX) return earliest;
  return local_millis - before;  // gap: the wall time read with the offset before the gap
}

}  // namespace pharos::query
