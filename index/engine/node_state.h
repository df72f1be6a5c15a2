// The node's identity (cluster_uuid, node_id), generated once and kept in
// data/_state/node.json so that restarts report the same ids. Thread-safe (no shared state).
#pragma once

#include <string>

#include "index/base/status.h"

namespace pharos::engine {

struct NodeIdentity {
  std::string cluster_uuid;
  std::string node_id;
};

// 16 random bytes as unpadded base64url: 22 characters, the shape of OpenSearch's
// UUIDs.randomBase64UUID() (index uuids, node ids, cluster uuid).
std::string random_base64_uuid();

// Reads `state_dir`/node.json, or creates it (atomically, before returning) when missing.
// A present but unreadable file → corrupt: a new identity would silently change the cluster.
Result<NodeIdentity> load_or_create_node_identity(const std::string& state_dir);

}  // namespace pharos::engine
