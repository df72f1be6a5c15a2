// Per-document engine metadata stored in every segment (as doc values) so versions and
// sequence numbers survive refresh, merge and recovery.
#pragma once

#include <cstdint>

namespace pharos::segment {

struct DocMeta {
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  int64_t version = 1;
};

}  // namespace pharos::segment
