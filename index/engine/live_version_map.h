// The shard's map of recently written ids: for every document written since the last
// refresh (and every delete tombstone, kept for gc_deletes like OpenSearch), its seq_no,
// primary term, version, whether it is deleted, and — while it sits in the write buffer —
// its buffer doc id, routing and source (realtime GET). Older documents are found through
// the segments' id lookup instead, which keeps this map bounded by the refresh interval.
// Not thread-safe: the owning shard guards it with its write mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pharos::engine {

struct VersionEntry {
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  int64_t version = 1;
  bool deleted = false;
  std::optional<uint32_t> buffer_doc;  // doc id in the current write buffer (live docs only)
  std::string routing;
  std::string source;       // the unrefreshed source, for realtime GET
  int64_t tombstone_ms = 0;  // when the delete happened (tombstones only)
};

class LiveVersionMap {
 public:
  const VersionEntry* find(std::string_view id) const;
  void put(const std::string& id, VersionEntry entry);

  // After a refresh: buffered docs now live in a segment, so their entries go (tombstones stay).
  void on_refresh();
  // Drops tombstones older than `cutoff_ms` (index.gc_deletes).
  void prune_tombstones(int64_t cutoff_ms);
  size_t size() const { return entries_.size(); }
  size_t ram_bytes() const { return ram_bytes_; }

 private:
  static size_t entry_bytes(const std::string& id, const VersionEntry& e) {
    return id.size() + e.routing.size() + e.source.size() + sizeof(VersionEntry) + 32;
  }
  std::unordered_map<std::string, VersionEntry> entries_;
  size_t ram_bytes_ = 0;
};

}  // namespace pharos::engine
