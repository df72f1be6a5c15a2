// Compiles OpenSearch (Java) regex settings with RE2. Java flags ("CASE_INSENSITIVE|DOTALL")
// become RE2 inline flags; Java-only syntax (look-around, back-references) is rejected with
// invalid_argument because RE2 guarantees linear time, which we keep for untrusted patterns.
#pragma once

#include <memory>
#include <string>

#include <re2/re2.h>

#include "index/base/status.h"

namespace pharos::analysis {

Result<std::shared_ptr<const re2::RE2>> compile_java_regex(const std::string& pattern, const std::string& flags);

}  // namespace pharos::analysis
