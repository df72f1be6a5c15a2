// Splitting a string_view on one separator, dropping empty parts: "a,,b," → {"a", "b"}. The
// parts view into the input, which must outlive them.
#pragma once

#include <string_view>
#include <vector>

namespace pharos {

inline std::vector<std::string_view> split_skipping_empty(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const size_t at = text.find(separator);
    if (std::string_view part = text.substr(0, at); !part.empty()) parts.push_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

}  // namespace pharos
