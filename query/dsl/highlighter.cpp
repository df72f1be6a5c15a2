#include "query/dsl/highlighter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace pharos::query {
namespace {

using nlohmann::json;
using search::QueryKind;
using search::QueryNode;

Status parse_err(const std::string& message) { return Status(ErrorKind::parse_error, message); }

Result<uint32_t> non_negative(const json& value, const char* name) {
  if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > INT32_MAX)
    return parse_err(std::string("[highlight] [") + name + "] must be a non-negative integer");
  return static_cast<uint32_t>(value.get<int64_t>());
}

Result<std::vector<std::string>> tag_list(const json& value, const char* name) {
  std::vector<std::string> tags;
  if (value.is_string()) tags.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& tag : value) {
      if (!tag.is_string()) return parse_err(std::string("[highlight] [") + name + "] must hold strings");
      tags.push_back(tag.get<std::string>());
    }
  }
  if (tags.empty()) return parse_err(std::string("[highlight] [") + name + "] must not be empty");
  return tags;
}

// Applies the options present in `body` over `options` (global first, then per field).
Status apply_options(const json& body, HighlightOptions& options) {
  for (const auto& [key, value] : body.items()) {
    if (key == "type") {
      if (!value.is_string()) return parse_err("[highlight] [type] must be a string");
      options.type = value.get<std::string>();
      if (options.type != "unified" && options.type != "plain" && options.type != "fvh")
        return Status(ErrorKind::invalid_argument,
                      "unknown highlighter type [" + options.type + "] for the field");
    } else if (key == "pre_tags") {
      PHAROS_ASSIGN_OR_RETURN(options.pre_tags, tag_list(value, "pre_tags"));
    } else if (key == "post_tags") {
      PHAROS_ASSIGN_OR_RETURN(options.post_tags, tag_list(value, "post_tags"));
    } else if (key == "tags_schema") {
      if (value == "styled") {
        options.pre_tags = {"<em class=\"hlt\">"};
        options.post_tags = {"</em>"};
      }
    } else if (key == "fragment_size") {
      PHAROS_ASSIGN_OR_RETURN(options.fragment_size, non_negative(value, "fragment_size"));
    } else if (key == "number_of_fragments") {
      PHAROS_ASSIGN_OR_RETURN(options.number_of_fragments, non_negative(value, "number_of_fragments"));
    } else if (key == "no_match_size") {
      PHAROS_ASSIGN_OR_RETURN(options.no_match_size, non_negative(value, "no_match_size"));
    } else if (key == "order") {
      options.order_by_score = value == "score";
    } else if (key == "encoder") {
      options.html_encoder = value == "html";
    } else if (key == "require_field_match") {
      if (!value.is_boolean()) return parse_err("[highlight] [require_field_match] must be a boolean");
      options.require_field_match = value.get<bool>();
    } else if (key == "highlight_query") {
      if (!value.is_object()) return parse_err("[highlight] [highlight_query] must be an object");
      options.highlight_query_json = value.dump();
    }
    // boundary_scanner, fragmenter, phrase_limit, matched_fields, ...: accepted, not used.
  }
  return Status::ok();
}

// ---- matching

