#include <gtest/gtest.h>

#include <random>

#include "index/codec/bit_packing.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {
namespace {

std::string make_file() {
  ByteWriter w;
  write_header(w, "TestCodec", 3, "_7");
  w.put_string("payload");
  uint64_t dir = w.size();
  w.put_u32(42);
  write_trailer(w, dir);
  return w.release();
}

TEST(Envelope, VerifiesGoodFile) {
  std::string f = make_file();
  auto v = verify(f, "TestCodec", 3, "_7", "_7.tst");
  ASSERT_TRUE(v.is_ok()) << v.status().to_string();
  EXPECT_EQ(v->directory().get_u32(), 42u);
  EXPECT_EQ(v->directory_end, f.size() - kTrailerSize);
}

TEST(Envelope, RejectsWrongIdentity) {
  std::string f = make_file();
  EXPECT_EQ(verify(f, "Other", 3, "_7", "x").status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(verify(f, "TestCodec", 4, "_7", "x").status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(verify(f, "TestCodec", 3, "_8", "x").status().kind(), ErrorKind::corrupt);
}

TEST(Envelope, EveryFlippedByteAndEveryTruncationIsCorrupt) {
  std::string f = make_file();
  for (size_t i = 0; i < f.size(); ++i) {
    std::string bad = f;
    bad[i] ^= 0x20;
    auto v = verify(bad, "TestCodec", 3, "_7", "_7.tst");
    ASSERT_FALSE(v.is_ok()) << "byte " << i;
    EXPECT_EQ(v.status().kind(), ErrorKind::corrupt);
    EXPECT_NE(v.status().message().find("_7.tst"), std::string::npos);
  }
  for (size_t n = 0; n < f.size(); ++n) {
    EXPECT_EQ(verify(std::string_view(f).substr(0, n), "TestCodec", 3, "_7", "t").status().kind(),
              ErrorKind::corrupt);
  }
}

TEST(BitPacking, RoundTripsEveryWidth) {
  std::mt19937 rng(7);
  for (uint32_t width = 0; width <= 32; ++width) {
    for (size_t n : {1u, 7u, 128u, 33u}) {
      std::vector<uint32_t> in(n);
      for (auto& v : in) v = width == 0 ? 0 : (width == 32 ? rng() : rng() & ((1u << width) - 1));
      ByteWriter w;
      pack_bits(w, in.data(), n, width);
      ASSERT_EQ(w.size(), packed_bytes(n, width));
      EXPECT_LE(bits_required(in.data(), n), width);
      std::vector<uint32_t> out(n);
      unpack_bits(reinterpret_cast<const uint8_t*>(w.data().data()), w.size(), n, width, out.data());
      EXPECT_EQ(in, out) << "width " << width << " n " << n;
    }
  }
}

}  // namespace
}  // namespace pharos::codec
