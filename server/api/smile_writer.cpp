#include "server/api/smile_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace pharos::api {
namespace {

using nlohmann::json;

// Token bytes of the Smile format (version 0).
constexpr uint8_t kNull = 0x21, kFalse = 0x22, kTrue = 0x23;
constexpr uint8_t kInt32 = 0x24, kInt64 = 0x25, kDouble = 0x29;
constexpr uint8_t kEmptyString = 0x20, kLongAsciiText = 0xE0, kLongUnicodeText = 0xE4, kEndOfString = 0xFC;
constexpr uint8_t kLongName = 0x34;
constexpr uint8_t kStartArray = 0xF8, kEndArray = 0xF9, kStartObject = 0xFA, kEndObject = 0xFB;

bool is_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

uint64_t zigzag(int64_t n) { return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63); }

// Big-endian 7-bit groups; the last byte carries 6 bits and has its high bit set.
void put_vint(std::string& out, uint64_t v) {
  uint8_t groups[11];
  int n = 0;
  groups[n++] = static_cast<uint8_t>(0x80 | (v & 0x3F));
  for (v >>= 6; v != 0; v >>= 7) groups[n++] = static_cast<uint8_t>(v & 0x7F);
  while (n > 0) out.push_back(static_cast<char>(groups[--n]));
}

void put_integer(std::string& out, int64_t n) {
  if (n >= -16 && n <= 15) {
    out.push_back(static_cast<char>(0xC0 + zigzag(n)));
  } else {
    out.push_back(static_cast<char>(n >= INT32_MIN && n <= INT32_MAX ? kInt32 : kInt64));
    put_vint(out, zigzag(n));
  }
}

// The 64 bits as ten 7-bit groups, most significant first (the first group holds one bit).
void put_double(std::string& out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  out.push_back(static_cast<char>(kDouble));
  for (int shift = 63; shift >= 0; shift -= 7) out.push_back(static_cast<char>((bits >> shift) & 0x7F));
}

void put_string_value(std::string& out, const std::string& text) {
  const size_t n = text.size();
  const bool ascii = is_ascii(text);
  if (n == 0) {
    out.push_back(static_cast<char>(kEmptyString));
    return;
  }
  if (ascii && n <= 32) {
    out.push_back(static_cast<char>(0x40 + n - 1));
  } else if (ascii && n <= 64) {
    out.push_back(static_cast<char>(0x60 + n - 33));
  } else if (!ascii && n >= 2 && n <= 33) {
    out.push_back(static_cast<char>(0x80 + n - 2));
  } else if (!ascii && n >= 34 && n <= 65) {
    out.push_back(static_cast<char>(0xA0 + n - 34));
  } else {
    out.push_back(static_cast<char>(ascii ? kLongAsciiText : kLongUnicodeText));
    out += text;
    out.push_back(static_cast<char>(kEndOfString));
    return;
  }
  out += text;
}

void put_name(std::string& out, const std::string& name) {
  const size_t n = name.size();
  const bool ascii = is_ascii(name);
  if (n == 0) {
    out.push_back(static_cast<char>(kEmptyString));
    return;
  }
  if (ascii && n <= 64) {
    out.push_back(static_cast<char>(0x80 + n - 1));
  } else if (!ascii && n >= 2 && n <= 57) {
    out.push_back(static_cast<char>(0xC0 + n - 2));
  } else {
    out.push_back(static_cast<char>(kLongName));
    out += name;
    out.push_back(static_cast<char>(kEndOfString));
    return;
  }
  out += name;
}

void put_value(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      out.push_back(static_cast<char>(kStartObject));
      for (const auto& [name, item] : value.items()) {
        put_name(out, name);
        put_value(out, item);
      }
      out.push_back(static_cast<char>(kEndObject));
      return;
    case json::value_t::array:
      out.push_back(static_cast<char>(kStartArray));
      for (const auto& item : value) put_value(out, item);
      out.push_back(static_cast<char>(kEndArray));
      return;
    case json::value_t::string:
      return put_string_value(out, value.get_ref<const std::string&>());
    case json::value_t::boolean:
      out.push_back(static_cast<char>(value.get<bool>() ? kTrue : kFalse));
      return;
    case json::value_t::number_integer:
      return put_integer(out, value.get<int64_t>());
    case json::value_t::number_unsigned: {
      const uint64_t n = value.get<uint64_t>();
      if (n <= INT64_MAX) return put_integer(out, static_cast<int64_t>(n));
      return put_double(out, static_cast<double>(n));  // beyond int64: Smile needs BigInteger
    }
    case json::value_t::number_float:
      return put_double(out, value.get<double>());
    default:
      out.push_back(static_cast<char>(kNull));
      return;
  }
}

}  // namespace

std::string to_smile(const json& value) {
  std::string out = ":)\n";
  out.push_back('\0');  // version 0; no shared names, no shared values, no raw binary
  put_value(out, value);
  return out;
}

}  // namespace pharos::api
