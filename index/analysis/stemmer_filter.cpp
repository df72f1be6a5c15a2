#include "index/analysis/stemmer_filter.h"

#include <libstemmer.h>

#include <algorithm>
#include <cctype>

namespace pharos::analysis {

Result<std::shared_ptr<const StemmerFilter>> StemmerFilter::create(const std::string& algorithm) {
  sb_stemmer* probe = sb_stemmer_new(algorithm.c_str(), "UTF_8");
  if (probe == nullptr) {
    return Status(ErrorKind::invalid_argument, "Unknown stemmer language [" + algorithm + "]");
  }
  std::shared_ptr<StemmerFilter> filter(new StemmerFilter(algorithm));
  filter->pool_.push_back(probe);
  return std::shared_ptr<const StemmerFilter>(std::move(filter));
}

StemmerFilter::~StemmerFilter() {
  for (sb_stemmer* s : pool_) sb_stemmer_delete(s);
}

sb_stemmer* StemmerFilter::acquire() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pool_.empty()) {
      sb_stemmer* s = pool_.back();
      pool_.pop_back();
      return s;
    }
  }
  return sb_stemmer_new(algorithm_.c_str(), "UTF_8");
}

void StemmerFilter::release(sb_stemmer* stemmer) const {
  std::lock_guard<std::mutex> lock(mutex_);
  pool_.push_back(stemmer);
}

void StemmerFilter::apply(TokenList& tokens) const {
  if (tokens.empty()) return;
  sb_stemmer* stemmer = acquire();
  if (stemmer == nullptr) return;  // out of memory: leave terms unstemmed rather than fail
  for (auto& token : tokens) {
    if (token.term.empty()) continue;
    const sb_symbol* stemmed = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(token.term.data()),
                                               static_cast<int>(token.term.size()));
    if (stemmed == nullptr) continue;
    token.term.assign(reinterpret_cast<const char*>(stemmed), static_cast<size_t>(sb_stemmer_length(stemmer)));
  }
  release(stemmer);
}

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool libstemmer_has(const std::string& name) {
  for (const char** list = sb_stemmer_list(); *list != nullptr; ++list) {
    if (name == *list) return true;
  }
  return false;
}

}  // namespace

Result<std::string> StemmerFilter::algorithm_for_stemmer_language(std::string_view language) {
  const std::string lang = lower_ascii(language);
  // English variants: Lucene's "english"/"porter" is the original Porter stemmer; the light
  // and minimal variants (KStem, EnglishMinimalStemmer) have no Snowball port, so they fall
  // back to Porter (documented in README.md).
  if (lang == "english" || lang == "porter" || lang == "light_english" || lang == "kstem" ||
      lang == "minimal_english") {
    return std::string("porter");
  }
  if (lang == "porter2") return std::string("english");
  std::string base = lang;
  for (const char* prefix : {"light_", "minimal_"}) {
    if (base.rfind(prefix, 0) == 0) base = base.substr(std::char_traits<char>::length(prefix));
  }
  if (base == "german2") base = "german";
  if (base == "dutch_kp" || base == "kp") base = "dutch";
  if (base == "brazilian") base = "portuguese";
  if (!base.empty() && libstemmer_has(base)) return base;
  return Status(ErrorKind::invalid_argument, "Unknown stemmer language [" + std::string(language) + "]");
}

Result<std::string> StemmerFilter::algorithm_for_snowball_language(std::string_view language) {
  std::string lang = lower_ascii(language);
  if (lang == "german2") lang = "german";
  if (lang == "kp") lang = "dutch";
  if (libstemmer_has(lang)) return lang;
  return Status(ErrorKind::invalid_argument, "Unknown snowball language [" + std::string(language) + "]");
}

}  // namespace pharos::analysis
