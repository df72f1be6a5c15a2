#include "server/api/search_context_store.h"

#include <random>

namespace pharos::api {
namespace {

std::string base64_encode(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) out.push_back(kAlphabet[(bits >> (count -= 6)) & 63]);
  }
  if (count > 0) out.push_back(kAlphabet[(bits << (6 - count)) & 63]);
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

}  // namespace

std::string random_context_prefix() { return std::to_string(std::random_device{}()); }

std::string make_context_id(std::string_view prefix, uint64_t counter) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return base64_encode(std::string(prefix) + ":" + std::to_string(counter) + ":" + std::to_string(millis));
}

}  // namespace pharos::api
