#include "index/base/status.h"

namespace pharos {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ok:
      return "ok";
    case ErrorKind::invalid_argument:
      return "invalid_argument";
    case ErrorKind::invalid_index_name:
      return "invalid_index_name";
    case ErrorKind::invalid_alias_name:
      return "invalid_alias_name";
    case ErrorKind::template_missing:
      return "template_missing";
    case ErrorKind::aliases_missing:
      return "aliases_missing";
    case ErrorKind::parse_error:
      return "parse_error";
    case ErrorKind::mapping_error:
      return "mapping_error";
    case ErrorKind::strict_mapping:
      return "strict_mapping";
    case ErrorKind::index_not_found:
      return "index_not_found";
    case ErrorKind::document_missing:
      return "document_missing";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::already_exists:
      return "already_exists";
    case ErrorKind::version_conflict:
      return "version_conflict";
    case ErrorKind::index_closed:
      return "index_closed";
    case ErrorKind::corrupt:
      return "corrupt";
    case ErrorKind::io_error:
      return "io_error";
    case ErrorKind::resource_exhausted:
      return "resource_exhausted";
    case ErrorKind::unsupported:
      return "unsupported";
    case ErrorKind::aggregation_execution:
      return "aggregation_execution";
    case ErrorKind::internal:
      return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(error_kind_name(kind_)) + ": " + message_;
}

}  // namespace pharos