void collect(const QueryNode& node, const std::string& field, HighlightTerms& out) {
  bool here = field.empty() || node.field == field;
  switch (node.kind) {
    case QueryKind::term:
    case QueryKind::terms:
      if (here) out.terms.insert(node.terms.begin(), node.terms.end());
      break;
    case QueryKind::phrase:
      if (!here) break;
      if (node.slop == 0 && node.terms.size() > 1) {
        out.phrases.push_back(node.terms);
      } else {
        out.terms.insert(node.terms.begin(), node.terms.end());
      }
      break;
    case QueryKind::prefix:
      if (here) out.prefixes.push_back(node.pattern);
      break;
    case QueryKind::wildcard:
      if (here) out.wildcards.push_back(node.pattern);
      break;
    case QueryKind::fuzzy:
      if (here && !node.terms.empty()) out.fuzzy.emplace_back(node.terms.front(), node.max_edits);
      break;
    default:
      break;
  }
  for (const auto* list : {&node.must, &node.should, &node.filter, &node.children}) {
    for (const auto& child : *list) collect(child, field, out);
  }
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (wildcard_match(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern.front() != '?' && pattern.front() != text.front()) return false;
  return wildcard_match(pattern.substr(1), text.substr(1));
}

uint32_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<uint32_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    uint32_t diagonal = row[0];
    row[0] = static_cast<uint32_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      uint32_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

bool term_matches(const std::string& token, const HighlightTerms& terms) {
  if (terms.terms.count(token)) return true;
  for (const auto& prefix : terms.prefixes) {
    if (token.compare(0, prefix.size(), prefix) == 0) return true;
  }
  for (const auto& pattern : terms.wildcards) {
    if (wildcard_match(pattern, token)) return true;
  }
  for (const auto& [term, edits] : terms.fuzzy) {
    if (edit_distance(term, token) <= edits) return true;
  }
  return false;
}

// Which tokens of one value are marked.
std::vector<bool> matched_tokens(const std::vector<analysis::Token>& tokens, const HighlightTerms& terms) {
  std::vector<bool> marked(tokens.size(), false);
  for (size_t i = 0; i < tokens.size(); ++i) marked[i] = term_matches(tokens[i].term, terms);
  if (terms.phrases.empty()) return marked;
  std::multimap<uint32_t, size_t> by_position;
  for (size_t i = 0; i < tokens.size(); ++i) by_position.emplace(tokens[i].position, i);
  for (const auto& phrase : terms.phrases) {
    for (size_t start = 0; start < tokens.size(); ++start) {
      if (tokens[start].term != phrase[0]) continue;
      std::vector<size_t> run{start};
      for (size_t k = 1; k < phrase.size() && run.size() == k; ++k) {
        auto [lo, hi] = by_position.equal_range(tokens[start].position + static_cast<uint32_t>(k));
        for (auto it = lo; it != hi; ++it) {
          if (tokens[it->second].term == phrase[k]) {
            run.push_back(it->second);
            break;
          }
        }
      }
      if (run.size() == phrase.size()) {
        for (size_t i : run) marked[i] = true;
      }
    }
  }
  return marked;
}

// ---- fragments

struct Fragment {
  size_t value = 0;
  size_t begin = 0, end = 0;  // byte range in the value
  size_t distinct = 0, matches = 0;
};

void append_text(std::string& out, std::string_view text, bool html) {
  if (!html) {
    out.append(text);
    return;
  }
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      default:
        out.push_back(c);
    }
  }
}

bool sentence_end(const std::string& text, size_t i) {
  char c = text[i];
  if (c == '\n') return true;
  return (c == '.' || c == '!' || c == '?') &&
         (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])));
}

// Fragment boundaries (byte offsets where a fragment starts) of one value.
std::vector<size_t> fragment_starts(const std::string& text, const std::vector<analysis::Token>& tokens,
                                    const HighlightOptions& options) {
  std::vector<size_t> starts{0};
  size_t size = std::max<uint32_t>(options.fragment_size, 1);
  if (options.type == "plain") {
    for (const auto& token : tokens) {  // SimpleFragmenter: a new fragment once a token ends past k * size
      if (token.end_offset >= size * starts.size() && token.start_offset > starts.back())
        starts.push_back(token.start_offset);
    }
    return starts;
  }
  size_t token = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    while (token < tokens.size() && tokens[token].end_offset <= i) ++token;
    bool long_piece = i - starts.back() >= size && token < tokens.size() && tokens[token].start_offset == i;
    if (long_piece) starts.push_back(i);
    if (sentence_end(text, i) && i + 1 < text.size()) {
      size_t next = i + 1;
      while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next]))) ++next;
      if (next < text.size() && next > starts.back()) starts.push_back(next);
      i = next - 1;
    }
  }
  return starts;
}

std::string render(const std::string& text, size_t begin, size_t end,
                   const std::vector<analysis::Token>& tokens, const std::vector<bool>& marked,
                   const HighlightOptions& options) {
  std::string out;
  size_t at = begin;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!marked[i] || tokens[i].start_offset < at || tokens[i].end_offset > end) continue;
    append_text(out, std::string_view(text).substr(at, tokens[i].start_offset - at), options.html_encoder);
    out += options.pre_tags.front();
    append_text(
        out,
        std::string_view(text).substr(tokens[i].start_offset, tokens[i].end_offset - tokens[i].start_offset),
        options.html_encoder);
    out += options.post_tags.front();
    at = tokens[i].end_offset;
  }
  append_text(out, std::string_view(text).substr(at, end - at), options.html_encoder);
  size_t first = out.find_first_not_of(" \t\r\n");
  size_t last = out.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

