#include "server/http/http_session.h"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "server/http/gzip.h"
#include "server/http/http_error.h"
#include "server/http/request_builder.h"

namespace pharos::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

namespace {

// What the worker hands back to the lane: a serialisable response and whether the
// connection must close after it (413, 400, 500 from a broken request).
struct Outcome {
  BeastResponse response;
  bool close = false;
};

// Beast 1.74 speaks boost::string_view.
std::string_view sv(beast::string_view text) { return {text.data(), text.size()}; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

// Converts the handler's Response into the message that goes on the wire. Runs on the worker so
// that gzip of a large search response never occupies an I/O thread.
BeastResponse encode_response(Response&& response, unsigned version, bool head, bool gzip_ok,
                              const ServerOptions& options) {
  BeastResponse out;
  out.version(version);
  // Beast throws on codes outside 100-999; a handler bug must not take the worker down.
  if (response.status < 100 || response.status > 999) response.status = 500;
  out.result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty() && !body_forbidden(response.status))
    out.set(bhttp::field::content_type, response.content_type);
  bool has_encoding = false;
  for (auto& [name, value] : response.headers) {
    // Framing is ours: a handler-set length would disagree with a compressed body.
    if (equals_ignore_case(name, "content-length") || equals_ignore_case(name, "transfer-encoding")) continue;
    if (equals_ignore_case(name, "content-encoding")) has_encoding = true;
    out.insert(name, value);
  }
  if (body_forbidden(response.status)) return out;
  std::string body = std::move(response.body);
  if (options.compression && !has_encoding && body.size() > options.compression_min_bytes) {
    out.set(bhttp::field::vary, "Accept-Encoding");
    if (gzip_ok) {
      std::string compressed = gzip_compress(body);
      if (!compressed.empty()) {
        body = std::move(compressed);
        out.set(bhttp::field::content_encoding, "gzip");
      }
    }
  }
  // HEAD: the length of the body a GET would get, and no body.
  out.content_length(body.size());
  if (!head) out.body() = std::move(body);
  return out;
}

Outcome run_handler(const ServerContext& context, BeastRequest& message, bool gzip_ok) {
  const bool head = message.method() == bhttp::verb::head;
  std::vector<HeaderField> fields;
  fields.reserve(16);
  for (const auto& field : message.base()) fields.push_back({sv(field.name_string()), sv(field.value())});
  Result<Request> built = build_request(sv(message.method_string()), sv(message.target()), fields,
                                        std::move(message.body()), context.options.max_body_bytes);
  if (!built.is_ok()) {
    Response error = request_error_response(built.status(), context.options.max_body_bytes);
    return {encode_response(std::move(error), message.version(), head, gzip_ok, context.options), true};
  }
  Response response;
  try {
    response = context.handler(built.value());
  } catch (const std::exception& e) {
    response = make_error_response(500, "exception", e.what());
  } catch (...) {
    response = make_error_response(500, "exception", "unknown exception in request handler");
  }
  return {encode_response(std::move(response), message.version(), head, gzip_ok, context.options), false};
}

Outcome run_handler_safely(const ServerContext& context, BeastRequest& message, bool gzip_ok) {
  try {
    return run_handler(context, message, gzip_ok);
  } catch (const std::exception& e) {  // bad_alloc while inflating or compressing, say
    return {encode_response(make_error_response(500, "exception", e.what()), message.version(), false, false,
                            context.options),
            true};
  }
}

// Handing a request to a worker and its response back costs two thread wake-ups, which on a
// small VM is more CPU than a k-NN search. So a request the handler owner marks as quick (a
// search, never a write that waits for fsync) runs on the I/O thread that read it when that
// blocks no one: the connection is alone on its lane, and another lane stays free for the
// acceptor to place new connections on (at most io_threads − 1 inline handlers at once).
class InlineSlot {
 public:
  InlineSlot(ServerContext& context, size_t lane, const BeastRequest& message)
      : context_(context), lane_(context.lanes[lane]) {
    const ServerOptions& options = context.options;
    if (!options.runs_inline || context.lanes.size() < 2 || lane_.sessions.load() != 1) return;
    if (!options.runs_inline(sv(message.method_string()), sv(message.target()))) return;
    size_t running = context.inline_handlers.load();
    while (running + 1 < context.lanes.size()) {
      if (context.inline_handlers.compare_exchange_weak(running, running + 1)) {
        held_ = true;
        lane_.running_inline.store(true);
        return;
      }
    }
  }
  ~InlineSlot() { release(); }
  InlineSlot(const InlineSlot&) = delete;
  InlineSlot& operator=(const InlineSlot&) = delete;

