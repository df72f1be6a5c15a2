// Locale-independent case mapping by static tables (Java's Character.toLowerCase/toUpperCase
// one-to-one mappings) for ASCII, Latin-1, Latin Extended-A/B/Additional, Greek, Cyrillic,
// Armenian and fullwidth Latin. Other scripts pass through unchanged.
#pragma once

#include <string>
#include <string_view>

namespace pharos::analysis {

char32_t to_lower(char32_t cp);
char32_t to_upper(char32_t cp);

// Whole-string variants; invalid UTF-8 bytes come out as U+FFFD.
void lowercase_utf8(std::string_view in, std::string& out);
void uppercase_utf8(std::string_view in, std::string& out);

}  // namespace pharos::analysis
