// Status and Result<T>: how every layer below server/ reports failure.
// The error kind says what went wrong in engine terms; server/api maps kinds to
// OpenSearch error types and HTTP codes (nothing below server/ knows about HTTP).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace pharos {

enum class ErrorKind {
  ok,
  invalid_argument,    // bad parameter or request content (illegal_argument_exception)
  invalid_index_name,  // index name breaks the naming rules (invalid_index_name_exception)
  invalid_alias_name,  // alias name breaks the rules or clashes with an index (invalid_alias_name_exception)
  parse_error,         // malformed JSON or syntax (parse_exception / json_parse_exception)
  mapping_error,       // document does not fit the mapping (mapper_parsing_exception)
  strict_mapping,      // dynamic: strict rejected a new field (strict_dynamic_mapping_exception)
  index_not_found,     // named index (or alias) does not exist
  document_missing,    // update of a document that does not exist
  not_found,           // other named resource does not exist
  template_missing,    // named index template does not exist (index_template_missing_exception)
  aliases_missing,     // named alias does not exist (aliases_not_found_exception)
  already_exists,      // index / resource already exists
  version_conflict,    // optimistic concurrency check failed
  index_closed,        // operation on a closed index
  corrupt,             // checksum or structural failure in a file
  io_error,            // the OS refused a read/write/fsync
  resource_exhausted,  // a limit was hit (memory, queue, result window)
  unsupported,         // valid request for something not implemented
  aggregation_execution,  // an aggregation cannot run as asked (OpenSearch answers 500 for these)
  internal,               // a bug
};

const char* error_kind_name(ErrorKind kind);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return kind_ == ErrorKind::ok; }
  explicit operator bool() const { return is_ok(); }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

  // The index the error concerns, when there is one (OpenSearch puts it in the error body).
  const std::string& index() const { return index_; }
  Status& with_index(std::string index) {
    index_ = std::move(index);
    return *this;
  }

  std::string to_string() const;

 private:
  ErrorKind kind_ = ErrorKind::ok;
  std::string message_;
  std::string index_;
};

// Result<T>: a value or a non-ok Status (a small std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).is_ok() && "Result built from an ok Status carries no value");
  }

  bool is_ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return is_ok(); }

  const Status& status() const {
    static const Status ok_status;
    return is_ok() ? ok_status : std::get<Status>(data_);
  }
  T& value() & {
    assert(is_ok() && "value() on an error Result");
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(is_ok() && "value() on an error Result");
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(is_ok() && "value() on an error Result");
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace pharos

// Propagate a non-ok Status from an expression returning Status.
#define PHAROS_RETURN_IF_ERROR(expr)                    \
  do {                                                  \
    ::pharos::Status pharos_status_ = (expr);           \
    if (!pharos_status_.is_ok()) return pharos_status_; \
  } while (0)

#define PHAROS_CONCAT_INNER(a, b) a##b
#define PHAROS_CONCAT(a, b) PHAROS_CONCAT_INNER(a, b)

// Assign the value of a Result to `lhs`, or return its Status.
#define PHAROS_ASSIGN_OR_RETURN(lhs, expr)                   \
  auto PHAROS_CONCAT(pharos_result_, __LINE__) = (expr);     \
  if (!PHAROS_CONCAT(pharos_result_, __LINE__).is_ok())      \
    return PHAROS_CONCAT(pharos_result_, __LINE__).status(); \
  lhs = std::move(PHAROS_CONCAT(pharos_result_, __LINE__)).value()
