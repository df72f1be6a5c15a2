#include "index/search/block_max_wand.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "index/search/query_builder.h"
#include "index/search/term_scorer.h"
#include "index/search/top_docs_collector.h"

namespace pharos::search {

namespace {

// A doc whose score bound (a double sum of float bounds) is `bound` cannot enter the top k when
// even the next float above the rounded bound does not beat the threshold: the real score is
// the same kind of double sum (other order, fewer terms) rounded once, so it differs from the
// bound's rounding by at most one ulp. Ties lose (a later doc never beats an equal score).
// A bound summed in the same clause order as the real score is exact (float/double rounding is
// monotone, so each partial sum of bounds is >= the real partial sum): no margin is needed.
inline bool cannot_compete_exact(double ordered_bound, float threshold) {
  return static_cast<float>(ordered_bound) <= threshold;
}

inline bool cannot_compete(double bound, float threshold) {
  float rounded = static_cast<float>(bound);
  return rounded < threshold && std::nextafter(rounded, std::numeric_limits<float>::infinity()) <= threshold;
}

struct Clause {
  std::unique_ptr<TermScorer> scorer;
  size_t order = 0;        // position in the bool, the order scores are summed in
  float block_max = 0.0f;  // upper bound of the clause's score in the current window
  float score = 0.0f;      // score at the current candidate (when matched)
  bool matched = false;
};

// Upper bound of `clause`'s score over the postings block holding `target`; also returns the
// block's last doc.
uint32_t shallow_block_bound(Clause& clause, uint32_t target) {
  segment::PostingsIterator& postings = clause.scorer->postings();
  uint32_t last = postings.block_last_doc(target);
  segment::Impact impact = postings.block_max_impact();
  clause.block_max =
      impact.freq == 0 ? 0.0f : clause.scorer->bm25().score(static_cast<float>(impact.freq), impact.norm);
  return last;
}

// Sum of matched clause scores in bool order, exactly BooleanIterator's double accumulation.
float exact_sum(const std::vector<Clause>& clauses) {
  double sum = 0.0;
  for (const Clause& c : clauses) {
    if (c.matched) sum += c.score;
  }
  return static_cast<float>(sum);
}

class Scorer : public BlockMaxScorer {
 public:
  Scorer(std::vector<Clause> clauses, uint32_t max_doc) : clauses_(std::move(clauses)), max_doc_(max_doc) {
    std::sort(clauses_.begin(), clauses_.end(),
              [](const Clause& a, const Clause& b) { return a.order < b.order; });
  }

 protected:
  // The window [from, return value]: up to the nearest block end among live clauses, so each
  // clause has one block (one bound) inside it. Sets each clause's block_max.
  uint32_t window_end(uint32_t from) {
    uint32_t end = max_doc_ - 1;
    for (Clause& c : clauses_) {
      if (c.scorer->doc() == kNoMoreDocs) {
        c.block_max = 0.0f;
        continue;
      }
      end = std::min(end, shallow_block_bound(c, from));
    }
    return end;
  }

  void offer(TopDocsCollector& collector, const SegmentRef& segment, uint32_t doc, float score) {
    if (segment.live_docs != nullptr && !segment.live_docs->is_live(doc)) return;
    collector.collect(doc, score);
  }

  std::vector<Clause> clauses_;
  uint32_t max_doc_;
};

// Disjunction: block-max MaxScore.
class MaxScoreDisjunction final : public Scorer {
 public:
  using Scorer::Scorer;

  void score_segment(TopDocsCollector& collector, const SegmentRef& segment) override {
    for (Clause& c : clauses_) c.scorer->next_doc();
    by_bound_.resize(clauses_.size());
    prefix_bound_.resize(clauses_.size() + 1);
    uint32_t from = 0;
    while (from < max_doc_ && any_left()) {
      uint32_t end = window_end(from);
      score_window(collector, segment, from, end);
      if (end >= max_doc_ - 1) break;
      from = end + 1;
    }
  }

 private:
  bool any_left() const {
    return std::any_of(clauses_.begin(), clauses_.end(),
                       [](const Clause& c) { return c.scorer->doc() != kNoMoreDocs; });
  }

  // Orders clauses by block bound and returns how many form the non-essential prefix.
  size_t partition(float threshold) {
    for (size_t i = 0; i < clauses_.size(); ++i) by_bound_[i] = &clauses_[i];
    std::sort(by_bound_.begin(), by_bound_.end(),
              [](const Clause* a, const Clause* b) { return a->block_max < b->block_max; });
    prefix_bound_[0] = 0.0;
    size_t non_essential = 0;
    for (size_t i = 0; i < by_bound_.size(); ++i) {
      prefix_bound_[i + 1] = prefix_bound_[i] + by_bound_[i]->block_max;
      if (non_essential == i && compete_check(prefix_bound_[i + 1], threshold)) non_essential = i + 1;
    }
    return non_essential;
  }

