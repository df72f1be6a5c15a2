#include "server/node_config.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <vector>
#include <fstream>
#include <string_view>

namespace pharos {
namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\"'");
  size_t e = s.find_last_not_of(" \t\r\"'");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Result<uint64_t> parse_bytes(const std::string& text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return Status(ErrorKind::invalid_argument, "bad size [" + text + "]");
  std::string unit(end, text.data() + text.size());
  if (unit == "%") {
    uint64_t ram = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
    return ram / 100 * value;
  }
  if (unit.empty() || unit == "b") return value;
  if (unit == "kb" || unit == "k") return value << 10;
  if (unit == "mb" || unit == "m") return value << 20;
  if (unit == "gb" || unit == "g") return value << 30;
  return Status(ErrorKind::invalid_argument, "bad size unit in [" + text + "]");
}

Status apply_setting(NodeConfig& config, const std::string& key, const std::string& value) {
  if (key == "network.host" || key == "http.host" || key == "host") {
    config.host = value;
  } else if (key == "http.port" || key == "port") {
    int port = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
    if (ec != std::errc() || end != value.data() + value.size() || port < 0 || port > 65535) {
      return Status(ErrorKind::invalid_argument, "bad port [" + value + "]");
    }
    config.port = static_cast<uint16_t>(port);
  } else if (key == "path.data" || key == "data") {
    config.data_path = value;
  } else if (key == "logger.level" || key == "log-level") {
    config.log_level = value;
  } else if (key == "cluster.name") {
    config.cluster_name = value;
  } else if (key == "node.name") {
    config.node_name = value;
  } else if (key == "http.max_content_length") {
    PHAROS_ASSIGN_OR_RETURN(config.max_content_length, parse_bytes(value));
  } else if (key == "indices.memory.index_buffer_size") {
    PHAROS_ASSIGN_OR_RETURN(config.index_buffer_bytes, parse_bytes(value));
  } else if (key == "indices.requests.cache.size") {
    PHAROS_ASSIGN_OR_RETURN(config.request_cache_bytes, parse_bytes(value));
  } else if (key == "http.compression") {
    config.http_compression = value == "true";
  } else if (key == "compatibility.elastic_product_header") {
    config.elastic_product_header = value == "true";
  } else if (key == "knn.memory.circuit_breaker.limit") {
    PHAROS_ASSIGN_OR_RETURN(config.knn_memory_limit_bytes, parse_bytes(value));
  } else if (key == "knn.algo_param.index_thread_qty") {
    config.knn_index_threads = std::max<size_t>(1, std::strtoul(value.c_str(), nullptr, 10));
  } else if (key == "knn.remote_index_build.enabled") {
    config.knn_remote_build_enabled = value == "true";
  } else if (key == "knn.remote_index_build.size.min") {
    PHAROS_ASSIGN_OR_RETURN(config.knn_remote_build_min_bytes, parse_bytes(value));
  } else if (key == "thread_pool.workers") {
    config.worker_threads = std::max<size_t>(1, std::strtoul(value.c_str(), nullptr, 10));
  } else {
    return Status(ErrorKind::invalid_argument, "unknown setting [" + key + "]");
  }
  return Status::ok();
}

Status load_config_file(NodeConfig& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status(ErrorKind::invalid_argument, "cannot read config file [" + path + "]");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    size_t hash = line.find('#');
    if (hash != std::string::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos) {
      return Status(ErrorKind::invalid_argument, path + ":" + std::to_string(number) + ": expected `key: value`");
    }
    Status s = apply_setting(config, trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    if (!s.is_ok()) return Status(ErrorKind::invalid_argument, path + ":" + std::to_string(number) + ": " + s.message());
  }
  return Status::ok();
}

}  // namespace

const char* node_config_help() {
  return R"(pharos — an OpenSearch-compatible search server

Usage: pharos [flags]

  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          HTTP port (default 9200; 0 picks a free one)
  --data DIR           data directory (default ./data); nothing outside it is written
  --log-level LEVEL    trace, debug, info, warn, error (default info)
  --config FILE        settings file, one `key: value` per line (opensearch.yml style):
                         network.host, http.port, path.data, logger.level, cluster.name,
                         node.name, http.max_content_length (100mb), http.compression,
                         indices.memory.index_buffer_size (10%), thread_pool.workers,
                         indices.requests.cache.size (1%: bytes, 64mb or % of RAM),
                         knn.memory.circuit_breaker.limit (50%: bytes, 512mb or a
                         percentage of RAM), knn.algo_param.index_thread_qty (1),
                         knn.remote_index_build.enabled (true: use a GPU when one is
                         present), knn.remote_index_build.size.min (50mb of fp32 vectors),
                         compatibility.elastic_product_header (true adds
                         X-Elastic-Product: Elasticsearch for Elastic's own clients)
                       flags given on the command line override the file
  --help               this text

Signals: SIGTERM / SIGINT stop accepting, finish in-flight requests, flush, exit 0.
)";
}

Result<NodeConfig> parse_node_config(int argc, char** argv) {
  NodeConfig config;
  std::vector<std::pair<std::string, std::string>> flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      config.show_help = true;
      return config;
    }
    if (arg.rfind("--", 0) != 0) return Status(ErrorKind::invalid_argument, "unexpected argument [" + arg + "]");
    std::string key = arg.substr(2), value;
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return Status(ErrorKind::invalid_argument, "flag [--" + key + "] needs a value");
    }
    flags.emplace_back(key, value);
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") PHAROS_RETURN_IF_ERROR(load_config_file(config, value));
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") continue;
    if (key != "host" && key != "port" && key != "data" && key != "log-level") {
      return Status(ErrorKind::invalid_argument, "unknown flag [--" + key + "] (see --help)");
    }
    PHAROS_RETURN_IF_ERROR(apply_setting(config, key, value));
  }
  return config;
}

}  // namespace pharos
