#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "index/base/file_io.h"
#include "index/codec/small_float.h"
#include "index/segment/merger.h"
#include "segment_test_util.h"

namespace pharos::segment {
namespace {

using testing::dump_segment;
using testing::meta_for;
using testing::random_doc;
using testing::TempDir;

std::shared_ptr<Segment> open_ok(const std::string& dir, const SegmentInfo& info) {
  auto s = Segment::open(dir, info);
  EXPECT_TRUE(s.is_ok()) << s.status().to_string();
  return s.is_ok() ? *s : nullptr;
}

TEST(SegmentWriter, EveryAccessorMatchesTheInput) {
  TempDir tmp;
  std::mt19937 rng(42);
  std::vector<mapping::ParsedDocument> docs;
  SegmentWriter writer;
  for (uint32_t n = 0; n < 400; ++n) {
    docs.push_back(random_doc(rng, n));
    ASSERT_EQ(writer.add(docs.back(), meta_for(n)), n);
  }
  EXPECT_EQ(writer.doc_count(), 400u);
  EXPECT_GT(writer.ram_bytes(), 10000u);
  auto info = writer.write(tmp.path(), "_3");
  ASSERT_TRUE(info.is_ok()) << info.status().to_string();
  EXPECT_EQ(writer.doc_count(), 0u);
  EXPECT_EQ(info->max_doc, 400u);
  EXPECT_EQ(info->del_gen, 0u);
  EXPECT_EQ(info->min_seq_no, 0);
  EXPECT_EQ(info->max_seq_no, 399);
  EXPECT_EQ(info->files.size(), 7u);
  uint64_t size = 0;
  for (const auto& f : info->files) size += *file_size(tmp.path() + "/" + f);
  EXPECT_EQ(info->size_bytes, size);
  auto seg = open_ok(tmp.path(), *info);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->max_doc(), 400u);

  // Expected inverted index from the input.
  std::map<std::string, std::map<uint32_t, std::vector<uint32_t>>> body, tag;
  uint64_t body_tokens = 0;
  std::set<uint32_t> tag_docs;
  for (uint32_t d = 0; d < docs.size(); ++d) {
    for (const auto& f : docs[d].inverted) {
      for (const auto& p : f.postings) (f.field == "body" ? body : tag)[p.term][d].push_back(p.position);
      if (f.field == "body") body_tokens += f.postings.size();
      if (f.field == "tag") tag_docs.insert(d);
    }
  }
  auto stats = seg->field_stats("body");
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->doc_count, 400u);
  EXPECT_EQ(stats->sum_total_term_freq, body_tokens);
  EXPECT_EQ(seg->field_stats("tag")->doc_count, tag_docs.size());
  EXPECT_FALSE(seg->field_stats("nope").has_value());
  EXPECT_TRUE(seg->has_positions("body"));
  EXPECT_FALSE(seg->has_positions("tag"));
  for (auto* expected : {&body, &tag}) {
    const char* field = expected == &body ? "body" : "tag";
    auto terms = seg->terms(field);
    auto exp = expected->begin();
    while (terms->next()) {
      ASSERT_NE(exp, expected->end());
      ASSERT_EQ(terms->term(), exp->first);
      EXPECT_EQ(terms->doc_freq(), exp->second.size());
      EXPECT_EQ(seg->doc_freq(field, exp->first), exp->second.size());
      auto it = seg->postings(field, exp->first);
      ASSERT_TRUE(it);
      for (const auto& [d, positions] : exp->second) {
        ASSERT_EQ(it->next_doc(), d);
        ASSERT_EQ(it->freq(), positions.size());
        if (expected == &body) {
          for (uint32_t p : positions) ASSERT_EQ(it->next_position(), p);
        }
      }
      EXPECT_EQ(it->next_doc(), kNoMoreDocs);
      ++exp;
    }
    EXPECT_EQ(exp, expected->end());
  }
  EXPECT_EQ(seg->postings("body", "no-such-term"), nullptr);
  EXPECT_EQ(seg->doc_freq("body", "no-such-term"), 0u);
  EXPECT_EQ(seg->terms("nope"), nullptr);

