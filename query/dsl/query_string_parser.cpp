// query_string (Lucene classic syntax: AND/OR/NOT, &&/||/!, +/-, (groups), field:value,
// "phrases"~slop, wild*cards, fuzzy~1, ranges [a TO b] {a TO b} >=a, ^boost, _exists_:f) and
// simple_query_string (+ | - " * ( ) ~N, never fails). Leaves reuse the other parsers by building
// their JSON (term/range/wildcard/fuzzy), so encodings stay in one place.
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

enum class Occur { must, should, must_not };
enum class Conj { none, and_, or_ };
enum class Mod { none, plus, minus };

struct Clause {
  Occur occur = Occur::should;
  QueryNode node;
};

class QueryStringParser {
 public:
  QueryStringParser(const ParseState& state, std::string_view text, bool simple, bool default_and,
                    std::vector<WeightedField> fields, MatchOptions options)
      : state_(state), text_(text), simple_(simple), default_and_(default_and), fields_(std::move(fields)),
        options_(std::move(options)) {}

  Result<QueryNode> parse() {
    PHAROS_ASSIGN_OR_RETURN(QueryNode node, parse_sequence(0));
    skip_space();
    if (pos_ < text_.size()) {
      if (simple_) return node;
      return fail();
    }
    return node;
  }

 private:
  Status fail() const { return parse_error("Failed to parse query [" + std::string(text_) + "]"); }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool at(std::string_view word) const { return text_.substr(pos_, word.size()) == word; }
  bool at_keyword(std::string_view word) const {
    if (simple_ || !at(word)) return false;
    size_t end = pos_ + word.size();
    return end >= text_.size() || std::isspace(static_cast<unsigned char>(text_[end])) || text_[end] == '(';
  }

  static bool special(char c, bool simple) {
    if (simple) return c == '"' || c == '(' || c == ')' || c == '|' || c == '+' || c == '~';
    return std::string_view("()[]{}:^\"~").find(c) != std::string_view::npos;
  }

  // Lucene's QueryParserBase.addClause: AND/OR between clauses adjusts the previous one.
  void add_clause(std::vector<Clause>& clauses, Conj conj, Mod mod, QueryNode node) {
    if (!clauses.empty() && conj == Conj::and_ && clauses.back().occur != Occur::must_not) {
      clauses.back().occur = Occur::must;
    }
    if (!clauses.empty() && default_and_ && conj == Conj::or_ && clauses.back().occur != Occur::must_not) {
      clauses.back().occur = Occur::should;
    }
    bool prohibited = mod == Mod::minus;
    bool required = default_and_ ? (!prohibited && conj != Conj::or_) : (mod == Mod::plus || (conj == Conj::and_ && !prohibited));
    clauses.push_back({prohibited ? Occur::must_not : required ? Occur::must : Occur::should, std::move(node)});
  }