  bool held() const { return held_; }
  void release() {
    if (!held_) return;
    lane_.running_inline.store(false);
    context_.inline_handlers.fetch_sub(1);
    held_ = false;
  }

 private:
  ServerContext& context_;
  LaneLoad& lane_;
  bool held_ = false;
};

}  // namespace

// Thread-safety: every member function runs on the thread of the connection's lane (its
// io_context has that one thread), except the constructor/destructor (registry, under context
// mutex), shutdown_requested() (posts to the lane) and close_now() (only once no thread runs
// the io_context). The worker only reads the immutable context and the request it was handed.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<ServerContext> context, size_t lane)
      : socket_(std::move(socket)), idle_timer_(socket_.get_executor()), context_(std::move(context)), lane_(lane) {
    context_->lanes[lane_].sessions.fetch_add(1);
    std::lock_guard<std::mutex> lock(context_->mutex);
    context_->sessions.insert(this);
  }

  ~HttpSession() {
    context_->lanes[lane_].sessions.fetch_sub(1);
    std::lock_guard<std::mutex> lock(context_->mutex);
    context_->sessions.erase(this);
    context_->sessions_changed.notify_all();
  }

  void start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  void close_now() { close(); }

  void shutdown_requested() {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->on_shutdown_requested(); });
  }

 private:
  enum class State { waiting, reading, handling, writing, closed };

  using Clock = std::chrono::steady_clock;

  std::chrono::milliseconds idle_timeout() const {
    return std::chrono::milliseconds(context_->options.idle_timeout_ms);
  }

  // Deadlines are plain stores; one timer per session checks them when it fires. Re-arming a
  // timer for every read and write (as beast::tcp_stream does) cost a timerfd_settime syscall
  // and a timer-queue update several times per request.
  void expires_after(Clock::duration limit) {
    deadline_ = Clock::now() + limit;
    if (!timer_armed_) arm_idle_timer(deadline_);
  }
  void expires_never() { deadline_ = Clock::time_point::max(); }
  void arm_idle_timer(Clock::time_point at);
  void on_idle_timer();

  void read_header();
  void on_header(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void on_read_error(beast::error_code ec);
  void dispatch_request();
  void write(std::shared_ptr<BeastResponse> response, bool close);
  void on_written(beast::error_code ec, bool close);
  void linger_close();
  void drain();
  void close();
  void on_shutdown_requested();

  tcp::socket socket_;
  net::steady_timer idle_timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool timer_armed_ = false;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  const size_t lane_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::empty_body> continue_response_;
  std::shared_ptr<BeastResponse> response_;  // kept alive while being written
  std::array<char, 4096> drain_{};
  State state_ = State::waiting;
};

void HttpSession::read_header() {
  state_ = State::waiting;
  if (context_->stopping.load()) return close();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_->options.max_header_bytes));
  parser_->body_limit(context_->options.max_body_bytes);
  expires_after(idle_timeout());
  bhttp::async_read_header(
      socket_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  state_ = State::reading;
  if (parser_->is_done()) return dispatch_request();
  // Curl and others send "Expect: 100-continue" for large bodies and wait (about 1 s) for a
  // go-ahead. A Content-Length over the limit was already refused by the parser (413).
  if (equals_ignore_case(sv(parser_->get()[bhttp::field::expect]), "100-continue")) {
    continue_response_ = {};
    continue_response_.version(11);
    continue_response_.result(bhttp::status::continue_);
    expires_after(idle_timeout());
    bhttp::async_write(socket_, continue_response_,
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return self->close();
                         self->read_body();
                       });
    return;
  }
  read_body();
}

// Reads the body piece by piece so the idle timeout applies between reads, not to the whole
// upload (a 100 MB _bulk from a slow client may legitimately take minutes).
void HttpSession::read_body() {
  expires_after(idle_timeout());
  bhttp::async_read_some(socket_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  if (!parser_->is_done()) return read_body();
  dispatch_request();
}

void HttpSession::on_read_error(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) {
    auto response = std::make_shared<BeastResponse>(encode_response(
        body_too_large_response(context_->options.max_body_bytes), 11, false, false, context_->options));
    return write(std::move(response), true);
  }
  // Client went away, timed out, or stop() closed us: nothing to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return close();
  }
  std::string reason =
      ec == bhttp::error::header_limit
          ? "HTTP header is larger than " + std::to_string(context_->options.max_header_bytes) + " bytes"
          : "malformed HTTP request: " + ec.message();
  auto response = std::make_shared<BeastResponse>(encode_response(
      make_error_response(400, "illegal_argument_exception", reason), 11, false, false, context_->options));
  write(std::move(response), true);
}

