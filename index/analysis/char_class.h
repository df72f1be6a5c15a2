// Character classification without ICU or locale state: static range tables covering the
// scripts users index most (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, CJK,
// Hangul, South-East Asian, emoji). Code points not listed are treated as letters, so
// unknown scripts still form words rather than vanish.
#pragma once

#include <cstdint>

namespace pharos::analysis {

enum class CharKind : uint8_t {
  letter,
  digit,
  mark,         // combining marks, variation selectors, ZWJ/ZWNJ: continue the previous char
  whitespace,   // Java Character.isWhitespace (no-break spaces are `separator`)
  separator,    // other space separators (no-break spaces)
  punctuation,
  symbol,
  control,      // controls, format chars, surrogates, private use, U+FFFD
  katakana,
  hiragana,
  ideographic,
  hangul,
  southeast_asian,  // Thai, Lao, Myanmar, Khmer...: written without spaces
  emoji,
};

CharKind char_kind(char32_t cp);

inline bool is_letter_kind(CharKind k) {
  return k == CharKind::letter || k == CharKind::katakana || k == CharKind::hiragana ||
         k == CharKind::ideographic || k == CharKind::hangul || k == CharKind::southeast_asian;
}
inline bool is_letter(char32_t cp) { return is_letter_kind(char_kind(cp)); }
inline bool is_digit(char32_t cp) { return char_kind(cp) == CharKind::digit; }
inline bool is_whitespace(char32_t cp) { return char_kind(cp) == CharKind::whitespace; }

// Word-break property (UAX #29) as far as the standard tokenizer needs it.
enum class WordBreak : uint8_t {
  other,
  aletter,
  numeric,
  katakana,
  hiragana,
  ideographic,
  southeast_asian,
  hangul,
  emoji,
  extend,  // Extend | Format | ZWJ
  extend_num_let,
  mid_letter,
  mid_num_let,
  single_quote,
  mid_num,
  regional_indicator,
};

WordBreak word_break(char32_t cp);

// True when the static tables are sorted and non-overlapping (checked by the unit tests).
bool char_tables_are_consistent();

}  // namespace pharos::analysis