  void score_window(TopDocsCollector& collector, const SegmentRef& segment, uint32_t from, uint32_t end) {
    float threshold = collector.skip_threshold();
    size_t non_essential = partition(threshold);
    if (non_essential == by_bound_.size()) return;  // nothing in this window can compete
    uint32_t doc = from;
    while (true) {
      doc = next_candidate(non_essential, doc);
      if (doc > end) return;
      bool collected = score_candidate(collector, segment, doc, non_essential, threshold);
      ++doc;
      if (!collected) continue;
      // A risen threshold may turn more clauses non-essential for the rest of the window.
      float now = collector.skip_threshold();
      if (now != threshold) {
        threshold = now;
        non_essential = partition(threshold);
        if (non_essential == by_bound_.size()) return;
      }
    }
  }

  uint32_t next_candidate(size_t non_essential, uint32_t target) {
    uint32_t best = kNoMoreDocs;
    for (size_t i = non_essential; i < by_bound_.size(); ++i) {
      TermScorer& s = *by_bound_[i]->scorer;
      uint32_t d = s.doc();
      if (d < target) d = d + 1 == target ? s.next_doc() : s.advance(target);
      best = std::min(best, d);
    }
    return best;
  }

  // Returns whether the doc was offered to the collector.
  bool score_candidate(TopDocsCollector& collector, const SegmentRef& segment, uint32_t doc,
                       size_t non_essential, float threshold) {
    if (segment.live_docs != nullptr && !segment.live_docs->is_live(doc)) return false;
    double partial = 0.0;
    for (size_t i = non_essential; i < by_bound_.size(); ++i) {
      Clause& c = *by_bound_[i];
      c.matched = c.scorer->doc() == doc;
      if (c.matched) {
        c.score = c.scorer->score();
        partial += c.score;
      }
    }
    // Probe non-essential clauses, largest bound first, while the doc can still compete.
    for (size_t i = non_essential; i-- > 0;) {
      Clause& c = *by_bound_[i];
      c.matched = false;
    }
    for (size_t i = non_essential; i-- > 0;) {
      if (compete_check(partial + prefix_bound_[i + 1], threshold)) return false;
      Clause& c = *by_bound_[i];
      TermScorer& s = *c.scorer;
      uint32_t d = s.doc() < doc ? s.advance(doc) : s.doc();
      if (d == doc) {
        c.matched = true;
        c.score = s.score();
        partial += c.score;
      }
    }
    float score = exact_sum(clauses_);
    if (!(score > threshold)) return false;  // ties lose: docs arrive in id order
    collector.collect(doc, score);
    return true;
  }

  // With one clause the bound is that clause's own float bound: exact, ties at the threshold skip.
  bool compete_check(double bound, float threshold) const {
    return clauses_.size() == 1 ? cannot_compete_exact(bound, threshold) : cannot_compete(bound, threshold);
  }

  std::vector<Clause*> by_bound_;     // clauses by ascending window bound
  std::vector<double> prefix_bound_;  // prefix_bound_[i] = sum of the i smallest bounds
};

// One term: skip blocks whose bound cannot beat the threshold, score the others doc by doc.
class BlockMaxTerm final : public Scorer {
 public:
  using Scorer::Scorer;

  void score_segment(TopDocsCollector& collector, const SegmentRef& segment) override {
    TermScorer& term = *clauses_[0].scorer;
    const segment::LiveDocs* live = segment.live_docs;
    float threshold = collector.skip_threshold();
    uint32_t doc = term.next_doc();
    while (doc != kNoMoreDocs) {
      uint32_t end = window_end(doc);
      if (cannot_compete_exact(clauses_[0].block_max, threshold)) {
        doc = end + 1 < max_doc_ ? term.advance(end + 1) : kNoMoreDocs;
        continue;
      }
      for (; doc <= end; doc = term.next_doc()) {
        if (live != nullptr && !live->is_live(doc)) continue;
        float score = term.score();
        if (score > threshold) {  // ties lose: docs arrive in id order
          collector.collect(doc, score);
          threshold = collector.skip_threshold();
        }
      }
    }
  }
};

// Conjunction: leapfrog inside windows whose summed block bounds can compete.
class BlockMaxConjunction final : public Scorer {
 public:
  BlockMaxConjunction(std::vector<Clause> clauses, uint32_t max_doc) : Scorer(std::move(clauses), max_doc) {
    for (Clause& c : clauses_) by_cost_.push_back(&c);
    std::stable_sort(by_cost_.begin(), by_cost_.end(),
                     [](const Clause* a, const Clause* b) { return a->scorer->cost() < b->scorer->cost(); });
    for (Clause& c : clauses_) c.matched = true;
  }

