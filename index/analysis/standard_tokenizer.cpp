#include "index/analysis/standard_tokenizer.h"

#include "index/analysis/char_class.h"
#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

using WB = WordBreak;

struct Cp {
  char32_t cp;
  uint32_t start;
  uint32_t end;
  WB wb;
};

bool is_ahletter(WB w) { return w == WB::aletter || w == WB::hangul; }

// WB5, WB8-WB10, WB13, WB13a, WB13b: pairs that never break.
bool joins(WB prev, WB next) {
  const bool prev_word = is_ahletter(prev) || prev == WB::numeric;
  const bool next_word = is_ahletter(next) || next == WB::numeric;
  if (prev_word && next_word) return true;
  if (prev == WB::katakana && next == WB::katakana) return true;
  if (next == WB::extend_num_let)
    return prev_word || prev == WB::katakana || prev == WB::extend_num_let;
  if (prev == WB::extend_num_let) return next_word || next == WB::katakana;
  return false;
}

// WB6/7 and WB11/12: a single "mid" char joins two letters (or two numbers).
bool mid_joins(WB prev, WB mid, WB next) {
  const bool letter_mid = mid == WB::mid_letter || mid == WB::mid_num_let || mid == WB::single_quote;
  const bool num_mid = mid == WB::mid_num || mid == WB::mid_num_let || mid == WB::single_quote;
  if (letter_mid && is_ahletter(prev) && is_ahletter(next)) return true;
  return num_mid && prev == WB::numeric && next == WB::numeric;
}

class Segmenter {
 public:
  Segmenter(std::string_view text, uint32_t max_len, TokenList& out)
      : text_(text), max_len_(max_len), out_(out) {}

  void run() {
    decode_all();
    size_t i = 0;
    while (i < cps_.size()) i = segment_at(i);
  }

 private:
  void decode_all() {
    cps_.reserve(text_.size());
    for (size_t pos = 0; pos < text_.size();) {
      const DecodedChar d = decode_utf8(text_, pos);
      cps_.push_back({d.cp, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + d.length), word_break(d.cp)});
      pos += d.length;
    }
  }

  // Skips Extend/Format chars after index i (WB4); returns the next non-extend index.
  size_t skip_extend(size_t i) const {
    while (i < cps_.size() && cps_[i].wb == WB::extend) ++i;
    return i;
  }

  size_t segment_at(size_t i) {
    const WB w = cps_[i].wb;
    switch (w) {
      case WB::ideographic: return emit_range(i, skip_extend(i + 1), "<IDEOGRAPHIC>");
      case WB::hiragana: return emit_range(i, skip_extend(i + 1), "<HIRAGANA>");
      case WB::southeast_asian: {
        size_t j = i + 1;
        while (j < cps_.size() && (cps_[j].wb == WB::southeast_asian || cps_[j].wb == WB::extend)) ++j;
        return emit_range(i, j, "<SOUTHEAST_ASIAN>");
      }
      case WB::emoji: return emit_emoji(i);
      case WB::regional_indicator: {
        size_t j = i + 1;
        if (j < cps_.size() && cps_[j].wb == WB::regional_indicator) ++j;
        return emit_range(i, skip_extend(j), "<EMOJI>");
      }
      case WB::aletter: case WB::hangul: case WB::numeric: case WB::katakana: case WB::extend_num_let:
        return emit_word(i);
      default: return i + 1;
    }
  }

  size_t emit_emoji(size_t i) {
    size_t j = skip_extend(i + 1);
    // ZWJ sequences (family, profession emoji) stay one token.
    while (j < cps_.size() && cps_[j - 1].cp == 0x200D && cps_[j].wb == WB::emoji) j = skip_extend(j + 1);
    return emit_range(i, j, "<EMOJI>");
  }

  size_t emit_word(size_t i) {
    size_t j = skip_extend(i + 1);
    WB prev = cps_[i].wb;
    bool has_letter = is_ahletter(prev), has_digit = prev == WB::numeric;
    bool has_hangul = prev == WB::hangul, has_katakana = prev == WB::katakana;
    while (j < cps_.size()) {
      const WB next = cps_[j].wb;
      if (joins(prev, next)) {
        prev = next;
        j = skip_extend(j + 1);
      } else {
        const size_t after_mid = skip_extend(j + 1);
        if (after_mid >= cps_.size() || !mid_joins(prev, next, cps_[after_mid].wb)) break;
        prev = cps_[after_mid].wb;
        j = skip_extend(after_mid + 1);
      }
      has_letter |= is_ahletter(prev);
      has_digit |= prev == WB::numeric;
      has_hangul |= prev == WB::hangul;
      has_katakana |= prev == WB::katakana;
    }
    if (!has_letter && !has_digit && !has_katakana) return j;  // underscores alone are no word
    const char* type = has_hangul ? "<HANGUL>"
                       : has_letter ? "<ALPHANUM>"
                       : has_katakana ? "<KATAKANA>"
                                      : "<NUM>";
    return emit_range(i, j, type);
  }

  // Emits cps_[i, j) as one token, split into max_len_ code point chunks.
  size_t emit_range(size_t i, size_t j, const char* type) {
    for (size_t chunk = i; chunk < j; chunk += max_len_) {
      const size_t chunk_end = std::min(j, chunk + max_len_);
      StreamToken token;
      token.start_offset = cps_[chunk].start;
      token.end_offset = cps_[chunk_end - 1].end;
      token.term.assign(text_.substr(token.start_offset, token.end_offset - token.start_offset));
      token.type = type;
      out_.push_back(std::move(token));
    }
    return j;
  }

  std::string_view text_;
  size_t max_len_;
  TokenList& out_;
  std::vector<Cp> cps_;
};

}  // namespace

void StandardTokenizer::tokenize(std::string_view text, TokenList& out) const {
  Segmenter(text, max_token_length_, out).run();
}

}  // namespace pharos::analysis
