#include "index/search/shard_search.h"

#include "index/search/block_max_wand.h"
#include "index/search/query_builder.h"
#include "index/search/top_docs_collector.h"

namespace pharos::search {

Result<TopDocsResult> search_top_docs(const std::vector<SegmentRef>& segments,
                                      const TopDocsRequest& request) {
  if (request.query == nullptr) return Status(ErrorKind::invalid_argument, "search request without a query");
  ShardContext shard(segments, request.stats, request.similarities);
  TopDocsCollector collector(request);
  const bool scores = collector.needs_scores();
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentRef& ref = segments[i];
    SegmentContext ctx{&shard, i, ref.segment, ref.doc_base};
    collector.set_segment(ref);
    if (collector.allows_skipping()) {
      // Block-max pruning where the query's shape allows it (same hits and scores, fewer docs scored).
      PHAROS_ASSIGN_OR_RETURN(auto pruning, build_block_max_scorer(*request.query, ctx));
      if (pruning) {
        pruning->score_segment(collector, ref);
        continue;
      }
    }
    PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(*request.query, ctx, 1.0f, scores));
    bool more = true;
    for (uint32_t d = it->next_doc(); more && d != kNoMoreDocs; d = it->next_doc()) {
      if (ref.live_docs != nullptr && !ref.live_docs->is_live(d)) continue;
      more = collector.collect(d, scores ? it->score() : 0.0f);
    }
    if (!more) break;
  }
  return std::move(collector).finish();
}

Status for_each_match(const std::vector<SegmentRef>& segments, const QueryNode& query, bool with_scores,
                      const std::map<std::string, SimilaritySpec>& similarities,
                      const std::function<void(size_t segment_index, uint32_t doc, float score)>& visit) {
  ShardContext shard(segments, nullptr, similarities);
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentRef& ref = segments[i];
    SegmentContext ctx{&shard, i, ref.segment, ref.doc_base};
    PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(query, ctx, 1.0f, with_scores));
    for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc()) {
      if (ref.live_docs != nullptr && !ref.live_docs->is_live(d)) continue;
      visit(i, d, with_scores ? it->score() : 0.0f);
    }
  }
  return Status::ok();
}

}  // namespace pharos::search
