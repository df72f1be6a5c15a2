#include "index/analysis/case_mapping.h"

#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

// Blocks where upper and lower case alternate: upper at even (or odd) code points.
bool in_alternating_block(char32_t cp, bool& upper_is_even) {
  struct Block {
    char32_t lo, hi;
    bool upper_even;
  };
  static constexpr Block kBlocks[] = {
      {0x100, 0x12F, true},   {0x132, 0x137, true},   {0x139, 0x148, false},  {0x14A, 0x177, true},
      {0x179, 0x17E, false},  {0x182, 0x185, true},   {0x1A0, 0x1A5, true},   {0x1CD, 0x1DC, false},
      {0x1DE, 0x1EF, true},   {0x1F8, 0x21F, true},   {0x222, 0x233, true},   {0x246, 0x24F, true},
      {0x370, 0x373, true},   {0x3D8, 0x3EF, true},   {0x460, 0x481, true},   {0x48A, 0x4BF, true},
      {0x4C1, 0x4CE, false},  {0x4D0, 0x52F, true},   {0x1E00, 0x1E95, true}, {0x1EA0, 0x1EFF, true},
  };
  for (const auto& b : kBlocks) {
    if (cp >= b.lo && cp <= b.hi) {
      upper_is_even = b.upper_even;
      return true;
    }
  }
  return false;
}

}  // namespace

char32_t to_lower(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp < 0x100) return cp;
  bool upper_even = false;
  if (in_alternating_block(cp, upper_even)) {
    const bool is_upper = ((cp % 2) == 0) == upper_even;
    return is_upper ? cp + 1 : cp;
  }
  switch (cp) {
    case 0x130: return 'i';
    case 0x178: return 0xFF;
    case 0x1C4: case 0x1C5: return 0x1C6;
    case 0x1C7: case 0x1C8: return 0x1C9;
    case 0x1CA: case 0x1CB: return 0x1CC;
    case 0x1F1: case 0x1F2: return 0x1F3;
    case 0x386: return 0x3AC;
    case 0x38C: return 0x3CC;
    case 0x38E: return 0x3CD;
    case 0x38F: return 0x3CE;
    case 0x1E9E: return 0xDF;
    default: break;
  }
  if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp == 0x4C0) return 0x4CF;
  if (cp >= 0x531 && cp <= 0x556) return cp + 0x30;
  if (cp >= 0x2160 && cp <= 0x216F) return cp + 0x10;
  if (cp >= 0x24B6 && cp <= 0x24CF) return cp + 0x1A;
  if (cp >= 0xFF21 && cp <= 0xFF3A) return cp + 0x20;
  return cp;
}

char32_t to_upper(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 0x20 : cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xB5) return 0x39C;
  if (cp == 0xFF) return 0x178;
  if (cp < 0x100) return cp;
  bool upper_even = false;
  if (in_alternating_block(cp, upper_even)) {
    const bool is_upper = ((cp % 2) == 0) == upper_even;
    return is_upper ? cp : cp - 1;
  }
  switch (cp) {
    case 0x131: return 'I';
    case 0x17F: return 'S';
    case 0x1C5: case 0x1C6: return 0x1C4;
    case 0x1C8: case 0x1C9: return 0x1C7;
    case 0x1CB: case 0x1CC: return 0x1CA;
    case 0x1F2: case 0x1F3: return 0x1F1;
    case 0x3AC: return 0x386;
    case 0x3C2: return 0x3A3;
    case 0x3CC: return 0x38C;
    case 0x3CD: return 0x38E;
    case 0x3CE: return 0x38F;
    case 0x4CF: return 0x4C0;
    default: break;
  }
  if (cp >= 0x3AD && cp <= 0x3AF) return cp - 0x25;
  if (cp >= 0x3B1 && cp <= 0x3CB) return cp - 0x20;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  if (cp >= 0x561 && cp <= 0x586) return cp - 0x30;
  if (cp >= 0x2170 && cp <= 0x217F) return cp - 0x10;
  if (cp >= 0x24D0 && cp <= 0x24E9) return cp - 0x1A;
  if (cp >= 0xFF41 && cp <= 0xFF5A) return cp - 0x20;
  return cp;
}

namespace {

template <typename Map>
void map_utf8(std::string_view in, std::string& out, Map map) {
  out.clear();
  out.reserve(in.size());
  for (size_t pos = 0; pos < in.size();) {
    const unsigned char b = static_cast<unsigned char>(in[pos]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(map(b)));
      ++pos;
      continue;
    }
    const DecodedChar d = decode_utf8(in, pos);
    append_utf8(out, map(d.cp));
    pos += d.length;
  }
}

}  // namespace

void lowercase_utf8(std::string_view in, std::string& out) { map_utf8(in, out, to_lower); }
void uppercase_utf8(std::string_view in, std::string& out) { map_utf8(in, out, to_upper); }

}  // namespace pharos::analysis
