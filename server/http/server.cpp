#include "server/http/server.h"

#include <pthread.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <thread>
#include <utility>
#include <vector>

#include "server/http/http_session.h"
#include "server/http/server_context.h"

namespace pharos::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// One I/O thread and the io_context only it runs. A connection stays on its lane, so its
// handlers never run concurrently without a strand, and a completion never wakes a second
// thread: on a small VM each thread wake-up costs tens of microseconds of CPU.
struct IoLane {
  IoLane() : io(1), work(net::make_work_guard(io)) {}
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
  std::thread thread;
};

struct Server::Impl {
  Impl(ServerOptions options, RequestHandler handler)
      : context(std::make_shared<ServerContext>(std::move(options), std::move(handler))),
        accept_io(1),
        acceptor(accept_io),
        retry_timer(accept_io),
        accept_work(net::make_work_guard(accept_io)),
        lanes(context->lanes.size()) {}

  void accept();
  void on_accept(boost::system::error_code ec, tcp::socket socket);
  size_t pick_lane() const;
  Status bind();
  std::vector<std::shared_ptr<HttpSession>> live_sessions();
  void close_idle_sessions();
  void cut_remaining_sessions();
  void wait_for_sessions();
  void stop_threads();

  std::shared_ptr<ServerContext> context;
  // The acceptor has its own thread, so a lane busy with an inline handler never delays accepts.
  net::io_context accept_io;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;  // backs off when accept fails (e.g. out of file descriptors)
  net::executor_work_guard<net::io_context::executor_type> accept_work;
  std::thread accept_thread;
  std::deque<IoLane> lanes;
  uint16_t port = 0;
  bool started = false;
  bool stopped = false;
};

Status Server::Impl::bind() {
  const ServerOptions& options = context->options;
  boost::system::error_code ec;
  tcp::resolver resolver(accept_io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return Status(ErrorKind::io_error,
                  "cannot resolve listen address [" + options.host + "]: " + ec.message());
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  const std::string where = "[" + options.host + ":" + std::to_string(options.port) + "]";
  if (acceptor.open(endpoint.protocol(), ec); ec)
    return Status(ErrorKind::io_error, "socket " + where + ": " + ec.message());
  // Lets a restarted server rebind while old connections sit in TIME_WAIT.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    return Status(ErrorKind::io_error, "failed to bind " + where + ": " + ec.message());
  }
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    return Status(ErrorKind::io_error, "failed to listen on " + where + ": " + ec.message());
  }
  port = acceptor.local_endpoint().port();
  return Status::ok();
}

void Server::Impl::accept() {
  acceptor.async_accept(
      [this](boost::system::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

// A lane with no inline handler running (one always exists while there are two or more lanes),
// then the fewest connections.
size_t Server::Impl::pick_lane() const {
  size_t best = 0;
  auto load = [this](size_t i) {
    const LaneLoad& lane = context->lanes[i];
    return std::pair(lane.running_inline.load(), lane.sessions.load());
  };
  for (size_t i = 1; i < lanes.size(); ++i)
    if (load(i) < load(best)) best = i;
  return best;
}

void Server::Impl::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open() || context->stopping.load()) return;
  if (ec) {
    retry_timer.expires_after(std::chrono::milliseconds(50));
    retry_timer.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec) accept();
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // responses are written whole; don't wait for ACKs
  // Accepted on the acceptor's io_context, the connection moves to its lane's.
  const size_t lane = pick_lane();
  const auto protocol = socket.local_endpoint(ignored).protocol();
  const auto fd = socket.release(ec);
  if (!ec) {
    tcp::socket on_lane(lanes[lane].io);
    on_lane.assign(protocol, fd, ec);
    if (ec)
      ::close(fd);
    else
      start_http_session(std::move(on_lane), context, lane);
  }
  accept();
}

// The strong references are dropped by the caller, outside the registry mutex.
std::vector<std::shared_ptr<HttpSession>> Server::Impl::live_sessions() {
  std::vector<std::shared_ptr<HttpSession>> live;
  std::lock_guard<std::mutex> lock(context->mutex);
  for (HttpSession* session : context->sessions)
    if (auto strong = lock_session(*session)) live.push_back(std::move(strong));
  return live;
}

void Server::Impl::close_idle_sessions() {
  for (const auto& session : live_sessions()) request_session_shutdown(session);
}

// After the grace period, with the I/O threads joined and the workers drained: close what is
// left, then let the aborted operations run so the sessions release themselves, bounded in case
// something still waits.
void Server::Impl::cut_remaining_sessions() {
  for (const auto& session : live_sessions()) close_session_now(session);
  std::vector<std::thread> drains;
  for (IoLane& lane : lanes) {
    lane.io.restart();
    drains.emplace_back([&lane] { lane.io.run_for(std::chrono::seconds(1)); });
  }
  for (auto& drain : drains) drain.join();
}

void Server::Impl::wait_for_sessions() {
  std::unique_lock<std::mutex> lock(context->mutex);
  context->sessions_changed.wait_for(lock, std::chrono::milliseconds(context->options.stop_grace_ms),
                                     [this] { return context->sessions.empty(); });
}

void Server::Impl::stop_threads() {
  accept_work.reset();
  accept_io.stop();
  if (accept_thread.joinable()) accept_thread.join();
  for (IoLane& lane : lanes) {
    lane.work.reset();
    lane.io.stop();
  }
  for (IoLane& lane : lanes)
    if (lane.thread.joinable()) lane.thread.join();
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { stop(); }

Status Server::start() {
  if (impl_->started) return Status(ErrorKind::invalid_argument, "server already started");
  PHAROS_RETURN_IF_ERROR(impl_->bind());
  impl_->started = true;
  impl_->accept();
  impl_->accept_thread = std::thread([this] { impl_->accept_io.run(); });
  for (size_t i = 0; i < impl_->lanes.size(); ++i) {
    IoLane& lane = impl_->lanes[i];
    lane.thread = std::thread([&lane] { lane.io.run(); });
    pthread_setname_np(lane.thread.native_handle(), ("http-io-" + std::to_string(i)).c_str());
  }
  pthread_setname_np(impl_->accept_thread.native_handle(), "http-accept");
  return Status::ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::stop() {
  Impl& impl = *impl_;
  if (impl.stopped) return;
  impl.stopped = true;
  impl.context->stopping.store(true);
  if (impl.started) {
    net::post(impl.accept_io, [&impl] {
      boost::system::error_code ignored;
      impl.acceptor.close(ignored);
      impl.retry_timer.cancel();
    });
    impl.close_idle_sessions();
    impl.wait_for_sessions();
  }
  impl.stop_threads();
  // The posted close may not have run before the stop; the threads are gone, so close here.
  boost::system::error_code ignored;
  impl.acceptor.close(ignored);
  // Handlers still running (past the grace period) finish here; their responses are posted to
  // the stopped io_contexts and fail on the closed sockets below.
  impl.context->workers.shutdown();
  if (impl.started) impl.cut_remaining_sessions();
}

}  // namespace pharos::http
