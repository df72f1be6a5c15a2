#include "index/engine/index_name_rules.h"

#include <algorithm>

namespace pharos::engine {
namespace {

// OpenSearch's Strings.INVALID_FILENAME_CHARS printed the way Java prints that HashSet: the
// order below is the hash-bucket order, not the declaration order, and clients see it verbatim.
constexpr std::string_view kInvalidFileNameChars = " \"*\\<|,>/?";
constexpr std::string_view kInvalidFileNameCharsText = "[ , \", *, \\, <, |, ,, >, /, ?]";

}  // namespace

std::string index_or_alias_name_violation(std::string_view name) {
  if (name.find_first_of(kInvalidFileNameChars) != std::string_view::npos) {
    return "must not contain the following characters " + std::string(kInvalidFileNameCharsText);
  }
  if (name.empty()) return "must not be empty";
  if (name.find('#') != std::string_view::npos) return "must not contain '#'";
  if (name.find(':') != std::string_view::npos) return "must not contain ':'";
  if (name[0] == '_' || name[0] == '-' || name[0] == '+') return "must not start with '_', '-', or '+'";
  if (name.size() > kMaxIndexNameBytes) {
    return "index name is too long, (" + std::to_string(name.size()) + " > " +
           std::to_string(kMaxIndexNameBytes) + ")";
  }
  if (name == "." || name == "..") return "must not be '.' or '..'";
  return {};
}

Status validate_index_name(std::string_view name) {
  std::string violation = index_or_alias_name_violation(name);
  if (violation.empty()) {
    // Java's toLowerCase(Locale.ROOT) also folds non-ASCII letters; ASCII covers what clients send.
    bool has_upper = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (has_upper) violation = "must be lowercase";
  }
  if (violation.empty()) return Status::ok();
  Status status(ErrorKind::invalid_index_name,
                "Invalid index name [" + std::string(name) + "], " + violation);
  status.with_index(std::string(name));
  return status;
}

Status validate_alias_name(std::string_view name) {
  std::string violation = index_or_alias_name_violation(name);
  if (violation.empty()) return Status::ok();
  return Status(ErrorKind::invalid_alias_name, "Invalid alias name [" + std::string(name) + "], " + violation);
}

}  // namespace pharos::engine
