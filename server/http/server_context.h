// State shared by the Server and its connections (internal to server/http). Sessions hold it by
// shared_ptr, so it outlives the last connection even if one is destroyed late.
// Thread-safety: options/handler are read-only after start; `stopping` is atomic; `sessions`
// is guarded by `mutex` (sessions register in their constructor, unregister in their destructor).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "index/base/thread_pool.h"
#include "server/http/server.h"

namespace pharos::http {

class HttpSession;

// What the acceptor and the inline policy know of one I/O lane (an I/O thread with its own
// io_context; a connection lives on one lane for its whole life).
struct LaneLoad {
  std::atomic<size_t> sessions{0};          // connections on the lane
  std::atomic<bool> running_inline{false};  // a handler runs on the lane's thread now
};

struct ServerContext {
  ServerContext(ServerOptions opts, RequestHandler request_handler)
      : options(std::move(opts)),
        handler(std::move(request_handler)),
        workers(options.worker_threads, "http-worker"),
        lanes(std::max<size_t>(1, options.io_threads)) {}

  const ServerOptions options;
  const RequestHandler handler;
  ThreadPool workers;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> inline_handlers{0};  // quick requests running on I/O threads now
  std::deque<LaneLoad> lanes;              // one per I/O thread; fixed size (atomics do not move)

  std::mutex mutex;
  std::condition_variable sessions_changed;
  std::unordered_set<HttpSession*> sessions;
};

}  // namespace pharos::http
