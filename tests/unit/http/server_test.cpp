// End-to-end tests of the HTTP server over real loopback TCP connections.
#include "server/http/server.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "server/http/gzip.h"
#include "test_client.h"

namespace pharos::http {
namespace {

using testing::ClientResponse;
using testing::simple_request;
using testing::TestConnection;
using Clock = std::chrono::steady_clock;

// Echo handler: answers "<METHOD> <path> <body>"; /slow/<ms> sleeps first, /thread/<ms> sleeps
// and answers the thread's name, /big sends 10 KB,
// /throw throws, /status/<n> answers status n.
Response echo_handler(Request& request) {
  Response response;
  response.content_type = "text/plain";
  if (request.path.rfind("/slow/", 0) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(request.path.substr(6))));
  } else if (request.path.rfind("/thread/", 0) == 0) {  // sleeps, then names the thread it ran on
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(request.path.substr(8))));
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    response.body = name;
    return response;
  } else if (request.path == "/big") {
    std::string big;
    for (int i = 0; big.size() < 10000; ++i) big += "line " + std::to_string(i) + "\n";
    response.body = big;
    return response;
  } else if (request.path == "/size") {
    response.body = std::to_string(request.body.size());
    return response;
  } else if (request.path == "/throw") {
    throw std::runtime_error("boom");
  } else if (request.path.rfind("/status/", 0) == 0) {
    response.status = std::stoi(request.path.substr(8));
    return response;
  }
  response.body = request.method_name + " " + request.path + " " + request.body;
  if (auto* q = request.param("q")) response.body += " q=" + *q;
  return response;
}

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<Server>(options, echo_handler);
    Status status = server_->start();
    ASSERT_TRUE(status.is_ok()) << status.to_string();
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  TestConnection connection(port());
  for (int i = 0; i < 5; ++i) {
    connection.send(simple_request("POST", "/idx/_doc?q=" + std::to_string(i), "body" + std::to_string(i)));
    auto response = connection.read_response();
    ASSERT_TRUE(response) << "request " << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST /idx/_doc body" + std::to_string(i) + " q=" + std::to_string(i));
    EXPECT_EQ(response->header("content-type"), "text/plain");
    EXPECT_NE(response->header("connection"), "close");
  }
}

TEST_F(ServerTest, PipelinedResponsesKeepRequestOrder) {
  start(ServerOptions{.worker_threads = 4});
  TestConnection connection(port());
  connection.send(simple_request("GET", "/slow/200") + simple_request("GET", "/a") +
                  simple_request("GET", "/b"));
  auto first = connection.read_response();
  auto second = connection.read_response();
  auto third = connection.read_response();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, "GET /slow/200 ");
  EXPECT_EQ(second->body, "GET /a ");
  EXPECT_EQ(third->body, "GET /b ");
}

TEST_F(ServerTest, ChunkedRequestBody) {
  start();
  TestConnection connection(port());
  connection.send(
      "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "POST /chunked hello world");
}

TEST_F(ServerTest, GzipRequestBody) {
  start();
  TestConnection connection(port());
  std::string body = "{\"index\":{}}\n{\"message\":\"compressed\"}\n";
  connection.send(simple_request("POST", "/_bulk", gzip_compress(body), "Content-Encoding: gzip\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /_bulk " + body);
}

TEST_F(ServerTest, CorruptGzipIs400ParseException) {
  start();
  TestConnection connection(port());
  connection.send(simple_request("POST", "/_bulk", "definitely not gzip", "Content-Encoding: gzip\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("\"type\":\"parse_exception\""), std::string::npos) << response->body;
}

TEST_F(ServerTest, GzipResponseWhenAccepted) {
  start();
  TestConnection connection(port());
  connection.send(simple_request("GET", "/big", "", "Accept-Encoding: gzip, deflate\r\n"));
  auto compressed = connection.read_response();
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->header("content-encoding"), "gzip");
  EXPECT_EQ(compressed->header("vary"), "Accept-Encoding");
  auto inflated = inflate_body(compressed->body, ContentCoding::gzip, 1 << 20);
  ASSERT_TRUE(inflated.is_ok());

  connection.send(simple_request("GET", "/big"));
  auto plain = connection.read_response();
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->header("content-encoding"), "");
  EXPECT_EQ(inflated.value(), plain->body);
  EXPECT_LT(compressed->body.size(), plain->body.size());

  // Small bodies are not worth compressing.
  connection.send(simple_request("GET", "/small", "", "Accept-Encoding: gzip\r\n"));
  auto small = connection.read_response();
  ASSERT_TRUE(small);
  EXPECT_EQ(small->header("content-encoding"), "");
  EXPECT_EQ(small->body, "GET /small ");
}

