#include "index/engine/write_ops.h"

namespace pharos::engine {

const char* write_outcome_name(WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::created: return "created";
    case WriteOutcome::updated: return "updated";
    case WriteOutcome::deleted: return "deleted";
    case WriteOutcome::not_found: return "not_found";
    case WriteOutcome::noop: return "noop";
  }
  return "unknown";
}

}  // namespace pharos::engine
