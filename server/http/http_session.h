// One client connection (internal to server/http: this header includes Asio, so only
// server.cpp and http_session.cpp may include it).
//
// A session processes its requests strictly one after another: read a request, run the handler
// on the worker pool, write the response, read the next. Bytes a client pipelines meanwhile stay
// in the session's read buffer, so responses leave in request order without a queue. All socket
// work happens on the thread of the connection's lane (an io_context run by one thread); the
// worker posts the finished response back to it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "server/http/server_context.h"

namespace pharos::http {

// Starts serving `socket`, which must belong to lane `lane`'s io_context. The session keeps
// itself alive through its pending operations, registers itself in context->sessions and counts
// itself in context->lanes[lane].
void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                        size_t lane);

// A strong reference to a registered session, or null when it is already being destroyed.
// Call with context->mutex held (the registry holds raw pointers), and drop the result only
// after releasing the mutex: the last reference running ~HttpSession takes that mutex.
std::shared_ptr<HttpSession> lock_session(HttpSession& session);

// For Server::stop(): a session waiting for its next request is closed; one busy with a request
// closes after sending the response. Thread-safe: the work is posted to the session's lane.
void request_session_shutdown(const std::shared_ptr<HttpSession>& session);

// Closes the session's socket at once. Only while no thread runs the io_context (Server::stop()
// after joining the I/O threads): it touches the socket outside its lane's thread.
void close_session_now(const std::shared_ptr<HttpSession>& session);

}  // namespace pharos::http
