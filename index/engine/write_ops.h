// Requests and results of document writes and reads, in engine terms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "index/base/status.h"

namespace pharos::engine {

enum class OpType { index, create };
enum class VersionType { internal, external, external_gte };

struct ConcurrencyCheck {
  std::optional<int64_t> if_seq_no;
  std::optional<int64_t> if_primary_term;
  std::optional<int64_t> version;  // with version_type external/external_gte (internal+version is rejected by the API)
  VersionType version_type = VersionType::internal;
};

struct IndexRequest {
  std::string id;  // empty → auto-generated (20-char base64url, time-based like OpenSearch)
  std::string routing;
  std::string source;  // a JSON object
  OpType op_type = OpType::index;
  ConcurrencyCheck check;
  // The engine generated `id` for this request, so no earlier copy of the document can exist
  // and the write may skip the version lookup (OpenSearch's append-only optimisation).
  bool auto_generated_id = false;
};

struct DeleteRequest {
  std::string id;
  std::string routing;
  ConcurrencyCheck check;
};

struct UpdateRequest {
  std::string id;
  std::string routing;
  std::optional<std::string> doc;     // partial document (JSON object) merged into the source
  std::optional<std::string> upsert;  // document to index when missing
  bool doc_as_upsert = false;
  bool detect_noop = true;
  bool scripted_upsert = false;
  int retry_on_conflict = 0;
  ConcurrencyCheck check;  // if_seq_no / if_primary_term
};

enum class WriteOutcome { created, updated, deleted, not_found, noop };
const char* write_outcome_name(WriteOutcome outcome);

struct WriteResult {
  std::string id;
  WriteOutcome outcome = WriteOutcome::created;
  int64_t version = 0;
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  uint32_t shard = 0;
  std::string source;  // the resulting source (updates fill it, for `_source` in update responses)
};

struct GetRequest {
  std::string id;
  std::string routing;
  bool realtime = true;  // see unrefreshed writes (OpenSearch default)
};

struct GetResult {
  bool found = false;
  std::string id;
  int64_t version = 0;
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  std::string routing;
  std::string source;
};

// One op of a bulk request, already bound to this index.
struct BulkOp {
  enum class Kind { index, create, update, delete_ } kind = Kind::index;
  IndexRequest index;    // index / create
  DeleteRequest remove;  // delete
  UpdateRequest update;  // update
};

}  // namespace pharos::engine
