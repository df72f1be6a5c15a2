#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "index/codec/inverted_index_writer.h"
#include "index/codec/postings_reader.h"
#include "index/codec/small_float.h"
#include "index/codec/term_dict_reader.h"

namespace pharos::codec {
namespace {

struct TermData {
  std::vector<uint32_t> docs, freqs, positions;
};

// One field "body" with random terms over max_doc docs, written and verified back.
class PostingsFixture : public ::testing::Test {
 protected:
  void build(uint32_t max_doc, bool with_positions, uint32_t seed) {
    max_doc_ = max_doc;
    std::mt19937 rng(seed);
    norms_.resize(max_doc);
    for (auto& n : norms_) n = int_to_byte4(1 + rng() % 2000);
    // Densities from every doc to a handful, so both singleton and multi-block lists appear.
    for (int t = 0; t < 60; ++t) {
      std::string term = "t" + std::to_string(t * 7919 % 1000);
      double p = t == 0 ? 1.0 : 1.0 / (1 + t * t % 400);
      TermData& d = terms_[term];
      for (uint32_t doc = 0; doc < max_doc; ++doc) {
        if (std::uniform_real_distribution<double>(0, 1)(rng) >= p) continue;
        uint32_t f = 1 + (rng() % 10 == 0 ? rng() % 40 : 0);
        d.docs.push_back(doc);
        d.freqs.push_back(f);
        uint32_t pos = rng() % 5;
        for (uint32_t i = 0; i < f; ++i) d.positions.push_back(pos += 1 + rng() % 100);
      }
      if (d.docs.empty()) terms_.erase(term);
    }
    terms_["single"] = TermData{{max_doc / 2}, {3}, {4, 9, 1000}};
    InvertedIndexWriter w("_1", max_doc);
    w.start_field("body", with_positions, norms_.data());
    for (auto& [term, d] : terms_) w.add_term(term, d.docs, d.freqs, d.positions);
    w.finish_field();
    files_ = w.finish();
    auto tim = verify(files_.tim, kTermDictCodec, kTermDictVersion, "_1", "_1.tim");
    auto doc = verify(files_.doc, kDocCodec, kPostingsVersion, "_1", "_1.doc");
    auto pos = verify(files_.pos, kPosCodec, kPostingsVersion, "_1", "_1.pos");
    ASSERT_TRUE(tim.is_ok() && doc.is_ok() && pos.is_ok());
    auto reader = TermDictReader::open(*tim);
    ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
    reader_ = std::move(reader).value();
    field_ = reader_.field("body");
    ASSERT_NE(field_, nullptr);
    source_.doc_bytes = files_.doc;
    source_.doc_end = doc->directory_begin;
    source_.pos_bytes = files_.pos;
    source_.pos_begin = pos->body_begin;
    source_.pos_end = pos->directory_begin;
    source_.norms = norms_.data();
    source_.max_doc = max_doc;
    source_.with_positions = with_positions;
  }

  PostingsCursor cursor(const std::string& term) {
    TermInfo info;
    EXPECT_TRUE(reader_.seek_exact(*field_, term, &info)) << term;
    PostingsCursor c;
    EXPECT_TRUE(c.reset(source_, info));
    return c;
  }

