// A load client for the vector bench that is not itself the bottleneck: plain POSIX sockets,
// HTTP/1.1 keep-alive (one connection per thread), request bodies read and serialised before the
// clock starts, and a response parser that only finds the header end, the length and the `_id`s.
//
//   http_knn_client --port P --path /bench/_search --bodies B.ndjson --threads 2 --out R.txt
//                   [--host 127.0.0.1] [--warmup 100] [--spin 1]
//
// --bodies has one JSON request body per line (query i = line i). Threads take queries from a
// shared counter, so every query runs exactly once. --out gets one line per query, in query
// order: `<latency microseconds> <http status> <id> <id> ...` (ids are the hits' `_id` strings).
// stdout gets one summary line: `queries N threads T seconds S qps Q errors E`.
// The exit status is non-zero when a connection fails or a response is not HTTP 200.
//
// --spin 1 polls the socket for the response (non-blocking recv in a loop) instead of sleeping in
// recv. Use it only when every client thread has a core of its own. A client asleep in recv must
// be woken by the server's send, on the server's CPU: on the 2-vCPU dev VM that cost ~60 µs of
// server CPU per GloVe query (340 vs 275 µs measured) and added its latency to every round trip.
// A client on another machine costs the server nothing of the kind.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 9200;
  std::string path = "/_search";
  std::string bodies_path;
  std::string out_path;
  int threads = 1;
  int warmup = 0;
  bool spin = false;
};

struct QueryResult {
  int64_t latency_us = -1;
  int status = 0;
  std::vector<std::string> ids;
};

