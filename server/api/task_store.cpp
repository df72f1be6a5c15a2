#include "server/api/task_store.h"

#include <chrono>
#include <nlohmann/json.hpp>

namespace pharos::api {

std::string TaskStore::add(const std::string& node_id, const std::string& action,
                           const std::string& description, const nlohmann::json& response) {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::lock_guard lock(mutex_);
  uint64_t number = ++next_;
  std::string id = node_id + ":" + std::to_string(number);
  nlohmann::json task = {{"node", node_id},
                         {"id", number},
                         {"type", "transport"},
                         {"action", action},
                         {"description", description},
                         {"start_time_in_millis", now},
                         {"running_time_in_nanos", 0},
                         {"cancellable", true},
                         {"cancelled", false},
                         {"headers", nlohmann::json::object()}};
  nlohmann::json body = {{"completed", true}, {"task", task}, {"response", response}};
  tasks_.emplace_back(id, body.dump());
  while (tasks_.size() > kMaxTasks) tasks_.pop_front();
  return id;
}

std::optional<nlohmann::json> TaskStore::get(const std::string& task_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, body] : tasks_) {
    if (id == task_id) return nlohmann::json::parse(body);
  }
  return std::nullopt;
}

}  // namespace pharos::api
