// An HTTP request and response as the API layer sees them: decoded (chunked, gzip) bodies,
// parsed query parameters, lower-cased header names. No Beast types leak out of server/http.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pharos::http {

enum class Method { get, head, post, put, delete_, options, other };

// "GET" → Method::get, ...; anything unknown (PATCH, TRACE, ...) → Method::other.
Method parse_method(std::string_view name);
// Canonical upper-case name; "OTHER" for Method::other.
const char* method_name(Method method);

struct Request {
  Method method = Method::get;
  std::string method_name;                         // "GET", ...
  std::string target;                              // raw target: "/idx/_search?pretty"
  std::string path;                                // percent-decoded path: "/idx/_search"
  std::map<std::string, std::string> query;        // percent-decoded query parameters (last wins)
  std::map<std::string, std::string> headers;      // lower-cased names
  std::map<std::string, std::string> path_params;  // filled by the Router: {index}, {id}, ...
  std::string body;  // decoded body (after chunked + Content-Encoding: gzip/deflate)

  const std::string* header(std::string_view name) const;  // name lower-case
  const std::string* param(std::string_view name) const;   // query parameter
  bool has_param(std::string_view name) const { return param(name) != nullptr; }
  std::string param_or(std::string_view name, std::string fallback) const;
  // OpenSearch boolean parameter: absent → fallback, "" or "true" → true, "false" → false.
  bool flag(std::string_view name, bool fallback) const;
  const std::string& path_param(const std::string& name) const;  // "" if absent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=UTF-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace pharos::http
