#include "index/segment/ordinal_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "tests/unit/segment/segment_test_util.h"

namespace pharos::segment {
namespace {

// Segments whose docs carry random keyword values drawn from overlapping vocabularies.
class OrdinalMapTest : public ::testing::Test {
 protected:
  std::shared_ptr<Segment> write(const std::vector<std::vector<std::string>>& docs) {
    SegmentWriter writer;
    uint32_t n = 0;
    for (const auto& values : docs) {
      mapping::ParsedDocument d;
      d.id = "d" + std::to_string(n++);
      d.source = "{}";
      for (const auto& v : values) d.keywords.push_back({"f", v});
      writer.add(std::move(d), DocMeta{});
    }
    auto info = writer.write(dir_.path(), "_" + std::to_string(next_++));
    EXPECT_TRUE(info.is_ok());
    auto seg = Segment::open(dir_.path(), *info);
    EXPECT_TRUE(seg.is_ok());
    return *seg;
  }
  testing::TempDir dir_;
  uint32_t next_ = 0;
};

TEST_F(OrdinalMapTest, GlobalOrdinalsAreTheSortedUnionOfEverySegmentsTerms) {
  std::mt19937 rng(7);
  std::vector<std::shared_ptr<Segment>> segments;
  std::set<std::string> all;
  for (int s = 0; s < 4; ++s) {
    std::vector<std::vector<std::string>> docs;
    for (int d = 0; d < 50; ++d) {
      std::vector<std::string> values;
      for (uint32_t v = rng() % 3; v > 0; --v) {
        values.push_back("t" + std::to_string(rng() % (40 + 10 * s)));
        all.insert(values.back());
      }
      docs.push_back(values);
    }
    segments.push_back(write(docs));
  }
  std::vector<const SortedSetDocValues*> columns;
  for (const auto& s : segments) columns.push_back(s->keyword_doc_values("f"));
  columns.push_back(nullptr);  // a segment without the field
  auto map = OrdinalMap::build(columns);
  ASSERT_EQ(map->global_count(), all.size());
  uint32_t g = 0;
  for (const auto& term : all) EXPECT_EQ(map->lookup(g++), term);
  for (size_t s = 0; s < segments.size(); ++s) {
    const SortedSetDocValues* column = columns[s];
    for (uint32_t o = 0; o < column->ordinal_count(); ++o)
      EXPECT_EQ(map->lookup(map->global_ordinal(s, o)), column->lookup(o));
  }
  EXPECT_TRUE(map->segment_to_global(segments.size()).empty());
  EXPECT_GE(map->memory_bytes(), (all.size() * 2) * sizeof(uint32_t));
}

TEST_F(OrdinalMapTest, NoColumnsMakeAnEmptyMap) {
  auto map = OrdinalMap::build({nullptr, nullptr});
  EXPECT_EQ(map->global_count(), 0u);
  EXPECT_EQ(map->segment_count(), 2u);
}

}  // namespace
}  // namespace pharos::segment
