#include "server/http/http_error.h"

#include <cstdio>

namespace pharos::http {

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buffer;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

Response make_error_response(int status, std::string_view type, std::string_view reason) {
  std::string cause = "{\"type\":\"" + json_escape(type) + "\",\"reason\":\"" + json_escape(reason) + "\"}";
  Response response;
  response.status = status;
  response.body = "{\"error\":{\"root_cause\":[" + cause + "],\"type\":\"" + json_escape(type) +
                  "\",\"reason\":\"" + json_escape(reason) + "\"},\"status\":" + std::to_string(status) + "}";
  return response;
}

}  // namespace pharos::http
