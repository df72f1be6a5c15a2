#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "index/codec/doc_values_format.h"
#include "index/codec/live_docs_format.h"
#include "index/codec/norms_format.h"
#include "index/codec/stored_fields_format.h"
#include "index/codec/vectors_format.h"

namespace pharos::codec {
namespace {

template <typename Reader>
Reader open_or_die(const std::string& bytes, const char* codec, uint32_t version, uint32_t max_doc) {
  auto v = verify(bytes, codec, version, "_3", "_3.x");
  EXPECT_TRUE(v.is_ok()) << v.status().to_string();
  auto r = Reader::open(*v, max_doc);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return std::move(r).value();
}

TEST(DocValues, RoundTripAllKinds) {
  const uint32_t max_doc = 3000;
  std::mt19937_64 rng(5);
  std::vector<std::vector<int64_t>> single(max_doc), multi(max_doc);
  std::vector<std::vector<double>> dbl(max_doc);
  std::vector<std::set<std::string>> kw(max_doc), kw_single(max_doc);
  DocValuesWriter w;
  for (uint32_t d = 0; d < max_doc; ++d) {
    if (rng() % 4) {
      single[d].push_back(static_cast<int64_t>(rng()));
      w.add_numeric("single", d, single[d][0]);
    }
    for (uint64_t i = 0, n = rng() % 4; i < n; ++i) {
      multi[d].push_back(static_cast<int64_t>(rng() % 100) - 50);
      w.add_numeric("multi", d, multi[d].back());
    }
    for (uint64_t i = 0, n = rng() % 3; i < n; ++i) {
      dbl[d].push_back(static_cast<double>(rng() % 1000) / 7.0 - 50);
      w.add_floating("dbl", d, dbl[d].back());
    }
    for (uint64_t i = 0, n = rng() % 4; i < n; ++i) {
      std::string v = "v" + std::to_string(rng() % 50);
      kw[d].insert(v);
      w.add_sorted("kw", d, v);
    }
    if (rng() % 3) {
      std::string v = "s" + std::to_string(rng() % 10);
      kw_single[d].insert(v);
      w.add_sorted("kw_single", d, v);
      w.add_sorted("kw_single", d, v);  // a repeated value collapses: sets hold each once
    }
  }
  std::string file = w.finish("_3", max_doc);
  auto r = open_or_die<DocValuesReader>(file, kDocValuesCodec, kDocValuesVersion, max_doc);
  const DocValuesColumn* s = r.column(DocValuesKind::numeric, "single");
  const DocValuesColumn* m = r.column(DocValuesKind::numeric, "multi");
  const DocValuesColumn* f = r.column(DocValuesKind::floating, "dbl");
  const DocValuesColumn* k = r.column(DocValuesKind::sorted_set, "kw");
  const DocValuesColumn* ks = r.column(DocValuesKind::sorted_set, "kw_single");
  ASSERT_TRUE(s && m && f && k && ks);
  EXPECT_EQ(r.column(DocValuesKind::floating, "single"), nullptr);
  EXPECT_TRUE(s->single);
  EXPECT_FALSE(m->single);
  EXPECT_FALSE(f->single);
  EXPECT_FALSE(k->single);
  EXPECT_TRUE(ks->single);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(s->ints) % 8, 0u);
  int64_t mn = INT64_MAX, mx = INT64_MIN;
  for (uint32_t d = 0; d < max_doc; ++d) {
    ASSERT_EQ(s->count(d), single[d].size());
    if (!single[d].empty()) {
      EXPECT_EQ(s->ints[d], single[d][0]);
      mn = std::min(mn, single[d][0]);
      mx = std::max(mx, single[d][0]);
    }
    std::sort(multi[d].begin(), multi[d].end());
    ASSERT_EQ(m->count(d), multi[d].size());
    for (size_t i = 0; i < multi[d].size(); ++i) EXPECT_EQ(m->ints[m->first(d) + i], multi[d][i]);
    std::sort(dbl[d].begin(), dbl[d].end());
    ASSERT_EQ(f->count(d), dbl[d].size());
    for (size_t i = 0; i < dbl[d].size(); ++i) EXPECT_EQ(f->doubles[f->first(d) + i], dbl[d][i]);
    ASSERT_EQ(k->count(d), kw[d].size());
    size_t i = 0;
    for (const auto& v : kw[d]) EXPECT_EQ(k->dict_value(k->ords[k->first(d) + i++]), v);
    ASSERT_EQ(ks->count(d), kw_single[d].size());
    if (kw_single[d].empty()) EXPECT_EQ(ks->ords[d], kNoOrdinalCodec);
    else EXPECT_EQ(ks->dict_value(ks->ords[d]), *kw_single[d].begin());
  }
  EXPECT_EQ(s->min, mn);
  EXPECT_EQ(s->max, mx);
  EXPECT_EQ(k->dict_count, 50u);
  for (uint32_t o = 1; o < k->dict_count; ++o) EXPECT_LT(k->dict_value(o - 1), k->dict_value(o));
}

TEST(StoredFields, RoundTrip) {
  std::mt19937 rng(9);
  StoredFieldsWriter w;
  std::vector<std::string> sources, ids, routings;
  const uint32_t n = 700;
  for (uint32_t d = 0; d < n; ++d) {
    // Mostly small docs, some larger than a block, some empty.
    size_t len = d % 97 == 0 ? 70000 : (d % 13 == 0 ? 0 : rng() % 800);
    std::string src;
    for (size_t i = 0; i < len; ++i) src.push_back(static_cast<char>('a' + rng() % 26));
    sources.push_back(src);
    ids.push_back("id-" + std::to_string(d * 31));
    routings.push_back(d % 5 == 0 ? "r" + std::to_string(d) : "");
    w.add(sources.back(), ids.back(), routings.back(), {int64_t(d) * 2, 3, int64_t(d) + 1});
  }
  std::string file = w.finish("_3");
  auto r = open_or_die<StoredFieldsReader>(file, kStoredFieldsCodec, kStoredFieldsVersion, n);
  for (uint32_t d = 0; d < n; ++d) {
    auto src = r.source(d);
    ASSERT_TRUE(src.is_ok()) << src.status().to_string();
    ASSERT_EQ(*src, sources[d]) << d;
    EXPECT_EQ(r.id(d), ids[d]);
    EXPECT_EQ(r.routing(d), routings[d]);
    StoredMeta m = r.meta(d);
    EXPECT_EQ(m.seq_no, int64_t(d) * 2);
    EXPECT_EQ(m.primary_term, 3);
    EXPECT_EQ(m.version, int64_t(d) + 1);
  }
  EXPECT_FALSE(r.source(n).is_ok());
  size_t raw = 0;
  for (const auto& s : sources) raw += s.size();
  EXPECT_LT(file.size(), raw * 7 / 10);  // random letters: entropy coding alone saves ~40%
}

TEST(Vectors, RoundTrip) {
  VectorsWriter w;
  const uint32_t n = 100;
  for (uint32_t d = 0; d < n; d += 3) {
    std::vector<float> v = {float(d), float(d) + 0.5f, -float(d)};
    w.add("emb", d, v);
    w.add("emb", d, v);                 // second vector for the same doc: ignored
    std::vector<float> wrong = {1.0f};  // wrong dimension: ignored
    w.add("emb", d + 1, wrong);
  }
  std::string file = w.finish("_3", n);
  auto r = open_or_die<VectorsReader>(file, kVectorsCodec, kVectorsVersion, n);
  const VectorColumn* c = r.field("emb");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->dimension, 3u);
  for (uint32_t d = 0; d < n; ++d) {
    ASSERT_EQ(c->has(d), d % 3 == 0) << d;
    auto row = c->row(d);
    if (d % 3 == 0) {
      ASSERT_EQ(row.size(), 3u);
      EXPECT_EQ(row[0], float(d));
      EXPECT_EQ(row[1], float(d) + 0.5f);
      EXPECT_EQ(row[2], -float(d));
    } else {
      EXPECT_TRUE(row.empty());
    }
  }
}