  const uint8_t* norms = seg->norms("body");
  ASSERT_NE(norms, nullptr);
  EXPECT_EQ(seg->norms("tag"), nullptr);
  auto* num = seg->numeric_doc_values("num");
  auto* multi = seg->numeric_doc_values("multi");
  auto* price = seg->floating_doc_values("price");
  auto* kw = seg->keyword_doc_values("tag");
  auto* ip = seg->keyword_doc_values("ip");
  auto* emb = seg->vectors("emb");
  ASSERT_TRUE(num && multi && price && kw && ip && emb);
  EXPECT_EQ(num->dense_values().size(), 400u);
  EXPECT_TRUE(multi->dense_values().empty());
  EXPECT_EQ(ip->dense_ordinals().size(), 400u);
  EXPECT_EQ(seg->vector_fields(), std::vector<std::string>{"emb"});
  EXPECT_EQ(emb->dimension(), 4u);
  for (uint32_t d = 0; d < docs.size(); ++d) {
    const auto& doc = docs[d];
    EXPECT_EQ(norms[d], codec::int_to_byte4(doc.inverted[0].length));
    EXPECT_EQ(*seg->source(d), doc.source);
    EXPECT_EQ(seg->id(d), doc.id);
    EXPECT_EQ(seg->routing(d), doc.routing);
    EXPECT_EQ(seg->find_id(doc.id), d);
    DocMeta m = seg->meta(d);
    EXPECT_EQ(m.seq_no, meta_for(d).seq_no);
    EXPECT_EQ(m.version, meta_for(d).version);
    std::vector<int64_t> nums, multis;
    for (const auto& v : doc.numerics) (v.field == "num" ? nums : multis).push_back(v.value);
    std::sort(multis.begin(), multis.end());
    ASSERT_EQ(num->value_count(d), nums.size());
    if (!nums.empty()) {
      EXPECT_EQ(num->value(d), nums[0]);
      EXPECT_EQ(num->dense_values()[d], nums[0]);
      EXPECT_GE(nums[0], num->min_value());
      EXPECT_LE(nums[0], num->max_value());
    }
    ASSERT_EQ(multi->value_count(d), multis.size());
    for (uint32_t i = 0; i < multis.size(); ++i) EXPECT_EQ(multi->value(d, i), multis[i]);
    ASSERT_EQ(price->value_count(d), doc.floatings.size());
    if (!doc.floatings.empty()) EXPECT_EQ(price->value(d), doc.floatings[0].value);
    std::set<std::string> tags;
    for (const auto& k : doc.keywords) tags.insert(k.value);
    ASSERT_EQ(kw->value_count(d), tags.size());
    uint32_t i = 0;
    for (const auto& t : tags) {
      uint32_t ord = kw->ordinal(d, i++);
      EXPECT_EQ(kw->lookup(ord), t);
      EXPECT_EQ(kw->find(t), ord);
    }
    EXPECT_EQ(ip->has_value(d), !doc.ips.empty());
    EXPECT_EQ(emb->has_vector(d), !doc.vectors.empty());
    if (!doc.vectors.empty()) {
      auto row = emb->vector(d);
      EXPECT_TRUE(std::equal(row.begin(), row.end(), doc.vectors[0].values.begin(), doc.vectors[0].values.end()));
    }
  }
  EXPECT_LT(kw->find("tag0"), kw->ordinal_count());
  EXPECT_EQ(kw->find("a"), -1);                     // before every tag
  EXPECT_EQ(kw->find("zzz"), -int64_t(kw->ordinal_count()) - 1);
  EXPECT_FALSE(seg->find_id("missing").has_value());
}

TEST(SegmentWriter, DeletedDocsGoToAnInitialLiveDocsGeneration) {
  TempDir tmp;
  std::mt19937 rng(1);
  SegmentWriter writer;
  auto first = random_doc(rng, 1);
  writer.add(first, meta_for(1));
  writer.add(random_doc(rng, 2), meta_for(2));
  writer.mark_deleted(0);
  writer.add(first, meta_for(3));  // same _id again: the update that replaced doc 0
  auto info = writer.write(tmp.path(), "_5");
  ASSERT_TRUE(info.is_ok());
  EXPECT_EQ(info->del_gen, 1u);
  EXPECT_EQ(info->del_count, 1u);
  EXPECT_EQ(info->files.back(), "_5_1.liv");
  auto live = LiveDocs::read(tmp.path() + "/_5_1.liv");
  ASSERT_TRUE(live.is_ok());
  EXPECT_FALSE((*live)->is_live(0));
  EXPECT_TRUE((*live)->is_live(1));
  auto seg = open_ok(tmp.path(), *info);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->doc_freq("_id", first.id), 2u);
  EXPECT_EQ(seg->find_id(first.id), 2u);  // the newest copy
}

TEST(SegmentWriter, EmptyBufferIsAnError) {
  TempDir tmp;
  SegmentWriter writer;
  EXPECT_EQ(writer.write(tmp.path(), "_0").status().kind(), ErrorKind::invalid_argument);
}

