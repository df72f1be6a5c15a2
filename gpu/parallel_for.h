// A tiny fork-join over row ranges for the CPU reference (gpu/ is compiled without -fopenmp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace pharos::gpu {

// Calls body(begin, end) on disjoint chunks of [0, n) from up to hardware_concurrency threads.
template <typename Body>
void parallel_for_rows(uint32_t n, Body&& body) {
  uint32_t threads = std::max(1u, std::min<uint32_t>(std::thread::hardware_concurrency(), (n + 255) / 256));
  if (threads <= 1) {
    body(0u, n);
    return;
  }
  std::vector<std::thread> pool;
  uint32_t chunk = (n + threads - 1) / threads;
  for (uint32_t t = 0; t < threads; ++t) {
    uint32_t begin = t * chunk;
    uint32_t end = std::min(n, begin + chunk);
    if (begin >= end) break;
    pool.emplace_back([&body, begin, end] { body(begin, end); });
  }
  for (auto& thread : pool) thread.join();
}

}  // namespace pharos::gpu
