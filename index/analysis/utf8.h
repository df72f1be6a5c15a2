// UTF-8 decoding and encoding used by every tokenizer and filter. Invalid input never fails:
// each bad byte decodes as U+FFFD with length 1, so offsets stay exact byte positions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pharos::analysis {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct DecodedChar {
  char32_t cp;
  uint32_t length;  // bytes consumed from the input, >= 1 whenever input is non-empty
};

// Decodes the code point starting at `pos` (pos < text.size()).
DecodedChar decode_utf8(std::string_view text, size_t pos);

// Appends the UTF-8 encoding of `cp` (surrogates / out-of-range become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

// Number of code points in `text` (each invalid byte counts as one).
size_t count_code_points(std::string_view text);

}  // namespace pharos::analysis

namespace pharos::analysis {

bool is_valid_utf8(std::string_view text);
// Replaces each invalid byte with U+FFFD so terms are always valid UTF-8 (JSON-safe).
void sanitize_utf8(std::string& text);

}  // namespace pharos::analysis
