#include <gtest/gtest.h>

#include "index/vector/vector_index.h"
#include "vector_test_data.h"

namespace pharos::vector {
namespace {

using testing::clustered_vectors;
using testing::oracle_top_k;
using testing::recall;

MethodSpec ivf_spec(EncoderKind encoder, SpaceType space = SpaceType::l2) {
  MethodSpec spec;
  spec.kind = MethodKind::ivf;
  spec.space = space;
  spec.dimension = 16;
  spec.nlist = 16;
  spec.nprobes = 16;  // every list: recall is then bounded by the encoder only
  spec.encoder = encoder;
  spec.pq_m = 8;
  spec.pq_code_size = 4;
  return spec;
}

TEST(IvfIndex, FlatPqSqSearch) {
  auto v = clustered_vectors(3000, 16, 16, 21);
  auto queries = clustered_vectors(20, 16, 16, 22);
  struct Case {
    EncoderKind encoder;
    const char* description;
    double min_recall;
  };
  for (Case c : {Case{EncoderKind::flat, "ivf_flat", 0.99}, Case{EncoderKind::sq, "ivf_sq", 0.9},
                 Case{EncoderKind::pq, "ivf_pq", 0.3}}) {
    for (SpaceType space : {SpaceType::l2, SpaceType::cosinesimil}) {
      auto built = make_cpu_builder(1)->build(ivf_spec(c.encoder, space), v.set());
      ASSERT_TRUE(built.is_ok()) << built.status().message();
      auto& index = built.value();
      EXPECT_EQ(index->description(), c.description);
      double total = 0;
      for (uint32_t q = 0; q < 20; ++q) {
        auto found = index->search(queries.row(q), SearchParams{.k = 10});
        ASSERT_EQ(found.size(), 10u);
        total += recall(oracle_top_k(v, space, queries.row(q), 10, [](uint32_t) { return true; }), found);
      }
      EXPECT_GE(total / 20, c.min_recall) << c.description << " space " << int(space);
    }
  }
}

// IVF-Flat lists are scanned by our kernels: every space's distance orientation, and a partial
// probe returns the exact top-k of the rows in the lists it probed, nearest first.
TEST(IvfIndex, FlatListScanPerSpace) {
  auto v = clustered_vectors(3000, 16, 16, 31);
  auto queries = clustered_vectors(20, 16, 16, 32);
  for (SpaceType space : {SpaceType::l2, SpaceType::innerproduct, SpaceType::cosinesimil}) {
    auto built = make_cpu_builder(1)->build(ivf_spec(EncoderKind::flat, space), v.set());
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    double all_lists = 0, some_lists = 0;
    for (uint32_t q = 0; q < 20; ++q) {
      auto truth = oracle_top_k(v, space, queries.row(q), 10, [](uint32_t) { return true; });
      auto every = built.value()->search(queries.row(q), SearchParams{.k = 10, .nprobes = 16});
      auto few = built.value()->search(queries.row(q), SearchParams{.k = 10, .nprobes = 4});
      ASSERT_EQ(every.size(), 10u);
      ASSERT_EQ(few.size(), 10u);
      for (size_t i = 1; i < few.size(); ++i) EXPECT_LE(few[i - 1].distance, few[i].distance);
      for (size_t i = 0; i < every.size(); ++i)
        EXPECT_NEAR(every[i].distance,
                    testing::oracle_distance(space, queries.row(q), v.row((every[i].doc - 1) / 2), 16), 1e-4);
      all_lists += recall(truth, every);
      some_lists += recall(truth, few);
    }
    EXPECT_GE(all_lists / 20, 0.99) << int(space);
    EXPECT_GE(some_lists / 20, 0.5) << int(space);
  }
}

TEST(IvfIndex, FilterNprobesAndRadial) {
  auto v = clustered_vectors(3000, 16, 16, 23);
  auto built = make_cpu_builder(1)->build(ivf_spec(EncoderKind::flat), v.set());
  ASSERT_TRUE(built.is_ok());
  auto& index = built.value();
  DocFilter filter{[](uint32_t doc) { return doc % 4 == 1; }, 0};  // docs are 2r+1: every other row
  for (uint32_t doc : v.docs) filter.cardinality += filter.allows(doc);
  SearchParams params{.k = 10, .nprobes = 16, .filter = &filter};
  auto found = index->search(v.row(5), params);
  ASSERT_EQ(found.size(), 10u);
  for (const Neighbor& n : found) EXPECT_TRUE(filter.allows(n.doc));
  EXPECT_GE(recall(oracle_top_k(v, SpaceType::l2, v.row(5), 10, filter.allows), found), 0.99);

  auto exact = index->search(v.row(5), SearchParams{.k = 21, .exact = true});
  const float bound = (exact[19].distance + exact[20].distance) / 2;
  SearchParams radial{.max_distance = bound, .nprobes = 16};
  auto within = index->search(v.row(5), radial);
  EXPECT_EQ(within.size(), 20u);  // all lists probed: the range search is exact
  for (const Neighbor& n : within) EXPECT_LE(n.distance, bound);
}

TEST(IvfIndex, FallsBackToFlatBelowTheMinimum) {
  auto v = clustered_vectors(300, 16, 4, 24);
  MethodSpec spec = ivf_spec(EncoderKind::flat);
  spec.approximate_threshold = 0;
  auto built = make_cpu_builder(1)->build(spec, v.set());  // needs 16·39 = 624
  ASSERT_TRUE(built.is_ok());
  EXPECT_EQ(built.value()->description(), "flat (ivf needs >= 624 vectors, segment has 300)");
  EXPECT_EQ(built.value()->search(v.row(0), SearchParams{.k = 1})[0].doc, v.docs[0]);
}

}  // namespace
}  // namespace pharos::vector
