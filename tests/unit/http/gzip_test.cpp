#include "server/http/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <random>

namespace pharos::http {
namespace {

std::string random_text(size_t size) {
  std::mt19937 rng(7);
  std::string text(size, ' ');
  for (char& c : text) c = static_cast<char>('a' + rng() % 26);
  return text;
}

// zlib-wrapped (window_bits 15) or raw (-15) deflate, for the deflate coding.
std::string deflate_with(std::string_view data, int window_bits) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(out.size() - zs.avail_out);
  deflateEnd(&zs);
  return out;
}

TEST(Gzip, RoundTrip) {
  for (size_t size : {0u, 1u, 1000u, 300000u}) {
    std::string text = random_text(size);
    auto inflated = inflate_body(gzip_compress(text), ContentCoding::gzip, 1 << 20);
    ASSERT_TRUE(inflated.is_ok()) << inflated.status().to_string();
    EXPECT_EQ(inflated.value(), text);
  }
}

TEST(Gzip, ExactlyAtLimitPassesOneOverFails) {
  std::string text(5000, 'z');
  EXPECT_TRUE(inflate_body(gzip_compress(text), ContentCoding::gzip, 5000).is_ok());
  auto over = inflate_body(gzip_compress(text), ContentCoding::gzip, 4999);
  ASSERT_FALSE(over.is_ok());
  EXPECT_EQ(over.status().kind(), ErrorKind::resource_exhausted);
}

TEST(Gzip, ConcatenatedMembers) {
  std::string both = gzip_compress("hello ") + gzip_compress("world");
  auto inflated = inflate_body(both, ContentCoding::gzip, 100);
  ASSERT_TRUE(inflated.is_ok());
  EXPECT_EQ(inflated.value(), "hello world");
}

TEST(Gzip, CorruptAndTruncated) {
  std::string gz = gzip_compress(random_text(10000));
  auto truncated = inflate_body(std::string_view(gz).substr(0, gz.size() / 2), ContentCoding::gzip, 1 << 20);
  ASSERT_FALSE(truncated.is_ok());
  EXPECT_EQ(truncated.status().kind(), ErrorKind::parse_error);
  std::string flipped = gz;
  flipped[gz.size() / 2] ^= 0x55;
  auto corrupt = inflate_body(flipped, ContentCoding::gzip, 1 << 20);
  ASSERT_FALSE(corrupt.is_ok());
  EXPECT_EQ(corrupt.status().kind(), ErrorKind::parse_error);
  auto trailing = inflate_body(gz + "junk", ContentCoding::gzip, 1 << 20);
  EXPECT_FALSE(trailing.is_ok());
}

TEST(Gzip, DeflateZlibAndRaw) {
  std::string text = random_text(4000);
  auto zlib_wrapped = inflate_body(deflate_with(text, 15), ContentCoding::deflate, 1 << 20);
  ASSERT_TRUE(zlib_wrapped.is_ok());
  EXPECT_EQ(zlib_wrapped.value(), text);
  auto raw = inflate_body(deflate_with(text, -15), ContentCoding::deflate, 1 << 20);
  ASSERT_TRUE(raw.is_ok());
  EXPECT_EQ(raw.value(), text);
}

TEST(Gzip, HeaderParsing) {
  EXPECT_EQ(parse_content_coding("gzip"), ContentCoding::gzip);
  EXPECT_EQ(parse_content_coding("X-GZIP"), ContentCoding::gzip);
  EXPECT_EQ(parse_content_coding("identity"), ContentCoding::identity);
  EXPECT_EQ(parse_content_coding(""), ContentCoding::identity);
  EXPECT_EQ(parse_content_coding("deflate, identity"), ContentCoding::deflate);
  EXPECT_EQ(parse_content_coding("gzip, deflate"), ContentCoding::unsupported);
  EXPECT_EQ(parse_content_coding("br"), ContentCoding::unsupported);
  EXPECT_TRUE(accepts_gzip("gzip, deflate"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip(""));
}

}  // namespace
}  // namespace pharos::http