  uint32_t max_doc_ = 0;
  std::vector<uint8_t> norms_;
  std::map<std::string, TermData> terms_;
  InvertedIndexFiles files_;
  TermDictReader reader_;
  const TermField* field_ = nullptr;
  PostingsSource source_;
};

TEST_F(PostingsFixture, NextDocFreqsPositionsAndStats) {
  build(5000, true, 1);
  uint64_t sum_df = 0, sum_ttf = 0;
  std::set<uint32_t> docs_with_terms;
  for (auto& [term, d] : terms_) {
    PostingsCursor c = cursor(term);
    EXPECT_EQ(c.doc_freq(), d.docs.size());
    size_t p = 0;
    for (size_t i = 0; i < d.docs.size(); ++i) {
      ASSERT_EQ(c.next_doc(), d.docs[i]) << term << " #" << i;
      ASSERT_EQ(c.freq(), d.freqs[i]);
      // Read positions of every third doc only: skipped docs must not disturb the stream.
      if (i % 3 == 0) {
        for (uint32_t j = 0; j < d.freqs[i]; ++j) ASSERT_EQ(c.next_position(), d.positions[p + j]) << term;
        EXPECT_EQ(c.next_position(), kNoMoreDocsCodec);
      }
      p += d.freqs[i];
      docs_with_terms.insert(d.docs[i]);
      sum_ttf += d.freqs[i];
    }
    EXPECT_EQ(c.next_doc(), kNoMoreDocsCodec);
    EXPECT_EQ(c.next_doc(), kNoMoreDocsCodec);
    sum_df += d.docs.size();
  }
  EXPECT_EQ(field_->stats.sum_doc_freq, sum_df);
  EXPECT_EQ(field_->stats.sum_total_term_freq, sum_ttf);
  EXPECT_EQ(field_->stats.doc_count, docs_with_terms.size());
  EXPECT_EQ(field_->term_count, terms_.size());
}

TEST_F(PostingsFixture, AdvanceMatchesBruteForce) {
  build(20000, true, 2);
  std::mt19937 rng(3);
  for (auto& [term, d] : terms_) {
    for (int round = 0; round < 5; ++round) {
      PostingsCursor c = cursor(term);
      uint32_t target = 0;
      while (true) {
        target += 1 + rng() % (round == 0 ? 3 : 700 * round);
        auto it = std::lower_bound(d.docs.begin(), d.docs.end(), target);
        uint32_t expect = it == d.docs.end() ? kNoMoreDocsCodec : *it;
        ASSERT_EQ(c.advance(target), expect) << term << " target " << target;
        if (expect == kNoMoreDocsCodec) break;
        size_t i = static_cast<size_t>(it - d.docs.begin());
        ASSERT_EQ(c.freq(), d.freqs[i]);
        if (round == 1) {
          size_t p = 0;
          for (size_t k = 0; k < i; ++k) p += d.freqs[k];
          ASSERT_EQ(c.next_position(), d.positions[p]);
        }
        target = expect;
      }
    }
  }
}

TEST_F(PostingsFixture, BlockImpactsBoundEveryDoc) {
  build(20000, false, 4);
  for (auto& [term, d] : terms_) {
    PostingsCursor c = cursor(term);
    uint32_t target = 0;
    size_t i = 0;
    while (true) {
      uint32_t last = c.shallow_advance(target);
      if (last == kNoMoreDocsCodec) break;
      ASSERT_GE(last, target);
      // Every posting in [target, last] is bounded by the block's impact.
      for (; i < d.docs.size() && d.docs[i] <= last; ++i) {
        if (d.docs[i] < target) continue;
        EXPECT_LE(d.freqs[i], c.block_max_freq()) << term;
        EXPECT_GE(norms_[d.docs[i]], c.block_min_norm()) << term;
      }
      target = last + 1;
    }
    EXPECT_EQ(i, d.docs.size()) << term;
    EXPECT_EQ(c.next_position(), kNoMoreDocsCodec);  // no positions in this field
  }
}

TEST_F(PostingsFixture, TermEnumerationAndSeekCeil) {
  build(300, true, 5);
  TermCursor all(reader_, *field_);
  std::vector<std::string> expected;
  for (auto& [term, d] : terms_) expected.push_back(term);
  std::vector<std::string> got;
  while (all.next()) got.push_back(std::string(all.term()));
  EXPECT_EQ(got, expected);
  for (std::string target : {"", "a", "t", "t1", "t5", "t50", "t999", "t9999", "single", "zz", "s"}) {
    TermCursor c(reader_, *field_);
    auto it = std::lower_bound(expected.begin(), expected.end(), target);
    bool found = c.seek_ceil(target);
    ASSERT_EQ(found, it != expected.end()) << target;
    if (!found) continue;
    EXPECT_EQ(c.term(), *it) << target;
    // next() continues in order after a seek.
    auto next = it + 1;
    EXPECT_EQ(c.next(), next != expected.end());
    if (next != expected.end()) {
      EXPECT_EQ(c.term(), *next);
    }
  }
}

TEST(TermDict, ManyTermsAcrossBlocks) {
  std::mt19937 rng(11);
  std::set<std::string> terms;
  while (terms.size() < 5000) {
    std::string t;
    size_t len = 1 + rng() % 12;
    for (size_t i = 0; i < len; ++i) t.push_back(static_cast<char>('a' + rng() % 6));
    terms.insert(t);
  }
  InvertedIndexWriter w("_2", 10);
  w.start_field("k", false, nullptr);
  uint32_t n = 0;
  std::vector<uint32_t> docs{1}, freqs{1};
  for (const auto& t : terms) {
    docs[0] = n++ % 10;
    w.add_term(t, docs, freqs, {});
  }
  w.finish_field();
  auto files = w.finish();
  auto tim = verify(files.tim, kTermDictCodec, kTermDictVersion, "_2", "_2.tim");
  ASSERT_TRUE(tim.is_ok());
  auto reader = TermDictReader::open(*tim);
  ASSERT_TRUE(reader.is_ok());
  const TermField* f = reader->field("k");
  ASSERT_NE(f, nullptr);
  std::vector<std::string> sorted(terms.begin(), terms.end());
  for (int i = 0; i < 2000; ++i) {
    std::string target;
    size_t len = rng() % 13;
    for (size_t j = 0; j < len; ++j) target.push_back(static_cast<char>('a' + rng() % 7));
    TermCursor c(*reader, *f);
    auto it = std::lower_bound(sorted.begin(), sorted.end(), target);
    ASSERT_EQ(c.seek_ceil(target), it != sorted.end());
    if (it != sorted.end()) {
      ASSERT_EQ(c.term(), *it);
      EXPECT_EQ(c.info().doc_offset, static_cast<uint64_t>((it - sorted.begin()) % 10));
    }
  }
  EXPECT_EQ(reader->field("missing"), nullptr);
}

}  // namespace
}  // namespace pharos::codec
