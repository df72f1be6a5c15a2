// Results of requests run with wait_for_completion=false (_delete_by_query, _update_by_query),
// kept under OpenSearch task ids ("node:N") so GET /_tasks/{task_id} can return them, as
// OpenSearch persists finished tasks in its .tasks index. The work itself runs before the
// request answers (one node, no background runner): the task is always complete when seen.
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace pharos::api {

class TaskStore {
 public:
  // Stores a finished task; returns its id. The oldest results are dropped beyond kMaxTasks.
  std::string add(const std::string& node_id, const std::string& action, const std::string& description,
                  const nlohmann::json& response);
  // The GET /_tasks/{id} body ({"completed": true, "task": {...}, "response": {...}}).
  std::optional<nlohmann::json> get(const std::string& task_id) const;

  static constexpr size_t kMaxTasks = 1000;

 private:
  mutable std::mutex mutex_;
  std::deque<std::pair<std::string, std::string>> tasks_;  // id → body JSON text
  uint64_t next_ = 0;
};

}  // namespace pharos::api
