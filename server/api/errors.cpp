#include "server/api/errors.h"

#include <nlohmann/json.hpp>

#include "server/api/json_response.h"

namespace pharos::api {

ErrorInfo error_info(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ok:
      return {200, ""};
    case ErrorKind::invalid_argument:
      return {400, "illegal_argument_exception"};
    case ErrorKind::invalid_index_name:
      return {400, "invalid_index_name_exception"};
    case ErrorKind::invalid_alias_name:
      return {400, "invalid_alias_name_exception"};
    case ErrorKind::template_missing:
      return {404, "index_template_missing_exception"};
    case ErrorKind::aliases_missing:
      return {404, "aliases_not_found_exception"};
    case ErrorKind::parse_error:
      return {400, "parse_exception"};
    case ErrorKind::mapping_error:
      return {400, "mapper_parsing_exception"};
    case ErrorKind::strict_mapping:
      return {400, "strict_dynamic_mapping_exception"};
    case ErrorKind::index_not_found:
      return {404, "index_not_found_exception"};
    case ErrorKind::document_missing:
      return {404, "document_missing_exception"};
    case ErrorKind::not_found:
      return {404, "resource_not_found_exception"};
    case ErrorKind::already_exists:
      return {400, "resource_already_exists_exception"};
    case ErrorKind::version_conflict:
      return {409, "version_conflict_engine_exception"};
    case ErrorKind::index_closed:
      return {400, "index_closed_exception"};
    case ErrorKind::corrupt:
      return {500, "corrupt_index_exception"};
    case ErrorKind::io_error:
      return {500, "io_exception"};
    case ErrorKind::resource_exhausted:
      return {429, "circuit_breaking_exception"};
    case ErrorKind::unsupported:
      return {400, "illegal_argument_exception"};
    // OpenSearch's AggregationExecutionException keeps the default 500; clients and its REST
    // tests expect that status, so we answer it too rather than a 400.
    case ErrorKind::aggregation_execution:
      return {500, "aggregation_execution_exception"};
    case ErrorKind::internal:
      return {500, "exception"};
  }
  return {500, "exception"};
}

nlohmann::json error_object(std::string_view type, std::string_view reason, std::string_view index) {
  nlohmann::json cause = {{"type", type}, {"reason", reason}};
  if (!index.empty()) {
    cause["index"] = index;
    cause["index_uuid"] = "_na_";
  }
  nlohmann::json error = cause;
  error["root_cause"] = nlohmann::json::array({cause});
  return error;
}

nlohmann::json error_object(const Status& status) {
  return error_object(error_info(status.kind()).type, status.message(), status.index());
}

http::Response error_response(int http_status, std::string_view type, std::string_view reason,
                              std::string_view index) {
  nlohmann::json body = {{"error", error_object(type, reason, index)}, {"status", http_status}};
  return json_response(http_status, body);
}

http::Response error_response(const Status& status) {
  ErrorInfo info = error_info(status.kind());
  return error_response(info.http_status, info.type, status.message(), status.index());
}

}  // namespace pharos::api
