// The "_shards" object of broadcast responses (refresh, flush, forcemerge, stats): one node
// holds every primary and no replica, so replicas count as total but not as successful.
#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/engine/index_service.h"

namespace pharos::api {

nlohmann::json shards_header(const std::vector<std::shared_ptr<engine::IndexService>>& indexes);

}  // namespace pharos::api
