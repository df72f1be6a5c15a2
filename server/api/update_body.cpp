#include "server/api/update_body.h"

#include <nlohmann/json.hpp>

namespace pharos::api {

namespace {

using OrderedJson = nlohmann::ordered_json;

std::string dump(const OrderedJson& value) {
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Result<bool> boolean_field(const OrderedJson& value, std::string_view name) {
  if (value.is_boolean()) return value.get<bool>();
  // OpenSearch's parser accepts "true"/"false" strings for booleans.
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return Status(ErrorKind::parse_error, "[UpdateRequest] failed to parse field [" + std::string(name) +
                                            "]: expected a boolean but found [" + value.type_name() + "]");
}

Result<std::string> object_field(const OrderedJson& value, std::string_view name) {
  if (!value.is_object()) {
    return Status(ErrorKind::parse_error, "[UpdateRequest] failed to parse field [" + std::string(name) +
                                              "]: expected an object but found [" + value.type_name() + "]");
  }
  return dump(value);
}

}  // namespace

Result<UpdateBody> parse_update_body(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status(ErrorKind::parse_error, "request body or source parameter is required");
  }
  OrderedJson root;
  try {
    root = OrderedJson::parse(text.begin(), text.end());
  } catch (const OrderedJson::parse_error& e) {
    return Status(ErrorKind::parse_error, std::string("Failed to parse update request: ") + e.what());
  }
  if (!root.is_object()) {
    return Status(ErrorKind::parse_error, "Failed to parse update request: expected START_OBJECT but found [" +
                                              std::string(root.type_name()) + "]");
  }
  UpdateBody body;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& key = it.key();
    const OrderedJson& value = it.value();
    if (key == "doc") {
      PHAROS_ASSIGN_OR_RETURN(body.doc, object_field(value, key));
    } else if (key == "upsert") {
      PHAROS_ASSIGN_OR_RETURN(body.upsert, object_field(value, key));
    } else if (key == "doc_as_upsert") {
      PHAROS_ASSIGN_OR_RETURN(body.doc_as_upsert, boolean_field(value, key));
    } else if (key == "detect_noop") {
      PHAROS_ASSIGN_OR_RETURN(body.detect_noop, boolean_field(value, key));
    } else if (key == "scripted_upsert") {
      PHAROS_ASSIGN_OR_RETURN(body.scripted_upsert, boolean_field(value, key));
    } else if (key == "script") {
      body.has_script = !value.is_null();
    } else if (key == "_source") {
      PHAROS_ASSIGN_OR_RETURN(SourceFilter filter, SourceFilter::from_json(nlohmann::json(value)));
      body.source = std::move(filter);
    }
    // Other keys are ignored, as OpenSearch's update parser does.
  }
  if (body.has_script) {
    return Status(ErrorKind::unsupported, std::string(kScriptUnsupportedMessage));
  }
  return body;
}

void fill_update_request(UpdateBody& body, engine::UpdateRequest& request) {
  request.doc = std::move(body.doc);
  request.upsert = std::move(body.upsert);
  request.doc_as_upsert = body.doc_as_upsert;
  request.detect_noop = body.detect_noop;
  request.scripted_upsert = body.scripted_upsert;
}

void validate_update_body(const UpdateBody& body, ValidationErrors& errors) {
  if (!body.has_script && !body.doc) errors.add("script or doc is missing");
  if (body.has_script && body.doc) errors.add("can't provide both script and doc");
  if (!body.doc && body.doc_as_upsert) errors.add("doc must be specified if doc_as_upsert is enabled");
}

}  // namespace pharos::api
