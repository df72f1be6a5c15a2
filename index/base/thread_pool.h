// A fixed pool of worker threads with a FIFO queue. The HTTP layer runs request handlers
// here so slow work never blocks the I/O threads; the engine runs merges on its own pool.
// Thread-safe: submit() may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pharos {

class ThreadPool {
 public:
  ThreadPool(size_t threads, std::string name);
  ~ThreadPool();  // drains queued tasks, then joins
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Returns false once shutdown() has begun (the task is not run).
  bool submit(std::function<void()> task);
  // Stops accepting tasks, runs what is queued, joins the workers. Idempotent.
  void shutdown();
  size_t size() const { return workers_.size(); }
  size_t queued() const;

 private:
  void worker_loop();

  std::string name_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace pharos