// The first `size` bytes of a value, cut back to a token boundary (no_match_size).
std::string leading_text(const std::string& text, const std::vector<analysis::Token>& tokens, size_t size,
                         const HighlightOptions& options) {
  size_t end = 0;
  for (const auto& token : tokens) {
    if (token.end_offset > size) break;
    end = token.end_offset;
  }
  if (end == 0) end = std::min(size, text.size());
  std::string out;
  append_text(out, std::string_view(text).substr(0, end), options.html_encoder);
  return out;
}

}  // namespace

Result<HighlightSpec> parse_highlight(const json& highlight) {
  if (!highlight.is_object()) return parse_err("[highlight] must be an object");
  HighlightSpec spec;
  PHAROS_RETURN_IF_ERROR(apply_options(highlight, spec.defaults));
  auto fields = highlight.find("fields");
  if (fields == highlight.end()) return spec;
  auto add = [&](const std::string& name, const json& body) -> Status {
    if (!body.is_object()) return parse_err("[highlight] field [" + name + "] must be an object");
    HighlightOptions options = spec.defaults;
    PHAROS_RETURN_IF_ERROR(apply_options(body, options));
    spec.fields.emplace_back(name, std::move(options));
    return Status::ok();
  };
  if (fields->is_object()) {
    for (const auto& [name, body] : fields->items()) PHAROS_RETURN_IF_ERROR(add(name, body));
  } else if (fields->is_array()) {
    for (const auto& entry : *fields) {
      if (!entry.is_object()) return parse_err("[highlight] [fields] entries must be objects");
      for (const auto& [name, body] : entry.items()) PHAROS_RETURN_IF_ERROR(add(name, body));
    }
  } else {
    return parse_err("[highlight] [fields] must be an object or an array");
  }
  return spec;
}

HighlightTerms highlight_terms(const QueryNode& query, const std::string& field) {
  HighlightTerms out;
  collect(query, field, out);
  return out;
}

std::vector<std::string> highlight_values(const std::vector<std::string>& values,
                                          const analysis::Analyzer& analyzer, const HighlightTerms& terms,
                                          const HighlightOptions& options) {
  std::vector<std::vector<analysis::Token>> tokens(values.size());
  std::vector<std::vector<bool>> marked(values.size());
  std::vector<Fragment> fragments;
  for (size_t v = 0; v < values.size(); ++v) {
    analyzer.analyze(values[v], tokens[v]);
    marked[v] = matched_tokens(tokens[v], terms);
    if (options.number_of_fragments == 0) {
      fragments.push_back(Fragment{v, 0, values[v].size(), 0, 0});
    } else {
      std::vector<size_t> starts = fragment_starts(values[v], tokens[v], options);
      for (size_t f = 0; f < starts.size(); ++f)
        fragments.push_back(
            Fragment{v, starts[f], f + 1 < starts.size() ? starts[f + 1] : values[v].size(), 0, 0});
    }
  }
  for (auto& fragment : fragments) {
    std::set<std::string> distinct;
    for (size_t i = 0; i < tokens[fragment.value].size(); ++i) {
      const auto& token = tokens[fragment.value][i];
      if (!marked[fragment.value][i] || token.start_offset < fragment.begin ||
          token.end_offset > fragment.end)
        continue;
      distinct.insert(token.term);
      ++fragment.matches;
    }
    fragment.distinct = distinct.size();
  }
  std::erase_if(fragments, [](const Fragment& f) { return f.matches == 0; });
  std::vector<std::string> out;
  if (fragments.empty()) {
    if (options.no_match_size > 0 && !values.empty())
      out.push_back(leading_text(values[0], tokens[0], options.no_match_size, options));
    return out;
  }
  if (options.number_of_fragments > 0) {
    std::stable_sort(fragments.begin(), fragments.end(), [](const Fragment& a, const Fragment& b) {
      return a.distinct != b.distinct ? a.distinct > b.distinct : a.matches > b.matches;
    });
    if (fragments.size() > options.number_of_fragments) fragments.resize(options.number_of_fragments);
    if (!options.order_by_score) {
      std::sort(fragments.begin(), fragments.end(), [](const Fragment& a, const Fragment& b) {
        return a.value != b.value ? a.value < b.value : a.begin < b.begin;
      });
    }
  }
  for (const auto& f : fragments)
    out.push_back(render(values[f.value], f.begin, f.end, tokens[f.value], marked[f.value], options));
  return out;
}

}  // namespace pharos::query