TEST_F(ServerTest, BodyOverLimitIs413AndCloses) {
  start(ServerOptions{.max_body_bytes = 1024});
  TestConnection connection(port());
  connection.send(simple_request("POST", "/_bulk", std::string(2048, 'x')));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_NE(response->body.find("\"root_cause\":[{\"type\":\"content_too_long_exception\""),
            std::string::npos);
  EXPECT_NE(response->body.find("\"status\":413"), std::string::npos);
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  start(ServerOptions{.max_body_bytes = 1024});
  TestConnection connection(port());
  std::string request = "POST /_bulk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "200\r\n" + std::string(512, 'y') + "\r\n";
  request += "0\r\n\r\n";
  connection.send(request);
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, GzipBombOverLimitAfterInflationIs413) {
  start(ServerOptions{.max_body_bytes = 64 * 1024});
  TestConnection connection(port());
  std::string bomb = gzip_compress(std::string(10 << 20, '\0'));  // 10 MB of zeros in ~10 KB
  ASSERT_LT(bomb.size(), 64u * 1024);
  connection.send(simple_request("POST", "/_bulk", bomb, "Content-Encoding: gzip\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("content_too_long_exception"), std::string::npos);
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, HeadSendsLengthButNoBody) {
  start();
  TestConnection connection(port());
  connection.send(simple_request("HEAD", "/big"));
  auto head = connection.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  // A following GET on the same connection parses cleanly only if HEAD sent no body bytes.
  connection.send(simple_request("GET", "/big"));
  auto get = connection.read_response();
  ASSERT_TRUE(get);
  EXPECT_EQ(head->header("content-length"), std::to_string(get->body.size()));
  EXPECT_GT(get->body.size(), 1000u);
}

TEST_F(ServerTest, MalformedRequestLineIs400AndCloses) {
  start();
  TestConnection connection(port());
  connection.send("THIS IS NOT HTTP\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("\"status\":400"), std::string::npos);
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, OversizedHeaderIs400) {
  start(ServerOptions{.max_header_bytes = 4096});
  TestConnection connection(port());
  connection.send(simple_request("GET", "/", "", "X-Big: " + std::string(8000, 'h') + "\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  start();
  TestConnection connection(port());
  connection.send(simple_request("GET", "/throw"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_NE(response->body.find("boom"), std::string::npos);
  // The connection survives a handler failure.
  connection.send(simple_request("GET", "/after"));
  auto after = connection.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, ConnectionCloseAndHttp10AreHonoured) {
  start();
  {
    TestConnection connection(port());
    connection.send(simple_request("GET", "/x", "", "Connection: close\r\n"));
    auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(connection.closed_by_peer());
  }
  {
    TestConnection connection(port());
    connection.send("GET /old HTTP/1.0\r\n\r\n");
    auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status_line.substr(0, 8), "HTTP/1.0");
    EXPECT_EQ(response->body, "GET /old ");
    EXPECT_TRUE(connection.closed_by_peer());
  }
  {
    TestConnection connection(port());
    connection.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("connection"), "keep-alive");
    connection.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_TRUE(connection.read_response());
  }
}

TEST_F(ServerTest, ExpectContinueIsAnswered) {
  start();
  TestConnection connection(port());
  connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto interim = connection.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  connection.send("12345");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /upload 12345");
}

TEST_F(ServerTest, ExpectContinueOverLimitIs413WithoutBody) {
  start(ServerOptions{.max_body_bytes = 100});
  TestConnection connection(port());
  connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, NoBodyStatusesSendNoBody) {
  start();
  TestConnection connection(port());
  connection.send(simple_request("GET", "/status/204"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 204);
  connection.send(simple_request("GET", "/status/404"));
  response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST_F(ServerTest, SlowHandlerDoesNotDelayOtherConnections) {
  start(ServerOptions{.io_threads = 1, .worker_threads = 4});
  TestConnection slow(port());
  TestConnection fast(port());
  slow.send(simple_request("GET", "/slow/1000"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the slow one is now running
  auto begin = Clock::now();
  fast.send(simple_request("GET", "/fast"));
  auto fast_response = fast.read_response();
  auto elapsed = Clock::now() - begin;
  ASSERT_TRUE(fast_response);
  EXPECT_LT(elapsed, std::chrono::milliseconds(300));
  auto slow_response = slow.read_response();
  ASSERT_TRUE(slow_response);
  EXPECT_EQ(slow_response->body, "GET /slow/1000 ");
}

// Inline requests run on an I/O thread only while another stays free: with two I/O lanes, the
// first slow request runs on its lane's thread, the second (budget spent) on a worker, and a
// third connection is placed on the free lane and answered at once.
TEST_F(ServerTest, SlowInlineRequestsLeaveOneIoLaneFree) {
  ServerOptions options{.io_threads = 2, .worker_threads = 4};
  options.runs_inline = [](std::string_view, std::string_view) { return true; };
  start(options);
  TestConnection first(port());
  first.send(simple_request("GET", "/thread/600"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  TestConnection second(port());
  second.send(simple_request("GET", "/thread/600"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  TestConnection fast(port());
  auto begin = Clock::now();
  fast.send(simple_request("GET", "/fast"));
  auto fast_response = fast.read_response();
  auto elapsed = Clock::now() - begin;
  ASSERT_TRUE(fast_response);
  EXPECT_EQ(fast_response->body, "GET /fast ");
  EXPECT_LT(elapsed, std::chrono::milliseconds(300));
  auto first_response = first.read_response(), second_response = second.read_response();
  ASSERT_TRUE(first_response && second_response);
  EXPECT_EQ(first_response->body.rfind("http-io", 0), 0u) << first_response->body;
  EXPECT_EQ(second_response->body.rfind("http-worker", 0), 0u) << second_response->body;
}

TEST_F(ServerTest, StopCompletesInFlightRequestAndClosesIdleConnections) {
  start();
  TestConnection idle(port());
  idle.send(simple_request("GET", "/warm"));
  ASSERT_TRUE(idle.read_response());
  TestConnection busy(port());
  busy.send(simple_request("GET", "/slow/500"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto begin = Clock::now();
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  auto response = busy.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /slow/500 ");
  EXPECT_EQ(response->header("connection"), "close");
  stopped.get();
  EXPECT_LT(Clock::now() - begin, std::chrono::seconds(3));
  EXPECT_TRUE(idle.closed_by_peer());
}

TEST_F(ServerTest, StopCutsRequestsPastTheGracePeriod) {
  start(ServerOptions{.stop_grace_ms = 200});
  TestConnection busy(port());
  busy.send(simple_request("GET", "/slow/1000"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto begin = Clock::now();
  server_->stop();  // waits for the running handler (a worker cannot be interrupted)
  EXPECT_GE(Clock::now() - begin, std::chrono::milliseconds(150));
  EXPECT_FALSE(busy.read_response());  // its connection was cut; the response is dropped
}

TEST_F(ServerTest, IdleKeepAliveConnectionTimesOut) {
  start(ServerOptions{.idle_timeout_ms = 200});
  TestConnection connection(port());
  connection.send(simple_request("GET", "/x"));
  ASSERT_TRUE(connection.read_response());
  auto begin = Clock::now();
  EXPECT_TRUE(connection.closed_by_peer());
  EXPECT_LT(Clock::now() - begin, std::chrono::seconds(2));
}

// The idle limit counts from the last read or write, and not while a handler runs: a
// connection that keeps talking, or waits on a slow handler, outlives several idle periods.
TEST_F(ServerTest, IdleLimitRestartsWithEachRequestAndPausesForHandlers) {
  start(ServerOptions{.idle_timeout_ms = 200});
  TestConnection connection(port());
  for (int i = 0; i < 6; ++i) {
    connection.send(simple_request("GET", "/x"));
    ASSERT_TRUE(connection.read_response()) << "request " << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
  }
  connection.send(simple_request("GET", "/slow/500"));
  ASSERT_TRUE(connection.read_response());
  EXPECT_TRUE(connection.closed_by_peer());  // and then idle: cut
}

TEST_F(ServerTest, LargeBodyArrivesWhole) {
  start();
  TestConnection connection(port());
  std::string body(10 << 20, 'b');
  auto begin = Clock::now();
  connection.send(simple_request("POST", "/size", body));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, std::to_string(body.size()));
  EXPECT_LT(Clock::now() - begin, std::chrono::seconds(5));
}

TEST_F(ServerTest, BindFailureIsIoError) {
  start();
  ServerOptions options;
  options.port = port();
  Server second(options, echo_handler);
  Status status = second.start();
  EXPECT_FALSE(status.is_ok());
  EXPECT_EQ(status.kind(), ErrorKind::io_error);
}

TEST_F(ServerTest, StopIsIdempotentAndRefusesNewConnections) {
  start();
  uint16_t bound = port();
  server_->stop();
  server_->stop();
  EXPECT_THROW(TestConnection connection(bound), std::runtime_error);
}

TEST_F(ServerTest, ManyConcurrentClients) {
  start(ServerOptions{.io_threads = 2, .worker_threads = 4});
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      TestConnection connection(port());
      for (int i = 0; i < 50; ++i) {
        std::string body = std::to_string(c) + ":" + std::to_string(i);
        connection.send(simple_request("POST", "/c", body));
        auto response = connection.read_response();
        if (response && response->body == "POST /c " + body) ++ok;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), 400);
}

}  // namespace
}  // namespace pharos::http
