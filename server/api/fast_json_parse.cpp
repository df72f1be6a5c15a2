#include "server/api/fast_json_parse.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <string>

namespace pharos::api {
namespace {

using nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::element_type;

json convert(element value) {
  switch (value.type()) {
    case element_type::OBJECT: {
      json out = json::object();
      simdjson::dom::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return nullptr;  // the type says it is
      for (auto field : object) out[std::string(field.key)] = convert(field.value);
      return out;
    }
    case element_type::ARRAY: {
      json out = json::array();
      simdjson::dom::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return nullptr;
      out.get_ref<json::array_t&>().reserve(array.size());
      for (element item : array) out.push_back(convert(item));
      return out;
    }
    case element_type::STRING:
      return std::string(value.get_string().value_unsafe());
    case element_type::INT64: {
      int64_t n = value.get_int64().value_unsafe();
      if (n >= 0) return static_cast<uint64_t>(n);
      return n;
    }
    case element_type::UINT64:
      return value.get_uint64().value_unsafe();
    case element_type::DOUBLE:
      return value.get_double().value_unsafe();
    case element_type::BOOL:
      return value.get_bool().value_unsafe();
    case element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

// simdjson reads the integer -0 as 0 and loses the sign nlohmann keeps (number_integer, not
// number_unsigned). Such texts are left to nlohmann; "-0.5", "-0e1" and "1e-07" are fine.
bool has_negative_integer_zero(std::string_view text) {
  for (size_t at = text.find("-0"); at != std::string_view::npos; at = text.find("-0", at + 2)) {
    char before = at > 0 ? text[at - 1] : ' ', next = at + 2 < text.size() ? text[at + 2] : ' ';
    if (before == 'e' || before == 'E') continue;  // an exponent: 1e-07
    if (next != '.' && next != 'e' && next != 'E' && !(next >= '0' && next <= '9')) return true;
  }
  return false;
}

}  // namespace

std::optional<json> fast_json_parse(std::string_view text) {
  if (has_negative_integer_zero(text)) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return std::nullopt;
  return convert(root);
}

}  // namespace pharos::api
