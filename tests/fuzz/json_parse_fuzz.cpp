// libFuzzer target, differential: whatever fast_json_parse (simdjson) accepts, nlohmann must
// accept too and read as the same value with the same number types (equal dumps), so request
// bodies mean the same whichever parser read them.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "server/api/fast_json_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = pharos::api::fast_json_parse(text);
  if (!fast) return 0;
  nlohmann::json reference = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (reference.is_discarded() || reference != *fast || reference.dump() != fast->dump()) std::abort();
  return 0;
}
