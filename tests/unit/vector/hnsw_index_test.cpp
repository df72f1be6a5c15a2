#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <gtest/gtest.h>

#include <set>

#include "index/vector/faiss_index_wrap.h"
#include "index/vector/hnsw_build.h"
#include "index/vector/hnsw_reachability.h"
#include "index/vector/vector_index.h"
#include "vector_test_data.h"

namespace pharos::vector {
namespace {

using testing::clustered_vectors;
using testing::oracle_distance;
using testing::oracle_top_k;
using testing::recall;

constexpr uint32_t kCount = 5000, kDim = 32, kQueries = 50;

MethodSpec hnsw_spec(SpaceType space) {
  MethodSpec spec;
  spec.space = space;
  spec.dimension = kDim;
  return spec;
}

struct HnswFixture {
  testing::TestVectors vectors = clustered_vectors(kCount, kDim, 40, 11);
  testing::TestVectors queries = clustered_vectors(kQueries, kDim, 40, 12);
};

const HnswFixture& fixture() {
  static const HnswFixture f;
  return f;
}

std::unique_ptr<VectorIndex> build(SpaceType space) {
  auto built = make_cpu_builder(2)->build(hnsw_spec(space), fixture().vectors.set());
  EXPECT_TRUE(built.is_ok()) << built.status().message();
  return std::move(built).value();
}

class HnswSpaces : public ::testing::TestWithParam<SpaceType> {};

TEST_P(HnswSpaces, RecallAtTenAboveNinetyFivePercent) {
  const SpaceType space = GetParam();
  auto index = build(space);
  EXPECT_EQ(index->description(), "hnsw");
  double total = 0;
  for (uint32_t q = 0; q < kQueries; ++q) {
    SearchParams params;
    params.k = 10;
    params.ef_search = 100;
    auto found = index->search(fixture().queries.row(q), params);
    ASSERT_EQ(found.size(), 10u);
    for (size_t i = 1; i < found.size(); ++i) EXPECT_LE(found[i - 1].distance, found[i].distance);
    total += recall(
        oracle_top_k(fixture().vectors, space, fixture().queries.row(q), 10, [](uint32_t) { return true; }),
        found);
  }
  // Maximum inner product is not a metric: an HNSW graph built on it is known to be weaker.
  EXPECT_GE(total / kQueries, space == SpaceType::innerproduct ? 0.85 : 0.95);
}

INSTANTIATE_TEST_SUITE_P(Spaces, HnswSpaces,
                         ::testing::Values(SpaceType::l2, SpaceType::innerproduct, SpaceType::cosinesimil));

TEST(HnswIndex, SpacesWithoutFaissGraphAreExact) {
  auto index = build(SpaceType::l1);
  EXPECT_NE(index->description().find("flat"), std::string::npos);
}

// Filters: only allowed docs, k of them, both on the beam path (broad filter) and the exact path.
TEST(HnswIndex, FilteredSearchReturnsOnlyAllowedDocs) {
  auto index = build(SpaceType::l2);
  for (uint32_t modulus : {1000u, 20u, 2u}) {  // 5 / 250 / 2500 allowed docs
    DocFilter filter{[modulus](uint32_t doc) { return (doc / 2) % modulus != 1; }, 0};
    if (modulus == 2) filter.allows = [](uint32_t doc) { return (doc / 2) % 2 == 0; };
    if (modulus != 2) filter.allows = [modulus](uint32_t doc) { return (doc / 2) % modulus == 0; };
    for (uint32_t doc : fixture().vectors.docs) filter.cardinality += filter.allows(doc);
    double total = 0;
    for (uint32_t q = 0; q < 10; ++q) {
      SearchParams params;
      params.k = 10;
      params.filter = &filter;
      auto found = index->search(fixture().queries.row(q), params);
      ASSERT_EQ(found.size(), std::min<uint64_t>(10, filter.cardinality)) << modulus;
      for (const Neighbor& n : found) EXPECT_TRUE(filter.allows(n.doc));
      total += recall(
          oracle_top_k(fixture().vectors, SpaceType::l2, fixture().queries.row(q), 10, filter.allows), found);
    }
    EXPECT_GE(total / 10, 0.9) << "modulus " << modulus;
  }
}

TEST(HnswIndex, ExactRadialReturnsExactlyTheDocsWithin) {
  auto index = build(SpaceType::l2);
  const float* query = fixture().queries.row(3);
  auto eleven = index->search(query, SearchParams{.k = 11, .exact = true});
  ASSERT_EQ(eleven.size(), 11u);
  // Halfway between the 10th and 11th distance, so float vs double rounding cannot flip a doc.
  const float bound = (eleven[9].distance + eleven[10].distance) / 2;
  std::set<uint32_t> expected;
  for (uint32_t r = 0; r < kCount; ++r) {
    if (oracle_distance(SpaceType::l2, query, fixture().vectors.row(r), kDim) <= bound) {
      expected.insert(fixture().vectors.docs[r]);
    }
  }
  SearchParams radial;
  radial.max_distance = bound;
  radial.exact = true;
  auto within = index->search(query, radial);
  std::set<uint32_t> got;
  for (const Neighbor& n : within) got.insert(n.doc);
  EXPECT_EQ(got, expected);
  // The graph's radial search finds (nearly) all of them and nothing outside.
  radial.exact = false;
  auto approx = index->search(query, radial);
  for (const Neighbor& n : approx) EXPECT_LE(n.distance, bound);
  EXPECT_GE(approx.size(), expected.size() * 9 / 10);
}

TEST(HnswIndex, PerQueryEfSearchChangesTheWork) {
  auto index = build(SpaceType::l2);
  double low = 0, high = 0;
  for (uint32_t q = 0; q < kQueries; ++q) {
    auto truth = oracle_top_k(fixture().vectors, SpaceType::l2, fixture().queries.row(q), 10,
                              [](uint32_t) { return true; });
    low += recall(truth, index->search(fixture().queries.row(q), SearchParams{.k = 10, .ef_search = 10}));
    high += recall(truth, index->search(fixture().queries.row(q), SearchParams{.k = 10, .ef_search = 200}));
  }
  EXPECT_GE(high, low);
  EXPECT_GE(high / kQueries, 0.97);
}

TEST(HnswIndex, WrapTakesAFaissHnswAndRejectsMismatches) {
  const auto& v = fixture().vectors;
  auto graph = std::make_unique<faiss::IndexHNSWFlat>(kDim, 16);
  graph->add(1000, v.data.data());
  auto first_thousand = v.set();
  first_thousand.count = 1000;
  EXPECT_EQ(
      wrap_faiss_index(std::make_unique<faiss::IndexFlatL2>(kDim), hnsw_spec(SpaceType::l2), first_thousand)
          .status()
          .kind(),
      ErrorKind::invalid_argument);
  auto mismatched = wrap_faiss_index(std::make_unique<faiss::IndexHNSWFlat>(kDim, 16),
                                     hnsw_spec(SpaceType::l2), first_thousand);
  EXPECT_FALSE(mismatched.is_ok());
  auto wrapped = wrap_faiss_index(std::move(graph), hnsw_spec(SpaceType::l2), first_thousand);
  ASSERT_TRUE(wrapped.is_ok()) << wrapped.status().message();
  auto found = wrapped.value()->search(v.row(17), SearchParams{.k = 1});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].doc, v.docs[17]);
}

