// pharos: wires configuration, the catalog (storage), the API and the HTTP server, then
// waits for SIGTERM/SIGINT to shut down gracefully (stop accepting, finish in-flight
// requests, flush every index, exit 0).
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "gpu/gpu_builder.h"
#include "index/engine/catalog.h"
#include "index/engine/vector_index_service.h"
#include "server/api/api_context.h"
#include "server/api/quick_requests.h"
#include "server/api/request_cache.h"
#include "server/api/request_dispatcher.h"
#include "server/http/server.h"
#include "server/node_config.h"

namespace {

uint64_t ram_bytes() {
  return static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

uint64_t default_index_buffer_bytes() {
  return std::max<uint64_t>(ram_bytes() / 10, 64ull << 20);  // OpenSearch's default: 10% of the heap
}

int run(const pharos::NodeConfig& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  pharos::engine::NodeSettings node;
  node.data_path = config.data_path;
  node.index_buffer_bytes =
      config.index_buffer_bytes ? config.index_buffer_bytes : default_index_buffer_bytes();
  // k-NN index builders, first match wins (a GPU builder goes in front of the CPU one).
  std::vector<std::unique_ptr<pharos::vector::VectorIndexBuilder>> builders;
  if (config.knn_remote_build_enabled) {
    pharos::gpu::GpuBuilderOptions gpu_options;
    gpu_options.min_segment_bytes = config.knn_remote_build_min_bytes;
    // nullptr (logged) without CUDA or without a visible GPU: the CPU builder takes every build.
    if (auto gpu = pharos::gpu::make_gpu_builder(gpu_options)) builders.push_back(std::move(gpu));
  }
  builders.push_back(pharos::vector::make_cpu_builder(static_cast<uint32_t>(config.knn_index_threads)));
  pharos::engine::VectorServiceOptions vector_options;
  vector_options.memory_limit_bytes =
      config.knn_memory_limit_bytes ? config.knn_memory_limit_bytes : ram_bytes() / 2;
  node.vectors = std::make_shared<pharos::engine::VectorIndexService>(std::move(builders), vector_options);
  auto catalog = pharos::engine::Catalog::open(node);
  if (!catalog.is_ok()) {
    spdlog::critical("cannot open data directory [{}]: {}", config.data_path, catalog.status().to_string());
    return 1;
  }

  pharos::api::ApiContext ctx;
  ctx.catalog = catalog->get();
  ctx.vectors = node.vectors.get();
  // OpenSearch sizes the request cache at 1% of the heap; we have no heap, so 1% of RAM.
  pharos::api::RequestCache request_cache(config.request_cache_bytes ? config.request_cache_bytes
                                                                     : ram_bytes() / 100);
  ctx.request_cache = &request_cache;
  ctx.node_name = config.node_name;
  ctx.cluster_name = config.cluster_name;
  ctx.elastic_product_header = config.elastic_product_header;
  pharos::api::RequestDispatcher dispatcher(ctx);

  pharos::http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = config.max_content_length;
  options.compression = config.http_compression;
  options.runs_inline = pharos::api::is_quick_request;
  pharos::http::Server server(options,
                              [&dispatcher](pharos::http::Request& r) { return dispatcher.handle(r); });
  if (pharos::Status s = server.start(); !s.is_ok()) {
    spdlog::critical("cannot listen on {}:{}: {}", config.host, config.port, s.to_string());
    (void)(*catalog)->shutdown();
    return 1;
  }
  spdlog::info("pharos listening on {}:{} (data: {})", config.host, server.port(), config.data_path);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received signal {}, shutting down", signal_number);
  server.stop();
  if (pharos::Status s = (*catalog)->shutdown(); !s.is_ok()) {
    spdlog::error("shutdown flush failed: {}", s.to_string());
    return 1;
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto config = pharos::parse_node_config(argc, argv);
  if (!config.is_ok()) {
    std::fprintf(stderr, "pharos: %s\n", config.status().message().c_str());
    return 2;
  }
  if (config->show_help) {
    std::fputs(pharos::node_config_help(), stdout);
    return 0;
  }
  return run(*config);
}
