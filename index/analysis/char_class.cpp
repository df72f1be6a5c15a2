#include "index/analysis/char_class.h"

#include <algorithm>
#include <iterator>

namespace pharos::analysis {
namespace {

struct KindRange {
  char32_t lo;
  char32_t hi;
  CharKind kind;
};

using K = CharKind;

// Sorted, non-overlapping ranges for code points >= 0x80. Anything not covered is a letter.
constexpr KindRange kKindRanges[] = {
    {0x80, 0x9F, K::control},       {0xA0, 0xA0, K::separator},     {0xA1, 0xA9, K::punctuation},
    {0xAB, 0xB4, K::symbol},        {0xB6, 0xB9, K::symbol},        {0xBB, 0xBF, K::punctuation},
    {0xD7, 0xD7, K::symbol},        {0xF7, 0xF7, K::symbol},        {0x2C2, 0x2C5, K::symbol},
    {0x2D2, 0x2DF, K::symbol},      {0x2E5, 0x2EB, K::symbol},      {0x2ED, 0x2ED, K::symbol},
    {0x2EF, 0x2FF, K::symbol},      {0x300, 0x36F, K::mark},        {0x375, 0x375, K::symbol},
    {0x37E, 0x37E, K::punctuation}, {0x384, 0x385, K::symbol},      {0x387, 0x387, K::punctuation},
    {0x3F6, 0x3F6, K::symbol},      {0x482, 0x482, K::symbol},      {0x483, 0x489, K::mark},
    {0x55A, 0x55F, K::punctuation}, {0x589, 0x58A, K::punctuation}, {0x58D, 0x58F, K::symbol},
    {0x591, 0x5BD, K::mark},        {0x5BE, 0x5BE, K::punctuation}, {0x5BF, 0x5BF, K::mark},
    {0x5C0, 0x5C0, K::punctuation}, {0x5C1, 0x5C2, K::mark},        {0x5C3, 0x5C3, K::punctuation},
    {0x5C4, 0x5C5, K::mark},        {0x5C6, 0x5C6, K::punctuation}, {0x5C7, 0x5C7, K::mark},
    {0x5F3, 0x5F4, K::punctuation}, {0x600, 0x605, K::control},     {0x606, 0x60F, K::punctuation},
    {0x610, 0x61A, K::mark},        {0x61B, 0x61F, K::punctuation}, {0x64B, 0x65F, K::mark},
    {0x660, 0x669, K::digit},       {0x66A, 0x66D, K::punctuation}, {0x670, 0x670, K::mark},
    {0x6D4, 0x6D4, K::punctuation}, {0x6D6, 0x6DC, K::mark},        {0x6DD, 0x6DE, K::symbol},
    {0x6DF, 0x6E4, K::mark},        {0x6E7, 0x6E8, K::mark},        {0x6E9, 0x6E9, K::symbol},
    {0x6EA, 0x6ED, K::mark},        {0x6F0, 0x6F9, K::digit},       {0x7C0, 0x7C9, K::digit},
    {0x7F8, 0x7F9, K::punctuation}, {0x900, 0x903, K::mark},        {0x93A, 0x93C, K::mark},
    {0x93E, 0x94F, K::mark},        {0x951, 0x957, K::mark},        {0x962, 0x963, K::mark},
    {0x964, 0x965, K::punctuation}, {0x966, 0x96F, K::digit},       {0x970, 0x970, K::punctuation},
    {0x981, 0x983, K::mark},        {0x9BC, 0x9BC, K::mark},        {0x9BE, 0x9CD, K::mark},
    {0x9D7, 0x9D7, K::mark},        {0x9E6, 0x9EF, K::digit},       {0xA01, 0xA03, K::mark},
    {0xA3C, 0xA51, K::mark},        {0xA66, 0xA6F, K::digit},       {0xA81, 0xA83, K::mark},
    {0xABC, 0xABC, K::mark},        {0xABE, 0xACD, K::mark},        {0xAE6, 0xAEF, K::digit},
    {0xB01, 0xB03, K::mark},        {0xB3C, 0xB3C, K::mark},        {0xB3E, 0xB57, K::mark},
    {0xB66, 0xB6F, K::digit},       {0xBBE, 0xBCD, K::mark},        {0xBE6, 0xBEF, K::digit},
    {0xC00, 0xC04, K::mark},        {0xC3E, 0xC56, K::mark},        {0xC66, 0xC6F, K::digit},
    {0xC81, 0xC83, K::mark},        {0xCBC, 0xCBC, K::mark},        {0xCBE, 0xCD6, K::mark},
    {0xCE6, 0xCEF, K::digit},       {0xD00, 0xD03, K::mark},        {0xD3E, 0xD4D, K::mark},
    {0xD57, 0xD57, K::mark},        {0xD66, 0xD6F, K::digit},       {0xE00, 0xE3E, K::southeast_asian},
    {0xE3F, 0xE3F, K::symbol},      {0xE40, 0xE4E, K::southeast_asian}, {0xE4F, 0xE4F, K::punctuation},
    {0xE50, 0xE59, K::digit},       {0xE5A, 0xE5B, K::punctuation}, {0xE80, 0xECF, K::southeast_asian},
    {0xED0, 0xED9, K::digit},       {0xEDA, 0xEFF, K::southeast_asian}, {0xF20, 0xF29, K::digit},
    {0x1000, 0x103F, K::southeast_asian}, {0x1040, 0x1049, K::digit}, {0x104A, 0x104F, K::punctuation},
    {0x1050, 0x108F, K::southeast_asian}, {0x1090, 0x1099, K::digit}, {0x109A, 0x109F, K::southeast_asian},
    {0x10FB, 0x10FB, K::punctuation}, {0x1100, 0x11FF, K::hangul},  {0x1360, 0x1368, K::punctuation},
    {0x166D, 0x166E, K::punctuation}, {0x1680, 0x1680, K::whitespace}, {0x169B, 0x169C, K::punctuation},
    {0x16EB, 0x16ED, K::punctuation}, {0x1780, 0x17D3, K::southeast_asian}, {0x17D4, 0x17DB, K::punctuation},
    {0x17DC, 0x17DD, K::southeast_asian}, {0x17E0, 0x17E9, K::digit}, {0x1800, 0x180A, K::punctuation},
    {0x180B, 0x180F, K::mark},      {0x1810, 0x1819, K::digit},     {0x1950, 0x19DF, K::southeast_asian},
    {0x19E0, 0x19FF, K::symbol},    {0x1A20, 0x1AAF, K::southeast_asian}, {0x1AB0, 0x1AFF, K::mark},
    {0x1DC0, 0x1DFF, K::mark},      {0x2000, 0x2006, K::whitespace}, {0x2007, 0x2007, K::separator},
    {0x2008, 0x200A, K::whitespace}, {0x200B, 0x200B, K::control},  {0x200C, 0x200D, K::mark},
    {0x200E, 0x200F, K::control},   {0x2010, 0x2027, K::punctuation}, {0x2028, 0x2029, K::whitespace},
    {0x202A, 0x202E, K::control},   {0x202F, 0x202F, K::separator}, {0x2030, 0x205E, K::punctuation},
    {0x205F, 0x205F, K::whitespace}, {0x2060, 0x206F, K::control},  {0x2070, 0x209F, K::symbol},
    {0x20A0, 0x20CF, K::symbol},    {0x20D0, 0x20FF, K::mark},      {0x2100, 0x218F, K::symbol},
    {0x2190, 0x25FF, K::symbol},    {0x2600, 0x27BF, K::emoji},     {0x27C0, 0x2BFF, K::symbol},
    {0x2CF9, 0x2CFF, K::punctuation}, {0x2E00, 0x2E7F, K::punctuation}, {0x2E80, 0x2FDF, K::ideographic},
    {0x2FF0, 0x2FFF, K::symbol},    {0x3000, 0x3000, K::whitespace}, {0x3001, 0x3004, K::punctuation},
    {0x3005, 0x3007, K::ideographic}, {0x3008, 0x3020, K::punctuation}, {0x3021, 0x3029, K::ideographic},
    {0x302A, 0x302F, K::mark},      {0x3030, 0x3030, K::punctuation}, {0x3031, 0x3035, K::katakana},
    {0x3036, 0x3037, K::symbol},    {0x3038, 0x303B, K::ideographic}, {0x303C, 0x303F, K::punctuation},
    {0x3041, 0x3096, K::hiragana},  {0x3099, 0x309A, K::mark},      {0x309B, 0x309C, K::katakana},
    {0x309D, 0x309F, K::hiragana},  {0x30A0, 0x30FA, K::katakana},  {0x30FB, 0x30FB, K::punctuation},
    {0x30FC, 0x30FF, K::katakana},  {0x3131, 0x318E, K::hangul},    {0x3190, 0x31EF, K::symbol},
    {0x31F0, 0x31FF, K::katakana},  {0x3200, 0x33FF, K::symbol},    {0x3400, 0x4DBF, K::ideographic},
    {0x4DC0, 0x4DFF, K::symbol},    {0x4E00, 0x9FFF, K::ideographic}, {0xA960, 0xA97F, K::hangul},
    {0xAA60, 0xAADF, K::southeast_asian}, {0xAC00, 0xD7A3, K::hangul}, {0xD7B0, 0xD7FF, K::hangul},
    {0xD800, 0xF8FF, K::control},   {0xF900, 0xFAFF, K::ideographic}, {0xFD3E, 0xFD3F, K::punctuation},
    {0xFE00, 0xFE0F, K::mark},      {0xFE10, 0xFE1F, K::punctuation}, {0xFE20, 0xFE2F, K::mark},
    {0xFE30, 0xFE6F, K::punctuation}, {0xFEFF, 0xFEFF, K::control}, {0xFF01, 0xFF0F, K::punctuation},
    {0xFF10, 0xFF19, K::digit},     {0xFF1A, 0xFF20, K::punctuation}, {0xFF3B, 0xFF40, K::punctuation},
    {0xFF5B, 0xFF65, K::punctuation}, {0xFF66, 0xFF9D, K::katakana}, {0xFF9E, 0xFF9F, K::mark},
    {0xFFA0, 0xFFDC, K::hangul},    {0xFFE0, 0xFFEE, K::symbol},    {0xFFF0, 0xFFFF, K::control},
    {0x1D000, 0x1D24F, K::symbol},  {0x1F000, 0x1F1E5, K::symbol},  {0x1F1E6, 0x1F1FF, K::emoji},
    {0x1F200, 0x1F2FF, K::symbol},  {0x1F300, 0x1F3FA, K::emoji},   {0x1F3FB, 0x1F3FF, K::mark},
    {0x1F400, 0x1F64F, K::emoji},   {0x1F650, 0x1F67F, K::symbol},  {0x1F680, 0x1F6FF, K::emoji},
    {0x1F700, 0x1F8FF, K::symbol},  {0x1F900, 0x1F9FF, K::emoji},   {0x1FA00, 0x1FA6F, K::symbol},
    {0x1FA70, 0x1FAFF, K::emoji},   {0x1FB00, 0x1FBFF, K::symbol},  {0x20000, 0x3134F, K::ideographic},
    {0xE0000, 0xE007F, K::mark},    {0xE0100, 0xE01EF, K::mark},    {0xF0000, 0x10FFFF, K::control},
};

// ASCII is classified by switch so the common case never searches the table.
CharKind ascii_kind(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return K::letter;
  if (cp >= '0' && cp <= '9') return K::digit;
  if ((cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20)) return K::whitespace;
  if (cp < 0x20 || cp == 0x7F) return K::control;
  switch (cp) {
    case '$': case '+': case '<': case '=': case '>': case '^': case '`': case '|': case '~':
      return K::symbol;
    default:
      return K::punctuation;
  }
}

}  // namespace

CharKind char_kind(char32_t cp) {
  if (cp < 0x80) return ascii_kind(cp);
  const auto* end = std::end(kKindRanges);
  const auto* it = std::upper_bound(std::begin(kKindRanges), end, cp,
                                    [](char32_t c, const KindRange& r) { return c < r.lo; });
  if (it == std::begin(kKindRanges)) return K::letter;
  --it;
  return cp <= it->hi ? it->kind : K::letter;
}

WordBreak word_break(char32_t cp) {
  switch (cp) {
    case 0x3A: case 0xB7: case 0x387: case 0x55F: case 0x5F4: case 0x2027: case 0xFE13:
    case 0xFE55: case 0xFF1A:
      return WordBreak::mid_letter;
    case 0x2E: case 0x2018: case 0x2019: case 0x2024: case 0xFE52: case 0xFF07: case 0xFF0E:
      return WordBreak::mid_num_let;
    case 0x27:
      return WordBreak::single_quote;
    case 0x2C: case 0x3B: case 0x37E: case 0x589: case 0x60C: case 0x60D: case 0x66C: case 0x7F8:
    case 0x2044: case 0xFE10: case 0xFE14: case 0xFE50: case 0xFE54: case 0xFF0C: case 0xFF1B:
      return WordBreak::mid_num;
    case 0x5F: case 0x202F: case 0x203F: case 0x2040: case 0x2054: case 0xFE33: case 0xFE34:
    case 0xFE4D: case 0xFE4E: case 0xFE4F: case 0xFF3F:
      return WordBreak::extend_num_let;
    case 0x200B:  // zero-width space separates words
      return WordBreak::other;
    default:
      break;
  }
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return WordBreak::regional_indicator;
  switch (char_kind(cp)) {
    case K::letter: return WordBreak::aletter;
    case K::digit: return WordBreak::numeric;
    case K::mark: return WordBreak::extend;
    case K::katakana: return WordBreak::katakana;
    case K::hiragana: return WordBreak::hiragana;
    case K::ideographic: return WordBreak::ideographic;
    case K::hangul: return WordBreak::hangul;
    case K::southeast_asian: return WordBreak::southeast_asian;
    case K::emoji: return WordBreak::emoji;
    case K::control:
      // Format characters (soft hyphen is punctuation here) stay inside words per WB4.
      return (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                     (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF
                 ? WordBreak::extend
                 : WordBreak::other;
    default: return WordBreak::other;
  }
}

bool char_tables_are_consistent() {
  for (size_t i = 0; i < std::size(kKindRanges); ++i) {
    if (kKindRanges[i].lo > kKindRanges[i].hi) return false;
    if (i > 0 && kKindRanges[i - 1].hi >= kKindRanges[i].lo) return false;
  }
  return true;
}

}  // namespace pharos::analysis