  void score_segment(TopDocsCollector& collector, const SegmentRef& segment) override {
    TermScorer& lead = *by_cost_.front()->scorer;
    uint32_t doc = lead.next_doc();
    while (doc != kNoMoreDocs) {
      uint32_t end = window_end(doc);
      double bound = 0.0;
      for (const Clause& c : clauses_) bound += c.block_max;
      // Every clause matches every collected doc: the bound is summed in the scores' own order.
      if (!cannot_compete_exact(bound, collector.skip_threshold()))
        doc = score_window(collector, segment, doc, end);
      if (doc <= end) doc = end + 1 < max_doc_ ? lead.advance(end + 1) : kNoMoreDocs;
    }
  }

 private:
  // Leapfrogs from `doc` (a lead doc) through the window; returns the first lead doc past it.
  uint32_t score_window(TopDocsCollector& collector, const SegmentRef& segment, uint32_t doc, uint32_t end) {
    TermScorer& lead = *by_cost_.front()->scorer;
    while (doc <= end) {
      size_t i = 1;
      for (; i < by_cost_.size(); ++i) {
        uint32_t d = by_cost_[i]->scorer->advance(doc);
        if (d != doc) {
          doc = lead.advance(d);
          break;
        }
      }
      if (i < by_cost_.size()) continue;
      if (segment.live_docs == nullptr || segment.live_docs->is_live(doc)) {
        for (Clause& c : clauses_) c.score = c.scorer->score();
        float score = exact_sum(clauses_);
        if (score > collector.skip_threshold()) collector.collect(doc, score);  // ties lose (id order)
      }
      doc = lead.next_doc();
    }
    return doc;
  }

  std::vector<Clause*> by_cost_;
};

// Builds `node` as a TermScorer; nullopt when it is not a plain term (or its term is absent
// in this segment: `absent` is set then).
Result<std::unique_ptr<TermScorer>> term_clause(const QueryNode& node, const SegmentContext& ctx, float boost,
                                                bool& absent) {
  absent = false;
  if (node.kind != QueryKind::term) return std::unique_ptr<TermScorer>();
  PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(node, ctx, boost, true));
  if (auto* term = dynamic_cast<TermScorer*>(it.get())) {
    it.release();
    return std::unique_ptr<TermScorer>(term);
  }
  absent = dynamic_cast<EmptyIterator*>(it.get()) != nullptr;
  return std::unique_ptr<TermScorer>();
}

class NothingScorer final : public BlockMaxScorer {
 public:
  void score_segment(TopDocsCollector&, const SegmentRef&) override {}
};

}  // namespace

Result<std::unique_ptr<BlockMaxScorer>> build_block_max_scorer(const QueryNode& query,
                                                               const SegmentContext& ctx) {
  const uint32_t max_doc = ctx.segment->max_doc();
  bool absent = false;
  std::vector<Clause> clauses;
  if (query.kind == QueryKind::term) {
    PHAROS_ASSIGN_OR_RETURN(auto term, term_clause(query, ctx, 1.0f, absent));
    if (absent) return std::unique_ptr<BlockMaxScorer>(std::make_unique<NothingScorer>());
    if (!term) return std::unique_ptr<BlockMaxScorer>();
    clauses.push_back({std::move(term), 0});
    return std::unique_ptr<BlockMaxScorer>(std::make_unique<BlockMaxTerm>(std::move(clauses), max_doc));
  }
  if (query.kind != QueryKind::boolean || !query.filter.empty() || !query.must_not.empty())
    return std::unique_ptr<BlockMaxScorer>();
  const bool disjunction = query.must.empty() && !query.should.empty() && query.minimum_should_match <= 1;
  const bool conjunction = query.should.empty() && !query.must.empty() && query.minimum_should_match == 0;
  if (!disjunction && !conjunction) return std::unique_ptr<BlockMaxScorer>();
  const std::vector<QueryNode>& children = disjunction ? query.should : query.must;
  for (size_t i = 0; i < children.size(); ++i) {
    PHAROS_ASSIGN_OR_RETURN(auto term, term_clause(children[i], ctx, query.boost, absent));
    if (absent) {
      if (conjunction) return std::unique_ptr<BlockMaxScorer>(std::make_unique<NothingScorer>());
      continue;  // a should clause that matches nothing adds nothing
    }
    if (!term) return std::unique_ptr<BlockMaxScorer>();
    clauses.push_back({std::move(term), i});
  }
  if (clauses.empty()) return std::unique_ptr<BlockMaxScorer>(std::make_unique<NothingScorer>());
  if (disjunction)
    return std::unique_ptr<BlockMaxScorer>(
        std::make_unique<MaxScoreDisjunction>(std::move(clauses), max_doc));
  return std::unique_ptr<BlockMaxScorer>(std::make_unique<BlockMaxConjunction>(std::move(clauses), max_doc));
}

}  // namespace pharos::search
