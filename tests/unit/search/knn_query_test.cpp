// The knn query's shard execution on real segments: the shard's top k over several segments
// (docs without vectors, deleted docs), the filter applied before the top k, radial search,
// boost, and composition inside bool; checked against a brute force written out here. The
// segments' indexes are the vector module's exact index (what the engine serves before an ANN
// index is built).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "index/mapping/parsed_document.h"
#include "index/search/shard_search.h"
#include "index/segment/segment_writer.h"

namespace pharos::search {
namespace {

constexpr uint32_t kDim = 4;

struct Doc {
  std::vector<float> vec;  // empty = no vector
  std::string tag;
  bool deleted = false;
};

// A segment's vectors as the engine would expose them, served by the exact index.
class ExactSegmentVectors final : public vector::SegmentVectorIndexes {
 public:
  explicit ExactSegmentVectors(const segment::Segment& segment) {
    const segment::VectorValues* values = segment.vectors("vec");
    for (uint32_t doc = 0; values && doc < segment.max_doc(); ++doc) {
      if (!values->has_vector(doc)) continue;
      auto row = values->vector(doc);
      rows_.insert(rows_.end(), row.begin(), row.end());
      docs_.push_back(doc);
    }
    vector::VectorSet set{rows_.data(), kDim, static_cast<uint32_t>(docs_.size()), docs_.data()};
    vector::MethodSpec spec;
    spec.kind = vector::MethodKind::flat;
    spec.dimension = kDim;
    index_ = vector::make_flat_index(spec, set);
  }
  Result<std::shared_ptr<const vector::VectorIndex>> index_for(std::string_view field, bool) const override {
    if (field != "vec" || docs_.empty()) return std::shared_ptr<const vector::VectorIndex>();
    return std::shared_ptr<const vector::VectorIndex>(index_.get(), [](const vector::VectorIndex*) {});
  }

 private:
  std::vector<float> rows_;
  std::vector<uint32_t> docs_;
  std::unique_ptr<vector::VectorIndex> index_;
};

class KnnShard {
 public:
  KnnShard(const std::vector<Doc>& docs, const std::vector<uint32_t>& sizes) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pharos_knn_XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    uint32_t next = 0;
    for (size_t s = 0; s < sizes.size(); ++s) {
      segment::SegmentWriter writer;
      auto live = std::make_unique<segment::LiveDocs>();
      for (uint32_t i = 0; i < sizes[s]; ++i) {
        const Doc& d = docs[next + i];
        mapping::ParsedDocument p;
        p.id = std::to_string(next + i);
        p.source = "{}";
        mapping::InvertedField tag;
        tag.field = "tag";
        tag.index_positions = false;
        tag.has_norms = false;
        tag.postings.push_back({d.tag, 0, 0, 0});
        tag.length = 1;
        p.inverted.push_back(std::move(tag));
        if (!d.vec.empty()) p.vectors.push_back({"vec", d.vec});
        writer.add(p, {static_cast<int64_t>(next + i), 1, 1});
        if (d.deleted) live->mark_deleted(i);
      }
      auto info = writer.write(dir_, "_" + std::to_string(s));
      EXPECT_TRUE(info.is_ok());
      auto seg = segment::Segment::open(dir_, *info);
      EXPECT_TRUE(seg.is_ok());
      segments_.push_back(*seg);
      vectors_.push_back(std::make_unique<ExactSegmentVectors>(*segments_.back()));
      refs_.push_back({segments_.back().get(), live.get(), next, vectors_.back().get()});
      live_.push_back(std::move(live));
      next += sizes[s];
    }
  }
  ~KnnShard() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::vector<SegmentRef>& refs() const { return refs_; }

