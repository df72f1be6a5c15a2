#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "index/base/crc32c.h"
#include "index/base/file_io.h"
#include "segment_test_util.h"

namespace pharos::segment {
namespace {

// Opening must report every damaged file as corrupt, naming it, and never crash.
class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(5);
    SegmentWriter writer;
    for (uint32_t n = 0; n < 300; ++n) writer.add(testing::random_doc(rng, n), testing::meta_for(n));
    auto info = writer.write(tmp_.path(), "_9");
    ASSERT_TRUE(info.is_ok());
    info_ = *info;
  }

  void expect_corrupt(const std::string& file, const std::string& what) {
    auto s = Segment::open(tmp_.path(), info_);
    ASSERT_FALSE(s.is_ok()) << what;
    EXPECT_EQ(s.status().kind(), ErrorKind::corrupt) << what << ": " << s.status().to_string();
    EXPECT_NE(s.status().message().find(file), std::string::npos) << s.status().message();
  }

  testing::TempDir tmp_;
  SegmentInfo info_;
};

TEST_F(CorruptionTest, FlippedBytesTruncationAndMissingFiles) {
  ASSERT_TRUE(Segment::open(tmp_.path(), info_).is_ok());
  std::mt19937 rng(8);
  for (const std::string& file : info_.files) {
    std::string path = tmp_.path() + "/" + file;
    std::string good = *read_file(path);
    std::vector<size_t> offsets = {0, 4, good.size() / 2, good.size() - 13, good.size() - 5, good.size() - 1};
    for (int i = 0; i < 40; ++i) offsets.push_back(rng() % good.size());
    for (size_t off : offsets) {
      std::string bad = good;
      bad[off] = static_cast<char>(bad[off] ^ (1 << (rng() % 8)));
      ASSERT_TRUE(write_file(path, bad, false).is_ok());
      expect_corrupt(file, file + " flipped at " + std::to_string(off));
    }
    for (size_t len : {size_t{0}, size_t{3}, size_t{20}, good.size() / 2, good.size() - 1}) {
      ASSERT_TRUE(write_file(path, std::string_view(good).substr(0, len), false).is_ok());
      expect_corrupt(file, file + " truncated to " + std::to_string(len));
    }
    ASSERT_TRUE(remove_file(path).is_ok());
    expect_corrupt(file, file + " missing");
    ASSERT_TRUE(write_file(path, good, false).is_ok());
  }
  ASSERT_TRUE(Segment::open(tmp_.path(), info_).is_ok());
}

TEST_F(CorruptionTest, FilesOfAnotherSegmentAreRejected) {
  // A file copied under another segment's name fails the header's segment-name check.
  SegmentInfo other = info_;
  other.name = "_8";
  for (const std::string& file : info_.files) {
    std::string renamed = "_8" + file.substr(2);
    ASSERT_TRUE(write_file(tmp_.path() + "/" + renamed, *read_file(tmp_.path() + "/" + file), false).is_ok());
  }
  EXPECT_EQ(Segment::open(tmp_.path(), other).status().kind(), ErrorKind::corrupt);
}

// Reads everything a segment serves; with damaged structure it may return less, never crash.
void read_everything(const Segment& s) {
  for (const std::string& field : s.indexed_fields()) {
    auto terms = s.terms(field);
    while (terms && terms->next()) {
      auto it = s.postings(field, terms->term());
      if (!it) continue;
      for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc()) {
        ASSERT_LT(d, s.max_doc());
        for (uint32_t i = 0; i < it->freq() && i < 100; ++i) it->next_position();
      }
      auto again = s.postings(field, terms->term());
      for (uint32_t t = 0; again && t < s.max_doc(); t += 37) {
        uint32_t last = again->block_last_doc(t);
        (void)again->block_max_impact();
        uint32_t d = again->advance(t);
        if (d == kNoMoreDocs) break;
        ASSERT_LT(d, s.max_doc());
        t = std::max(t, d);
        (void)last;
      }
    }
  }
  for (const std::string& field : s.doc_value_fields()) {
    for (uint32_t d = 0; d < s.max_doc(); ++d) {
      if (auto* n = s.numeric_doc_values(field)) {
        for (uint32_t i = 0; i < n->value_count(d); ++i) (void)n->value(d, i);
      }
      if (auto* k = s.keyword_doc_values(field)) {
        for (uint32_t i = 0; i < k->value_count(d); ++i) (void)k->find(k->lookup(k->ordinal(d, i)));
      }
    }
  }
  for (uint32_t d = 0; d < s.max_doc(); ++d) {
    (void)s.source(d);
    (void)s.find_id(s.id(d));
    (void)s.routing(d);
    for (const auto& f : s.vector_fields()) (void)s.vectors(f)->vector(d);
  }
}

// The CRC catches random damage; this test re-seals the file after mutating it, so the
// structural checks behind the CRC are exercised too (as a CRC-aware fuzzer would).
TEST_F(CorruptionTest, StructuralDamageBehindAValidChecksumNeverCrashes) {
  std::mt19937 rng(21);
  int opened = 0, rejected = 0;
  for (const std::string& file : info_.files) {
    std::string path = tmp_.path() + "/" + file;
    std::string good = *read_file(path);
    for (int round = 0; round < 60; ++round) {
      std::string bad = good;
      size_t off = rng() % (bad.size() - 4);
      int mode = static_cast<int>(rng() % 3);
      if (mode == 0) bad[off] = static_cast<char>(bad[off] ^ (1 << (rng() % 8)));
      if (mode == 1) bad[off] = static_cast<char>(rng());
      if (mode == 2) for (size_t i = off; i < std::min(bad.size() - 4, off + 8); ++i) bad[i] = static_cast<char>(0xFF);
      uint32_t crc = crc32c(bad.data(), bad.size() - 4);
      std::memcpy(bad.data() + bad.size() - 4, &crc, 4);
      ASSERT_TRUE(write_file(path, bad, false).is_ok());
      auto s = Segment::open(tmp_.path(), info_);
      if (s.is_ok()) {
        ++opened;
        read_everything(**s);
      } else {
        ++rejected;
        EXPECT_EQ(s.status().kind(), ErrorKind::corrupt) << s.status().to_string();
      }
    }
    ASSERT_TRUE(write_file(path, good, false).is_ok());
  }
  EXPECT_GT(rejected, 0);
  EXPECT_GT(opened, 0);
}

}  // namespace
}  // namespace pharos::segment