TEST(Norms, RoundTrip) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> fields = {{"a", {1, 2, 3}}, {"b", {0, 0, 255}}};
  std::string file = write_norms_file("_3", 3, fields);
  auto r = open_or_die<NormsReader>(file, kNormsCodec, kNormsVersion, 3);
  ASSERT_NE(r.field("a"), nullptr);
  EXPECT_EQ(r.field("a")[2], 3);
  EXPECT_EQ(r.field("b")[2], 255);
  EXPECT_EQ(r.field("c"), nullptr);
  auto v = verify(file, kNormsCodec, kNormsVersion, "_3", "_3.nrm");
  EXPECT_FALSE(NormsReader::open(*v, 4).is_ok());  // max_doc mismatch is corruption
}

TEST(LiveDocs, EncodeDecode) {
  roaring_bitmap_t* b = roaring_bitmap_create();
  for (uint32_t d : {1u, 5u, 70000u, 123456u}) roaring_bitmap_add(b, d);
  std::string file = encode_live_docs(b);
  auto back = decode_live_docs(file, "_1_1.liv");
  ASSERT_TRUE(back.is_ok());
  EXPECT_TRUE(roaring_bitmap_equals(b, *back));
  roaring_bitmap_free(*back);
  for (size_t i = 0; i < file.size(); ++i) {
    std::string bad = file;
    bad[i] ^= 1;
    EXPECT_EQ(decode_live_docs(bad, "x").status().kind(), ErrorKind::corrupt);
  }
  EXPECT_FALSE(decode_live_docs(std::string_view(file).substr(0, file.size() - 1), "x").is_ok());
  roaring_bitmap_free(b);
}

}  // namespace
}  // namespace pharos::codec
