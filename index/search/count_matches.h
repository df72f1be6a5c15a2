// Counting the live matches of a query without scoring them (IndexSearcher.count, `_count`,
// TOP-k requests with size 0): no scores, no collector, and a term query on a segment without
// deletions is answered from the postings' doc freq without reading them.
#pragma once

#include <cstdint>
#include <vector>

#include "index/base/status.h"
#include "index/search/query_node.h"
#include "index/search/shard_search.h"

namespace pharos::search {

Result<uint64_t> count_matches(const std::vector<SegmentRef>& segments, const QueryNode& query);

}  // namespace pharos::search
