// The body of an update (`POST /{index}/_update/{id}` and the line after a bulk `update`
// action): doc, upsert, doc_as_upsert, detect_noop, _source. Scripts are not supported.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "index/engine/write_ops.h"
#include "server/api/source_filter.h"
#include "server/api/write_params.h"

namespace pharos::api {

struct UpdateBody {
  std::optional<std::string> doc;     // JSON object text, keys in the order sent
  std::optional<std::string> upsert;  // JSON object text
  bool doc_as_upsert = false;
  bool detect_noop = true;
  bool scripted_upsert = false;
  bool has_script = false;
  std::optional<SourceFilter> source;  // `_source` in the body: return the result's source
};

inline constexpr std::string_view kScriptUnsupportedMessage =
    "scripted updates are not supported; use [doc] with [upsert] or [doc_as_upsert]";

// Parses the JSON text of an update body. Malformed JSON or wrong field types → parse_error;
// a script → unsupported.
Result<UpdateBody> parse_update_body(std::string_view text);

// Moves the body's fields into an engine request.
void fill_update_request(UpdateBody& body, engine::UpdateRequest& request);

// UpdateRequest.validate's body checks ("script or doc is missing", ...).
void validate_update_body(const UpdateBody& body, ValidationErrors& errors);

}  // namespace pharos::api
