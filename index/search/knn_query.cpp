#include "index/search/knn_query.h"

#include <algorithm>
#include <cmath>

#include "index/search/query_builder.h"

namespace pharos::search {
namespace {

struct Candidate {
  size_t segment = 0;
  uint32_t doc = 0;
  float score = 0.0f;
};

// Docs a segment's k-NN may return: the filter's matches that are live (every live doc with no
// filter). nullopt = every doc (no filter, no deletions).
Result<std::optional<DocBitset>> allowed_docs(const QueryNode& node, const ShardContext& shard, size_t i,
                                              uint64_t& cardinality) {
  const SegmentRef& ref = shard.segments()[i];
  const uint32_t max_doc = ref.segment->max_doc();
  cardinality = max_doc;
  if (node.filter.empty() && ref.live_docs == nullptr) return std::optional<DocBitset>();
  DocBitset bits(max_doc);
  cardinality = 0;
  auto keep = [&](uint32_t doc) {
    if (ref.live_docs != nullptr && !ref.live_docs->is_live(doc)) return;
    bits.set(doc);
    ++cardinality;
  };
  if (node.filter.empty()) {
    for (uint32_t doc = 0; doc < max_doc; ++doc) keep(doc);
  } else {
    SegmentContext ctx{&shard, i, ref.segment, ref.doc_base};
    PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(node.filter[0], ctx, 1.0f, false));
    for (uint32_t doc = it->next_doc(); doc != kNoMoreDocs; doc = it->next_doc()) keep(doc);
  }
  return std::optional<DocBitset>(std::move(bits));
}

// Re-scores ANN candidates with the exact distances of the stored fp32 vectors (rescore).
Result<std::vector<vector::Neighbor>> rescore_exactly(const SegmentRef& ref, const QueryNode& node,
                                                      const std::vector<vector::Neighbor>& candidates,
                                                      uint32_t k) {
  PHAROS_ASSIGN_OR_RETURN(auto exact, ref.vectors->index_for(node.field, true));
  if (!exact || candidates.empty()) return candidates;
  DocBitset bits(ref.segment->max_doc());
  for (const auto& c : candidates) bits.set(c.doc);
  vector::DocFilter filter{[&bits](uint32_t doc) { return bits.get(doc); }, candidates.size()};
  vector::SearchParams params;
  params.k = std::min<uint32_t>(k, static_cast<uint32_t>(candidates.size()));
  params.filter = &filter;
  params.exact = true;
  return exact->search(node.knn.vector.data(), params);
}

Status search_segment(const QueryNode& node, const ShardContext& shard, size_t i,
                      std::vector<Candidate>& out) {
  const SegmentRef& ref = shard.segments()[i];
  const KnnParams& p = node.knn;
  PHAROS_ASSIGN_OR_RETURN(auto index, ref.vectors->index_for(node.field, p.exact));
  if (!index) return Status::ok();
  const vector::SpaceType space = index->spec().space;
  uint64_t cardinality = 0;
  PHAROS_ASSIGN_OR_RETURN(std::optional<DocBitset> allowed, allowed_docs(node, shard, i, cardinality));
  if (allowed && cardinality == 0) return Status::ok();
  vector::DocFilter filter;
  if (allowed) filter = {[&allowed](uint32_t doc) { return allowed->get(doc); }, cardinality};
  vector::SearchParams params;
  params.filter = allowed ? &filter : nullptr;
  params.ef_search = p.ef_search;
  params.nprobes = p.nprobes;
  params.exact = p.exact;
  const bool rescore = p.k > 0 && p.oversample_factor > 0.0f && !p.exact;
  if (p.k > 0) {
    double wanted = rescore ? std::ceil(static_cast<double>(p.k) * p.oversample_factor) : p.k;
    params.k = static_cast<uint32_t>(std::clamp(wanted, 1.0, 1e6));
  } else if (p.max_distance) {
    params.max_distance = p.max_distance;
  } else if (p.min_score) {
    std::optional<float> bound = vector::distance_from_score(space, *p.min_score);
    if (!bound) return Status::ok();  // no distance reaches this score
    params.max_distance = bound;
  }
  std::vector<vector::Neighbor> neighbors = index->search(p.vector.data(), params);
  if (rescore) {
    PHAROS_ASSIGN_OR_RETURN(neighbors, rescore_exactly(ref, node, neighbors, p.k));
  }
  for (const auto& n : neighbors) {
    float score = vector::score_from_distance(space, n.distance);
    if (p.min_score && score < *p.min_score) continue;  // float rounding at the radius
    if (!std::isfinite(score)) continue;
    out.push_back(Candidate{i, n.doc, score});
  }
  return Status::ok();
}

Result<std::shared_ptr<const KnnShardHits>> compute_hits(const QueryNode& node, const ShardContext& shard) {
  const auto& segments = shard.segments();
  std::vector<Candidate> all;
  bool counted = false;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].vectors == nullptr) continue;
    if (!counted) segments[i].vectors->count_query();
    counted = true;
    PHAROS_RETURN_IF_ERROR(search_segment(node, shard, i, all));
  }
  auto better = [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.segment != b.segment ? a.segment < b.segment : a.doc < b.doc;
  };
  if (node.knn.k > 0 && all.size() > node.knn.k) {
    std::partial_sort(all.begin(), all.begin() + node.knn.k, all.end(), better);
    all.resize(node.knn.k);
  }
  auto hits = std::make_shared<KnnShardHits>();
  hits->per_segment.resize(segments.size());
  for (const Candidate& c : all) hits->per_segment[c.segment].emplace_back(c.doc, c.score);
  for (auto& docs : hits->per_segment) std::sort(docs.begin(), docs.end());
  return std::shared_ptr<const KnnShardHits>(std::move(hits));
}

