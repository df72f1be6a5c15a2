// JsonWriter: appends compact JSON text straight to a string, for response bodies on the search
// path. Building an nlohmann tree and dumping it cost more CPU than a small k-NN search's graph
// walk; this writes the same bytes nlohmann's dump() would (number formats, escapes, invalid
// UTF-8 replaced by U+FFFD) without the tree.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pharos::api {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // Inside an object: the next value's key.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& number(int64_t value);
  JsonWriter& number(uint64_t value);
  JsonWriter& number(double value);  // non-finite → null, as nlohmann writes it
  // A float as Java prints it: the shortest decimal that reads back as the same float.
  JsonWriter& float_number(float value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // A complete JSON value already rendered as text.
  JsonWriter& raw(std::string_view json_text) {
    before_value();
    out_ += json_text;
    return *this;
  }
  // Any nlohmann value, dumped in place (aggregations, profiles, _source).
  template <class Json>
  JsonWriter& value(const Json& json) {
    before_value();
    out_ += json.dump(-1, ' ', false, Json::error_handler_t::replace);
    return *this;
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

// A float's shortest round-trip decimal, read as a double (what nlohmann then prints shortest).
double float_json(float value);

}  // namespace pharos::api