// A graph from a file or another builder is checked before our unchecked search loop runs on it.
TEST(HnswIndex, WrapRejectsInconsistentGraphs) {
  const auto& v = fixture().vectors;
  auto first_thousand = v.set();
  first_thousand.count = 1000;
  auto fresh = [&] {
    auto graph = std::make_unique<faiss::IndexHNSWFlat>(kDim, 8);
    graph->add(1000, v.data.data());
    return graph;
  };
  auto bad_neighbor = fresh();
  bad_neighbor->hnsw.neighbors[3] = 1000;
  EXPECT_FALSE(wrap_faiss_index(std::move(bad_neighbor), hnsw_spec(SpaceType::l2), first_thousand).is_ok());
  auto bad_offsets = fresh();
  bad_offsets->hnsw.offsets[500] += 1;
  EXPECT_FALSE(wrap_faiss_index(std::move(bad_offsets), hnsw_spec(SpaceType::l2), first_thousand).is_ok());
  auto bad_entry = fresh();
  bad_entry->hnsw.entry_point = 5000;
  EXPECT_FALSE(wrap_faiss_index(std::move(bad_entry), hnsw_spec(SpaceType::l2), first_thousand).is_ok());
  auto bad_level = fresh();
  bad_level->hnsw.levels[10] = 0;
  EXPECT_FALSE(wrap_faiss_index(std::move(bad_level), hnsw_spec(SpaceType::l2), first_thousand).is_ok());
  EXPECT_TRUE(wrap_faiss_index(fresh(), hnsw_spec(SpaceType::l2), first_thousand).is_ok());
}

