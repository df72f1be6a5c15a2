// Shared helpers for the mapping tests.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/document_parser.h"
#include "index/mapping/mapping.h"

namespace pharos::mapping::testing {

inline const analysis::AnalysisRegistry& registry() { return *analysis::AnalysisRegistry::builtin(); }

inline Mapping parse_mapping(const std::string& text) {
  auto result = Mapping::parse(nlohmann::json::parse(text), registry());
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result.is_ok() ? result.value() : Mapping();
}

inline Status mapping_status(const std::string& text) {
  auto result = Mapping::parse(nlohmann::json::parse(text), registry());
  return result.is_ok() ? Status::ok() : result.status();
}

inline Result<ParseOutcome> parse_doc(const Mapping& mapping, const std::string& source, const std::string& id = "1") {
  return DocumentParser(mapping, registry()).parse(id, "", source);
}

template <typename V>
std::vector<V> values_of(const std::vector<V>& all, const std::string& field) {
  std::vector<V> out;
  for (const auto& v : all) {
    if (v.field == field) out.push_back(v);
  }
  return out;
}

inline const InvertedField* inverted_of(const ParsedDocument& doc, const std::string& field) {
  for (const auto& f : doc.inverted) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

inline std::vector<std::string> terms_of(const ParsedDocument& doc, const std::string& field) {
  std::vector<std::string> out;
  if (const InvertedField* f = inverted_of(doc, field)) {
    for (const auto& p : f->postings) out.push_back(p.term);
  }
  return out;
}

}  // namespace pharos::mapping::testing
