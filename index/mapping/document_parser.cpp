// Walks a JSON document (simdjson DOM) along the mapping tree: objects recurse with dotted
// paths, arrays flatten, unmapped fields follow the `dynamic` setting of the nearest object
// that sets one, and each leaf value goes to FieldIndexer.
#include "index/mapping/document_parser.h"

#include <array>
#include <deque>

#include <simdjson.h>

#include "index/mapping/dynamic_field.h"
#include "index/mapping/field_indexer.h"
#include "index/mapping/mapping_parser.h"

namespace pharos::mapping {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr int kMaxObjectDepth = 100;  // OpenSearch's index.mapping.depth.limit is 20 for mappings
constexpr std::array<std::string_view, 10> kMetadataFields = {
    "_id", "_index", "_source", "_routing", "_ignored", "_field_names", "_seq_no", "_primary_term", "_version",
    "_nested_path"};

// An object being parsed: its mapping (if mapped before this document) and its node in the
// dynamic update tree (created on first need).
struct Scope {
  Scope* parent = nullptr;
  std::string path;  // "" for the root
  std::string name;
  const FieldMapping* mapped = nullptr;
  FieldMapping* dynamic_node = nullptr;
  DynamicMode dynamic = DynamicMode::true_;
};

// Callers check the type first; the error-code form keeps GCC's uninitialised warnings quiet.
simdjson::dom::array as_array(const element& e) {
  simdjson::dom::array out;
  if (e.get(out) != simdjson::SUCCESS) return {};
  return out;
}

simdjson::dom::object as_object(const element& e) {
  simdjson::dom::object out;
  if (e.get(out) != simdjson::SUCCESS) return {};
  return out;
}

ScalarValue to_scalar(const element& e) {
  ScalarValue v;
  switch (e.type()) {
    case element_type::STRING: v.kind = ScalarValue::Kind::string; v.text = e.get_string().value_unsafe(); break;
    case element_type::INT64: v.kind = ScalarValue::Kind::int64; v.i = e.get_int64().value_unsafe(); break;
    case element_type::UINT64: v.kind = ScalarValue::Kind::uint64; v.u = e.get_uint64().value_unsafe(); break;
    case element_type::DOUBLE: v.kind = ScalarValue::Kind::floating; v.d = e.get_double().value_unsafe(); break;
    case element_type::BOOL: v.kind = ScalarValue::Kind::boolean; v.b = e.get_bool().value_unsafe(); break;
    default: v.kind = ScalarValue::Kind::null; break;
  }
  return v;
}

// First non-null value of a (possibly nested) array; nullptr-typed element when none.
bool first_non_null(const element& array, element& out) {
  for (element item : as_array(array)) {
    if (item.is_null()) continue;
    if (item.is_array()) {
      if (first_non_null(item, out)) return true;
      continue;
    }
    out = item;
    return true;
  }
  return false;
}

class DocumentWalker {
 public:
  DocumentWalker(const Mapping& mapping, const analysis::AnalysisRegistry& analysis, FieldIndexer& indexer)
      : mapping_(mapping), analysis_(analysis), indexer_(indexer) {
    update_root_.name = "_doc";
    update_root_.type = FieldType::object;
    update_root_.doc_values = false;
  }

  Status walk_object(simdjson::dom::object object, Scope& scope, int depth) {
    for (auto [key, value] : object) {
      PHAROS_RETURN_IF_ERROR(walk_field(key, value, scope, depth));
    }
    return Status::ok();
  }

  Scope root_scope() {
    Scope root;
    root.name = "_doc";
    root.mapped = &mapping_.root();
    root.dynamic = mapping_.dynamic();
    return root;
  }

  bool updated() const { return updated_; }
  FieldMapping take_update() { return std::move(update_root_); }

 private:
  static Status check_key(std::string_view key, const Scope& scope) {
    if (key.empty()) return Status(ErrorKind::mapping_error, "field name cannot be an empty string");
    if (key.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Status(ErrorKind::mapping_error, "field name cannot contain only whitespace: ['" + std::string(key) + "']");
    }
    if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string_view::npos) {
      return Status(ErrorKind::mapping_error, "object field starting or ending with a [.] makes object resolution "
                                              "ambiguous: [" + std::string(key) + "]");
    }
    if (scope.parent == nullptr && key.front() == '_') {
      for (auto meta : kMetadataFields) {
        if (key == meta) {
          return Status(ErrorKind::mapping_error, "Field [" + std::string(key) +
                                                      "] is a metadata field and cannot be added inside a document. "
                                                      "Use the index API request parameters.");
        }
      }
    }
    return Status::ok();
  }

