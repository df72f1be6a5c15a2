#include "server/http/request.h"

namespace pharos::http {

Method parse_method(std::string_view name) {
  if (name == "GET") return Method::get;
  if (name == "HEAD") return Method::head;
  if (name == "POST") return Method::post;
  if (name == "PUT") return Method::put;
  if (name == "DELETE") return Method::delete_;
  if (name == "OPTIONS") return Method::options;
  return Method::other;
}

const char* method_name(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::delete_:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      return "OTHER";
  }
  return "OTHER";
}

// The maps use std::less<std::string>, which is not transparent, so lookups by string_view
// build a key. Parameters and headers are few and short; the allocation is cheap (SSO).
const std::string* Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? nullptr : &it->second;
}

const std::string* Request::param(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

std::string Request::param_or(std::string_view name, std::string fallback) const {
  const std::string* value = param(name);
  return value ? *value : std::move(fallback);
}

// Lenient on purpose: OpenSearch rejects values other than true/false with a 400, but the
// signature has no error channel; a present parameter with any other value reads as true
// (the parameter was given, which is what "?pretty" style flags mean). Handlers that must
// reject bad values can read param() themselves.
bool Request::flag(std::string_view name, bool fallback) const {
  const std::string* value = param(name);
  if (!value) return fallback;
  if (*value == "false") return false;
  return true;
}

const std::string& Request::path_param(const std::string& name) const {
  static const std::string empty;
  auto it = path_params.find(name);
  return it == path_params.end() ? empty : it->second;
}

}  // namespace pharos::http