  Result<QueryNode> parse_sequence(int depth) {
    if (depth > kMaxDepth) return fail();
    std::vector<Clause> clauses;
    Conj conj = Conj::none;
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] == ')') break;
      if (at_keyword("AND") || at("&&")) { pos_ += at("&&") ? 2 : 3; conj = Conj::and_; continue; }
      if (at_keyword("OR") || at("||")) { pos_ += 2; conj = Conj::or_; continue; }
      if (simple_ && at("|")) { ++pos_; conj = Conj::or_; continue; }
      Mod mod = Mod::none;
      if (at_keyword("NOT") || (!simple_ && at("!"))) { pos_ += at("!") ? 1 : 3; mod = Mod::minus; }
      else if (at("+")) { ++pos_; mod = Mod::plus; }
      else if (at("-")) { ++pos_; mod = Mod::minus; }
      skip_space();
      if (pos_ >= text_.size()) {
        if (simple_) break;
        return fail();
      }
      PHAROS_ASSIGN_OR_RETURN(QueryNode node, parse_primary(depth, nullptr));
      if (clauses.size() >= state_.context.max_clause_count) {
        return Status(ErrorKind::resource_exhausted, "maxClauseCount is set to " + std::to_string(state_.context.max_clause_count));
      }
      add_clause(clauses, conj, mod, std::move(node));
      conj = Conj::none;
    }
    if (clauses.empty()) return match_none_node();
    if (clauses.size() == 1 && clauses[0].occur != Occur::must_not) return std::move(clauses[0].node);
    QueryNode node = make_node(QueryKind::boolean);
    for (auto& clause : clauses) {
      auto& list = clause.occur == Occur::must ? node.must : clause.occur == Occur::should ? node.should : node.must_not;
      list.push_back(std::move(clause.node));
    }
    if (options_.minimum_should_match && !node.should.empty()) {
      PHAROS_ASSIGN_OR_RETURN(node.minimum_should_match,
                              resolve_minimum_should_match(*options_.minimum_should_match, static_cast<uint32_t>(node.should.size())));
    }
    return node;
  }

  // A bare word (escapes resolved); stops at whitespace and syntax characters.
  std::string read_word() {
    std::string word;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) { word += text_[pos_ + 1]; pos_ += 2; continue; }
      if (std::isspace(static_cast<unsigned char>(c)) || special(c, simple_)) break;
      if (!simple_ && (c == '(' || c == ')')) break;
      word += c;
      ++pos_;
    }
    return word;
  }

  std::optional<std::string> read_suffix_number(char marker) {
    if (pos_ >= text_.size() || text_[pos_] != marker) return std::nullopt;
    ++pos_;
    std::string number;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) number += text_[pos_++];
    return number;
  }

  Result<QueryNode> parse_primary(int depth, const std::string* field) {
    QueryNode node;
    if (text_[pos_] == '(') {
      ++pos_;
      PHAROS_ASSIGN_OR_RETURN(node, parse_sequence(depth + 1));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ')') ++pos_;
      else if (!simple_) return fail();
    } else if (text_[pos_] == '"') {
      size_t end = text_.find('"', pos_ + 1);
      if (end == std::string_view::npos) {
        if (!simple_) return fail();
        end = text_.size();
      }
      std::string phrase(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = std::min(end + 1, text_.size());
      MatchOptions options = options_;
      options.type = MatchOptions::Type::phrase;
      if (auto slop = read_suffix_number('~'); slop && !slop->empty()) options.slop = static_cast<uint32_t>(std::min(std::atof(slop->c_str()), 1e6));
      PHAROS_ASSIGN_OR_RETURN(node, over_fields(field, [&](const std::string& f, bool lenient) {
        MatchOptions o = options;
        o.lenient = o.lenient || lenient;
        return build_match(state_.context, f, phrase, o);
      }));
    } else if (!simple_ && (text_[pos_] == '[' || text_[pos_] == '{')) {
      PHAROS_ASSIGN_OR_RETURN(node, parse_range_syntax(field));
    } else {
      size_t start = pos_;
      std::string word = read_word();
      if (word.empty()) {
        if (simple_) { ++pos_; return match_none_node(); }
        return fail();
      }
      if (!simple_ && field == nullptr && pos_ < text_.size() && text_[pos_] == ':' && text_[start] != '\\') {
        ++pos_;
        skip_space();
        if (pos_ >= text_.size()) return fail();
        if (word == "_exists_") {
          std::string target = read_word();
          json exists = {{"field", target}};
          return parse_exists(exists, state_);
        }
        return parse_primary(depth, &word);
      }
      PHAROS_ASSIGN_OR_RETURN(node, word_query(field, word));
    }
    if (!simple_) {
      if (auto boost = read_suffix_number('^')) {
        double b = boost->empty() ? 1.0 : std::atof(boost->c_str());
        node.boost *= static_cast<float>(b);
      }
    }
    return node;
  }

  template <typename Build>
  Result<QueryNode> over_fields(const std::string* field, Build build) {
    std::vector<WeightedField> targets;
    if (field != nullptr) {
      PHAROS_ASSIGN_OR_RETURN(targets, expand_fields(state_.context, json(*field), "query_string"));
    } else {
      targets = fields_;
    }
    std::vector<QueryNode> per_field;
    for (const auto& target : targets) {
      PHAROS_ASSIGN_OR_RETURN(QueryNode node, build(target.field, target.from_wildcard));
      if (node.kind == QueryKind::match_none) continue;
      node.boost *= target.boost;
      per_field.push_back(std::move(node));
    }
    if (per_field.empty()) return match_none_node();
    if (per_field.size() == 1) return std::move(per_field[0]);
    QueryNode node = make_node(QueryKind::dis_max);
    node.children = std::move(per_field);
    return node;
  }

  // Runs a leaf parser; lenient fields turn value errors into match_none.
  static Result<QueryNode> lenient_leaf(Result<QueryNode> node, bool lenient) {
    if (!node && lenient && node.status().kind() != ErrorKind::resource_exhausted) return match_none_node();
    return node;
  }

  Result<QueryNode> word_query(const std::string* field, std::string word) {
    std::optional<std::string> fuzzy = read_suffix_number('~');
    bool wildcard = word.find_first_of(simple_ ? "*" : "*?") != std::string::npos;
    bool lenient_all = options_.lenient;
    if (!simple_ && field != nullptr && (word.starts_with(">") || word.starts_with("<"))) {
      std::string op = word.substr(0, word.size() > 1 && word[1] == '=' ? 2 : 1);
      std::string bound = word.substr(op.size());
      std::string key = op == ">" ? "gt" : op == ">=" ? "gte" : op == "<" ? "lt" : "lte";
      return over_fields(field, [&](const std::string& f, bool lenient) {
        json range = {{f, {{key, bound}}}};
        return lenient_leaf(parse_range(range, state_), lenient || lenient_all);
      });
    }
    if (wildcard) {
      bool prefix_only = word.size() > 1 && word.back() == '*' && word.find_first_of("*?") == word.size() - 1;
      return over_fields(field, [&](const std::string& f, bool lenient) -> Result<QueryNode> {
        const mapping::FieldMapping* mapped = resolve_field(state_.context, f);
        std::string pattern = word;
        if (mapped != nullptr && is_text_like(mapped->type)) {
          // Text is indexed lower-cased by nearly every analyzer; Lucene lower-cases expanded terms too.
          for (auto& c : pattern) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (prefix_only) pattern.pop_back();
        json body = {{f, {{"value", pattern}}}};
        if (pattern == "*" || (prefix_only && pattern.empty())) {
          json exists = {{"field", f}};
          return parse_exists(exists, state_);
        }
        return lenient_leaf(parse_pattern_query(body, prefix_only ? QueryKind::prefix : QueryKind::wildcard,
                                                prefix_only ? "prefix" : "wildcard", state_),
                            lenient || lenient_all);
      });
    }
    MatchOptions options = options_;
    if (fuzzy) options.fuzziness = fuzzy->empty() ? json("AUTO") : json(std::atof(fuzzy->c_str()));
    return over_fields(field, [&](const std::string& f, bool lenient) {
      MatchOptions o = options;
      o.lenient = o.lenient || lenient;
      return build_match(state_.context, f, word, o);
    });
  }

  Result<QueryNode> parse_range_syntax(const std::string* field) {
    bool include_lower = text_[pos_] == '[';
    size_t close = text_.find_first_of("]}", pos_);
    if (close == std::string_view::npos || field == nullptr) return fail();
    bool include_upper = text_[close] == ']';
    std::string inner(text_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    auto to = inner.find(" TO ");
    if (to == std::string::npos) return fail();
    auto trim = [](std::string s) {
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
      while (!s.empty() && s.back() == ' ') s.pop_back();
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
      return s;
    };
    std::string lower = trim(inner.substr(0, to)), upper = trim(inner.substr(to + 4));
    return over_fields(field, [&](const std::string& f, bool lenient) {
      json spec = json::object();
      if (lower != "*") spec[include_lower ? "gte" : "gt"] = lower;
      if (upper != "*") spec[include_upper ? "lte" : "lt"] = upper;
      json range = {{f, spec}};
      return lenient_leaf(parse_range(range, state_), lenient || options_.lenient);
    });
  }

  const ParseState& state_;
  std::string_view text_;
  size_t pos_ = 0;
  bool simple_;
  bool default_and_;
  std::vector<WeightedField> fields_;
  MatchOptions options_;
};

}  // namespace

