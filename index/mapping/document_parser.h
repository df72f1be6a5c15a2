// Turns a JSON document into a ParsedDocument under a mapping, applying dynamic mapping:
// unmapped fields become mapping additions (returned, for the engine to merge atomically
// before the document is acknowledged) or errors under dynamic: strict.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "index/mapping/mapping.h"
#include "index/mapping/parsed_document.h"

namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::mapping {

struct ParseOutcome {
  ParsedDocument document;
  // Set when the document introduced new fields: the mapping to merge in (only the new fields).
  std::optional<Mapping> dynamic_update;
};

class DocumentParser {
 public:
  DocumentParser(const Mapping& mapping, const analysis::AnalysisRegistry& analysis)
      : mapping_(mapping), analysis_(analysis) {}

  // `source` must be a JSON object. Malformed JSON → parse_error; a value that does not fit
  // its field (e.g. "abc" into a long) → mapping_error naming the field; strict → strict_mapping.
  Result<ParseOutcome> parse(std::string_view id, std::string_view routing, std::string_view source) const;

 private:
  const Mapping& mapping_;
  const analysis::AnalysisRegistry& analysis_;
};

}  // namespace pharos::mapping
