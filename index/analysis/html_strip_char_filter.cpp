#include "index/analysis/html_strip_char_filter.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

struct Entity {
  const char* name;
  char32_t cp;
};

// HTML 4 named entities (+ &apos;), sorted by name.
constexpr Entity kEntities[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0}, {"Alpha", 0x391}, {"Aring", 0xC5},
    {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Beta", 0x392}, {"Ccedil", 0xC7}, {"Chi", 0x3A7}, {"Dagger", 0x2021},
    {"Delta", 0x394}, {"ETH", 0xD0}, {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Egrave", 0xC8}, {"Epsilon", 0x395},
    {"Eta", 0x397}, {"Euml", 0xCB}, {"Gamma", 0x393}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Igrave", 0xCC},
    {"Iota", 0x399}, {"Iuml", 0xCF}, {"Kappa", 0x39A}, {"Lambda", 0x39B}, {"Mu", 0x39C}, {"Ntilde", 0xD1},
    {"Nu", 0x39D}, {"OElig", 0x152}, {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Omega", 0x3A9},
    {"Omicron", 0x39F}, {"Oslash", 0xD8}, {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"Phi", 0x3A6}, {"Pi", 0x3A0},
    {"Prime", 0x2033}, {"Psi", 0x3A8}, {"Rho", 0x3A1}, {"Scaron", 0x160}, {"Sigma", 0x3A3}, {"THORN", 0xDE},
    {"Tau", 0x3A4}, {"Theta", 0x398}, {"Uacute", 0xDA}, {"Ucirc", 0xDB}, {"Ugrave", 0xD9}, {"Upsilon", 0x3A5},
    {"Uuml", 0xDC}, {"Xi", 0x39E}, {"Yacute", 0xDD}, {"Yuml", 0x178}, {"Zeta", 0x396}, {"aacute", 0xE1},
    {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6}, {"agrave", 0xE0}, {"alefsym", 0x2135}, {"alpha", 0x3B1},
    {"amp", 0x26}, {"and", 0x2227}, {"ang", 0x2220}, {"apos", 0x27}, {"aring", 0xE5}, {"asymp", 0x2248},
    {"atilde", 0xE3}, {"auml", 0xE4}, {"bdquo", 0x201E}, {"beta", 0x3B2}, {"brvbar", 0xA6}, {"bull", 0x2022},
    {"cap", 0x2229}, {"ccedil", 0xE7}, {"cedil", 0xB8}, {"cent", 0xA2}, {"chi", 0x3C7}, {"circ", 0x2C6},
    {"clubs", 0x2663}, {"cong", 0x2245}, {"copy", 0xA9}, {"crarr", 0x21B5}, {"cup", 0x222A}, {"curren", 0xA4},
    {"dArr", 0x21D3}, {"dagger", 0x2020}, {"darr", 0x2193}, {"deg", 0xB0}, {"delta", 0x3B4}, {"diams", 0x2666},
    {"divide", 0xF7}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8}, {"empty", 0x2205}, {"emsp", 0x2003},
    {"ensp", 0x2002}, {"epsilon", 0x3B5}, {"equiv", 0x2261}, {"eta", 0x3B7}, {"eth", 0xF0}, {"euml", 0xEB},
    {"euro", 0x20AC}, {"exist", 0x2203}, {"fnof", 0x192}, {"forall", 0x2200}, {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"frasl", 0x2044}, {"gamma", 0x3B3}, {"ge", 0x2265}, {"gt", 0x3E}, {"hArr", 0x21D4},
    {"harr", 0x2194}, {"hearts", 0x2665}, {"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iexcl", 0xA1},
    {"igrave", 0xEC}, {"image", 0x2111}, {"infin", 0x221E}, {"int", 0x222B}, {"iota", 0x3B9}, {"iquest", 0xBF},
    {"isin", 0x2208}, {"iuml", 0xEF}, {"kappa", 0x3BA}, {"lArr", 0x21D0}, {"lambda", 0x3BB}, {"lang", 0x2329},
    {"laquo", 0xAB}, {"larr", 0x2190}, {"lceil", 0x2308}, {"ldquo", 0x201C}, {"le", 0x2264}, {"lfloor", 0x230A},
    {"lowast", 0x2217}, {"loz", 0x25CA}, {"lrm", 0x200E}, {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", 0x3C},
    {"macr", 0xAF}, {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7}, {"minus", 0x2212}, {"mu", 0x3BC},
    {"nabla", 0x2207}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"ne", 0x2260}, {"ni", 0x220B}, {"not", 0xAC},
    {"notin", 0x2209}, {"nsub", 0x2284}, {"ntilde", 0xF1}, {"nu", 0x3BD}, {"oacute", 0xF3}, {"ocirc", 0xF4},
    {"oelig", 0x153}, {"ograve", 0xF2}, {"oline", 0x203E}, {"omega", 0x3C9}, {"omicron", 0x3BF},
    {"oplus", 0x2295}, {"or", 0x2228}, {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8}, {"otilde", 0xF5},
    {"otimes", 0x2297}, {"ouml", 0xF6}, {"para", 0xB6}, {"part", 0x2202}, {"permil", 0x2030}, {"perp", 0x22A5},
    {"phi", 0x3C6}, {"pi", 0x3C0}, {"piv", 0x3D6}, {"plusmn", 0xB1}, {"pound", 0xA3}, {"prime", 0x2032},
    {"prod", 0x220F}, {"prop", 0x221D}, {"psi", 0x3C8}, {"quot", 0x22}, {"rArr", 0x21D2}, {"radic", 0x221A},
    {"rang", 0x232A}, {"raquo", 0xBB}, {"rarr", 0x2192}, {"rceil", 0x2309}, {"rdquo", 0x201D}, {"real", 0x211C},
    {"reg", 0xAE}, {"rfloor", 0x230B}, {"rho", 0x3C1}, {"rlm", 0x200F}, {"rsaquo", 0x203A}, {"rsquo", 0x2019},
    {"sbquo", 0x201A}, {"scaron", 0x161}, {"sdot", 0x22C5}, {"sect", 0xA7}, {"shy", 0xAD}, {"sigma", 0x3C3},
    {"sigmaf", 0x3C2}, {"sim", 0x223C}, {"spades", 0x2660}, {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211},
    {"sup", 0x2283}, {"sup1", 0xB9}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"supe", 0x2287}, {"szlig", 0xDF},
    {"tau", 0x3C4}, {"there4", 0x2234}, {"theta", 0x3B8}, {"thetasym", 0x3D1}, {"thinsp", 0x2009},
    {"thorn", 0xFE}, {"tilde", 0x2DC}, {"times", 0xD7}, {"trade", 0x2122}, {"uArr", 0x21D1}, {"uacute", 0xFA},
    {"uarr", 0x2191}, {"ucirc", 0xFB}, {"ugrave", 0xF9}, {"uml", 0xA8}, {"upsih", 0x3D2}, {"upsilon", 0x3C5},
    {"uuml", 0xFC}, {"weierp", 0x2118}, {"xi", 0x3BE}, {"yacute", 0xFD}, {"yen", 0xA5}, {"yuml", 0xFF},
    {"zeta", 0x3B6}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};

