#include "index/search/count_matches.h"

#include <algorithm>
#include <bit>

#include "index/search/query_builder.h"

namespace pharos::search {

namespace {

// Lucene's TermWeight.count(): with no deletions a term's matches are its doc freq.
bool is_plain_term(const QueryNode& query) { return query.kind == QueryKind::term && !query.terms.empty(); }

// A should-only bool of terms (match with operator or): a doc matches when any term does.
bool is_term_disjunction(const QueryNode& query) {
  return query.kind == QueryKind::boolean && query.must.empty() && query.filter.empty() &&
         query.must_not.empty() && !query.should.empty() && query.minimum_should_match <= 1 &&
         std::all_of(query.should.begin(), query.should.end(), is_plain_term);
}

// Union of the terms' postings in a bitset, then a popcount: no per-doc merge of iterators.
uint64_t count_term_disjunction(const SegmentRef& ref, const QueryNode& query) {
  std::vector<uint64_t> words((ref.segment->max_doc() + 63) / 64, 0);
  for (const QueryNode& term : query.should) {
    auto postings = ref.segment->postings(term.field, term.terms[0]);
    if (!postings) continue;
    for (uint32_t d = postings->next_doc(); d != kNoMoreDocs; d = postings->next_doc()) {
      words[d >> 6] |= uint64_t{1} << (d & 63);
    }
  }
  uint64_t total = 0;
  for (size_t w = 0; w < words.size(); ++w) {
    if (ref.live_docs == nullptr) {
      total += static_cast<uint64_t>(std::popcount(words[w]));
      continue;
    }
    for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
      total += ref.live_docs->is_live(static_cast<uint32_t>(w * 64 + std::countr_zero(bits)));
    }
  }
  return total;
}

}  // namespace

Result<uint64_t> count_matches(const std::vector<SegmentRef>& segments, const QueryNode& query) {
  static const std::map<std::string, SimilaritySpec> kNoSimilarities;
  ShardContext shard(segments, nullptr, kNoSimilarities);
  uint64_t total = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentRef& ref = segments[i];
    if (ref.live_docs == nullptr && is_plain_term(query)) {
      total += ref.segment->doc_freq(query.field, query.terms[0]);
      continue;
    }
    if (is_term_disjunction(query)) {
      total += count_term_disjunction(ref, query);
      continue;
    }
    SegmentContext ctx{&shard, i, ref.segment, ref.doc_base};
    PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(query, ctx, 1.0f, false));
    if (ref.live_docs == nullptr) {
      for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc()) ++total;
    } else {
      for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc())
        total += ref.live_docs->is_live(d);
    }
  }
  return total;
}

}  // namespace pharos::search