 private:
  std::string dir_;
  std::vector<std::shared_ptr<segment::Segment>> segments_;
  std::vector<std::unique_ptr<segment::LiveDocs>> live_;
  std::vector<std::unique_ptr<ExactSegmentVectors>> vectors_;
  std::vector<SegmentRef> refs_;
};

std::vector<Doc> random_docs(std::mt19937& rng, uint32_t n) {
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<Doc> docs(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (rng() % 7 != 0) {
      for (uint32_t j = 0; j < kDim; ++j) docs[i].vec.push_back(value(rng));
    }
    docs[i].tag = rng() % 2 ? "a" : "b";
    docs[i].deleted = rng() % 9 == 0;
  }
  return docs;
}

float l2_score(const std::vector<float>& a, const std::vector<float>& b) {
  float d = 0;
  for (size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return 1.0f / (1.0f + d);
}

// Live docs with a vector passing `accept`, best first (ties by doc).
std::vector<std::pair<uint32_t, float>> brute_force(const std::vector<Doc>& docs, const std::vector<float>& q,
                                                    const std::function<bool(const Doc&)>& accept) {
  std::vector<std::pair<uint32_t, float>> out;
  for (uint32_t i = 0; i < docs.size(); ++i) {
    if (docs[i].vec.empty() || docs[i].deleted || !accept(docs[i])) continue;
    out.emplace_back(i, l2_score(docs[i].vec, q));
  }
  std::sort(out.begin(), out.end(),
            [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  return out;
}

QueryNode knn_node(const std::vector<float>& q, uint32_t k) {
  QueryNode n;
  n.kind = QueryKind::knn;
  n.field = "vec";
  n.knn.vector = q;
  n.knn.k = k;
  n.knn.space = "l2";
  return n;
}

std::vector<std::pair<uint32_t, float>> run(const KnnShard& shard, const QueryNode& q, uint32_t size = 100) {
  TopDocsRequest request;
  request.query = &q;
  request.k = size;
  auto result = search_top_docs(shard.refs(), request);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  std::vector<std::pair<uint32_t, float>> out;
  for (const auto& d : result->docs) out.emplace_back(d.doc, d.score);
  return out;
}

void expect_same(const std::vector<std::pair<uint32_t, float>>& got,
                 const std::vector<std::pair<uint32_t, float>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, want[i].first) << "rank " << i;
    EXPECT_NEAR(got[i].second, want[i].second, 1e-5) << "rank " << i;
  }
}

class KnnQueryTest : public ::testing::Test {
 protected:
  std::mt19937 rng_{42};
  std::vector<Doc> docs_ = random_docs(rng_, 300);
  KnnShard shard_{docs_, {120, 30, 150}};
  std::vector<float> query_{0.1f, -0.2f, 0.3f, 0.0f};
};

TEST_F(KnnQueryTest, ShardTopKAcrossSegmentsSkipsDeletedAndVectorlessDocs) {
  auto want = brute_force(docs_, query_, [](const Doc&) { return true; });
  want.resize(10);
  expect_same(run(shard_, knn_node(query_, 10)), want);
}

TEST_F(KnnQueryTest, FilterRestrictsCandidatesBeforeTopK) {
  QueryNode q = knn_node(query_, 7);
  QueryNode filter;
  filter.kind = QueryKind::term;
  filter.field = "tag";
  filter.terms = {"b"};
  q.filter.push_back(filter);
  auto want = brute_force(docs_, query_, [](const Doc& d) { return d.tag == "b"; });
  want.resize(7);
  expect_same(run(shard_, q), want);
}

TEST_F(KnnQueryTest, RadialSearchReturnsEveryDocWithinTheDistance) {
  auto all = brute_force(docs_, query_, [](const Doc&) { return true; });
  const float min_score = all[20].second;  // 21 docs at or above this score
  QueryNode by_score = knn_node(query_, 0);
  by_score.knn.min_score = min_score;
  auto got = run(shard_, by_score);
  std::vector<std::pair<uint32_t, float>> want(all.begin(), all.begin() + 21);
  expect_same(got, want);
  QueryNode by_distance = knn_node(query_, 0);
  by_distance.knn.max_distance = 1.0f / min_score - 1.0f + 1e-6f;
  expect_same(run(shard_, by_distance), want);
}

TEST_F(KnnQueryTest, ComposesInsideBoolWithBoost) {
  QueryNode knn = knn_node(query_, 15);
  knn.boost = 3.0f;
  QueryNode filter;
  filter.kind = QueryKind::term;
  filter.field = "tag";
  filter.terms = {"a"};
  QueryNode q;
  q.kind = QueryKind::boolean;
  q.must.push_back(knn);
  q.filter.push_back(filter);
  // The shard's top 15 first, then the bool filter: only the "a" docs among them remain.
  auto top = brute_force(docs_, query_, [](const Doc&) { return true; });
  top.resize(15);
  std::vector<std::pair<uint32_t, float>> want;
  for (auto [doc, score] : top)
    if (docs_[doc].tag == "a") want.emplace_back(doc, score * 3.0f);
  expect_same(run(shard_, q), want);
}

TEST_F(KnnQueryTest, PaginationSeesTheSameShardTopK) {
  auto full = run(shard_, knn_node(query_, 12), 12);
  auto first = run(shard_, knn_node(query_, 12), 5);
  ASSERT_EQ(full.size(), 12u);
  expect_same(first, std::vector<std::pair<uint32_t, float>>(full.begin(), full.begin() + 5));
}

}  // namespace
}  // namespace pharos::search
