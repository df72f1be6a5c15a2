// minimum_should_match, resolved the way OpenSearch's Queries.calculateMinShouldMatch does:
// "3", "-2", "75%", "-25%", and conditional "3<90%" / "2<-25% 9<-3" specs.
#include <charconv>
#include <sstream>

#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

bool parse_int(std::string_view text, int64_t& out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty() && out > -1000000000 &&
         out < 1000000000;
}

Result<int64_t> simple_spec(std::string_view spec, int64_t count, const std::string& whole) {
  int64_t value = 0;
  if (!spec.empty() && spec.back() == '%') {
    if (!parse_int(spec.substr(0, spec.size() - 1), value)) return invalid("For input string: \"" + whole + "\"");
    float calc = static_cast<float>(count * value) * (1 / 100.0f);
    return calc < 0 ? count + static_cast<int64_t>(calc) : static_cast<int64_t>(calc);
  }
  if (!parse_int(spec, value)) return invalid("For input string: \"" + whole + "\"");
  return value < 0 ? count + value : value;
}

}  // namespace

Result<uint32_t> resolve_minimum_should_match(const json& spec, uint32_t optional_count) {
  std::string text;
  if (spec.is_number_integer()) text = std::to_string(spec.get<int64_t>());
  else if (spec.is_string()) text = spec.get<std::string>();
  else return parse_error("[minimum_should_match] must be an integer or a string, got " + spec.dump());
  // Trim and glue "3 < 90%" into "3<90%".
  std::string compact;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ') {
      bool next_lt = i + 1 < text.size() && text[i + 1] == '<';
      bool prev_lt = !compact.empty() && compact.back() == '<';
      if (next_lt || prev_lt || compact.empty() || compact.back() == ' ') continue;
    }
    compact += c;
  }
  while (!compact.empty() && compact.back() == ' ') compact.pop_back();
  const int64_t count = optional_count;
  int64_t result = count;
  if (compact.find('<') != std::string::npos) {
    std::istringstream parts(compact);
    std::string part;
    while (parts >> part) {
      auto lt = part.find('<');
      int64_t upper_bound = 0;
      if (lt == std::string::npos || !parse_int(std::string_view(part).substr(0, lt), upper_bound)) {
        return invalid("For input string: \"" + text + "\"");
      }
      if (count <= upper_bound) break;
      PHAROS_ASSIGN_OR_RETURN(result, simple_spec(std::string_view(part).substr(lt + 1), count, text));
    }
  } else {
    PHAROS_ASSIGN_OR_RETURN(result, simple_spec(compact, count, text));
  }
  return static_cast<uint32_t>(std::clamp<int64_t>(result, 0, UINT32_MAX));
}

}  // namespace pharos::query::detail
