// Milliseconds since the Unix epoch, by the system clock: what date math ("now"), task start
// times and index creation dates are measured in. Not for durations (use steady_clock).
#pragma once

#include <chrono>
#include <cstdint>

namespace pharos {

inline int64_t wall_clock_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pharos
