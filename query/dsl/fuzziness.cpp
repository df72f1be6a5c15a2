// Fuzziness: 0, 1, 2, "AUTO" (0 edits below 3 chars, 1 below 6, else 2), "AUTO:low,high".
#include <charconv>

#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {

Result<uint32_t> resolve_fuzziness(const json& fuzziness, size_t term_chars) {
  auto bad = [&]() { return parse_error("failed to parse [fuzziness] value [" + fuzziness.dump() + "]"); };
  if (fuzziness.is_number()) {
    double edits = fuzziness.get<double>();
    if (!(edits >= 0)) return bad();
    return static_cast<uint32_t>(std::min(edits, 2.0));  // Lucene caps edit distance at 2
  }
  if (!fuzziness.is_string()) return bad();
  std::string text = fuzziness.get<std::string>();
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.starts_with("AUTO")) {
    size_t low = 3, high = 6;
    if (upper.size() > 4) {
      if (upper[4] != ':') return bad();
      auto comma = upper.find(',', 5);
      if (comma == std::string::npos) return bad();
      auto parse = [&](size_t from, size_t to, size_t& out) {
        auto [ptr, ec] = std::from_chars(upper.data() + from, upper.data() + to, out);
        return ec == std::errc() && ptr == upper.data() + to && to > from;
      };
      if (!parse(5, comma, low) || !parse(comma + 1, upper.size(), high) || low > high) return bad();
    }
    if (term_chars < low) return 0u;
    return term_chars < high ? 1u : 2u;
  }
  double edits = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), edits);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(edits >= 0)) return bad();
  return static_cast<uint32_t>(std::min(edits, 2.0));
}

}  // namespace pharos::query::detail