  // The update-tree node for `scope`, creating it (and its ancestors) on first need.
  FieldMapping* dynamic_node(Scope& scope) {
    if (scope.dynamic_node != nullptr) return scope.dynamic_node;
    if (scope.parent == nullptr) {
      scope.dynamic_node = &update_root_;
      return scope.dynamic_node;
    }
    FieldMapping* parent = dynamic_node(*scope.parent);
    auto it = parent->properties.find(scope.name);
    if (it == parent->properties.end()) {
      FieldMapping object;
      object.name = scope.name;
      object.path = scope.path;
      object.type = scope.mapped ? scope.mapped->type : FieldType::object;
      object.doc_values = false;
      it = parent->properties.emplace(scope.name, std::move(object)).first;
    }
    scope.dynamic_node = &it->second;
    return scope.dynamic_node;
  }

  // The update-tree node for `scope` if this document already created one (never creates).
  FieldMapping* find_dynamic_node(const Scope& scope) {
    if (scope.dynamic_node != nullptr) return scope.dynamic_node;
    if (scope.parent == nullptr) return &update_root_;
    FieldMapping* parent = find_dynamic_node(*scope.parent);
    if (parent == nullptr) return nullptr;
    auto it = parent->properties.find(scope.name);
    return it == parent->properties.end() ? nullptr : &it->second;
  }

  const FieldMapping* lookup(const Scope& scope, const std::string& name) {
    if (scope.mapped != nullptr) {
      auto it = scope.mapped->properties.find(name);
      if (it != scope.mapped->properties.end()) return &it->second;
    }
    if (FieldMapping* node = find_dynamic_node(scope)) {
      auto it = node->properties.find(name);
      if (it != node->properties.end()) return &it->second;
    }
    return nullptr;
  }

  // Finds or (under dynamic: true) creates the mapping of `name` in `scope`. nullptr: skip the value.
  Result<const FieldMapping*> resolve(Scope& scope, const std::string& name, const element& sample, bool is_object) {
    if (const FieldMapping* found = lookup(scope, name)) return found;
    switch (scope.dynamic) {
      case DynamicMode::false_:
      case DynamicMode::runtime:
        return static_cast<const FieldMapping*>(nullptr);
      case DynamicMode::strict:
        return Status(ErrorKind::strict_mapping, "mapping set to strict, dynamic introduction of [" + name +
                                                     "] within [" + (scope.path.empty() ? "_doc" : scope.path) +
                                                     "] is not allowed");
      case DynamicMode::true_:
      case DynamicMode::strict_allow_templates:
        break;
    }
    DynamicValue value;
    value.is_object = is_object;
    if (!is_object) value.scalar = to_scalar(sample);
    const std::string path = scope.path.empty() ? name : scope.path + "." + name;
    PHAROS_ASSIGN_OR_RETURN(FieldMapping field,
                            dynamic_field_mapping(mapping_, analysis_, name, path, value,
                                                  scope.dynamic == DynamicMode::strict_allow_templates));
    FieldMapping* parent = dynamic_node(scope);
    updated_ = true;
    auto [it, inserted] = parent->properties.try_emplace(name, std::move(field));
    return static_cast<const FieldMapping*>(&it->second);
  }

  Scope child_scope(Scope& parent, const FieldMapping& field) {
    Scope child;
    child.parent = &parent;
    child.path = field.path;
    child.name = field.name;
    // A field from this document's update tree is not in the mapping yet.
    FieldMapping* parent_node = find_dynamic_node(parent);
    const bool from_update = parent_node != nullptr && [&] {
      auto it = parent_node->properties.find(field.name);
      return it != parent_node->properties.end() && &it->second == &field;
    }();
    if (from_update) {
      child.dynamic_node = const_cast<FieldMapping*>(&field);
    } else {
      child.mapped = &field;
    }
    child.dynamic = field.dynamic.value_or(parent.dynamic);
    return child;
  }