// The hits of one segment as a scorer.
class KnnHitsIterator final : public DocIterator {
 public:
  KnnHitsIterator(std::shared_ptr<const KnnShardHits> hits, size_t segment, float boost)
      : hits_(std::move(hits)), docs_(hits_->per_segment[segment]), boost_(boost) {}
  uint32_t doc() const override { return doc_; }
  uint32_t next_doc() override {
    if (doc_ != kUnpositioned) ++pos_;
    return doc_ = pos_ < docs_.size() ? docs_[pos_].first : kNoMoreDocs;
  }
  uint32_t advance(uint32_t target) override {
    if (doc_ != kUnpositioned && doc_ != kNoMoreDocs && doc_ >= target) return doc_;
    if (doc_ == kNoMoreDocs) return doc_;
    while (pos_ < docs_.size() && docs_[pos_].first < target) ++pos_;
    return doc_ = pos_ < docs_.size() ? docs_[pos_].first : kNoMoreDocs;
  }
  float score() override { return docs_[pos_].second * boost_; }
  uint64_t cost() const override { return docs_.size(); }

 private:
  std::shared_ptr<const KnnShardHits> hits_;
  const std::vector<std::pair<uint32_t, float>>& docs_;
  float boost_;
  size_t pos_ = 0;
  uint32_t doc_ = kUnpositioned;
};

}  // namespace

Result<std::shared_ptr<const KnnShardHits>> knn_shard_hits(const QueryNode& node, const ShardContext& shard) {
  auto& cache = shard.knn_cache();
  if (auto it = cache.find(&node); it != cache.end()) return it->second;
  PHAROS_ASSIGN_OR_RETURN(auto hits, compute_hits(node, shard));
  cache.emplace(&node, hits);
  return hits;
}

Result<std::unique_ptr<DocIterator>> build_knn_iterator(const QueryNode& node, const SegmentContext& ctx,
                                                        float boost) {
  PHAROS_ASSIGN_OR_RETURN(auto hits, knn_shard_hits(node, *ctx.shard));
  if (ctx.index >= hits->per_segment.size()) {
    return Status(ErrorKind::internal, "knn hits computed for another segment list");
  }
  return std::unique_ptr<DocIterator>(std::make_unique<KnnHitsIterator>(std::move(hits), ctx.index, boost));
}

}  // namespace pharos::search
