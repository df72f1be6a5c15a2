// mapping char filter ("key => value" rules, longest key wins at each position) and
// pattern_replace char filter (RE2 with Java-style $1 replacements). Both map replaced
// output back to the whole source span so token offsets cover the original text.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "index/analysis/token_stream.h"
#include "index/base/status.h"

namespace re2 {
class RE2;
}

namespace pharos::analysis {

class MappingCharFilter final : public CharFilter {
 public:
  // Parses rules like "ph => f", "\\u0660 => 0", "x => " (empty replacement).
  static Result<std::shared_ptr<const MappingCharFilter>> create(const std::vector<std::string>& rules);
  void filter(std::string_view input, FilteredText& out) const override;

 private:
  MappingCharFilter() = default;
  // Rules bucketed by the key's first byte, longest key first.
  std::array<std::vector<std::pair<std::string, std::string>>, 256> rules_;
};

class PatternReplaceCharFilter final : public CharFilter {
 public:
  PatternReplaceCharFilter(std::shared_ptr<const re2::RE2> regex, std::string replacement)
      : regex_(std::move(regex)), replacement_(std::move(replacement)) {}
  void filter(std::string_view input, FilteredText& out) const override;

 private:
  std::shared_ptr<const re2::RE2> regex_;
  std::string replacement_;  // Java syntax: $1, ${name} unsupported, \$ for a literal $
};

}  // namespace pharos::analysis
