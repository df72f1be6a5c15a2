#include "server/api/bulk_parser.h"

#include <charconv>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace pharos::api {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The Jackson token OpenSearch names in its messages for a value of this type.
const char* token_name(element_type type) {
  switch (type) {
    case element_type::OBJECT: return "START_OBJECT";
    case element_type::ARRAY: return "START_ARRAY";
    case element_type::STRING: return "VALUE_STRING";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "VALUE_NUMBER";
    case element_type::BOOL: return "VALUE_BOOLEAN";
    case element_type::NULL_VALUE: return "VALUE_NULL";
  }
  return "VALUE_EMBEDDED_OBJECT";
}

std::string malformed(uint32_t line, std::string_view detail) {
  return "Malformed action/metadata line [" + std::to_string(line) + "], " + std::string(detail);
}

// A scalar as text, the way Jackson's parser.text() gives it for `_id`, `_index`, ...
std::string scalar_text(element value) {
  switch (value.type()) {
    case element_type::STRING: return std::string(std::string_view(value.get_string().value_unsafe()));
    case element_type::INT64: return std::to_string(int64_t(value.get_int64().value_unsafe()));
    case element_type::UINT64: return std::to_string(uint64_t(value.get_uint64().value_unsafe()));
    case element_type::DOUBLE: {
      char buffer[64];
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), double(value.get_double().value_unsafe()));
      return std::string(buffer, result.ptr);
    }
    case element_type::BOOL: return bool(value.get_bool().value_unsafe()) ? "true" : "false";
    default: return {};
  }
}

// parser.longValue() with OpenSearch's coercion: numbers (fractions truncated) and numeric strings.
std::optional<int64_t> long_value(element value) {
  switch (value.type()) {
    case element_type::INT64: return int64_t(value.get_int64().value_unsafe());
    case element_type::DOUBLE: {
      double number = value.get_double().value_unsafe();
      if (number >= -9.2e18 && number <= 9.2e18) return static_cast<int64_t>(number);
      return std::nullopt;
    }
    case element_type::STRING: return parse_int64(std::string_view(value.get_string().value_unsafe()));
    default: return std::nullopt;
  }
}

