#include "index/search/shard_context.h"

#include <algorithm>

namespace pharos::search {

uint64_t ShardContext::field_doc_count(const std::string& field) const {
  if (stats_ != nullptr) {
    auto it = stats_->field_doc_count.find(field);
    if (it != stats_->field_doc_count.end()) return it->second;
  }
  uint64_t total = 0;
  for (const SegmentRef& ref : segments_) {
    if (auto st = ref.segment->field_stats(field)) total += st->doc_count;
  }
  return total;
}

uint64_t ShardContext::field_sum_total_term_freq(const std::string& field) const {
  if (stats_ != nullptr) {
    auto it = stats_->field_sum_total_term_freq.find(field);
    if (it != stats_->field_sum_total_term_freq.end()) return it->second;
  }
  uint64_t total = 0;
  for (const SegmentRef& ref : segments_) {
    if (auto st = ref.segment->field_stats(field)) total += st->sum_total_term_freq;
  }
  return total;
}

uint64_t ShardContext::doc_freq(const std::string& field, const std::string& term) const {
  if (stats_ != nullptr) {
    std::string key = field;
    key.push_back('\0');
    key += term;
    auto it = stats_->term_doc_freq.find(key);
    if (it != stats_->term_doc_freq.end()) return it->second;
  }
  uint64_t total = 0;
  for (const SegmentRef& ref : segments_) total += ref.segment->doc_freq(field, term);
  return total;
}

const SimilaritySpec& ShardContext::similarity(const std::string& field) const {
  auto it = similarities_.find(field);
  return it == similarities_.end() ? default_similarity_ : it->second;
}

const ShardContext::FuzzyExpansion& ShardContext::fuzzy_expansion(const QueryNode& node) const {
  auto it = fuzzy_cache_.find(&node);
  if (it != fuzzy_cache_.end()) return it->second;
  std::map<std::string, float> unique;
  for (const SegmentRef& ref : segments_) {
    for (FuzzyTerm& t : expand_fuzzy_terms(*ref.segment, node)) unique.emplace(std::move(t.term), t.boost);
  }
  FuzzyExpansion out;
  for (auto& [term, boost] : unique) out.terms.push_back({term, boost});
  std::stable_sort(out.terms.begin(), out.terms.end(),
                   [](const FuzzyTerm& a, const FuzzyTerm& b) { return a.boost > b.boost; });
  if (node.max_expansions > 0 && out.terms.size() > node.max_expansions)
    out.terms.resize(node.max_expansions);
  std::sort(out.terms.begin(), out.terms.end(),
            [](const FuzzyTerm& a, const FuzzyTerm& b) { return a.term < b.term; });
  for (const FuzzyTerm& t : out.terms)
    out.blended_doc_freq = std::max(out.blended_doc_freq, doc_freq(node.field, t.term));
  return fuzzy_cache_.emplace(&node, std::move(out)).first->second;
}

}  // namespace pharos::search
