#include <gtest/gtest.h>

#include "index/vector/vector_index.h"
#include "vector_test_data.h"

namespace pharos::vector {
namespace {

using testing::clustered_vectors;

void expect_same_results(const VectorIndex& a, const VectorIndex& b, const testing::TestVectors& queries) {
  for (uint32_t q = 0; q < 10; ++q) {
    auto x = a.search(queries.row(q), SearchParams{.k = 10, .ef_search = 40});
    auto y = b.search(queries.row(q), SearchParams{.k = 10, .ef_search = 40});
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].doc, y[i].doc);
      EXPECT_EQ(x[i].distance, y[i].distance);
    }
  }
}

TEST(IndexFile, RoundTripsEveryKind) {
  auto v = clustered_vectors(2000, 16, 10, 31);
  auto queries = clustered_vectors(10, 16, 10, 32);
  MethodSpec hnsw;
  hnsw.space = SpaceType::cosinesimil;
  hnsw.dimension = 16;
  MethodSpec ivf = hnsw;
  ivf.kind = MethodKind::ivf;
  ivf.nlist = 8;
  ivf.nprobes = 3;
  ivf.encoder = EncoderKind::sq;
  MethodSpec small = ivf;
  small.nlist = 1000;  // below the minimum → flat with a note
  MethodSpec l1 = hnsw;
  l1.space = SpaceType::l1;
  for (const MethodSpec& spec : {hnsw, ivf, small, l1}) {
    auto built = make_cpu_builder(2)->build(spec, v.set());
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    auto bytes = built.value()->serialize();
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().message();
    EXPECT_EQ(bytes->substr(0, 4), "PHVX");
    auto loaded = load_vector_index(*bytes, v.set());
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
    EXPECT_EQ(loaded.value()->description(), built.value()->description());
    EXPECT_EQ(loaded.value()->spec().nprobes, spec.nprobes);
    EXPECT_EQ(loaded.value()->spec().space, spec.space);
    expect_same_results(*built.value(), *loaded.value(), queries);
  }
}

TEST(IndexFile, RejectsCorruptionAndMismatch) {
  auto v = clustered_vectors(1500, 8, 5, 33);
  MethodSpec spec;
  spec.dimension = 8;
  auto built = make_cpu_builder(1)->build(spec, v.set());
  ASSERT_TRUE(built.is_ok());
  std::string bytes = built.value()->serialize().value();
  for (size_t at : {size_t{0}, size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    std::string broken = bytes;
    broken[at] ^= 0x20;
    auto loaded = load_vector_index(broken, v.set());
    ASSERT_FALSE(loaded.is_ok()) << at;
    EXPECT_EQ(loaded.status().kind(), ErrorKind::corrupt);
  }
  EXPECT_FALSE(load_vector_index(bytes.substr(0, bytes.size() - 9), v.set()).is_ok());
  EXPECT_FALSE(load_vector_index("", v.set()).is_ok());
  auto fewer = v.set();
  fewer.count -= 1;
  EXPECT_EQ(load_vector_index(bytes, fewer).status().kind(), ErrorKind::corrupt);
}

}  // namespace
}  // namespace pharos::vector
