#include "server/http/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "server/http/http_session.h"
#include "server/http/server_context.h"

namespace pharos::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  Impl(ServerOptions options, RequestHandler handler)
      : context(std::make_shared<ServerContext>(std::move(options), std::move(handler))),
        acceptor(io),
        retry_timer(io),
        work(net::make_work_guard(io)) {}

  void accept();
  void on_accept(boost::system::error_code ec, tcp::socket socket);
  Status bind();
  std::vector<std::shared_ptr<HttpSession>> live_sessions();
  void close_idle_sessions();
  void cut_remaining_sessions();
  void wait_for_sessions();

  std::shared_ptr<ServerContext> context;
  net::io_context io;
  tcp::acceptor acceptor;         // used on the io_context's implicit strand: one accept at a time
  net::steady_timer retry_timer;  // backs off when accept fails (e.g. out of file descriptors)
  net::executor_work_guard<net::io_context::executor_type> work;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  bool started = false;
  bool stopped = false;
};

Status Server::Impl::bind() {
  const ServerOptions& options = context->options;
  boost::system::error_code ec;
  tcp::resolver resolver(io);
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
  // Each connection gets its own strand, so its handlers never run concurrently while many
  // connections share the I/O threads.
  acceptor.async_accept(net::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
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
  start_http_session(std::move(socket), context);
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
  io.restart();
  io.run_for(std::chrono::seconds(1));
}

void Server::Impl::wait_for_sessions() {
  std::unique_lock<std::mutex> lock(context->mutex);
  context->sessions_changed.wait_for(lock, std::chrono::milliseconds(context->options.stop_grace_ms),
                                     [this] { return context->sessions.empty(); });
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { stop(); }

Status Server::start() {
  if (impl_->started) return Status(ErrorKind::invalid_argument, "server already started");
  PHAROS_RETURN_IF_ERROR(impl_->bind());
  impl_->started = true;
  impl_->accept();
  size_t count = impl_->context->options.io_threads == 0 ? 1 : impl_->context->options.io_threads;
  for (size_t i = 0; i < count; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
  return Status::ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::stop() {
  Impl& impl = *impl_;
  if (impl.stopped) return;
  impl.stopped = true;
  impl.context->stopping.store(true);
  if (impl.started) {
    net::post(impl.io, [&impl] {
      boost::system::error_code ignored;
      impl.acceptor.close(ignored);
      impl.retry_timer.cancel();
    });
    impl.close_idle_sessions();
    impl.wait_for_sessions();
  }
  impl.work.reset();
  impl.io.stop();
  for (auto& thread : impl.threads) thread.join();
  impl.threads.clear();
  // The posted close may not have run before io.stop(); the I/O threads are gone, so close here.
  boost::system::error_code ignored;
  impl.acceptor.close(ignored);
  // Handlers still running (past the grace period) finish here; their responses are posted to
  // the stopped io_context and fail on the closed socket below.
  impl.context->workers.shutdown();
  if (impl.started) impl.cut_remaining_sessions();
}

}  // namespace pharos::http
