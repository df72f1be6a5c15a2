// The partial-document merge behind the update API: `doc` is merged recursively into the
// current _source (objects merge key by key, every other value replaces), as OpenSearch's
// XContentHelper.update does. Thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>

#include "index/base/status.h"

namespace pharos::engine {

struct MergedDocument {
  std::string source;    // the merged document, serialised compactly
  bool changed = false;  // false when merging changed nothing (detect_noop)
};

// Both inputs must be JSON objects; malformed JSON → parse_error, non-objects → invalid_argument.
Result<MergedDocument> merge_partial_document(std::string_view source, std::string_view partial);

}  // namespace pharos::engine
