// Reads JSON into nlohmann::json through simdjson: several times faster than nlohmann's own
// parser on number-heavy bodies (a k-NN query is 100–1,000 floats, which nlohmann reads with
// strtod one by one). The result is the value nlohmann would build: non-negative integers are
// number_unsigned, negative ones number_integer, the rest number_float; a repeated key keeps
// its last value.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

namespace pharos::api {

// nullopt when simdjson refuses the text (malformed, or beyond its limits: integers over 64
// bits, nesting deeper than 1,024, the integer -0); the caller then asks nlohmann, for its verdict and
// message.
std::optional<nlohmann::json> fast_json_parse(std::string_view text);

}  // namespace pharos::api