  Status walk_field(std::string_view key, const element& value, Scope& scope, int depth) {
    PHAROS_RETURN_IF_ERROR(check_key(key, scope));
    if (key.find('.') == std::string_view::npos) return walk_named(std::string(key), value, scope, depth);
    // "a.b": value is the object path a → b.
    std::deque<Scope> chain;
    Scope* current = &scope;
    size_t start = 0;
    size_t dot;
    while ((dot = key.find('.', start)) != std::string_view::npos) {
      const std::string segment(key.substr(start, dot - start));
      PHAROS_ASSIGN_OR_RETURN(const FieldMapping* object, resolve(*current, segment, value, true));
      if (object == nullptr) return Status::ok();
      if (!is_object_like(object->type)) {
        return Status(ErrorKind::mapping_error, "Could not dynamically add mapping for field [" + std::string(key) +
                                                    "]. Existing mapping for [" + object->path +
                                                    "] must be of type object but found [" +
                                                    std::string(field_type_name(object->type)) + "].");
      }
      if (!object->enabled) return Status::ok();
      chain.push_back(child_scope(*current, *object));
      current = &chain.back();
      start = dot + 1;
    }
    return walk_named(std::string(key.substr(start)), value, *current, depth + static_cast<int>(chain.size()));
  }

  Status walk_named(const std::string& name, const element& value, Scope& scope, int depth) {
    if (depth > kMaxObjectDepth) {
      return Status(ErrorKind::mapping_error, "Limit of mapping depth [" + std::to_string(kMaxObjectDepth) +
                                                  "] has been exceeded due to object field [" + scope.path + "]");
    }
    element sample = value;
    if (value.is_null()) {
      const FieldMapping* field = lookup(scope, name);
      if (field != nullptr && !is_object_like(field->type)) return indexer_.add_value(*field, ScalarValue{});
      return Status::ok();
    }
    if (value.is_array() && !first_non_null(value, sample)) {
      // Empty (or all-null) arrays create no mapping; mapped fields may take null_value.
      const FieldMapping* field = lookup(scope, name);
      if (field != nullptr && !is_object_like(field->type) && field->null_value) {
        return walk_leaf_array(*field, value);
      }
      return Status::ok();
    }
    PHAROS_ASSIGN_OR_RETURN(const FieldMapping* field, resolve(scope, name, sample, sample.is_object()));
    if (field == nullptr) return Status::ok();
    if (is_object_like(field->type)) {
      if (!field->enabled) return Status::ok();
      Scope child = child_scope(scope, *field);
      return walk_object_values(*field, value, child, depth + 1);
    }
    if (field->type == FieldType::flat_object) return walk_flat(*field, value, "", 0);
    if (field->type == FieldType::knn_vector && value.is_array()) return walk_vector(*field, value);
    if (is_range(field->type)) return walk_range(*field, value);
    if (value.is_array()) return walk_leaf_array(*field, value);
    if (value.is_object()) return indexer_.value_error(*field, "{...}");
    return indexer_.add_value(*field, to_scalar(value));
  }

  Status walk_object_values(const FieldMapping& field, const element& value, Scope& child, int depth) {
    if (value.is_object()) return walk_object(as_object(value), child, depth);
    if (value.is_array()) {
      for (element item : as_array(value)) {
        if (item.is_null()) continue;
        PHAROS_RETURN_IF_ERROR(walk_object_values(field, item, child, depth));
      }
      return Status::ok();
    }
    return Status(ErrorKind::mapping_error, "object mapping for [" + field.path + "] tried to parse field [" +
                                                field.name + "] as object, but found a concrete value");
  }

  Status walk_leaf_array(const FieldMapping& field, const element& array) {
    for (element item : as_array(array)) {
      if (item.is_array()) {
        PHAROS_RETURN_IF_ERROR(walk_leaf_array(field, item));
      } else if (item.is_object()) {
        return indexer_.value_error(field, "{...}");
      } else {
        PHAROS_RETURN_IF_ERROR(indexer_.add_value(field, to_scalar(item)));
      }
    }
    return Status::ok();
  }