int connect_to(const Options& opt) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(opt.host.c_str(), std::to_string(opt.port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd >= 0) {
    int one = 1;  // requests are single small writes: do not wait for Nagle
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Case-insensitive search for a header name at a line start inside the header block.
size_t find_header(const std::string& head, const char* name) {
  std::string lower(head.size(), '\0');
  for (size_t i = 0; i < head.size(); ++i) lower[i] = static_cast<char>(std::tolower(head[i]));
  size_t at = lower.find(std::string("\r\n") + name);
  return at == std::string::npos ? at : at + 2 + std::strlen(name);
}

// Decodes a chunked body in `raw` (starting at 0); false until all of it has arrived.
bool dechunk(const std::string& raw, std::string& body) {
  body.clear();
  size_t at = 0;
  for (;;) {
    size_t eol = raw.find("\r\n", at);
    if (eol == std::string::npos) return false;
    size_t size = std::strtoul(raw.c_str() + at, nullptr, 16);
    if (size == 0) return raw.find("\r\n", eol + 2) != std::string::npos;
    if (raw.size() < eol + 2 + size + 2) return false;
    body.append(raw, eol + 2, size);
    at = eol + 2 + size + 2;
  }
}

// Reads one HTTP response; `buffer` keeps bytes that belong to the next one (none with
// request/response in lockstep, but it costs nothing to be right).
ssize_t receive(int fd, char* into, size_t size, bool spin) {
  if (!spin) return recv(fd, into, size, 0);
  for (;;) {
    ssize_t n = recv(fd, into, size, MSG_DONTWAIT);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return n;
  }
}

bool read_response(int fd, bool spin, std::string& buffer, int& status, std::string& body) {
  char chunk[65536];
  size_t header_end = std::string::npos;
  for (;;) {
    header_end = buffer.find("\r\n\r\n");
    if (header_end != std::string::npos) break;
    ssize_t n = receive(fd, chunk, sizeof(chunk), spin);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buffer.substr(0, header_end);
  status = std::atoi(head.c_str() + head.find(' ') + 1);
  size_t body_start = header_end + 4;
  size_t length_at = find_header(head, "content-length:");
  bool chunked = find_header(head, "transfer-encoding:") != std::string::npos &&
                 head.find("chunked") != std::string::npos;
  for (;;) {
    if (length_at != std::string::npos) {
      size_t length = std::strtoul(head.c_str() + length_at, nullptr, 10);
      if (buffer.size() >= body_start + length) {
        body.assign(buffer, body_start, length);
        buffer.erase(0, body_start + length);
        return true;
      }
    } else if (chunked) {
      if (dechunk(buffer.substr(body_start), body)) {
        buffer.clear();
        return true;
      }
    } else {
      return false;  // neither length nor chunked: not something this client handles
    }
    ssize_t n = receive(fd, chunk, sizeof(chunk), spin);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

// The hits' `_id` values, in order. With `_source: false` nothing else in a search response
// carries an `"_id"` key.
std::vector<std::string> extract_ids(const std::string& body) {
  std::vector<std::string> ids;
  static const std::string kKey = "\"_id\"";
  for (size_t at = body.find(kKey); at != std::string::npos; at = body.find(kKey, at)) {
    size_t open = body.find('"', body.find(':', at + kKey.size()) + 1);
    size_t close = body.find('"', open + 1);
    if (open == std::string::npos || close == std::string::npos) break;
    ids.emplace_back(body, open + 1, close - open - 1);
    at = close + 1;
  }
  return ids;
}

std::string make_request(const Options& opt, const std::string& body) {
  return "POST " + opt.path + " HTTP/1.1\r\nHost: " + opt.host + "\r\nContent-Type: application/json\r\n" +
         "Connection: keep-alive\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// One client thread: its own connection, queries taken from the shared counter.
void run_thread(const Options& opt, const std::vector<std::string>& requests, std::atomic<size_t>& next,
                std::vector<QueryResult>& results, std::atomic<int>& failures) {
  int fd = connect_to(opt);
  std::string buffer, body;
  for (size_t q = next++; q < requests.size(); q = next++) {
    QueryResult& r = results[q];
    auto start = Clock::now();
    if (fd < 0 || !send_all(fd, requests[q]) || !read_response(fd, opt.spin, buffer, r.status, body)) {
      ++failures;
      if (fd >= 0) close(fd);
      fd = connect_to(opt);  // one retry on a fresh connection, then give up on this query
      buffer.clear();
      if (fd < 0 || !send_all(fd, requests[q]) || !read_response(fd, opt.spin, buffer, r.status, body)) continue;
    }
    r.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    if (r.status == 200) r.ids = extract_ids(body);
  }
  if (fd >= 0) close(fd);
}

bool parse_args(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (arg == "--host")
      opt.host = value;
    else if (arg == "--port")
      opt.port = std::atoi(value.c_str());
    else if (arg == "--path")
      opt.path = value;
    else if (arg == "--bodies")
      opt.bodies_path = value;
    else if (arg == "--out")
      opt.out_path = value;
    else if (arg == "--threads")
      opt.threads = std::max(1, std::atoi(value.c_str()));
    else if (arg == "--warmup")
      opt.warmup = std::max(0, std::atoi(value.c_str()));
    else if (arg == "--spin")
      opt.spin = value == "1";
    else
      return false;
  }
  return !opt.bodies_path.empty() && !opt.out_path.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_args(argc, argv, opt)) {
    std::cerr << "usage: http_knn_client --port P --path /index/_search --bodies FILE --out FILE "
                 "[--host H] [--threads N] [--warmup N]\n";
    return 2;
  }
  std::ifstream in(opt.bodies_path);
  std::vector<std::string> requests;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) requests.push_back(make_request(opt, line));
  }
  if (requests.empty()) {
    std::cerr << "no request bodies in " << opt.bodies_path << "\n";
    return 2;
  }
  std::atomic<int> failures{0};
  if (opt.warmup > 0) {  // first touches of the index pages and connection set-up, untimed
    std::vector<std::string> warm(requests.begin(),
                                  requests.begin() + std::min<size_t>(opt.warmup, requests.size()));
    std::vector<QueryResult> ignored(warm.size());
    std::atomic<size_t> next{0};
    run_thread(opt, warm, next, ignored, failures);
  }
  std::vector<QueryResult> results(requests.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < opt.threads; ++t) {
    threads.emplace_back(run_thread, std::cref(opt), std::cref(requests), std::ref(next), std::ref(results),
                         std::ref(failures));
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::ofstream out(opt.out_path);
  int errors = failures.load();
  for (const QueryResult& r : results) {
    if (r.status != 200) ++errors;
    out << r.latency_us << ' ' << r.status;
    for (const std::string& id : r.ids) out << ' ' << id;
    out << '\n';
  }
  std::printf("queries %zu threads %d seconds %.4f qps %.1f errors %d\n", requests.size(), opt.threads,
              seconds, requests.size() / seconds, errors);
  return errors == 0 ? 0 : 1;
}
