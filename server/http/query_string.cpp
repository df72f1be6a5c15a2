#include "server/http/query_string.h"

#include "server/http/percent_decoding.h"

namespace pharos::http {

SplitTarget split_target(std::string_view target) {
  // A fragment never belongs on the wire, but a sloppy client may send one: drop it.
  size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  size_t question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

void parse_query_string(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string name = percent_decode(piece.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : percent_decode(piece.substr(eq + 1));
    if (name.empty()) continue;
    out.insert_or_assign(std::move(name), std::move(value));
  }
}

}  // namespace pharos::http
