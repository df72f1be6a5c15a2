#include "index/analysis/char_run_tokenizer.h"

#include "index/analysis/case_mapping.h"
#include "index/analysis/char_class.h"
#include "index/analysis/utf8.h"

namespace pharos::analysis {

CharRunTokenizer CharRunTokenizer::whitespace(uint32_t max_token_length) {
  return CharRunTokenizer([](char32_t cp, bool) { return !is_whitespace(cp); }, false, max_token_length);
}

CharRunTokenizer CharRunTokenizer::letter(bool lowercase) {
  // Combining marks continue a letter run so decomposed accents do not split words.
  return CharRunTokenizer(
      [](char32_t cp, bool inside) {
        const CharKind k = char_kind(cp);
        return is_letter_kind(k) || (inside && k == CharKind::mark);
      },
      lowercase);
}

void CharRunTokenizer::tokenize(std::string_view text, TokenList& out) const {
  StreamToken current;
  uint32_t length = 0;  // code points in `current`
  bool inside = false;
  auto flush = [&]() {
    if (inside) out.push_back(std::move(current));
    current = StreamToken{};
    inside = false;
    length = 0;
  };
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar d = decode_utf8(text, pos);
    const bool token_char = is_token_char_(d.cp, inside);
    if (!token_char) {
      flush();
    } else {
      if (length == max_token_length_) flush();
      if (!inside) {
        inside = true;
        current.start_offset = static_cast<uint32_t>(pos);
      }
      if (lowercase_) {
        append_utf8(current.term, to_lower(d.cp));
      } else {
        current.term.append(text.substr(pos, d.length));
      }
      current.end_offset = static_cast<uint32_t>(pos + d.length);
      ++length;
    }
    pos += d.length;
  }
  flush();
}

void KeywordTokenizer::tokenize(std::string_view text, TokenList& out) const {
  if (text.empty()) return;
  StreamToken token;
  token.term.assign(text);
  token.start_offset = 0;
  token.end_offset = static_cast<uint32_t>(text.size());
  out.push_back(std::move(token));
}

}  // namespace pharos::analysis