TEST(LiveDocs, CopyOnWriteAndRoundTrip) {
  TempDir tmp;
  LiveDocs a;
  EXPECT_EQ(a.deleted_count(), 0u);
  a.mark_deleted(3);
  a.mark_deleted(100000);
  LiveDocs b(a);
  b.mark_deleted(7);
  EXPECT_TRUE(a.is_live(7));
  EXPECT_FALSE(b.is_live(7));
  EXPECT_EQ(b.deleted_count(), 3u);
  std::string path = tmp.path() + "/_1_2.liv";
  ASSERT_TRUE(b.write(path).is_ok());
  auto back = LiveDocs::read(path);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ((*back)->deleted_count(), 3u);
  EXPECT_FALSE((*back)->is_live(100000));
  EXPECT_TRUE((*back)->is_live(4));
  auto bytes = *read_file(path);
  bytes[bytes.size() / 2] ^= 4;
  ASSERT_TRUE(write_file(path, bytes, false).is_ok());
  EXPECT_EQ(LiveDocs::read(path).status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(LiveDocs::read(tmp.path() + "/none.liv").status().kind(), ErrorKind::not_found);
}

TEST(Merge, ThreeSegmentsWithDeletionsEqualDirectWrite) {
  TempDir tmp;
  std::mt19937 rng(77);
  std::vector<MergeInput> inputs;
  SegmentWriter direct;
  uint32_t n = 0;
  for (int s = 0; s < 3; ++s) {
    SegmentWriter writer;
    auto live = std::make_shared<LiveDocs>();
    uint32_t count = 150 + 100 * s;
    std::vector<mapping::ParsedDocument> docs;
    for (uint32_t i = 0; i < count; ++i, ++n) {
      docs.push_back(random_doc(rng, n));
      writer.add(docs.back(), meta_for(n));
    }
    auto info = writer.write(tmp.path(), "_" + std::to_string(s));
    ASSERT_TRUE(info.is_ok());
    for (uint32_t i = 0; i < count; ++i) {
      bool deleted = s == 1 ? i % 3 == 0 : (s == 2 ? (i >= 20 && i < 160) : false);
      if (deleted) live->mark_deleted(i);
      else direct.add(docs[i], meta_for(n - count + i));
    }
    inputs.push_back({open_ok(tmp.path(), *info), s == 0 ? nullptr : live});
  }
  auto merged_info = merge_segments(inputs, tmp.path(), "_m");
  ASSERT_TRUE(merged_info.is_ok()) << merged_info.status().to_string();
  auto direct_info = direct.write(tmp.path(), "_d");
  ASSERT_TRUE(direct_info.is_ok());
  EXPECT_EQ(merged_info->max_doc, direct_info->max_doc);
  EXPECT_EQ(merged_info->min_seq_no, direct_info->min_seq_no);
  EXPECT_EQ(merged_info->max_seq_no, direct_info->max_seq_no);
  auto merged = open_ok(tmp.path(), *merged_info);
  auto expected = open_ok(tmp.path(), *direct_info);
  ASSERT_TRUE(merged && expected);
  auto a = dump_segment(*merged, nullptr);
  auto b = dump_segment(*expected, nullptr);
  EXPECT_EQ(a.field_stats, b.field_stats);
  EXPECT_EQ(a.postings.size(), b.postings.size());
  EXPECT_TRUE(a.postings == b.postings);
  EXPECT_EQ(a.norms, b.norms);
  EXPECT_EQ(a.doc_values, b.doc_values);
  EXPECT_EQ(a.sources, b.sources);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.routings, b.routings);
  EXPECT_EQ(a.metas, b.metas);
  EXPECT_EQ(a.vectors, b.vectors);
  // The inputs seen through their live docs dump the same content, concatenated.
  auto part = dump_segment(*inputs[1].segment, inputs[1].live_docs.get());
  EXPECT_EQ(std::vector<std::string>(a.ids.begin() + 150, a.ids.begin() + 150 + part.ids.size()), part.ids);
}

TEST(Merge, AllDeletedGivesAnEmptyInfo) {
  TempDir tmp;
  std::mt19937 rng(3);
  SegmentWriter writer;
  writer.add(random_doc(rng, 0), meta_for(0));
  auto info = writer.write(tmp.path(), "_0");
  ASSERT_TRUE(info.is_ok());
  auto live = std::make_shared<LiveDocs>();
  live->mark_deleted(0);
  auto merged = merge_segments({{open_ok(tmp.path(), *info), live}}, tmp.path(), "_1");
  ASSERT_TRUE(merged.is_ok());
  EXPECT_EQ(merged->max_doc, 0u);
  EXPECT_TRUE(merged->files.empty());
}

}  // namespace
}  // namespace pharos::segment
