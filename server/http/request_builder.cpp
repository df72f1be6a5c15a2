#include "server/http/request_builder.h"

#include "server/http/gzip.h"
#include "server/http/http_error.h"
#include "server/http/percent_decoding.h"
#include "server/http/query_string.h"

namespace pharos::http {
namespace {

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

Result<Request> build_request(std::string_view method, std::string_view target,
                              const std::vector<HeaderField>& headers, std::string body,
                              size_t max_body_bytes) {
  Request request;
  request.method = parse_method(method);
  request.method_name = std::string(method);
  request.target = std::string(target);
  SplitTarget split = split_target(request.target);
  request.path = percent_decode(split.raw_path);
  if (request.path.empty()) request.path = "/";
  parse_query_string(split.raw_query, request.query);

  for (const HeaderField& field : headers) {
    auto [it, inserted] = request.headers.try_emplace(lower_case(field.name), field.value);
    if (!inserted) {
      it->second += ", ";
      it->second += field.value;
    }
  }

  auto encoding = request.headers.find("content-encoding");
  ContentCoding coding =
      encoding == request.headers.end() ? ContentCoding::identity : parse_content_coding(encoding->second);
  if (coding == ContentCoding::identity) {
    request.body = std::move(body);
    return request;
  }
  if (coding == ContentCoding::unsupported) {
    return Status(ErrorKind::invalid_argument, "unsupported Content-Encoding [" + encoding->second + "]");
  }
  Result<std::string> inflated = inflate_body(body, coding, max_body_bytes);
  if (!inflated.is_ok()) return inflated.status();
  std::string().swap(body);  // free the compressed bytes before the handler runs
  request.body = std::move(inflated).value();
  request.headers.erase(encoding);
  return request;
}

Response body_too_large_response(size_t max_body_bytes) {
  return make_error_response(413, "content_too_long_exception",
                             "request body is larger than the limit of [" + std::to_string(max_body_bytes) +
                                 "] bytes (http.max_content_length)");
}

Response request_error_response(const Status& status, size_t max_body_bytes) {
  switch (status.kind()) {
    case ErrorKind::resource_exhausted:
      return body_too_large_response(max_body_bytes);
    case ErrorKind::parse_error:
      return make_error_response(400, "parse_exception", status.message());
    default:
      return make_error_response(400, "illegal_argument_exception", status.message());
  }
}

}  // namespace pharos::http
