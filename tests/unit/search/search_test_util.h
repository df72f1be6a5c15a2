// Test fixtures for index/search: a shard of real segments built from a simple document model,
// and a brute-force reference evaluator (matching + Lucene BM25 written out plainly).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "index/search/shard_search.h"
#include "index/segment/live_docs.h"
#include "index/segment/segment.h"

namespace pharos::search::testing {

struct ModelDoc {
  std::string id;
  std::vector<std::string> body;  // text tokens, positions 0..n-1
  std::vector<std::string> tags;  // keyword: postings without norms/positions + doc values
  std::vector<int64_t> nums;      // numeric doc values "num"
  std::vector<double> prices;     // floating doc values "price"
  bool deleted = false;
};

std::vector<ModelDoc> random_docs(std::mt19937& rng, uint32_t count, uint32_t vocabulary);

// Writes `docs` as consecutive segments of the given sizes; deleted docs go to LiveDocs.
class TestShard {
 public:
  TestShard(const std::vector<ModelDoc>& docs, const std::vector<uint32_t>& segment_sizes);
  ~TestShard();
  const std::vector<SegmentRef>& refs() const { return refs_; }

 private:
  std::string dir_;
  std::vector<std::shared_ptr<segment::Segment>> segments_;
  std::vector<std::unique_ptr<segment::LiveDocs>> live_;
  std::vector<SegmentRef> refs_;
};

// Lucene's BM25 spelled out: float32 at each step in BM25Similarity's order.
float reference_bm25(float freq, uint32_t length, uint64_t doc_freq, uint64_t doc_count, uint64_t sum_ttf,
                     float boost, float k1 = 1.2f, float b = 0.75f);

// Brute-force evaluation of `q` on doc `d` of `docs` (shard stats over all docs, deleted
// included, as Lucene). nullopt = no match. Supports the kinds the random tests use.
std::optional<float> reference_eval(const QueryNode& q, const std::vector<ModelDoc>& docs, size_t d,
                                    float boost = 1.0f);

// All live matches sorted by score desc, doc asc.
std::vector<ScoredDoc> reference_top(const QueryNode& q, const std::vector<ModelDoc>& docs);

QueryNode term_query(const std::string& field, const std::string& term, float boost = 1.0f);

}  // namespace pharos::search::testing
