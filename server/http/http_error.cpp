#include "server/http/http_error.h"

#include <cstdio>

namespace pharos::http {

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buffer;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

Response make_error_response(int status, std::string_view type, std::string_view reason) {
  const std::string type_json = json_escape(type);
  const std::string reason_json = json_escape(reason);
  std::string cause;
  cause.append("{\"type\":\"").append(type_json).append("\",\"reason\":\"").append(reason_json).append("\"}");
  Response response;
  response.status = status;
  std::string& body = response.body;
  body.reserve(2 * cause.size() + 64);
  body.append("{\"error\":{\"root_cause\":[").append(cause).append("],\"type\":\"").append(type_json);
  body.append("\",\"reason\":\"")
      .append(reason_json)
      .append("\"},\"status\":")
      .append(std::to_string(status));
  body.push_back('}');
  return response;
}

}  // namespace pharos::http
