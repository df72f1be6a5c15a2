#include "index/engine/node_state.h"

#include <array>
#include <nlohmann/json.hpp>
#include <random>

#include "index/base/file_io.h"

namespace pharos::engine {

std::string random_base64_uuid() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // random_device per call: ids are made a few times per index creation, never in hot paths,
  // and this keeps the function free of shared mutable state.
  std::random_device device;
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t word = device();
    for (size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<uint8_t>(word >> (8 * k));
  }
  std::string out;
  out.reserve(22);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = uint32_t{bytes[i]} << 16;
    size_t available = std::min<size_t>(3, bytes.size() - i);
    if (available > 1) chunk |= uint32_t{bytes[i + 1]} << 8;
    if (available > 2) chunk |= bytes[i + 2];
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    if (available > 1) out += kAlphabet[(chunk >> 6) & 63];
    if (available > 2) out += kAlphabet[chunk & 63];
  }
  return out;
}

Result<NodeIdentity> load_or_create_node_identity(const std::string& state_dir) {
  const std::string path = state_dir + "/node.json";
  if (path_exists(path)) {
    PHAROS_ASSIGN_OR_RETURN(std::string text, read_file(path));
    auto root = nlohmann::json::parse(text, nullptr, false);
    bool valid = root.is_object() && root.contains("cluster_uuid") && root["cluster_uuid"].is_string() &&
                 root.contains("node_id") && root["node_id"].is_string();
    if (!valid) return Status(ErrorKind::corrupt, "node state file [" + path + "] is not valid");
    return NodeIdentity{root["cluster_uuid"].get<std::string>(), root["node_id"].get<std::string>()};
  }
  NodeIdentity identity{random_base64_uuid(), random_base64_uuid()};
  nlohmann::json root = {{"cluster_uuid", identity.cluster_uuid}, {"node_id", identity.node_id}};
  PHAROS_RETURN_IF_ERROR(create_directories(state_dir));
  PHAROS_RETURN_IF_ERROR(write_file_atomic(path, root.dump(2)));
  return identity;
}

}  // namespace pharos::engine
