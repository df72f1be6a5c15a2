// Parsing of `_bulk` bodies: NDJSON split into action/metadata lines (parsed with simdjson)
// and source lines (kept as slices of the body, never copied here). Behaves like OpenSearch's
// BulkRequestParser (unknown metadata keys, `_type` included, fail the request), with one
// tolerance added: a last line without '\n'. Blank action lines are skipped but still
// counted in line numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/engine/write_ops.h"
#include "server/api/source_filter.h"
#include "server/api/update_body.h"
#include "server/api/write_params.h"

namespace pharos::api {

enum class BulkAction { index, create, update, delete_ };
const char* bulk_action_name(BulkAction action);  // "index", "create", "update", "delete"

// Request-level defaults (path index, query parameters).
struct BulkDefaults {
  std::string_view index;
  std::string_view routing;
  std::string_view pipeline;
  bool require_alias = false;
  std::optional<SourceFilter> source;  // `_source*` params: what updates return
};

struct BulkItem {
  BulkAction action = BulkAction::index;  // `index` with op_type create becomes `create`
  std::string index;
  std::optional<std::string> id;  // absent or null → nullopt (auto id for index/create)
  std::string routing;
  engine::ConcurrencyCheck check;
  int retry_on_conflict = 0;
  bool require_alias = false;
  std::string pipeline;
  std::optional<SourceFilter> source_filter;  // update: return the updated source
  std::string_view source;                    // index/create: the source line ('\r' trimmed)
  std::optional<UpdateBody> update;           // update: the parsed line after the action
  uint32_t line = 0;                          // 1-based line of the action
};

// Parses `body` into `items`. An error that fails the whole request in OpenSearch (malformed
// action line, bad metadata value, unparsable update line) is returned instead; `items` is
// then incomplete. Source lines are slices of `body`, which must outlive the items.
std::optional<RequestError> parse_bulk_body(std::string_view body, const BulkDefaults& defaults,
                                            std::vector<BulkItem>& items);

// BulkRequest.validate: "no requests added", "index is missing", id length, versioning and
// compare-and-set rules, update body rules. Non-empty → the whole request fails with 400.
ValidationErrors validate_bulk_items(const std::vector<BulkItem>& items);

}  // namespace pharos::api
