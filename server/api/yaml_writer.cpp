#include "server/api/yaml_writer.h"

#include <nlohmann/json.hpp>

namespace pharos::api {
namespace {

// Scalars are written as JSON (double-quoted strings are valid YAML and need no escaping rules
// of their own); numbers, booleans and null are the same in both.
std::string scalar(const nlohmann::json& value) { return value.dump(); }

void write(const nlohmann::json& value, int indent, std::string& out);

void write_entry_value(const nlohmann::json& value, int indent, std::string& out) {
  if ((value.is_object() || value.is_array()) && !value.empty()) {
    out += "\n";
    write(value, indent + 2, out);
  } else if (value.is_object()) {
    out += " {}\n";
  } else if (value.is_array()) {
    out += " []\n";
  } else {
    out += " " + scalar(value) + "\n";
  }
}

void write(const nlohmann::json& value, int indent, std::string& out) {
  const std::string pad(indent, ' ');
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      out += pad + nlohmann::json(it.key()).dump() + ":";
      write_entry_value(it.value(), indent, out);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      out += pad + "-";
      write_entry_value(item, indent, out);
    }
  } else {
    out += pad + scalar(value) + "\n";
  }
}

}  // namespace

std::string to_yaml(const nlohmann::json& value) {
  std::string out = "---\n";
  if ((value.is_object() || value.is_array()) && value.empty()) return out + (value.is_object() ? "{}\n" : "[]\n");
  write(value, 0, out);
  return out;
}

}  // namespace pharos::api
