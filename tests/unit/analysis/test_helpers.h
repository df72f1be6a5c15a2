// Shared helpers for the analysis tests: compact token dumps that read well in failures.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "index/analysis/analyzer.h"

namespace pharos::analysis::testing {

inline std::vector<std::string> terms(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.term);
  return out;
}

// "term@pos[start,end)type" per token.
inline std::vector<std::string> dump(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) {
    std::ostringstream s;
    s << t.term << '@' << t.position << '[' << t.start_offset << ',' << t.end_offset << ')' << t.type;
    out.push_back(s.str());
  }
  return out;
}

inline std::vector<Token> run(const Analyzer& analyzer, std::string_view text, uint32_t first_position = 0) {
  std::vector<Token> out;
  analyzer.analyze(text, out, first_position);
  return out;
}

}  // namespace pharos::analysis::testing
