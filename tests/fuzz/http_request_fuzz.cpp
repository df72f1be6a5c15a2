// libFuzzer target for everything server/http does to untrusted request bytes before a
// handler sees them, without a socket: Beast's request parser (request line, headers, chunked
// and Content-Length framing, with the server's header and body limits), then build_request
// (target splitting, percent decoding, query parsing, header folding, gzip/deflate inflation
// under the body limit), then routing with a small route table. A pipelined input is parsed as
// several messages in a row, as a session would.
//
// Built by tests/fuzz/CMakeLists.txt: libFuzzer with clang and -DPHAROS_FUZZ=ON, otherwise the
// deterministic replay driver (ctest fuzz.http_request_fuzz).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http/request_builder.h"
#include "server/http/router.h"

namespace {

namespace bhttp = boost::beast::http;

constexpr size_t kMaxBody = 1 << 20;  // small, so inflation limits are reached quickly
constexpr size_t kMaxHeader = 64 << 10;

const pharos::http::Router& router() {
  static const pharos::http::Router* instance = [] {
    auto* r = new pharos::http::Router();
    auto ok = [](pharos::http::Request&) { return pharos::http::Response{}; };
    r->add(pharos::http::Method::get, "/_cat/indices", ok);
    r->add(pharos::http::Method::get, "/{index}/_doc/{id}", ok);
    r->add(pharos::http::Method::put, "/{index}/_doc/{id}", ok);
    r->add(pharos::http::Method::post, "/{index}/_bulk", ok);
    r->add(pharos::http::Method::get, "/{index}/{type}", ok);
    return r;
  }();
  return *instance;
}

std::string_view sv(boost::beast::string_view text) { return {text.data(), text.size()}; }

// Parses one message from the front of `input`; returns the bytes consumed, 0 on error or
// when more input would be needed.
size_t parse_one(std::string_view input) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeader);
  parser.body_limit(kMaxBody);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t consumed = 0;
  while (!parser.is_done() && consumed < input.size()) {
    size_t used = parser.put(boost::asio::buffer(input.data() + consumed, input.size() - consumed), ec);
    consumed += used;
    if (ec == bhttp::error::need_more) return 0;
    if (ec) return 0;
    if (used == 0) break;
  }
  if (!parser.is_done()) {
    // Input ended: a body delimited by EOF ends here.
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  auto message = parser.release();
  std::vector<pharos::http::HeaderField> fields;
  for (const auto& field : message.base()) fields.push_back({sv(field.name_string()), sv(field.value())});
  auto built = pharos::http::build_request(sv(message.method_string()), sv(message.target()), fields,
                                           std::move(message.body()), kMaxBody);
  if (built.is_ok()) {
    auto lookup = router().find(built.value());
    (void)lookup;
    (void)built.value().flag("pretty", false);
  } else {
    (void)pharos::http::request_error_response(built.status(), kMaxBody);
  }
  return consumed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 8 && !input.empty(); ++i) {  // a few pipelined requests at most
    size_t consumed = parse_one(input);
    if (consumed == 0) break;
    input.remove_prefix(consumed);
  }
  return 0;
}