// Encoded storage: faiss builds the graph, our loop searches it through faiss's distance computer.
TEST(HnswIndex, EncodedStorageSearchesThroughFaissDistances) {
  auto v = clustered_vectors(10000, 16, 20, 41);
  auto queries = clustered_vectors(20, 16, 20, 42);
  auto recall_of = [&](EncoderKind encoder, SpaceType space, const char* description) {
    MethodSpec spec = hnsw_spec(space);
    spec.dimension = 16;
    spec.encoder = encoder;
    spec.pq_m = 8;
    auto built = make_cpu_builder(1)->build(spec, v.set());
    EXPECT_TRUE(built.is_ok()) << built.status().message();
    if (!built.is_ok()) return 0.0;
    EXPECT_EQ(built.value()->description(), description);
    double total = 0;
    for (uint32_t q = 0; q < 20; ++q) {
      auto found = built.value()->search(queries.row(q), SearchParams{.k = 10, .ef_search = 100});
      EXPECT_EQ(found.size(), 10u);
      total += recall(oracle_top_k(v, space, queries.row(q), 10, [](uint32_t) { return true; }), found);
    }
    return total / 20;
  };
  // Flat storage reaches ~0.85 on this (overlapping-cluster) data at ef 100; fp16 must not lose.
  EXPECT_GE(recall_of(EncoderKind::sq, SpaceType::l2, "hnsw_sq"), 0.75);
  EXPECT_GE(recall_of(EncoderKind::sq, SpaceType::cosinesimil, "hnsw_sq"), 0.75);
  EXPECT_GE(recall_of(EncoderKind::pq, SpaceType::l2, "hnsw_pq"), 0.4);
}

}  // namespace
}  // namespace pharos::vector

namespace pharos::vector {
namespace {

// Every builder path ends with every level-0 node reachable from the entry point. Tight clusters
// and a small M make insertion's pruning strand nodes often (hundreds here without the repair).
TEST(HnswBuild, EveryNodeIsReachableAtLevelZero) {
  auto v = clustered_vectors(20000, 16, 400, 5);
  for (EncoderKind encoder : {EncoderKind::flat, EncoderKind::sq, EncoderKind::pq}) {
    MethodSpec spec;
    spec.dimension = 16;
    spec.m = 4;
    spec.ef_construction = 40;
    spec.encoder = encoder;
    auto built = build_faiss_hnsw(spec, v.set(), 2);
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    const faiss::HNSW& hnsw = built.value()->hnsw;
    EXPECT_EQ(count_unreachable_at_level_zero(hnsw, v.docs.size()), 0u);
    for (size_t node = 0; node < v.docs.size(); ++node) {
      size_t begin = 0, end = 0;
      hnsw.neighbor_range(static_cast<faiss::Index::idx_t>(node), 0, &begin, &end);
      for (size_t j = begin; j < end && hnsw.neighbors[j] >= 0; ++j)
        EXPECT_NE(static_cast<size_t>(hnsw.neighbors[j]), node);
    }
  }
}

// Removes every level-0 link to `node` (lists keep their order, -1 padded).
void cut_in_edges(faiss::HNSW& hnsw, size_t count, int node) {
  for (size_t x = 0; x < count; ++x) {
    size_t begin = 0, end = 0;
    hnsw.neighbor_range(static_cast<faiss::Index::idx_t>(x), 0, &begin, &end);
    size_t kept = begin;
    for (size_t j = begin; j < end; ++j) {
      if (hnsw.neighbors[j] != node) hnsw.neighbors[kept++] = hnsw.neighbors[j];
    }
    for (; kept < end; ++kept) hnsw.neighbors[kept] = -1;
  }
}

// An island (a level-0-only node and its nearest neighbour, cut off from every other list) is
// invisible to search until the repair links it back in; then a search for its vector finds it.
TEST(HnswReachability, RepairLinksAnIslandBackIn) {
  auto v = clustered_vectors(5000, 16, 40, 9);
  for (SpaceType space : {SpaceType::l2, SpaceType::innerproduct}) {
    MethodSpec spec;
    spec.dimension = 16;
    spec.space = space;
    auto built = build_faiss_hnsw(spec, v.set(), 2);
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    faiss::IndexHNSW& index = *built.value();
    faiss::HNSW& hnsw = index.hnsw;
    int island = 123;
    while (hnsw.levels[island] != 1 || island == hnsw.entry_point) ++island;
    size_t begin = 0, end = 0;
    hnsw.neighbor_range(island, 0, &begin, &end);
    const int partner = hnsw.neighbors[begin];
    cut_in_edges(hnsw, v.docs.size(), island);
    cut_in_edges(hnsw, v.docs.size(), partner);
    const size_t stranded = count_unreachable_at_level_zero(hnsw, v.docs.size());
    ASSERT_GE(stranded, 1u);

    auto nearest_to_island = [&] {
      float distance = 0;
      faiss::Index::idx_t label = -1;
      index.search(1, v.row(static_cast<uint32_t>(island)), 1, &distance, &label);
      return label;
    };
    if (space == SpaceType::l2) EXPECT_NE(nearest_to_island(), island);
    ReachabilityRepair repair = link_unreachable_nodes(index);
    EXPECT_EQ(repair.unreachable, stranded);
    EXPECT_GE(repair.linked, 1u);
    EXPECT_LE(repair.linked, stranded);
    EXPECT_EQ(count_unreachable_at_level_zero(hnsw, v.docs.size()), 0u);
    if (space == SpaceType::l2) EXPECT_EQ(nearest_to_island(), island);
  }
}

}  // namespace
}  // namespace pharos::vector
