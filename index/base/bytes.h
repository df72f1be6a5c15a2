// Little-endian byte building and reading with varints: the vocabulary of every codec.
// ByteWriter appends to a growable buffer; ByteReader reads a span with bounds checks and
// reports overrun as a sticky error (corrupt input must never read out of bounds).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pharos {

inline uint64_t zigzag_encode(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t zigzag_decode(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

class ByteWriter {
 public:
  void put_u8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void put_u16(uint16_t v) { put_raw(&v, 2); }
  void put_u32(uint32_t v) { put_raw(&v, 4); }
  void put_u64(uint64_t v) { put_raw(&v, 8); }
  void put_i64(int64_t v) { put_raw(&v, 8); }
  void put_f32(float v) { put_raw(&v, 4); }
  void put_f64(double v) { put_raw(&v, 8); }
  void put_varint(uint64_t v) {
    while (v >= 0x80) {
      buf_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    buf_.push_back(static_cast<char>(v));
  }
  void put_zigzag(int64_t v) { put_varint(zigzag_encode(v)); }
  // Length-prefixed (varint) byte string.
  void put_string(std::string_view s) {
    put_varint(s.size());
    buf_.append(s.data(), s.size());
  }
  void put_raw(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  void put_bytes(std::string_view s) { buf_.append(s.data(), s.size()); }

  size_t size() const { return buf_.size(); }
  const std::string& data() const { return buf_; }
  std::string& mutable_data() { return buf_; }
  std::string release() { return std::move(buf_); }
  void clear() { buf_.clear(); }

 private:
  std::string buf_;
};

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ >= data_.size(); }
  size_t position() const { return pos_; }
  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  void seek(size_t pos) {
    if (pos > data_.size()) ok_ = false; else pos_ = pos;
  }

  uint8_t get_u8() {
    uint8_t v = 0;
    get_raw(&v, 1);
    return v;
  }
  uint16_t get_u16() { uint16_t v = 0; get_raw(&v, 2); return v; }
  uint32_t get_u32() { uint32_t v = 0; get_raw(&v, 4); return v; }
  uint64_t get_u64() { uint64_t v = 0; get_raw(&v, 8); return v; }
  int64_t get_i64() { int64_t v = 0; get_raw(&v, 8); return v; }
  float get_f32() { float v = 0; get_raw(&v, 4); return v; }
  double get_f64() { double v = 0; get_raw(&v, 8); return v; }
  uint64_t get_varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) {
        ok_ = false;
        return 0;
      }
      auto b = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t get_zigzag() { return zigzag_decode(get_varint()); }
  std::string_view get_string() { return get_bytes(get_varint()); }
  std::string_view get_bytes(uint64_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void get_raw(void* out, size_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      std::memset(out, 0, n);
      return;
    }
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace pharos