void HttpSession::dispatch_request() {
  state_ = State::handling;
  expires_never();  // a slow handler is not an idle client
  auto message = std::make_shared<BeastRequest>(parser_->release());
  parser_.reset();
  const bool keep_alive = message->keep_alive();  // HTTP/1.0 and "Connection: close" included
  const bool gzip_ok =
      context_->options.compression && accepts_gzip(sv((*message)[bhttp::field::accept_encoding]));
  auto self = shared_from_this();
  if (InlineSlot slot(*context_, lane_, *message); slot.held()) {
    auto outcome = std::make_shared<Outcome>(run_handler_safely(*context_, *message, gzip_ok));
    slot.release();
    message.reset();
    bool close = outcome->close || !keep_alive;
    return write(std::shared_ptr<BeastResponse>(outcome, &outcome->response), close);
  }
  bool queued = context_->workers.submit([self, message, keep_alive, gzip_ok]() mutable {
    auto outcome = std::make_shared<Outcome>(run_handler_safely(*self->context_, *message, gzip_ok));
    message.reset();
    bool close = outcome->close || !keep_alive;
    auto response = std::shared_ptr<BeastResponse>(outcome, &outcome->response);
    net::post(self->socket_.get_executor(),
              [self, response = std::move(response), close] { self->write(response, close); });
  });
  if (!queued) {
    auto response = std::make_shared<BeastResponse>(
        encode_response(make_error_response(503, "node_closed_exception", "server is shutting down"),
                        message->version(), false, false, context_->options));
    write(std::move(response), true);
  }
}

void HttpSession::write(std::shared_ptr<BeastResponse> response, bool close) {
  state_ = State::writing;
  if (context_->stopping.load()) close = true;
  response->keep_alive(!close);
  response_ = std::move(response);
  // Whole-response deadline: the idle timeout plus one second per MB, for slow readers.
  expires_after(idle_timeout() + std::chrono::seconds(response_->body().size() >> 20));
  bhttp::async_write(socket_, *response_, [self = shared_from_this(), close](beast::error_code ec, size_t) {
    self->on_written(ec, close);
  });
}

void HttpSession::on_written(beast::error_code ec, bool close) {
  response_.reset();
  if (ec) return this->close();
  if (close) return linger_close();
  read_header();
}

// Closing a socket with unread request bytes makes the kernel send RST, which can destroy the
// error response before the client reads it. So: half-close, then discard what the client still
// sends, for a short while, before closing (Apache's "lingering close").
void HttpSession::linger_close() {
  state_ = State::closed;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  if (context_->stopping.load()) return close();
  expires_after(std::chrono::seconds(2));  // for the whole drain, not per read
  drain();
}

void HttpSession::drain() {
  socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->close();  // EOF, timeout or reset: done either way
    self->drain();
  });
}

void HttpSession::arm_idle_timer(Clock::time_point at) {
  timer_armed_ = true;
  idle_timer_.expires_at(at);
  // Weak: a pending timer must not keep a closed session (and its lane's count) alive.
  idle_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
    auto self = weak.lock();
    if (!self) return;
    self->timer_armed_ = false;
    if (!ec) self->on_idle_timer();
  });
}

void HttpSession::on_idle_timer() {
  if (state_ == State::closed) return;
  const auto now = Clock::now();
  if (deadline_ == Clock::time_point::max()) return arm_idle_timer(now + idle_timeout());  // handling
  if (now < deadline_) return arm_idle_timer(deadline_);  // the deadline moved on since it was armed
  // Idle too long, or a read/write past its limit: closing cancels the pending operation, whose
  // handler then closes the session.
  close();
}

void HttpSession::close() {
  state_ = State::closed;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  idle_timer_.cancel();
}

void HttpSession::on_shutdown_requested() {
  // Only a connection parked between requests is cut; one mid-request finishes (write()
  // sees `stopping` and closes after the response).
  if (state_ == State::waiting && buffer_.size() == 0) close();
}

void start_http_session(tcp::socket socket, std::shared_ptr<ServerContext> context, size_t lane) {
  std::make_shared<HttpSession>(std::move(socket), std::move(context), lane)->start();
}

std::shared_ptr<HttpSession> lock_session(HttpSession& session) { return session.weak_from_this().lock(); }

void request_session_shutdown(const std::shared_ptr<HttpSession>& session) { session->shutdown_requested(); }

void close_session_now(const std::shared_ptr<HttpSession>& session) { session->close_now(); }

}  // namespace pharos::http
