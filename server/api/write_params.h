// Parameters of document writes (query string of _doc/_create/_update/_bulk, and the same
// fields in bulk action lines) and the request-level validation OpenSearch applies to them.
// Messages are OpenSearch's, because clients and conformance tests match them verbatim.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/engine/write_ops.h"
#include "server/http/request.h"

namespace pharos::api {

// An error the API layer decides itself, with an OpenSearch type that no engine ErrorKind
// names (action_request_validation_exception, ...). Engine errors convert via from_status.
struct RequestError {
  int http_status = 400;
  std::string type;
  std::string reason;
  std::string index;

  static RequestError from_status(const Status& status);
  static RequestError illegal_argument(std::string reason);
  static RequestError parse(std::string reason);  // parse_exception
  http::Response to_response() const;
  // The "error" object with root_cause (top-level errors, mget docs).
  nlohmann::json to_json() const;
  // The "error" object as bulk items carry it: no root_cause.
  nlohmann::json to_item_json() const;
};

// Collects OpenSearch validation failures: "Validation Failed: 1: a;2: b;".
class ValidationErrors {
 public:
  void add(std::string message) { messages_.push_back(std::move(message)); }
  void append(const ValidationErrors& other);
  bool empty() const { return messages_.empty(); }
  const std::vector<std::string>& messages() const { return messages_; }
  std::string reason() const;
  RequestError to_error() const;  // 400 action_request_validation_exception

 private:
  std::vector<std::string> messages_;
};

enum class RefreshPolicy { none, immediate, wait_for };

// refresh: absent/"false" → none, ""/"true" → immediate, "wait_for" → wait_for.
Result<RefreshPolicy> parse_refresh(const http::Request& request);
Result<engine::VersionType> parse_version_type(std::string_view text);
const char* version_type_upper_name(engine::VersionType type);  // "EXTERNAL", as messages print it
// A long query parameter; absent → nullopt; not a number → illegal_argument.
Result<std::optional<int64_t>> parse_long_param(const http::Request& request, std::string_view name);
// Strict decimal parse of a whole string (optional sign); nullopt if it is not one.
std::optional<int64_t> parse_int64(std::string_view text);

// Every write parameter of a single-document request.
struct WriteParams {
  RefreshPolicy refresh = RefreshPolicy::none;
  std::string routing;
  engine::ConcurrencyCheck check;
  std::optional<engine::OpType> op_type;
  int retry_on_conflict = 0;
  bool require_alias = false;
  std::string pipeline;
};

// Parses refresh, routing, version, version_type, if_seq_no, if_primary_term, op_type,
// retry_on_conflict, require_alias, pipeline, timeout and wait_for_active_shards.
Result<WriteParams> parse_write_params(const http::Request& request);

// Id rules shared by every write: empty explicit ids and ids over 512 bytes are refused.
inline constexpr size_t kMaxIdBytes = 512;
// An explicit empty id is an illegal_argument (item-level in _bulk), not a validation failure.
inline constexpr std::string_view kEmptyIdMessage = "if _id is specified it must not be empty";
void validate_id_length(std::string_view id, ValidationErrors& errors);

// OpenSearch's checks of version / version_type / if_seq_no / if_primary_term.
void validate_concurrency(const engine::ConcurrencyCheck& check, ValidationErrors& errors);
// IndexRequest.validate: create + versioning, id length, CAS parameters.
void validate_index_request(const engine::IndexRequest& request, ValidationErrors& errors);
void validate_delete_request(const engine::DeleteRequest& request, ValidationErrors& errors);
// The parts of UpdateRequest.validate that do not depend on the body.
void validate_update_cas(const engine::UpdateRequest& request, ValidationErrors& errors);

}  // namespace pharos::api
