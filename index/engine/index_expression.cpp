#include "index/engine/index_expression.h"

#include <algorithm>
#include <map>
#include <utility>

#include "index/mapping/index_pattern.h"

namespace pharos::engine {
namespace {

std::vector<std::string_view> split_commas(std::string_view expression) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t comma = expression.find(',', start);
    parts.push_back(
        expression.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parts;
}

Status no_such_index(std::string_view name) {
  Status status(ErrorKind::index_not_found, "no such index [" + std::string(name) + "]");
  status.with_index(std::string(name));
  return status;
}

bool state_selected(IndexState state, const IndicesOptions& options) {
  return state == IndexState::open ? options.expand_open : options.expand_closed;
}

// A concrete index named directly (or through an alias named directly). OpenSearch fails on a
// closed one instead of silently dropping it, so a search on a closed index says so.
Status check_named_index(const IndexEntry& entry, const IndicesOptions& options, bool* include) {
  *include = false;
  if (entry.state == IndexState::open || options.expand_closed) {
    *include = true;
    return Status::ok();
  }
  if (options.ignore_unavailable) return Status::ok();
  if (entry.state == IndexState::failed) {
    Status status(ErrorKind::corrupt, "index [" + entry.name + "] could not be opened: " + entry.failure);
    status.with_index(entry.name);
    return status;
  }
  Status status(ErrorKind::index_closed, "closed");
  status.with_index(entry.name);
  return status;
}

// Every index a wildcard selects, by name or through a matching alias, filtered by state.
// `raw_match` reports whether anything matched before the state filter (OpenSearch's
// allow_no_indices check looks at that).
std::vector<std::string> expand_wildcard(const CatalogState& state, std::string_view pattern,
                                         const ResolveRules& rules, bool* raw_match) {
  std::vector<std::string> out;
  *raw_match = false;
  for (const auto& [name, entry] : state.indexes) {
    if (!wildcard_match(pattern, name)) continue;
    *raw_match = true;
    if (state_selected(entry.state, rules.options)) out.push_back(name);
  }
  if (rules.ignore_aliases) return out;
  for (const auto& [alias, members] : state.aliases) {
    if (!wildcard_match(pattern, alias)) continue;
    *raw_match = true;
    for (const auto& [index, info] : members) {
      auto it = state.indexes.find(index);
      if (it != state.indexes.end() && state_selected(it->second.state, rules.options)) out.push_back(index);
    }
  }
  return out;
}

Result<std::vector<std::string>> resolve_all(const CatalogState& state, std::string_view expression,
                                             const IndicesOptions& options) {
  std::vector<std::string> out;
  for (const auto& [name, entry] : state.indexes) {
    if (state_selected(entry.state, options)) out.push_back(name);
  }
  if (out.empty() && !options.allow_no_indices)
    return no_such_index(expression.empty() ? "_all" : expression);
  return out;
}

}  // namespace

bool has_wildcard(std::string_view pattern) { return pattern.find('*') != std::string_view::npos; }

bool wildcard_match(std::string_view pattern, std::string_view text) {
  return mapping::simple_wildcard_match(pattern, text);
}

bool wildcard_patterns_overlap(std::string_view a, std::string_view b) {
  // Search over (position in a, position in b): a common string is built one character at a
  // time; a '*' either ends or absorbs the character the other side consumes.
  const size_t width = b.size() + 1;
  std::vector<char> seen((a.size() + 1) * width, 0);
  std::vector<std::pair<size_t, size_t>> stack{{0, 0}};
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (seen[i * width + j]) continue;
    seen[i * width + j] = 1;
    if (i == a.size() && j == b.size()) return true;
    bool a_star = i < a.size() && a[i] == '*';
    bool b_star = j < b.size() && b[j] == '*';
    if (a_star) stack.emplace_back(i + 1, j);
    if (b_star) stack.emplace_back(i, j + 1);
    if (a_star && j < b.size() && !b_star) stack.emplace_back(i, j + 1);
    if (b_star && i < a.size() && !a_star) stack.emplace_back(i + 1, j);
    if (!a_star && !b_star && i < a.size() && j < b.size() && a[i] == b[j]) stack.emplace_back(i + 1, j + 1);
  }
  return false;
}

Result<std::vector<std::string>> resolve_index_expression(const CatalogState& state,
                                                          std::string_view expression,
                                                          const ResolveRules& rules) {
  const IndicesOptions& options = rules.options;
  if (expression.empty() || expression == "_all") return resolve_all(state, expression, options);

  // name → named directly (true) or produced by a wildcard (false, already a filtered index).
  std::map<std::string, bool, std::less<>> names;
  bool wildcard_seen = false;
  for (std::string_view part : split_commas(expression)) {
    if (part.empty()) return no_such_index(part);
    if (part[0] == '_') {
      Status status(ErrorKind::invalid_index_name,
                    "Invalid index name [" + std::string(part) + "], must not start with '_'.");
      status.with_index(std::string(part));
      return status;
    }
    bool is_alias = !rules.ignore_aliases && state.has_alias(part);
    if (state.has_index(part) || is_alias) {
      names[std::string(part)] = true;
      continue;
    }
    bool add = true;
    if (part[0] == '-' && wildcard_seen) {
      add = false;
      part.remove_prefix(1);
    }
    if (!has_wildcard(part)) {
      if (!options.ignore_unavailable) {
        if (rules.ignore_aliases && state.has_alias(part)) {
          return Status(ErrorKind::invalid_argument,
                        "The provided expression [" + std::string(part) +
                            "] matches an alias, specify the corresponding concrete indices instead.");
        }
        if (!state.has_index(part) && !state.has_alias(part)) return no_such_index(part);
      }
      if (add) {
        names[std::string(part)] = true;
      } else if (auto it = names.find(part); it != names.end()) {
        names.erase(it);
      }
      continue;
    }
    bool raw_match = false;
    std::vector<std::string> matched = expand_wildcard(state, part, rules, &raw_match);
    for (auto& name : matched) {
      if (add) {
        names.emplace(std::move(name), false);
      } else {
        names.erase(name);
      }
    }
    if (!options.allow_no_indices && !raw_match) return no_such_index(part);
    wildcard_seen = true;
  }

  std::vector<std::string> out;
  auto add_named = [&](const IndexEntry& entry) -> Status {
    bool include = false;
    PHAROS_RETURN_IF_ERROR(check_named_index(entry, options, &include));
    if (include) out.push_back(entry.name);
    return Status::ok();
  };
  for (const auto& [name, named] : names) {
    if (!named) {
      out.push_back(name);
      continue;
    }
    if (auto it = state.indexes.find(name); it != state.indexes.end()) {
      PHAROS_RETURN_IF_ERROR(add_named(it->second));
    } else if (auto alias = state.aliases.find(name); alias != state.aliases.end() && !rules.ignore_aliases) {
      for (const auto& [index, info] : alias->second) {
        if (auto member = state.indexes.find(index); member != state.indexes.end()) {
          PHAROS_RETURN_IF_ERROR(add_named(member->second));
        }
      }
    }
    // Anything else is a missing name that ignore_unavailable lets through.
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty() && !options.allow_no_indices) return no_such_index(expression);
  return out;
}

}  // namespace pharos::engine
