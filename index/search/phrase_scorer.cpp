#include "index/search/phrase_scorer.h"

#include <algorithm>
#include <queue>

namespace pharos::search {

PhraseScorer::PhraseScorer(std::vector<std::unique_ptr<segment::PostingsIterator>> postings,
                           std::vector<uint32_t> offsets, uint32_t slop, const uint8_t* norms,
                           Bm25Scorer scorer)
    : postings_(std::move(postings)),
      offsets_(std::move(offsets)),
      slop_(slop),
      norms_(norms),
      scorer_(std::move(scorer)),
      positions_(postings_.size()),
      current_(postings_.size(), kUnpositioned) {}

uint64_t PhraseScorer::cost() const {
  uint64_t c = UINT64_MAX;
  for (const auto& p : postings_) c = std::min<uint64_t>(c, p->doc_freq());
  return c;
}

uint32_t PhraseScorer::next_doc() { return align(doc_ == kUnpositioned ? 0 : doc_ + 1); }

uint32_t PhraseScorer::advance(uint32_t target) {
  if (doc_ != kUnpositioned && doc_ >= target) return doc_;
  return align(target);
}

uint32_t PhraseScorer::align(uint32_t target) {
  uint32_t doc = target;
  while (true) {
    bool agreed = true;
    for (size_t i = 0; i < postings_.size(); ++i) {
      // PostingsIterator::doc() cannot tell "not started" from "exhausted": track it here.
      uint32_t& d = current_[i];
      if (d == kUnpositioned || d < doc) d = postings_[i]->advance(doc);
      if (d == kNoMoreDocs) return doc_ = kNoMoreDocs;
      if (d > doc) {
        doc = d;
        agreed = false;
        break;
      }
    }
    if (!agreed) continue;
    doc_ = doc;
    if (load_and_match()) return doc_;
    ++doc;
  }
}

bool PhraseScorer::load_and_match() {
  for (size_t i = 0; i < postings_.size(); ++i) {
    auto& pos = positions_[i];
    pos.clear();
    uint32_t f = postings_[i]->freq();
    for (uint32_t j = 0; j < f; ++j) {
      uint32_t p = postings_[i]->next_position();
      if (p == kNoMoreDocs) break;
      pos.push_back(static_cast<int64_t>(p) - offsets_[i]);
    }
    std::sort(pos.begin(), pos.end());
    if (pos.empty()) return false;
  }
  freq_ = slop_ == 0 ? exact_freq() : sloppy_freq();
  return freq_ > 0.0f;
}

float PhraseScorer::exact_freq() const {
  uint32_t count = 0;
  for (int64_t start : positions_[0]) {
    bool all = true;
    for (size_t i = 1; i < positions_.size() && all; ++i) {
      all = std::binary_search(positions_[i].begin(), positions_[i].end(), start);
    }
    if (all) ++count;
  }
  return static_cast<float>(count);
}

// Lucene's SloppyPhraseMatcher without the repeated-term special case: a queue of phrase
// positions ordered by (position, offset); each time the lead passes the next one, a match of
// length end - lead is recorded if within slop.
float PhraseScorer::sloppy_freq() const {
  struct Pp {
    int64_t position;
    uint32_t offset;
    size_t term;
    size_t index;
  };
  auto greater = [](const Pp& a, const Pp& b) {
    return a.position != b.position ? a.position > b.position : a.offset > b.offset;
  };
  std::priority_queue<Pp, std::vector<Pp>, decltype(greater)> pq(greater);
  int64_t end = INT64_MIN;
  for (size_t i = 0; i < positions_.size(); ++i) {
    pq.push({positions_[i][0], offsets_[i], i, 0});
    end = std::max(end, positions_[i][0]);
  }
  float freq = 0.0f;
  const int64_t slop = slop_;
  bool positioned = true;
  while (positioned) {
    Pp pp = pq.top();
    pq.pop();
    int64_t match_length = end - pp.position;
    int64_t next = pq.empty() ? INT64_MAX : pq.top().position;
    bool matched = false;
    while (true) {
      if (pp.index + 1 >= positions_[pp.term].size()) {
        positioned = false;
        break;
      }
      pp.position = positions_[pp.term][++pp.index];
      end = std::max(end, pp.position);
      if (pp.position > next) {
        pq.push(pp);
        if (match_length <= slop) {
          matched = true;
          break;
        }
        pp = pq.top();
        pq.pop();
        next = pq.empty() ? INT64_MAX : pq.top().position;
        match_length = end - pp.position;
      } else {
        match_length = std::min(match_length, end - pp.position);
      }
    }
    if (matched || (!positioned && match_length <= slop)) {
      freq += 1.0f / (1.0f + static_cast<float>(match_length));
    }
  }
  return freq;
}

float PhraseScorer::score() {
  uint8_t norm = norms_ != nullptr ? norms_[doc_] : 1;
  return scorer_.score(freq_, norm);
}

}  // namespace pharos::search
