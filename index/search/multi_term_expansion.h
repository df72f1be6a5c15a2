// Expands term-dictionary queries (prefix, wildcard, regexp, term_range, fuzzy) into the
// matching terms of one segment's field, by walking its TermsEnum.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/search/query_node.h"
#include "index/segment/segment.h"

namespace pharos::search {

// Terms of `field` matched by a prefix / wildcard / regexp / term_range node (constant score).
Result<std::vector<std::string>> expand_pattern_terms(const segment::Segment& segment, const QueryNode& node);

// RE2 syntax for a wildcard pattern (* any run, ? one character, \ escapes).
std::string wildcard_to_regex(const std::string& pattern);

struct FuzzyTerm {
  std::string term;
  float boost = 1.0f;  // Lucene FuzzyTermsEnum: 1 - edits / min(term length, query length)
};

// Terms within node.max_edits edits of node.terms[0] (sharing its first prefix_length code
// points), Damerau when transpositions. Not truncated: the caller keeps the best max_expansions.
std::vector<FuzzyTerm> expand_fuzzy_terms(const segment::Segment& segment, const QueryNode& node);

// Edit distance over code points (optimal string alignment when `transpositions`).
uint32_t edit_distance(const std::u32string& a, const std::u32string& b, bool transpositions);
std::u32string utf8_to_code_points(const std::string& s);

}  // namespace pharos::search
