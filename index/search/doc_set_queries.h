// Constant-score queries answered by building a doc set for one segment: terms, ids,
// numeric / floating ranges over doc values, exists, and term-dictionary expansions.
#pragma once

#include <memory>

#include "index/base/status.h"
#include "index/search/doc_iterator.h"
#include "index/search/query_node.h"
#include "index/segment/segment.h"

namespace pharos::search {

// Docs of one segment matching `node` (kinds: terms, ids, numeric_range, floating_range,
// exists, prefix, wildcard, regexp, term_range), each scoring `score`.
Result<std::unique_ptr<DocIterator>> build_doc_set_iterator(const segment::Segment& segment,
                                                            const QueryNode& node, float score);

}  // namespace pharos::search