const char* const kBlockTags[] = {"address", "article", "aside", "blockquote", "body", "br", "caption", "center",
                                  "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
                                  "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "legend",
                                  "li", "main", "nav", "noscript", "ol", "option", "p", "pre", "section", "table",
                                  "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"};

bool is_block_tag(const std::string& name) {
  return std::any_of(std::begin(kBlockTags), std::end(kBlockTags), [&](const char* t) { return name == t; });
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Finds the '>' that closes a tag starting at `pos`, skipping quoted attribute values.
size_t find_tag_end(std::string_view in, size_t pos) {
  char quote = 0;
  for (size_t i = pos; i < in.size(); ++i) {
    const char c = in[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    } else if (c == '<') {
      return 0;  // a new tag starts before this one closed: not markup
    }
  }
  return 0;
}

// Case-insensitive search for `needle` (lowercase) from `pos`.
size_t find_ci(std::string_view in, std::string_view needle, size_t pos) {
  for (size_t i = pos; i + needle.size() <= in.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && lower(in[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

size_t HtmlStripCharFilter::handle_entity(std::string_view in, size_t pos, FilteredText& out) {
  const size_t semi = in.find(';', pos + 1);
  if (semi == std::string_view::npos || semi - pos > 12 || semi == pos + 1) return 0;
  const std::string_view body = in.substr(pos + 1, semi - pos - 1);
  char32_t cp = 0;
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const size_t digits_at = hex ? 2 : 1;
    if (body.size() <= digits_at) return 0;
    for (size_t i = digits_at; i < body.size(); ++i) {
      const char c = body[i];
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
  } else {
    const std::string name(body);
    const auto* it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                                      [](const Entity& e, const std::string& n) { return std::strcmp(e.name, n.c_str()) < 0; });
    if (it == std::end(kEntities) || name != it->name) return 0;
    cp = it->cp;
  }
  std::string decoded;
  append_utf8(decoded, cp);
  out.append_replacement(decoded, static_cast<uint32_t>(pos), static_cast<uint32_t>(semi + 1));
  return semi + 1;
}

size_t HtmlStripCharFilter::handle_tag(std::string_view in, size_t pos, FilteredText& out) const {
  const auto here = static_cast<uint32_t>(pos);
  if (in.compare(pos, 4, "<!--") == 0) {
    const size_t close = in.find("-->", pos + 4);
    return close == std::string_view::npos ? in.size() : close + 3;  // unterminated comment runs to the end
  }
  size_t i = pos + 1;
  const bool closing = i < in.size() && in[i] == '/';
  if (closing) ++i;
  if (i < in.size() && (in[i] == '!' || in[i] == '?') && !closing) return find_tag_end(in, i);
  if (i >= in.size() || !is_ascii_alpha(in[i])) return 0;
  std::string name;
  while (i < in.size() && (is_ascii_alnum(in[i]) || in[i] == '-' || in[i] == ':')) name.push_back(lower(in[i++]));
  const size_t end = find_tag_end(in, i);
  if (end == 0) return 0;
  if (escaped_tags_.count(name) > 0) {
    out.append_copy(in.substr(pos, end - pos), here);
    return end;
  }
  if (!closing && (name == "script" || name == "style")) {
    const size_t close = find_ci(in, name == "script" ? "</script" : "</style", end);
    if (close == std::string_view::npos) return in.size();
    const size_t close_end = find_tag_end(in, close + 2);
    return close_end == 0 ? in.size() : close_end;
  }
  if (is_block_tag(name)) out.append_replacement("\n", here, static_cast<uint32_t>(end));
  return end;
}

void HtmlStripCharFilter::filter(std::string_view in, FilteredText& out) const {
  out.clear();
  out.text.reserve(in.size());
  size_t copy_from = 0;
  size_t pos = 0;
  auto flush_copy = [&](size_t upto) {
    if (upto > copy_from) out.append_copy(in.substr(copy_from, upto - copy_from), static_cast<uint32_t>(copy_from));
  };
  while (pos < in.size()) {
    const char c = in[pos];
    if (c != '<' && c != '&') {
      ++pos;
      continue;
    }
    flush_copy(pos);
    const size_t end = c == '<' ? handle_tag(in, pos, out) : handle_entity(in, pos, out);
    if (end == 0) {
      copy_from = pos;  // not markup: keep the character as text
      ++pos;
    } else {
      pos = end;
      copy_from = end;
    }
  }
  flush_copy(in.size());
  out.finish(static_cast<uint32_t>(in.size()));
}

}  // namespace pharos::analysis
