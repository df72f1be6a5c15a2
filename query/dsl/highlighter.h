// Highlighting, a fetch sub-phase: marks where a query's terms occur in a field's text. The
// stored _source text is re-analysed with the field's analyzer to find the offsets of matching
// tokens (postings keep no offsets), then cut into fragments and scored.
//
// Fragments: type "plain" cuts every `fragment_size` characters at token boundaries (Lucene's
// SimpleFragmenter); "unified" (the default) cuts at sentence ends, splitting sentences longer
// than `fragment_size` at the next token end. Fragments score by distinct terms matched, then
// matches; the best `number_of_fragments` are kept, in text order unless order = "score".
// number_of_fragments = 0 returns each whole value, marked. Phrases mark only tokens that form
// the phrase (slop 0); sloppy phrases mark their terms anywhere.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/analysis/analyzer.h"
#include "index/base/status.h"
#include "index/search/query_node.h"

namespace pharos::query {

struct HighlightOptions {
  std::string type = "unified";  // unified, plain (fvh is treated as unified)
  std::vector<std::string> pre_tags{"<em>"};
  std::vector<std::string> post_tags{"</em>"};
  uint32_t fragment_size = 100;
  uint32_t number_of_fragments = 5;
  uint32_t no_match_size = 0;
  bool order_by_score = false;
  bool html_encoder = false;
  bool require_field_match = false;  // only terms queried on this very field
  std::string highlight_query_json;  // empty: the search's query
};

// The "highlight" object: global options and the fields (name or pattern) with their overrides.
struct HighlightSpec {
  HighlightOptions defaults;
  std::vector<std::pair<std::string, HighlightOptions>> fields;
};

// Parses the request's "highlight" object. Malformed shapes → parse_error.
Result<HighlightSpec> parse_highlight(const nlohmann::json& highlight);

// What a query looks for in one field, as text tokens.
struct HighlightTerms {
  std::set<std::string> terms;
  std::vector<std::vector<std::string>> phrases;  // exact phrases (slop 0), consecutive positions
  std::vector<std::string> prefixes;
  std::vector<std::string> wildcards;                   // '*' and '?' patterns
  std::vector<std::pair<std::string, uint32_t>> fuzzy;  // term, max edits
  bool empty() const {
    return terms.empty() && phrases.empty() && prefixes.empty() && wildcards.empty() && fuzzy.empty();
  }
};

// The terms of `query` on `field` (every field when `field` is empty), except under must_not.
HighlightTerms highlight_terms(const search::QueryNode& query, const std::string& field);

// The highlighted fragments of one field's values (empty when nothing matched and no_match_size
// is 0).
std::vector<std::string> highlight_values(const std::vector<std::string>& values,
                                          const analysis::Analyzer& analyzer, const HighlightTerms& terms,
                                          const HighlightOptions& options);

}  // namespace pharos::query
