// Opening index services in temp dirs for the shard / index-service tests.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_test_util.h"
#include "index/engine/catalog.h"
#include "index/engine/local_index_service.h"

namespace pharos::engine::test_util {

inline IndexServiceConfig service_config(const std::string& dir, const NodeSettings* node) {
  IndexServiceConfig c;
  c.dir = dir;
  c.name = "test";
  c.node = node;
  return c;
}

inline std::shared_ptr<IndexService> create_service(const std::string& dir, const NodeSettings* node,
                                                    const nlohmann::json& settings = nlohmann::json::object(),
                                                    const nlohmann::json& mappings = nlohmann::json::object()) {
  auto parsed = IndexSettings::parse(settings);
  if (!parsed.is_ok()) return nullptr;
  auto service = create_index_service(service_config(dir, node), parsed.value(), mappings);
  return service.is_ok() ? service.value() : nullptr;
}

inline IndexRequest doc(const std::string& id, const std::string& source) {
  IndexRequest r;
  r.id = id;
  r.source = source;
  return r;
}

}  // namespace pharos::engine::test_util
