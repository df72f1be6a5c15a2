// Stemming through libstemmer (Snowball). One stemmer object per concurrent caller: Snowball
// stemmers keep state, so a small mutex-guarded pool hands them out.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "index/analysis/token_stream.h"
#include "index/base/status.h"

struct sb_stemmer;

namespace pharos::analysis {

class StemmerFilter final : public TokenFilter {
 public:
  // `algorithm` is a libstemmer name ("porter", "english", "german", ...).
  static Result<std::shared_ptr<const StemmerFilter>> create(const std::string& algorithm);
  ~StemmerFilter() override;
  void apply(TokenList& tokens) const override;

  // Maps an OpenSearch `stemmer` language (english, light_english, porter2, german, ...) or
  // a `snowball` language (English, Porter, German2, ...) to a libstemmer algorithm name.
  static Result<std::string> algorithm_for_stemmer_language(std::string_view language);
  static Result<std::string> algorithm_for_snowball_language(std::string_view language);

 private:
  explicit StemmerFilter(std::string algorithm) : algorithm_(std::move(algorithm)) {}
  sb_stemmer* acquire() const;
  void release(sb_stemmer* stemmer) const;

  std::string algorithm_;
  mutable std::mutex mutex_;
  mutable std::vector<sb_stemmer*> pool_;
};

}  // namespace pharos::analysis
