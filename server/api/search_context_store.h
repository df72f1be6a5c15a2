// Server-side search contexts (scrolls and points in time) under opaque ids, dropped when they
// expire (checked on every access). Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace pharos::api {

// A fresh opaque id: base64 of a per-store random prefix, a counter and the creation time.
std::string make_context_id(std::string_view prefix, uint64_t counter);
std::string random_context_prefix();

// Context must have `std::chrono::steady_clock::time_point expires` and `bool is_pit() const`.
template <typename Context>
class SearchContextStore {
 public:
  SearchContextStore() : prefix_(random_context_prefix()) {}

  std::string put(std::shared_ptr<Context> context) {
    std::lock_guard lock(mutex_);
    expire_locked();
    std::string id = make_context_id(prefix_, ++next_);
    contexts_[id] = std::move(context);
    return id;
  }
  std::shared_ptr<Context> get(const std::string& id) {
    std::lock_guard lock(mutex_);
    expire_locked();
    auto it = contexts_.find(id);
    return it == contexts_.end() ? nullptr : it->second;
  }
  bool remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    return contexts_.erase(id) > 0;
  }
  // Removes every point in time (`pits`) or every scroll; returns how many.
  size_t remove_all(bool pits) {
    std::lock_guard lock(mutex_);
    return std::erase_if(contexts_, [&](const auto& entry) { return entry.second->is_pit() == pits; });
  }

 private:
  void expire_locked() {
    auto now = std::chrono::steady_clock::now();
    std::erase_if(contexts_, [&](const auto& entry) { return entry.second->expires < now; });
  }
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Context>> contexts_;
  uint64_t next_ = 0;
  std::string prefix_;
};

}  // namespace pharos::api
