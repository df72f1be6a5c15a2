#include "server/api/source_filter.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include <nlohmann/json.hpp>

namespace pharos::api {

namespace {

// A union of `*` wildcard patterns, each extended to also match "<pattern>.<anything>", run
// one character at a time. This is the automaton OpenSearch builds with
// makeMatchDotsInFieldNames; walking it key by key (with '.' between levels) lets the filter
// decide at every object level whether a path can still match.
class PathMatcher {
 public:
  struct State {
    std::vector<std::pair<uint32_t, uint32_t>> positions;  // (pattern, chars of it consumed)
    bool any = false;  // inside the ".<anything>" tail: everything matches from here on
    bool dead() const { return !any && positions.empty(); }
  };

  explicit PathMatcher(const std::vector<std::string>& patterns) : patterns_(patterns) {}

  State start() const {
    State state;
    for (uint32_t i = 0; i < patterns_.size(); ++i) add_closed(state, i, 0);
    return state;
  }
  static State match_all() {
    State state;
    state.any = true;
    return state;
  }

  bool accepts(const State& state) const {
    if (state.any) return true;
    return std::any_of(state.positions.begin(), state.positions.end(),
                       [&](const auto& p) { return p.second == patterns_[p.first].size(); });
  }

  State step(const State& state, char c) const {
    if (state.any) return state;
    State next;
    if (c == '.' && accepts(state)) {
      next.any = true;
      return next;
    }
    for (const auto& [pattern, pos] : state.positions) {
      const std::string& text = patterns_[pattern];
      if (pos >= text.size()) continue;
      if (text[pos] == '*') {
        add_closed(next, pattern, pos);  // the star consumes c and stays
      } else if (text[pos] == c) {
        add_closed(next, pattern, pos + 1);
      }
    }
    return next;
  }

  State step(const State& state, std::string_view key) const {
    State current = state;
    for (char c : key) {
      if (current.dead() || current.any) break;
      current = step(current, c);
    }
    return current;
  }

 private:
  // Adds (pattern, pos) and every position reachable by letting stars match nothing.
  void add_closed(State& state, uint32_t pattern, uint32_t pos) const {
    const std::string& text = patterns_[pattern];
    while (true) {
      std::pair<uint32_t, uint32_t> entry{pattern, pos};
      if (std::find(state.positions.begin(), state.positions.end(), entry) == state.positions.end()) {
        state.positions.push_back(entry);
      }
      if (pos < text.size() && text[pos] == '*') {
        ++pos;
      } else {
        break;
      }
    }
  }

  const std::vector<std::string>& patterns_;
};

using State = PathMatcher::State;

struct Filterer {
  const PathMatcher& include;
  const PathMatcher& exclude;

  static bool accepts(const PathMatcher& matcher, const State& state) {
    return !state.dead() && matcher.accepts(state);
  }

  nlohmann::ordered_json filter_object(const nlohmann::ordered_json& object, const State& include_state,
                                       const State& exclude_state) const;
  nlohmann::ordered_json filter_array(const nlohmann::ordered_json& array, const State& include_state,
                                      const State& exclude_state) const;
};

nlohmann::ordered_json Filterer::filter_object(const nlohmann::ordered_json& object, const State& include_state,
                                               const State& exclude_state) const {
  nlohmann::ordered_json filtered = nlohmann::ordered_json::object();
  if (include_state.dead()) return filtered;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    State key_include = include.step(include_state, key);
    if (key_include.dead()) continue;
    State key_exclude = exclude_state.dead() ? exclude_state : exclude.step(exclude_state, key);
    if (accepts(exclude, key_exclude)) continue;

    const bool included = include.accepts(key_include);
    State sub_include = key_include;
    if (included) {
      if (key_exclude.dead() || exclude.step(key_exclude, '.').dead()) {
        filtered[key] = it.value();  // no exclude can reach inside: take the whole value
        continue;
      }
      sub_include = PathMatcher::match_all();  // only excludes matter below this point
    }
    const nlohmann::ordered_json& value = it.value();
    if (value.is_object()) {
      State child_include = include.step(sub_include, '.');
      if (child_include.dead()) continue;
      State child_exclude = key_exclude.dead() ? key_exclude : exclude.step(key_exclude, '.');
      nlohmann::ordered_json child = filter_object(value, child_include, child_exclude);
      if (included || !child.empty()) filtered[key] = std::move(child);
    } else if (value.is_array()) {
      nlohmann::ordered_json child = filter_array(value, sub_include, key_exclude);
      if (included || !child.empty()) filtered[key] = std::move(child);
    } else if (included) {
      filtered[key] = value;
    }
  }
  return filtered;
}

nlohmann::ordered_json Filterer::filter_array(const nlohmann::ordered_json& array, const State& include_state,
                                              const State& exclude_state) const {
  nlohmann::ordered_json filtered = nlohmann::ordered_json::array();
  const bool included = accepts(include, include_state);
  for (const auto& value : array) {
    if (value.is_object()) {
      State child_include = include_state.dead() ? include_state : include.step(include_state, '.');
      State child_exclude = exclude_state.dead() ? exclude_state : exclude.step(exclude_state, '.');
      nlohmann::ordered_json child = filter_object(value, child_include, child_exclude);
      if (!child.empty()) filtered.push_back(std::move(child));
    } else if (value.is_array()) {
      nlohmann::ordered_json child = filter_array(value, include_state, exclude_state);
      if (!child.empty()) filtered.push_back(std::move(child));
    } else if (included) {
      filtered.push_back(value);
    }
  }
  return filtered;
}

Status string_list(const nlohmann::json& value, std::string_view field, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return Status::ok();
  }
  if (!value.is_array()) {
    return Status(ErrorKind::parse_error, "[_source] " + std::string(field) + " must be a string or an array of strings");
  }
  for (const auto& item : value) {
    if (!item.is_string()) {
      return Status(ErrorKind::parse_error, "Unknown key for a " + std::string(item.type_name()) +
                                                " in [" + std::string(field) + "].");
    }
    out.push_back(item.get<std::string>());
  }
  return Status::ok();
}

}  // namespace

