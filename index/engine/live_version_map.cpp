#include "index/engine/live_version_map.h"

namespace pharos::engine {

const VersionEntry* LiveVersionMap::find(std::string_view id) const {
  auto it = entries_.find(std::string(id));
  return it == entries_.end() ? nullptr : &it->second;
}

void LiveVersionMap::put(const std::string& id, VersionEntry entry) {
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    ram_bytes_ -= entry_bytes(id, it->second);
    it->second = std::move(entry);
    ram_bytes_ += entry_bytes(id, it->second);
  } else {
    ram_bytes_ += entry_bytes(id, entry);
    entries_.emplace(id, std::move(entry));
  }
}

void LiveVersionMap::on_refresh() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!it->second.deleted) {
      ram_bytes_ -= entry_bytes(it->first, it->second);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void LiveVersionMap::prune_tombstones(int64_t cutoff_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.deleted && it->second.tombstone_ms < cutoff_ms) {
      ram_bytes_ -= entry_bytes(it->first, it->second);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pharos::engine