std::optional<bool> bool_value(element value) {
  if (value.type() == element_type::BOOL) return bool(value.get_bool().value_unsafe());
  if (value.type() == element_type::STRING) {
    std::string_view text = value.get_string().value_unsafe();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return std::nullopt;
}

std::optional<BulkAction> action_from_name(std::string_view name) {
  if (name == "index") return BulkAction::index;
  if (name == "create") return BulkAction::create;
  if (name == "update") return BulkAction::update;
  if (name == "delete") return BulkAction::delete_;
  return std::nullopt;
}

class BulkBodyParser {
 public:
  BulkBodyParser(std::string_view body, const BulkDefaults& defaults, std::vector<BulkItem>& items)
      : body_(body), defaults_(defaults), items_(items) {}

  std::optional<RequestError> run();

 private:
  // The next line (without '\n' and a trailing '\r'); false at the end of the body.
  bool next_line(std::string_view& line) {
    if (pos_ >= body_.size()) return false;
    const char* start = body_.data() + pos_;
    const void* newline = std::memchr(start, '\n', body_.size() - pos_);
    size_t length = newline ? static_cast<const char*>(newline) - start : body_.size() - pos_;
    pos_ += length + 1;
    line = std::string_view(start, length);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_;
    return true;
  }

  std::optional<RequestError> parse_action(std::string_view line, BulkItem& item, bool& skip);
  std::optional<RequestError> parse_metadata(simdjson::dom::object metadata, BulkItem& item);
  std::optional<RequestError> set_field(std::string_view key, element value, BulkItem& item);
  std::optional<RequestError> finish_update(std::string_view line, BulkItem& item);

  std::string_view body_;
  const BulkDefaults& defaults_;
  std::vector<BulkItem>& items_;
  size_t pos_ = 0;
  uint32_t line_ = 0;
  std::optional<engine::OpType> op_type_;  // `op_type` of the current index action
  bool version_given_ = false;
  simdjson::dom::parser parser_;
  std::string padded_;  // the current action line plus simdjson's padding
};

std::optional<RequestError> BulkBodyParser::run() {
  std::string_view line;
  while (next_line(line)) {
    BulkItem item;
    item.line = line_;
    bool skip = false;
    if (auto error = parse_action(line, item, skip)) return error;
    if (skip) continue;
    if (item.action != BulkAction::delete_) {
      std::string_view source;
      // An action without its source line at the end of the body is dropped, as OpenSearch does.
      if (!next_line(source)) break;
      if (item.action == BulkAction::update) {
        if (auto error = finish_update(source, item)) return error;
      } else {
        item.source = source;
      }
    }
    items_.push_back(std::move(item));
  }
  return std::nullopt;
}

std::optional<RequestError> BulkBodyParser::parse_action(std::string_view line, BulkItem& item, bool& skip) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
    skip = true;  // a blank line has no token: OpenSearch skips it
    return std::nullopt;
  }
  padded_.assign(line);
  padded_.resize(line.size() + simdjson::SIMDJSON_PADDING, '\0');
  element root;
  if (auto error = parser_.parse(padded_.data(), line.size(), false).get(root)) {
    return RequestError{400, "json_parse_exception",
                        malformed(line_, std::string("invalid JSON: ") + simdjson::error_message(error)), {}};
  }
  if (root.type() != element_type::OBJECT) {
    return RequestError::illegal_argument(
        malformed(line_, std::string("expected START_OBJECT but found [") + token_name(root.type()) + "]"));
  }
  simdjson::dom::object object = root.get_object().value_unsafe();
  auto first = object.begin();
  if (first == object.end()) {
    return RequestError::illegal_argument(malformed(line_, "expected FIELD_NAME but found [END_OBJECT]"));
  }
  std::string_view action_name = first.key();
  std::optional<BulkAction> action = action_from_name(action_name);
  if (!action) {
    return RequestError::illegal_argument(malformed(
        line_, "expected one of [create, delete, index, update] but found [" + std::string(action_name) + "]"));
  }
  item.action = *action;
  item.index = std::string(defaults_.index);
  item.routing = std::string(defaults_.routing);
  item.pipeline = std::string(defaults_.pipeline);
  item.require_alias = defaults_.require_alias;
  item.source_filter = defaults_.source;
  op_type_.reset();
  version_given_ = false;

  element metadata = first.value();
  if (metadata.type() == element_type::OBJECT) {
    if (auto error = parse_metadata(metadata.get_object().value_unsafe(), item)) return error;
  } else {
    return RequestError::illegal_argument(malformed(
        line_, std::string("expected START_OBJECT or END_OBJECT but found [") + token_name(metadata.type()) + "]"));
  }
  if (item.action == BulkAction::index && op_type_ == engine::OpType::create) item.action = BulkAction::create;
  if (item.action == BulkAction::update &&
      (version_given_ || item.check.version_type != engine::VersionType::internal)) {
    return RequestError::illegal_argument(
        "Update requests do not support versioning. Please use `if_seq_no` and `if_primary_term` instead");
  }
  return std::nullopt;
}

bool is_known_metadata_key(std::string_view key) {
  static constexpr std::string_view kKnown[] = {"_index",          "_id",          "routing",          "version",
                                                "version_type",    "if_seq_no",    "if_primary_term", "retry_on_conflict",
                                                "require_alias",   "op_type",      "pipeline",        "_source"};
  for (std::string_view known : kKnown) {
    if (key == known) return true;
  }
  return false;
}

std::optional<RequestError> BulkBodyParser::parse_metadata(simdjson::dom::object metadata, BulkItem& item) {
  for (auto field : metadata) {
    std::string_view key = field.key;
    element value = field.value;
    switch (value.type()) {
      case element_type::NULL_VALUE: continue;  // null metadata means "not set"
      case element_type::ARRAY:
      case element_type::OBJECT:
        // Only `_source` takes a structure (OpenSearch takes only an object; a list is accepted too);
        // unknown keys are ignored whatever their value (see set_field).
        if (key != "_source" && is_known_metadata_key(key)) {
          return RequestError::illegal_argument(malformed(line_, "expected a simple value for field [" +
                                                                     std::string(key) + "] but found [" +
                                                                     token_name(value.type()) + "]"));
        }
        break;
      default: break;
    }
    if (auto error = set_field(key, value, item)) return error;
  }
  return std::nullopt;
}