std::vector<std::string> split_comma_list(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    size_t first = part.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      size_t last = part.find_last_not_of(" \t");
      parts.emplace_back(part.substr(first, last - first + 1));
    }
    start = comma + 1;
  }
  return parts;
}

Result<std::optional<SourceFilter>> SourceFilter::from_params(const http::Request& request) {
  SourceFilter filter;
  bool present = false;
  if (const std::string* source = request.param("_source")) {
    present = true;
    if (*source == "false") {
      filter.fetch = false;
    } else if (*source != "true") {
      filter.includes = split_comma_list(*source);
    }
  }
  for (std::string_view name : {"_source_includes", "_source_include"}) {
    if (const std::string* value = request.param(name)) {
      present = true;
      filter.includes = split_comma_list(*value);
    }
  }
  for (std::string_view name : {"_source_excludes", "_source_exclude"}) {
    if (const std::string* value = request.param(name)) {
      present = true;
      filter.excludes = split_comma_list(*value);
    }
  }
  if (!present) return std::optional<SourceFilter>();
  return std::optional<SourceFilter>(std::move(filter));
}

Result<SourceFilter> SourceFilter::from_json(const nlohmann::json& value) {
  SourceFilter filter;
  if (value.is_boolean()) {
    filter.fetch = value.get<bool>();
  } else if (value.is_string() || value.is_array()) {
    PHAROS_RETURN_IF_ERROR(string_list(value, "_source", filter.includes));
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.key() == "includes" || it.key() == "include") {
        PHAROS_RETURN_IF_ERROR(string_list(it.value(), it.key(), filter.includes));
      } else if (it.key() == "excludes" || it.key() == "exclude") {
        PHAROS_RETURN_IF_ERROR(string_list(it.value(), it.key(), filter.excludes));
      } else {
        return Status(ErrorKind::parse_error, "Unknown key for a " + std::string(it.value().type_name()) +
                                                  " in [" + it.key() + "].");
      }
    }
  } else {
    return Status(ErrorKind::parse_error,
                  "Expected one of [VALUE_BOOLEAN, VALUE_STRING, START_ARRAY, START_OBJECT] but found [" +
                      std::string(value.type_name()) + "]");
  }
  return filter;
}

nlohmann::ordered_json SourceFilter::apply_json(const nlohmann::ordered_json& source) const {
  if (is_identity() || !source.is_object()) return source;
  PathMatcher include(includes);
  PathMatcher exclude(excludes);
  State include_start = includes.empty() ? PathMatcher::match_all() : include.start();
  Filterer filterer{include, exclude};
  return filterer.filter_object(source, include_start, exclude.start());
}

Result<std::string> SourceFilter::apply(std::string_view source_json) const {
  if (is_identity()) return std::string(source_json);
  nlohmann::ordered_json source = nlohmann::ordered_json::parse(source_json.begin(), source_json.end(), nullptr,
                                                                /*allow_exceptions=*/false);
  if (!source.is_object()) return Status(ErrorKind::parse_error, "stored _source is not a JSON object");
  return apply_json(source).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace pharos::api
