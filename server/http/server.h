// The HTTP/1.1 server: Beast on a few I/O threads, handlers on a separate worker pool so a
// slow request never stalls other connections. Keep-alive, pipelining (responses in request
// order), chunked and gzip request bodies, gzip responses on Accept-Encoding, a body limit
// (after decompression) answered with 413. Thread-safe: start/stop from the main thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

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
};

// Handles one request on a worker thread. Errors (including exceptions) must become responses.
using RequestHandler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();

  // Binds and starts accepting; returns once listening.
  Status start();
  uint16_t port() const;  // the bound port
  // Stops accepting, finishes in-flight requests, then returns. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::http
