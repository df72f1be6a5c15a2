#include "server/api/shards_header.h"

#include <nlohmann/json.hpp>

namespace pharos::api {

nlohmann::json shards_header(const std::vector<std::shared_ptr<engine::IndexService>>& indexes) {
  uint64_t total = 0, successful = 0;
  for (const auto& index : indexes) {
    auto settings = index->settings();
    total += uint64_t{settings->number_of_shards} * (1 + settings->number_of_replicas);
    successful += settings->number_of_shards;
  }
  return {{"total", total}, {"successful", successful}, {"failed", 0}};
}

}  // namespace pharos::api
