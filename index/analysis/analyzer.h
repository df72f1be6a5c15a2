// The analysis contract: text in, tokens out. Implementations live beside this file;
// mapping and search see only Analyzer and AnalysisRegistry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pharos::analysis {

struct Token {
  std::string term;
  uint32_t position = 0;      // token position (after position increments, e.g. removed stopwords leave gaps)
  uint32_t start_offset = 0;  // byte offsets into the analysed text
  uint32_t end_offset = 0;
  std::string type = "word";  // "<ALPHANUM>", "<NUM>", "word", ... as _analyze reports
};

// Thread-safe: analyze() is const and may be called concurrently.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  // Appends the tokens of `text` to `out`. Positions start at `first_position` (callers pass
  // the next position for multi-valued fields, after the position_increment_gap of 100).
  virtual void analyze(std::string_view text, std::vector<Token>& out, uint32_t first_position = 0) const = 0;
  const std::string& name() const { return name_; }

  // Gap between the values of a multi-valued field (`position_increment_gap`, default 100);
  // custom analyzers may set it in their settings.
  uint32_t position_increment_gap() const { return position_increment_gap_; }

 protected:
  explicit Analyzer(std::string name, uint32_t position_increment_gap = 100)
      : name_(std::move(name)), position_increment_gap_(position_increment_gap) {}

 private:
  std::string name_;
  uint32_t position_increment_gap_;
};

}  // namespace pharos::analysis
