// Runs faiss's OpenMP regions started by this thread on exactly `threads` threads. The
// nthreads-var ICV that omp_set_num_threads sets belongs to the calling thread's data
// environment (libgomp keeps it per thread), so other threads' faiss calls are unaffected; the
// previous value is restored on scope exit.
#pragma once

#include <omp.h>

#include <cstdint>

namespace pharos::vector {

class ScopedOmpThreads {
 public:
  explicit ScopedOmpThreads(uint32_t threads) : previous_(omp_get_max_threads()) {
    omp_set_num_threads(threads > 0 ? static_cast<int>(threads) : 1);
  }
  ~ScopedOmpThreads() { omp_set_num_threads(previous_); }
  ScopedOmpThreads(const ScopedOmpThreads&) = delete;
  ScopedOmpThreads& operator=(const ScopedOmpThreads&) = delete;

 private:
  int previous_;
};

}  // namespace pharos::vector
