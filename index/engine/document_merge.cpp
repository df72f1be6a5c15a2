#include "index/engine/document_merge.h"

#include <nlohmann/json.hpp>

namespace pharos::engine {

namespace {

// Merges `update` into `target`; returns whether anything changed.
bool merge_into(nlohmann::json& target, const nlohmann::json& update) {
  bool changed = false;
  for (auto it = update.begin(); it != update.end(); ++it) {
    auto existing = target.find(it.key());
    if (existing == target.end()) {
      target[it.key()] = it.value();
      changed = true;
    } else if (existing->is_object() && it.value().is_object()) {
      changed |= merge_into(*existing, it.value());
    } else if (*existing != it.value()) {
      *existing = it.value();
      changed = true;
    }
  }
  return changed;
}

Result<nlohmann::json> parse_object(std::string_view text, const char* what) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return Status(ErrorKind::parse_error, std::string("failed to parse ") + what);
  if (!value.is_object()) return Status(ErrorKind::invalid_argument, std::string(what) + " must be a JSON object");
  return value;
}

}  // namespace

Result<MergedDocument> merge_partial_document(std::string_view source, std::string_view partial) {
  PHAROS_ASSIGN_OR_RETURN(nlohmann::json target, parse_object(source, "document source"));
  PHAROS_ASSIGN_OR_RETURN(nlohmann::json update, parse_object(partial, "partial document"));
  MergedDocument out;
  out.changed = merge_into(target, update);
  out.source = target.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

}  // namespace pharos::engine
