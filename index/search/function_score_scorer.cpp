#include "index/search/function_score_scorer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pharos::search {

double apply_modifier(const std::string& m, double v) {
  if (m == "log") return std::log10(v);
  if (m == "log1p") return std::log10(v + 1);
  if (m == "log2p") return std::log10(v + 2);
  if (m == "ln") return std::log(v);
  if (m == "ln1p") return std::log1p(v);
  if (m == "ln2p") return std::log(v + 2);
  if (m == "square") return v * v;
  if (m == "sqrt") return std::sqrt(v);
  if (m == "reciprocal") return 1.0 / v;
  return v;
}

// OpenSearch DecayFunctionBuilder: distance beyond `offset` from `origin`, shaped so that the
// value at distance `scale` is `decay`.
double decay_value(FunctionSpec::Type type, double value, const FunctionSpec& f) {
  double distance = std::max(0.0, std::fabs(value - f.origin) - f.offset);
  switch (type) {
    case FunctionSpec::Type::gauss: {
      double sigma_sq = -f.scale * f.scale / (2.0 * std::log(f.decay));
      return std::exp(-distance * distance / (2.0 * sigma_sq));
    }
    case FunctionSpec::Type::exp:
      return std::exp(std::log(f.decay) / f.scale * distance);
    case FunctionSpec::Type::linear: {
      double s = f.scale / (1.0 - f.decay);
      return std::max(0.0, (s - distance) / s);
    }
    default:
      return 1.0;
  }
}

namespace {

// Values of a numeric or floating doc-values field for one doc.
std::vector<double> field_values(const segment::Segment& seg, const std::string& field, uint32_t doc) {
  std::vector<double> out;
  if (const auto* n = seg.numeric_doc_values(field)) {
    for (uint32_t i = 0, c = n->value_count(doc); i < c; ++i)
      out.push_back(static_cast<double>(n->value(doc, i)));
  } else if (const auto* f = seg.floating_doc_values(field)) {
    for (uint32_t i = 0, c = f->value_count(doc); i < c; ++i) out.push_back(f->value(doc, i));
  }
  return out;
}

// splitmix64: random_score must be stable per (seed, doc) across requests.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

FunctionScoreIterator::FunctionScoreIterator(std::unique_ptr<DocIterator> child,
                                             std::vector<std::unique_ptr<DocIterator>> filters,
                                             FunctionScoreParams params)
    : child_(std::move(child)), filters_(std::move(filters)), params_(params) {}

double FunctionScoreIterator::function_value(const FunctionSpec& f, uint32_t doc) const {
  switch (f.type) {
    case FunctionSpec::Type::weight:
      return 1.0;
    case FunctionSpec::Type::random_score: {
      uint64_t h = mix(f.seed ^ mix(params_.doc_base + static_cast<uint64_t>(doc)));
      return static_cast<double>(h >> 40) / static_cast<double>(uint64_t{1} << 24);
    }
    case FunctionSpec::Type::field_value_factor: {
      std::vector<double> values = field_values(*params_.segment, f.field, doc);
      double v = values.empty() ? f.missing.value_or(1.0) : values.front();
      return apply_modifier(f.modifier, f.factor * v);
    }
    default: {
      std::vector<double> values = field_values(*params_.segment, f.field, doc);
      if (values.empty()) return 1.0;  // OpenSearch: a doc without the field scores 1
      double best = 0.0;               // multi-valued: the closest value (MultiValueMode.MIN of distance)
      for (double v : values) best = std::max(best, decay_value(f.type, v, f));
      return best;
    }
  }
}

float FunctionScoreIterator::compute(uint32_t doc) {
  const QueryNode& q = *params_.node;
  float sub = child_->score();
  double combined = 0.0, weight_sum = 0.0;
  bool any = false;
  const std::string& mode = q.score_mode;
  for (size_t i = 0; i < q.functions.size(); ++i) {
    if (i < filters_.size() && filters_[i] && !iterator_matches(*filters_[i], doc)) continue;
    const FunctionSpec& f = q.functions[i];
    double v = function_value(f, doc) * f.weight;
    if (!any) {
      combined = v;
      weight_sum = f.weight;
      any = true;
      if (mode == "first") break;
      continue;
    }
    if (mode == "multiply")
      combined *= v;
    else if (mode == "sum" || mode == "avg")
      combined += v;
    else if (mode == "max")
      combined = std::max(combined, v);
    else if (mode == "min")
      combined = std::min(combined, v);
    weight_sum += f.weight;
  }
  if (any && mode == "avg" && weight_sum != 0) combined /= weight_sum;
  if (!any) combined = 1.0;
  if (q.max_boost) combined = std::min(combined, static_cast<double>(*q.max_boost));
  double s = sub;
  const std::string& bm = q.boost_mode;
  double out = bm == "replace" ? combined
               : bm == "sum"   ? s + combined
               : bm == "avg"   ? (s + combined) / 2.0
               : bm == "max"   ? std::max(s, combined)
               : bm == "min"   ? std::min(s, combined)
                               : s * combined;
  return static_cast<float>(out) * params_.boost;
}

uint32_t FunctionScoreIterator::find(uint32_t doc) {
  const QueryNode& q = *params_.node;
  while (doc != kNoMoreDocs) {
    score_ = compute(doc);
    if (!q.min_score || score_ >= *q.min_score) return doc_ = doc;
    doc = child_->next_doc();
  }
  return doc_ = kNoMoreDocs;
}

}  // namespace pharos::search
