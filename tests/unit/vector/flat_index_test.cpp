#include <gtest/gtest.h>

#include "index/vector/vector_index.h"
#include "vector_test_data.h"

namespace pharos::vector {
namespace {

using testing::clustered_vectors;
using testing::oracle_distance;
using testing::oracle_top_k;

MethodSpec spec_for(SpaceType space, uint32_t dimension) {
  MethodSpec spec;
  spec.kind = MethodKind::flat;
  spec.space = space;
  spec.dimension = dimension;
  return spec;
}

// Exact search must equal the double-precision oracle in every space.
TEST(FlatIndex, EverySpaceMatchesBruteForce) {
  auto v = clustered_vectors(700, 19, 5, 1);
  auto queries = clustered_vectors(20, 19, 5, 2);
  for (float& x : v.data) x = std::round(x * 40.f);  // byte-like values so hamming is meaningful too
  for (float& x : queries.data) x = std::round(x * 40.f);
  for (SpaceType space : {SpaceType::l2, SpaceType::cosinesimil, SpaceType::innerproduct, SpaceType::l1,
                          SpaceType::linf, SpaceType::hamming}) {
    auto index = make_flat_index(spec_for(space, 19), v.set());
    for (uint32_t q = 0; q < 20; ++q) {
      SearchParams params;
      params.k = 10;
      auto found = index->search(queries.row(q), params);
      ASSERT_EQ(found.size(), 10u);
      auto truth = oracle_top_k(v, space, queries.row(q), 10, [](uint32_t) { return true; });
      for (size_t i = 0; i < found.size(); ++i) {
        // Ties may order differently; the distances must match position by position.
        uint32_t row = (truth[i] - 1) / 2;
        EXPECT_NEAR(found[i].distance, oracle_distance(space, queries.row(q), v.row(row), 19),
                    1e-3 * (1 + std::fabs(found[i].distance)))
            << "space " << int(space) << " q " << q << " i " << i;
      }
    }
  }
}

TEST(FlatIndex, FilterAndRadial) {
  auto v = clustered_vectors(500, 8, 4, 3);
  auto index = make_flat_index(spec_for(SpaceType::l2, 8), v.set());
  DocFilter filter{[](uint32_t doc) { return doc % 3 == 0; }, 0};
  for (uint32_t doc : v.docs) filter.cardinality += doc % 3 == 0;
  SearchParams params;
  params.k = 15;
  params.filter = &filter;
  auto found = index->search(v.row(0), params);
  auto truth = oracle_top_k(v, SpaceType::l2, v.row(0), 15, filter.allows);
  ASSERT_EQ(found.size(), 15u);
  for (size_t i = 0; i < found.size(); ++i) EXPECT_EQ(found[i].doc, truth[i]);

  SearchParams radial;
  radial.max_distance = 2.0f;
  auto within = index->search(v.row(7), radial);
  size_t expected = 0;
  for (uint32_t r = 0; r < 500; ++r) expected += oracle_distance(SpaceType::l2, v.row(7), v.row(r), 8) <= 2.0;
  EXPECT_EQ(within.size(), expected);
  for (const Neighbor& n : within) EXPECT_LE(n.distance, 2.0f);
  EXPECT_EQ(index->description(), "flat");
}

}  // namespace
}  // namespace pharos::vector