  // A range value {"gte": .., "lt": ..}, or an array of them.
  Status walk_range(const FieldMapping& field, const element& value) {
    if (value.is_array()) {
      for (element item : as_array(value)) {
        if (!item.is_null()) PHAROS_RETURN_IF_ERROR(walk_range(field, item));
      }
      return Status::ok();
    }
    if (!value.is_object()) return indexer_.value_error(field, to_scalar(value).as_text());
    RangeInput input;
    for (auto [key, bound] : as_object(value)) {
      if (bound.is_array() || bound.is_object()) return indexer_.value_error(field, "{...}");
      const bool is_from = key == "gt" || key == "gte" || key == "from";
      const bool is_to = key == "lt" || key == "lte" || key == "to";
      if (key == "include_lower" || key == "include_upper") {
        if (!bound.is_bool()) return indexer_.value_error(field, "{...}");
        (key == "include_lower" ? input.include_from : input.include_to) = bound.get_bool().value_unsafe();
        continue;
      }
      if (!is_from && !is_to) {
        return Status(ErrorKind::mapping_error, "error parsing field [" + field.path + "], with unknown parameter [" +
                                                    std::string(key) + "]");
      }
      auto& slot = is_from ? input.from : input.to;
      slot = bound.is_null() ? std::nullopt : std::optional<ScalarValue>(to_scalar(bound));
      if (key == "gt") input.include_from = false;
      if (key == "gte") input.include_from = true;
      if (key == "lt") input.include_to = false;
      if (key == "lte") input.include_to = true;
    }
    return indexer_.add_range(field, input);
  }

  Status walk_vector(const FieldMapping& field, const element& array) {
    std::vector<double> values;
    bool all_numbers = true;
    for (element item : as_array(array)) {
      switch (item.type()) {
        case element_type::INT64: values.push_back(static_cast<double>(item.get_int64().value_unsafe())); break;
        case element_type::UINT64: values.push_back(static_cast<double>(item.get_uint64().value_unsafe())); break;
        case element_type::DOUBLE: values.push_back(item.get_double().value_unsafe()); break;
        default: all_numbers = false; break;
      }
    }
    return indexer_.add_vector(field, values, all_numbers);
  }

  Status walk_flat(const FieldMapping& field, const element& value, const std::string& relative, int depth) {
    if (depth > kMaxObjectDepth) return indexer_.value_error(field, "{...}");
    if (value.is_object()) {
      for (auto [key, child] : as_object(value)) {
        const std::string path = relative.empty() ? std::string(key) : relative + "." + std::string(key);
        PHAROS_RETURN_IF_ERROR(walk_flat(field, child, path, depth + 1));
      }
      return Status::ok();
    }
    if (value.is_array()) {
      for (element item : as_array(value)) {
        PHAROS_RETURN_IF_ERROR(walk_flat(field, item, relative, depth + 1));
      }
      return Status::ok();
    }
    if (relative.empty()) {
      if (value.is_null()) return Status::ok();
      return indexer_.value_error(field, to_scalar(value).as_text());  // flat_object needs an object
    }
    return indexer_.add_flat_leaf(field, relative, to_scalar(value));
  }

  const Mapping& mapping_;
  const analysis::AnalysisRegistry& analysis_;
  FieldIndexer& indexer_;
  FieldMapping update_root_;
  bool updated_ = false;
};

}  // namespace

Result<ParseOutcome> DocumentParser::parse(std::string_view id, std::string_view routing,
                                           std::string_view source) const {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto error = parser.parse(source.data(), source.size(), true).get(root);
  if (error) {
    return Status(ErrorKind::mapping_error,
                  std::string("failed to parse: ") + simdjson::error_message(error));
  }
  if (!root.is_object()) {
    return Status(ErrorKind::mapping_error, "failed to parse, document is empty or not a JSON object");
  }
  ParseOutcome outcome;
  outcome.document.id = std::string(id);
  outcome.document.routing = std::string(routing);
  outcome.document.source = std::string(source);
  FieldIndexer indexer(outcome.document, mapping_, analysis_, id);
  DocumentWalker walker(mapping_, analysis_, indexer);
  Scope root_scope = walker.root_scope();
  PHAROS_RETURN_IF_ERROR(walker.walk_object(as_object(root), root_scope, 0));
  indexer.finish();
  if (walker.updated()) outcome.dynamic_update = MappingParser::make_update(walker.take_update());
  return outcome;
}

}  // namespace pharos::mapping