std::optional<RequestError> BulkBodyParser::set_field(std::string_view key, element value, BulkItem& item) {
  auto bad_value = [&](std::string_view expected) {
    return RequestError::illegal_argument(malformed(line_, "failed to parse field [" + std::string(key) +
                                                               "] as " + std::string(expected) + ": [" +
                                                               scalar_text(value) + "]"));
  };
  auto long_field = [&](std::optional<int64_t>& out) -> std::optional<RequestError> {
    out = long_value(value);
    if (!out) return bad_value("a long");
    return std::nullopt;
  };
  if (key == "_index") {
    item.index = scalar_text(value);
  } else if (key == "_id") {
    item.id = scalar_text(value);
  } else if (key == "routing") {
    item.routing = scalar_text(value);
  } else if (key == "pipeline") {
    item.pipeline = scalar_text(value);
  } else if (key == "op_type") {
    std::string op_type = scalar_text(value);
    if (op_type == "create") {
      op_type_ = engine::OpType::create;
    } else if (op_type == "index") {
      op_type_ = engine::OpType::index;
    } else {
      return RequestError::illegal_argument("opType must be 'create' or 'index', found: [" + op_type + "]");
    }
  } else if (key == "version") {
    version_given_ = true;
    return long_field(item.check.version);
  } else if (key == "version_type") {
    auto type = parse_version_type(scalar_text(value));
    if (!type.is_ok()) return RequestError::from_status(type.status());
    item.check.version_type = type.value();
  } else if (key == "if_seq_no") {
    return long_field(item.check.if_seq_no);
  } else if (key == "if_primary_term") {
    return long_field(item.check.if_primary_term);
  } else if (key == "retry_on_conflict") {
    std::optional<int64_t> retries = long_value(value);
    if (!retries || *retries < 0 || *retries > std::numeric_limits<int32_t>::max()) return bad_value("an int");
    item.retry_on_conflict = static_cast<int>(*retries);
  } else if (key == "require_alias") {
    std::optional<bool> flag = bool_value(value);
    if (!flag) return bad_value("a boolean");
    item.require_alias = *flag;
  } else if (key == "_source") {
    nlohmann::json parsed = nlohmann::json::parse(simdjson::to_string(value), nullptr, false);
    auto filter = SourceFilter::from_json(parsed);
    if (!filter.is_ok()) return RequestError::from_status(filter.status());
    item.source_filter = std::move(filter).value();
  }
  // Any other key is ignored. OpenSearch 2+ rejects `_type` and unknown keys, but shippers built
  // for Elasticsearch 6/7 (Logstash, Fluentd, older Beats, rsyslog templates) still send `_type`
  // and extra metadata, and the issue asks us to accept what real shippers send.
  return std::nullopt;
}

std::optional<RequestError> BulkBodyParser::finish_update(std::string_view line, BulkItem& item) {
  Result<UpdateBody> body = parse_update_body(line);
  if (!body.is_ok()) {
    RequestError error = RequestError::from_status(body.status());
    if (body.status().kind() == ErrorKind::unsupported) {
      // A script is refused for its item only: nothing about the request is malformed.
      item.update = UpdateBody{};
      item.update->has_script = true;
      return std::nullopt;
    }
    error.reason = "Malformed update line [" + std::to_string(line_) + "]: " + error.reason;
    return error;
  }
  item.update = std::move(body).value();
  if (item.update->source) item.source_filter = item.update->source;
  return std::nullopt;
}

}  // namespace

const char* bulk_action_name(BulkAction action) {
  switch (action) {
    case BulkAction::index: return "index";
    case BulkAction::create: return "create";
    case BulkAction::update: return "update";
    case BulkAction::delete_: return "delete";
  }
  return "index";
}

std::optional<RequestError> parse_bulk_body(std::string_view body, const BulkDefaults& defaults,
                                            std::vector<BulkItem>& items) {
  BulkBodyParser parser(body, defaults, items);
  return parser.run();
}

ValidationErrors validate_bulk_items(const std::vector<BulkItem>& items) {
  ValidationErrors errors;
  if (items.empty()) errors.add("no requests added");
  for (const BulkItem& item : items) {
    if (item.index.empty()) errors.add("index is missing");
    switch (item.action) {
      case BulkAction::index:
      case BulkAction::create: {
        engine::IndexRequest request;
        request.id = item.id.value_or("");
        request.op_type = item.action == BulkAction::create ? engine::OpType::create : engine::OpType::index;
        request.check = item.check;
        validate_index_request(request, errors);
        break;
      }
      case BulkAction::delete_: {
        engine::DeleteRequest request;
        request.id = item.id.value_or("");
        request.check = item.check;
        validate_delete_request(request, errors);
        break;
      }
      case BulkAction::update: {
        engine::UpdateRequest request;
        request.id = item.id.value_or("");
        request.check = item.check;
        request.retry_on_conflict = item.retry_on_conflict;
        if (item.update) {
          request.doc_as_upsert = item.update->doc_as_upsert;
          if (item.update->upsert) request.upsert = std::string();
          if (!item.update->has_script) validate_update_body(*item.update, errors);
        }
        validate_update_cas(request, errors);
        break;
      }
    }
  }
  return errors;
}

}  // namespace pharos::api