Result<QueryNode> parse_query_string(const json& body, const ParseState& state, bool simple) {
  const std::string name = simple ? "simple_query_string" : "query_string";
  if (!body.is_object()) return parse_error("[" + name + "] query malformed, no start_object after query name");
  MatchOptions options;
  options.query_name = name;
  const json* query = nullptr;
  json fields = json::array({"*"});
  bool default_and = false;
  QueryNode meta;
  for (const auto& [key, value] : body.items()) {
    if (key == "query") query = &value;
    else if (key == "fields") fields = value;
    else if (key == "default_field") fields = json::array({value});
    else if (key == "default_operator") {
      std::string op = value.is_string() ? value.get<std::string>() : "";
      for (auto& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (op != "and" && op != "or") return parse_error("[" + name + "] default operator [" + value.dump() + "] is not allowed");
      default_and = op == "and";
    } else if (key == "boost" || key == "_name") {
      continue;
    } else if (key == "analyze_wildcard" || key == "allow_leading_wildcard" || key == "flags" || key == "quote_field_suffix" ||
               key == "auto_generate_synonyms_phrase_query" || key == "max_determinized_states" || key == "enable_position_increments" ||
               key == "type" || key == "tie_breaker" || key == "time_zone" || key == "escape" || key == "quote_analyzer" ||
               key == "fuzzy_transpositions" || key == "split_on_whitespace") {
      continue;  // accepted; they refine behaviour this approximation does not model
    } else {
      bool handled = false;
      PHAROS_RETURN_IF_ERROR(read_match_option(key, value, options, handled));
      if (!handled) return parse_error("[" + name + "] query does not support [" + key + "]");
    }
  }
  if (query == nullptr || !query->is_string()) return parse_error("[" + name + "] must be provided with a [query]");
  PHAROS_ASSIGN_OR_RETURN(auto weighted, expand_fields(state.context, fields, name));
  if (simple) options.lenient = true;
  options.operator_and = default_and;
  const std::string& text = query->get_ref<const std::string&>();
  QueryStringParser parser(state, text, simple, default_and, std::move(weighted), options);
  PHAROS_ASSIGN_OR_RETURN(QueryNode node, parser.parse());
  node.boost *= meta.boost;
  PHAROS_RETURN_IF_ERROR(read_boost_and_name(body, node, name));
  return node;
}

}  // namespace pharos::query::detail
