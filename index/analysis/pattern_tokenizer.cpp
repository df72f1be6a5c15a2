#include "index/analysis/pattern_tokenizer.h"

#include <re2/re2.h>

#include <vector>

#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

void emit(std::string_view text, size_t start, size_t end, TokenList& out) {
  if (end <= start) return;
  StreamToken token;
  token.term.assign(text.substr(start, end - start));
  token.start_offset = static_cast<uint32_t>(start);
  token.end_offset = static_cast<uint32_t>(end);
  out.push_back(std::move(token));
}

}  // namespace

void PatternTokenizer::tokenize(std::string_view text, TokenList& out) const {
  const int groups = group_ < 0 ? 1 : group_ + 1;
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups));
  const re2::StringPiece input(text.data(), text.size());
  size_t search = 0;  // where the next match may start
  size_t token_start = 0;
  while (search <= text.size() &&
         regex_->Match(input, search, text.size(), re2::RE2::UNANCHORED, match.data(), groups)) {
    const size_t m_start = static_cast<size_t>(match[0].data() - text.data());
    const size_t m_end = m_start + match[0].size();
    if (group_ >= 0) {
      const auto& g = match[static_cast<size_t>(group_)];
      if (g.data() != nullptr) {
        const size_t g_start = static_cast<size_t>(g.data() - text.data());
        emit(text, g_start, g_start + g.size(), out);
      }
    } else {
      emit(text, token_start, m_start, out);
      token_start = m_end;
    }
    // An empty match must still make progress: step over one character.
    if (m_end == m_start) {
      if (m_end >= text.size()) break;
      search = m_end + decode_utf8(text, m_end).length;
    } else {
      search = m_end;
    }
  }
  if (group_ < 0) emit(text, token_start, text.size(), out);
}

}  // namespace pharos::analysis
