// libFuzzer target: arbitrary bytes → JSON → the "highlight" parser, then the highlighter over
// the input's own text with the terms of a fixed query. Must return a Status and fragments for
// every input, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "index/analysis/analysis_registry.h"
#include "query/dsl/highlighter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto registry = pharos::analysis::AnalysisRegistry::builtin();
  static auto analyzer = registry->get("standard");
  if (size > 16 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  pharos::search::QueryNode query;
  query.kind = pharos::search::QueryKind::boolean;
  pharos::search::QueryNode term;
  term.kind = pharos::search::QueryKind::term;
  term.field = "body";
  term.terms = {"a"};
  pharos::search::QueryNode phrase = term;
  phrase.kind = pharos::search::QueryKind::phrase;
  phrase.terms = {"a", "b"};
  phrase.positions = {0, 1};
  query.should = {term, phrase};
  pharos::query::HighlightOptions options;
  nlohmann::json spec = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!spec.is_discarded()) {
    auto parsed = pharos::query::parse_highlight(spec);
    if (parsed.is_ok() && !parsed->fields.empty()) options = parsed->fields.front().second;
  }
  options.fragment_size = options.fragment_size % 4096;
  auto terms = pharos::query::highlight_terms(query, "");
  auto fragments =
      pharos::query::highlight_values({text, text.substr(0, size / 2)}, *analyzer, terms, options);
  (void)fragments;
  return 0;
}
