#include "server/http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

namespace pharos::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Calls fn(token) for each comma-separated, trimmed, non-empty token.
template <typename Fn>
void for_each_token(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view token = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (!token.empty()) fn(token);
  }
}

// RFC 1950 header check: CM = 8 (deflate) and the 16-bit header is a multiple of 31.
bool looks_like_zlib(std::string_view data) {
  if (data.size() < 2) return false;
  auto cmf = static_cast<unsigned char>(data[0]);
  auto flg = static_cast<unsigned char>(data[1]);
  return (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
}

bool looks_like_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

// RAII for a z_stream set up with inflateInit2.
class Inflater {
 public:
  explicit Inflater(int window_bits) {
    std::memset(&stream_, 0, sizeof(stream_));
    ok_ = inflateInit2(&stream_, window_bits) == Z_OK;
  }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_;
  bool ok_ = false;
};

Status corrupt_body(ContentCoding coding, const char* detail) {
  std::string message = coding == ContentCoding::deflate ? "failed to inflate deflate request body: "
                                                         : "failed to decompress gzip request body: ";
  return Status(ErrorKind::parse_error, message + detail);
}

}  // namespace

ContentCoding parse_content_coding(std::string_view header_value) {
  ContentCoding result = ContentCoding::identity;
  bool unsupported = false;
  for_each_token(header_value, [&](std::string_view token) {
    ContentCoding coding;
    if (iequals(token, "identity")) return;
    if (iequals(token, "gzip") || iequals(token, "x-gzip")) {
      coding = ContentCoding::gzip;
    } else if (iequals(token, "deflate")) {
      coding = ContentCoding::deflate;
    } else {
      unsupported = true;
      return;
    }
    if (result != ContentCoding::identity) unsupported = true;  // stacked codings
    result = coding;
  });
  return unsupported ? ContentCoding::unsupported : result;
}

Result<std::string> inflate_body(std::string_view compressed, ContentCoding coding, size_t max_output) {
  if (coding == ContentCoding::identity) return std::string(compressed);
  if (coding == ContentCoding::unsupported)
    return Status(ErrorKind::invalid_argument, "unsupported Content-Encoding");
  // Some clients label an empty body with their usual Content-Encoding: nothing to inflate.
  if (compressed.empty()) return std::string();
  // 15+32: zlib or gzip, detected from the header. Raw deflate needs negative window bits.
  const bool raw = coding == ContentCoding::deflate && !looks_like_zlib(compressed);
  Inflater inflater(raw ? -MAX_WBITS : MAX_WBITS + 32);
  if (!inflater.ok()) return Status(ErrorKind::internal, "zlib inflateInit2 failed");
  z_stream& zs = inflater.stream();

  // Start from a guess (typical JSON ratios are 5-10x) and double; never beyond limit + 1,
  // the one extra byte telling "exactly at the limit" from "over it".
  const size_t cap = max_output == std::numeric_limits<size_t>::max() ? max_output : max_output + 1;
  std::string out;
  out.resize(std::min(cap, std::max<size_t>(compressed.size() * 4, 16 * 1024)));
  size_t produced = 0;
  std::string_view input = compressed;
  int rc = Z_OK;
  while (true) {
    // avail_in is 32-bit: feed at most 1 GiB at a time.
    size_t feed = std::min<size_t>(input.size(), 1u << 30);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs.avail_in = static_cast<uInt>(feed);
    if (produced == out.size()) {
      if (out.size() >= cap) return Status(ErrorKind::resource_exhausted, "decompressed body too large");
      out.resize(std::min(cap, out.size() * 2));
    }
    size_t room = std::min<size_t>(out.size() - produced, 1u << 30);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(room);
    rc = inflate(&zs, Z_NO_FLUSH);
    produced += room - zs.avail_out;
    input.remove_prefix(feed - zs.avail_in);
    if (produced > max_output) return Status(ErrorKind::resource_exhausted, "decompressed body too large");
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (e.g. appended log chunks) are one body; trailing zero
      // padding is tolerated, anything else is corruption.
      while (!input.empty() && input.front() == '\0') input.remove_prefix(1);
      if (input.empty()) break;
      if (raw || !looks_like_gzip(input)) return corrupt_body(coding, "trailing data after stream end");
      if (inflateReset(&zs) != Z_OK) return corrupt_body(coding, "reset failed");
      continue;
    }
    if (rc == Z_BUF_ERROR && input.empty() && zs.avail_out != 0)
      return corrupt_body(coding, "truncated input");
    if (rc != Z_OK && rc != Z_BUF_ERROR) return corrupt_body(coding, zs.msg ? zs.msg : "invalid data");
    if (input.empty() && zs.avail_out != 0 && rc == Z_OK) {
      // zlib consumed everything and still has room: the stream never ended.
      return corrupt_body(coding, "truncated input");
    }
  }
  out.resize(produced);
  return out;
}

std::string gzip_compress(std::string_view data, int level) {
  // One-shot deflate takes 32-bit lengths; bodies that large go out uncompressed.
  if (data.size() >= std::numeric_limits<uInt>::max() / 2) return {};
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  // 15+16: gzip wrapper; memLevel 8 is zlib's default.
  if (deflateInit2(&zs, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t written = out.size() - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(written);
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool accepted = false;
  for_each_token(accept_encoding, [&](std::string_view token) {
    std::string_view coding = trim(token.substr(0, token.find(';')));
    if (!iequals(coding, "gzip") && !iequals(coding, "x-gzip") && coding != "*") return;
    // "q=0" (or 0.0, 0.000) refuses the coding.
    size_t q = token.find("q=");
    if (q != std::string_view::npos) {
      std::string_view value = trim(token.substr(q + 2));
      if (!value.empty() && value.find_first_not_of("0.") == std::string_view::npos) return;
    }
    accepted = true;
  });
  return accepted;
}

}  // namespace pharos::http
