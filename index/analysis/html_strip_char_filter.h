// html_strip: removes HTML tags, comments and <script>/<style> bodies, decodes character
// entities, and turns block-level tags (<p>, <br>, <div>, ...) into "\n" so words on either
// side stay apart (Lucene HTMLStripCharFilter). Malformed markup is kept as text.
#pragma once

#include <set>
#include <string>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

class HtmlStripCharFilter final : public CharFilter {
 public:
  // Tags named in `escaped_tags` (lowercase) are left in the text.
  explicit HtmlStripCharFilter(std::set<std::string> escaped_tags) : escaped_tags_(std::move(escaped_tags)) {}
  void filter(std::string_view input, FilteredText& out) const override;

 private:
  // Each returns the end of the construct at `pos`, or 0 when it is not well-formed there.
  size_t handle_tag(std::string_view in, size_t pos, FilteredText& out) const;
  static size_t handle_entity(std::string_view in, size_t pos, FilteredText& out);

  std::set<std::string> escaped_tags_;
};

}  // namespace pharos::analysis
