#include "index/search/doc_set_queries.h"

#include "index/search/multi_term_expansion.h"

namespace pharos::search {

namespace {

void add_terms(const segment::Segment& seg, const std::string& field, const std::vector<std::string>& terms,
               DocBitset& bits) {
  for (const std::string& t : terms) {
    if (auto p = seg.postings(field, t)) bits.add_postings(*p);
  }
}

// Any value of a (possibly multi-valued) doc in range: the OpenSearch semantics.
void add_numeric_range(const segment::Segment& seg, const QueryNode& n, DocBitset& bits) {
  const segment::NumericDocValues* dv = seg.numeric_doc_values(n.field);
  if (dv == nullptr || dv->max_value() < n.int_lower || dv->min_value() > n.int_upper) return;
  for (uint32_t d = 0, max = seg.max_doc(); d < max; ++d) {
    for (uint32_t i = 0, c = dv->value_count(d); i < c; ++i) {
      int64_t v = dv->value(d, i);
      if (v >= n.int_lower && v <= n.int_upper) {
        bits.set(d);
        break;
      }
    }
  }
}

bool floating_in_range(double v, const QueryNode& n) {
  if (n.float_lower && (v < *n.float_lower || (v == *n.float_lower && !n.include_lower))) return false;
  if (n.float_upper && (v > *n.float_upper || (v == *n.float_upper && !n.include_upper))) return false;
  return true;
}

void add_floating_range(const segment::Segment& seg, const QueryNode& n, DocBitset& bits) {
  const segment::FloatingDocValues* dv = seg.floating_doc_values(n.field);
  if (dv == nullptr) return;
  for (uint32_t d = 0, max = seg.max_doc(); d < max; ++d) {
    for (uint32_t i = 0, c = dv->value_count(d); i < c; ++i) {
      if (floating_in_range(dv->value(d, i), n)) {
        bits.set(d);
        break;
      }
    }
  }
}

// A field exists in a doc when it has doc values, a norm, or any posting.
void add_exists(const segment::Segment& seg, const std::string& field, DocBitset& bits) {
  const uint32_t max = seg.max_doc();
  const auto* num = seg.numeric_doc_values(field);
  const auto* flt = seg.floating_doc_values(field);
  const auto* kw = seg.keyword_doc_values(field);
  const uint8_t* norms = seg.norms(field);
  for (uint32_t d = 0; d < max; ++d) {
    if ((num && num->has_value(d)) || (flt && flt->has_value(d)) || (kw && kw->has_value(d)) ||
        (norms && norms[d])) {
      bits.set(d);
    }
  }
  if (auto terms = seg.terms(field)) {
    while (terms->next()) {
      if (auto p = seg.postings(field, terms->term())) bits.add_postings(*p);
    }
  }
}

}  // namespace

Result<std::unique_ptr<DocIterator>> build_doc_set_iterator(const segment::Segment& seg,
                                                            const QueryNode& node, float score) {
  DocBitset bits(seg.max_doc());
  switch (node.kind) {
    case QueryKind::terms:
      add_terms(seg, node.field, node.terms, bits);
      break;
    case QueryKind::ids:
      for (const std::string& id : node.terms) {
        if (auto d = seg.find_id(id)) bits.set(*d);
      }
      break;
    case QueryKind::numeric_range:
      add_numeric_range(seg, node, bits);
      break;
    case QueryKind::floating_range:
      add_floating_range(seg, node, bits);
      break;
    case QueryKind::exists:
      add_exists(seg, node.field, bits);
      break;
    case QueryKind::prefix:
    case QueryKind::wildcard:
    case QueryKind::regexp:
    case QueryKind::term_range: {
      auto terms = expand_pattern_terms(seg, node);
      if (!terms.is_ok()) return terms.status();
      add_terms(seg, node.field, *terms, bits);
      break;
    }
    default:
      return Status(ErrorKind::internal, "not a doc-set query kind");
  }
  return std::move(bits).into_iterator(score);
}

}  // namespace pharos::search
