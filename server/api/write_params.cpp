#include "server/api/write_params.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "server/api/errors.h"

namespace pharos::api {

RequestError RequestError::from_status(const Status& status) {
  ErrorInfo info = error_info(status.kind());
  return {info.http_status, info.type, status.message(), status.index()};
}

RequestError RequestError::illegal_argument(std::string reason) {
  return {400, "illegal_argument_exception", std::move(reason), {}};
}

RequestError RequestError::parse(std::string reason) {
  return {400, "parse_exception", std::move(reason), {}};
}

http::Response RequestError::to_response() const {
  return error_response(http_status, type, reason, index);
}

nlohmann::json RequestError::to_json() const { return error_object(type, reason, index); }

nlohmann::json RequestError::to_item_json() const {
  nlohmann::json error = error_object(type, reason, index);
  error.erase("root_cause");
  return error;
}

void ValidationErrors::append(const ValidationErrors& other) {
  messages_.insert(messages_.end(), other.messages_.begin(), other.messages_.end());
}

std::string ValidationErrors::reason() const {
  std::string reason = "Validation Failed: ";
  for (size_t i = 0; i < messages_.size(); ++i) {
    reason += std::to_string(i + 1) + ": " + messages_[i] + ";";
  }
  return reason;
}

RequestError ValidationErrors::to_error() const {
  return {400, "action_request_validation_exception", reason(), {}};
}

Result<RefreshPolicy> parse_refresh(const http::Request& request) {
  const std::string* value = request.param("refresh");
  if (value == nullptr || *value == "false") return RefreshPolicy::none;
  if (value->empty() || *value == "true") return RefreshPolicy::immediate;
  if (*value == "wait_for") return RefreshPolicy::wait_for;
  return Status(ErrorKind::invalid_argument, "Unknown value for refresh: [" + *value + "].");
}

Result<engine::VersionType> parse_version_type(std::string_view text) {
  if (text == "internal") return engine::VersionType::internal;
  if (text == "external" || text == "external_gt") return engine::VersionType::external;
  if (text == "external_gte") return engine::VersionType::external_gte;
  return Status(ErrorKind::invalid_argument, "No version type match [" + std::string(text) + "]");
}

const char* version_type_upper_name(engine::VersionType type) {
  switch (type) {
    case engine::VersionType::internal: return "INTERNAL";
    case engine::VersionType::external: return "EXTERNAL";
    case engine::VersionType::external_gte: return "EXTERNAL_GTE";
  }
  return "INTERNAL";
}

std::optional<int64_t> parse_int64(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<std::optional<int64_t>> parse_long_param(const http::Request& request, std::string_view name) {
  const std::string* value = request.param(name);
  if (value == nullptr) return std::optional<int64_t>();
  std::optional<int64_t> parsed = parse_int64(*value);
  if (!parsed) {
    return Status(ErrorKind::invalid_argument, "Failed to parse long parameter [" + std::string(name) +
                                                   "] with value [" + *value + "]");
  }
  return parsed;
}

namespace {

// TimeValue.parseTimeValue: a number with a unit, or -1 / 0 without one.
Status check_time_value(const http::Request& request, std::string_view name) {
  const std::string* value = request.param(name);
  if (value == nullptr || *value == "-1" || *value == "0") return Status::ok();
  static constexpr std::string_view kUnits[] = {"nanos", "micros", "ms", "s", "m", "h", "d"};
  for (std::string_view unit : kUnits) {
    if (value->size() > unit.size() && value->ends_with(unit)) {
      std::string_view number(value->data(), value->size() - unit.size());
      if (number.find_first_not_of("0123456789.") == std::string_view::npos) return Status::ok();
      break;
    }
  }
  return Status(ErrorKind::invalid_argument, "failed to parse setting [" + std::string(name) + "] with value [" +
                                                 *value + "] as a time value: unit is missing or unrecognized");
}

Status check_active_shards(const http::Request& request) {
  const std::string* value = request.param("wait_for_active_shards");
  if (value == nullptr || *value == "all" || *value == "index-setting") return Status::ok();
  std::optional<int64_t> count = parse_int64(*value);
  if (!count) return Status(ErrorKind::invalid_argument, "cannot parse ActiveShardCount[" + *value + "]");
  if (*count < 0) return Status(ErrorKind::invalid_argument, "shard count cannot be a negative value");
  return Status::ok();
}

}  // namespace

Result<WriteParams> parse_write_params(const http::Request& request) {
  WriteParams params;
  PHAROS_ASSIGN_OR_RETURN(params.refresh, parse_refresh(request));
  params.routing = request.param_or("routing", "");
  PHAROS_ASSIGN_OR_RETURN(params.check.version, parse_long_param(request, "version"));
  if (const std::string* type = request.param("version_type")) {
    PHAROS_ASSIGN_OR_RETURN(params.check.version_type, parse_version_type(*type));
  }
  PHAROS_ASSIGN_OR_RETURN(params.check.if_seq_no, parse_long_param(request, "if_seq_no"));
  PHAROS_ASSIGN_OR_RETURN(params.check.if_primary_term, parse_long_param(request, "if_primary_term"));
  if (const std::string* op_type = request.param("op_type")) {
    if (*op_type == "create") {
      params.op_type = engine::OpType::create;
    } else if (*op_type == "index") {
      params.op_type = engine::OpType::index;
    } else {
      return Status(ErrorKind::invalid_argument, "opType must be 'create' or 'index', found: [" + *op_type + "]");
    }
  }
  PHAROS_ASSIGN_OR_RETURN(std::optional<int64_t> retries, parse_long_param(request, "retry_on_conflict"));
  if (retries) {
    if (*retries < 0 || *retries > 1'000'000) {
      return Status(ErrorKind::invalid_argument, "retry_on_conflict must be a non-negative number");
    }
    params.retry_on_conflict = static_cast<int>(*retries);
  }
  params.require_alias = request.flag("require_alias", false);
  params.pipeline = request.param_or("pipeline", "");
  PHAROS_RETURN_IF_ERROR(check_time_value(request, "timeout"));
  PHAROS_RETURN_IF_ERROR(check_active_shards(request));
  return params;
}

void validate_id_length(std::string_view id, ValidationErrors& errors) {
  if (id.size() > kMaxIdBytes) {
    errors.add("id [" + std::string(id) + "] is too long, must be no longer than 512 bytes but was: " +
               std::to_string(id.size()));
  }
}

void validate_concurrency(const engine::ConcurrencyCheck& check, ValidationErrors& errors) {
  const bool internal = check.version_type == engine::VersionType::internal;
  // Internal versions: -3 (MATCH_ANY, "no version") is what an absent version means.
  const int64_t version = check.version.value_or(-3);
  if (!internal && version < 0) {
    errors.add("illegal version value [" + std::to_string(version) + "] for version type [" +
               version_type_upper_name(check.version_type) + "]");
  }
  if (internal && check.version && version != -3 && version != -4) {
    errors.add(
        "internal versioning can not be used for optimistic concurrency control. "
        "Please use `if_seq_no` and `if_primary_term` instead");
  }
  if (check.if_seq_no && (!internal || check.version)) {
    errors.add("compare and write operations can not use versioning");
  }
  if (check.if_seq_no && !check.if_primary_term) {
    errors.add("ifSeqNo is set, but primary term is [0]");
  }
  if (check.if_primary_term && !check.if_seq_no) {
    errors.add("ifSeqNo is unassigned, but primary term is [" + std::to_string(*check.if_primary_term) + "]");
  }
  if (check.if_seq_no && *check.if_seq_no < 0) {
    errors.add("sequence numbers must be non negative. got [" + std::to_string(*check.if_seq_no) + "].");
  }
  if (check.if_primary_term && *check.if_primary_term < 0) {
    errors.add("primary term must be non negative. got [" + std::to_string(*check.if_primary_term) + "]");
  }
}

void validate_index_request(const engine::IndexRequest& request, ValidationErrors& errors) {
  const bool internal = request.check.version_type == engine::VersionType::internal;
  if (request.op_type == engine::OpType::create) {
    if (!internal) {
      errors.add("create operations only support internal versioning. use index instead");
      return;
    }
    if (request.check.if_seq_no) {
      errors.add("create operations do not support compare and set. use index instead");
      return;
    }
  }
  if (request.id.empty() && (!internal || request.check.version)) {
    errors.add("an id must be provided if version type or value are set");
  }
  validate_concurrency(request.check, errors);
  validate_id_length(request.id, errors);
}

void validate_delete_request(const engine::DeleteRequest& request, ValidationErrors& errors) {
  if (request.id.empty()) errors.add("id is missing");
  validate_concurrency(request.check, errors);
  validate_id_length(request.id, errors);
}

void validate_update_cas(const engine::UpdateRequest& request, ValidationErrors& errors) {
  if (request.id.empty()) errors.add("id is missing");
  validate_concurrency(request.check, errors);
  if (request.check.if_seq_no) {
    if (request.retry_on_conflict > 0) errors.add("compare and write operations can not be retried");
    if (request.doc_as_upsert) errors.add("compare and write operations can not be used with upsert");
    if (request.upsert) errors.add("upsert requests don't support `if_seq_no` and `if_primary_term`");
  }
  validate_id_length(request.id, errors);
}

}  // namespace pharos::api
