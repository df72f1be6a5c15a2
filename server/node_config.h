// Node configuration: defaults, then a config file (opensearch.yml-style `key: value` lines),
// then command-line flags, each overriding the one before.
#pragma once

#include <cstdint>
#include <string>

#include "index/base/status.h"

namespace pharos {

struct NodeConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 9200;
  std::string data_path = "./data";
  std::string log_level = "info";
  std::string cluster_name = "pharos";
  std::string node_name = "pharos-node";
  uint64_t max_content_length = 100ull << 20;  // http.max_content_length
  uint64_t index_buffer_bytes = 0;             // 0 → 10% of RAM, as OpenSearch
  uint64_t request_cache_bytes = 0;            // indices.requests.cache.size; 0 → 1% of RAM
  bool http_compression = true;
  bool elastic_product_header = false;  // compatibility.elastic_product_header
  size_t io_threads = 2;  // one quick search runs on an I/O thread (ServerOptions::runs_inline); more threads, more wake-ups
  size_t worker_threads = 16;  // handlers block on fsync; more workers let group commit batch them
  uint64_t knn_memory_limit_bytes = 0;  // knn.memory.circuit_breaker.limit; 0 → 50% of RAM
  size_t knn_index_threads = 1;         // knn.algo_param.index_thread_qty (threads per build)
  // GPU index builder (gpu/): knn.remote_index_build.enabled (node switch; the index setting of the
  // same name is per index) and knn.remote_index_build.size.min (smaller segments build on the CPU).
  bool knn_remote_build_enabled = true;
  uint64_t knn_remote_build_min_bytes = 50ull << 20;
  bool show_help = false;
};

// Parses argv; returns invalid_argument with a message for unknown flags or bad values.
Result<NodeConfig> parse_node_config(int argc, char** argv);
const char* node_config_help();

}  // namespace pharos
