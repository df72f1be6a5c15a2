// The HTTP/1.1 server: Beast on a few I/O threads, handlers on a separate worker pool so a
// slow request never stalls other connections (quick searches may run on an I/O thread, see
// ServerOptions::runs_inline). Keep-alive, pipelining (responses in request
// order), chunked and gzip request bodies, gzip responses on Accept-Encoding, a body limit
// (after decompression) answered with 413. Thread-safe: start/stop from the main thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "server/http/request.h"

namespace pharos::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 9200;  // 0 → ephemeral (see Server::port())
  size_t io_threads = 1;
  size_t worker_threads = 4;
  size_t max_body_bytes = 100u << 20;  // http.max_content_length
  bool compression = true;             // gzip responses when the client accepts it
  // Added by server/http; defaults follow OpenSearch where it has a setting.
  size_t compression_min_bytes = 1024;  // smaller bodies are sent as they are
  size_t max_header_bytes = 64u << 10;  // request line + headers; over it → 400 and close
  uint32_t idle_timeout_ms = 60000;     // keep-alive idle limit, and per-read limit inside a request
  uint32_t stop_grace_ms = 5000;        // stop() waits this long for in-flight requests
  // (method, raw target) → true for quick, non-blocking requests (searches) that may run on the
  // I/O thread that read them instead of a worker, saving two thread hand-offs. At most
  // io_threads − 1 run that way at once; empty or io_threads < 2: every request goes to a worker.
  std::function<bool(std::string_view method, std::string_view target)> runs_inline = {};
};

// Handles one request on a worker (or, for runs_inline requests, an I/O) thread. Errors (including
// exceptions) must become responses.
using RequestHandler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();

  // Binds and starts accepting; returns once listening.
  Status start();
  uint16_t port() const;  // the bound port
  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish (up to
  // stop_grace_ms; then their connections are cut, but running handlers are still waited for
  // since a worker thread cannot be interrupted), joins all threads. Idempotent; also called by
  // the destructor. A stopped Server cannot be started again.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::http
