#include "index/engine/segment_vectors.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "index/base/crc32c.h"
#include "index/base/file_io.h"
#include "index/engine/vector_index_service.h"
#include "index/mapping/mapping.h"

namespace pharos::engine {

struct FieldVectors::VectorData {
  std::shared_ptr<const segment::Segment> segment;  // owns the mapped column used in place
  std::vector<float> rows;                          // the compacted copy (empty when in place)
  std::vector<uint32_t> docs;
  vector::VectorSet set;
};

std::string vector_index_file_name(const std::string& segment_name, std::string_view field) {
  char hex[16];
  std::snprintf(hex, sizeof(hex), "%08x", crc32c(field));
  return segment_name + "_" + hex + ".vidx";
}

FieldVectors::FieldVectors(std::shared_ptr<const segment::Segment> segment, std::string field,
                           VectorFieldConfig config, std::string dir, std::string index_name,
                           VectorIndexService* service)
    : segment_(std::move(segment)),
      field_(std::move(field)),
      config_(std::move(config)),
      path_(dir + "/" + vector_index_file_name(segment_->info().name, field_)),
      index_name_(std::move(index_name)),
      service_(service) {
  if (const segment::VectorValues* values = segment_->vectors(field_)) {
    const uint32_t max_doc = segment_->max_doc();
    for (uint32_t doc = 0; doc < max_doc; ++doc) count_ += values->has_vector(doc) ? 1 : 0;
  }
  if (wants_index()) state_ = State::pending;
}

FieldVectors::~FieldVectors() {
  if (service_ != nullptr) service_->evict(this, false);
}

bool FieldVectors::wants_index() const {
  return service_ != nullptr && config_.build_index && count_ > 0 &&
         count_ >= config_.spec.approximate_threshold;
}

std::shared_ptr<const FieldVectors::VectorData> FieldVectors::data() {
  std::lock_guard lock(mutex_);
  if (data_) return data_;
  auto out = std::make_shared<VectorData>();
  out->segment = segment_;
  const segment::VectorValues* values = segment_->vectors(field_);
  const uint32_t max_doc = segment_->max_doc();
  const uint32_t dimension = values ? values->dimension() : config_.spec.dimension;
  out->docs.reserve(count_);
  if (values != nullptr && count_ == max_doc && max_doc > 0) {
    // Every doc has a vector: the column's rows are the set, no copy.
    for (uint32_t doc = 0; doc < max_doc; ++doc) out->docs.push_back(doc);
    out->set.data = values->vector(0).data();
  } else if (values != nullptr) {
    out->rows.reserve(static_cast<size_t>(count_) * dimension);
    for (uint32_t doc = 0; doc < max_doc; ++doc) {
      if (!values->has_vector(doc)) continue;
      auto row = values->vector(doc);
      out->rows.insert(out->rows.end(), row.begin(), row.end());
      out->docs.push_back(doc);
    }
    out->set.data = out->rows.data();
  }
  out->set.dimension = dimension;
  out->set.count = static_cast<uint32_t>(out->docs.size());
  out->set.docs = out->docs.data();
  data_ = std::move(out);
  return data_;
}

// An index shares ownership of the rows it was built over, so an index still held by a search
// outlives an eviction or the segment's retirement safely.
std::shared_ptr<const vector::VectorIndex> FieldVectors::wrap(std::unique_ptr<vector::VectorIndex> index) {
  struct Held {
    std::shared_ptr<const VectorData> data;
    std::unique_ptr<vector::VectorIndex> index;
  };
  auto held = std::make_shared<Held>(Held{data(), std::move(index)});
  return std::shared_ptr<const vector::VectorIndex>(held, held->index.get());
}

std::shared_ptr<const vector::VectorIndex> FieldVectors::exact_index() {
  auto d = data();
  std::lock_guard lock(mutex_);
  if (!exact_) {
    vector::MethodSpec spec = config_.spec;
    spec.kind = vector::MethodKind::flat;
    spec.dimension = d->set.dimension;
    struct Held {
      std::shared_ptr<const VectorData> data;
      std::unique_ptr<vector::VectorIndex> index;
    };
    auto held = std::make_shared<Held>(Held{d, vector::make_flat_index(spec, d->set)});
    exact_ = std::shared_ptr<const vector::VectorIndex>(held, held->index.get());
  }
  return exact_;
}

Result<std::shared_ptr<const vector::VectorIndex>> FieldVectors::load_file() {
  auto start = std::chrono::steady_clock::now();
  auto bytes = read_file(path_);
  Result<std::unique_ptr<vector::VectorIndex>> loaded =
      bytes.is_ok() ? vector::load_vector_index(bytes.value(), data()->set)
                    : Result<std::unique_ptr<vector::VectorIndex>>(bytes.status());
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
  service_->count_load(loaded.is_ok(), static_cast<uint64_t>(nanos.count()));
  if (!loaded.is_ok()) return loaded.status();
  auto index = wrap(std::move(loaded).value());
  service_->put(this, index_name_, index);
  return index;
}

Result<std::shared_ptr<const vector::VectorIndex>> FieldVectors::ann_index() {
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::built) return std::shared_ptr<const vector::VectorIndex>();
  }
  if (auto cached = service_->cached(this)) return cached;
  auto loaded = load_file();
  if (loaded.is_ok()) return loaded;
  // The file went bad under us: serve exactly (correct, slower) and say why in the stats.
  spdlog::warn("k-NN index [{}] of [{}] could not be reloaded, searching exactly: {}", path_, index_name_,
               loaded.status().message());
  std::lock_guard lock(mutex_);
  state_ = State::failed;
  failure_ = loaded.status().message();
  return std::shared_ptr<const vector::VectorIndex>();
}

void FieldVectors::run_build_job() {
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::pending) return;
  }
  State result = State::failed;
  std::string description, failure;
  if (path_exists(path_)) {  // recovery: an index file written before the restart
    auto loaded = load_file();
    if (loaded.is_ok()) {
      result = State::built;
      description = loaded.value()->description();
    } else {
      spdlog::warn("k-NN index file [{}] is not valid, rebuilding: {}", path_, loaded.status().message());
      (void)remove_file(path_);
    }
  }
  if (result != State::built) {
    auto built = service_->build(config_.spec, data()->set);
    if (built.is_ok()) {
      auto index = wrap(std::move(built).value());
      auto bytes = index->serialize();
      Status written = bytes.is_ok() ? write_file_atomic(path_, bytes.value()) : bytes.status();
      // Without a file the index still serves until it is evicted; a restart rebuilds it.
      if (!written.is_ok()) spdlog::warn("k-NN index [{}] not persisted: {}", path_, written.message());
      service_->put(this, index_name_, index);
      result = State::built;
      description = index->description();
    } else {
      failure = built.status().message();
    }
  }
  std::lock_guard lock(mutex_);
  state_ = result;
  built_description_ = std::move(description);
  failure_ = std::move(failure);
  settled_.notify_all();
}

void FieldVectors::wait_until_settled() {
  std::unique_lock lock(mutex_);
  settled_.wait(lock, [this] { return state_ != State::pending; });
}

std::string FieldVectors::description() {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case State::built:
      return built_description_;
    case State::pending:
      return "flat (index build pending)";
    case State::failed:
      return "flat (index build failed: " + failure_ + ")";
    case State::exact_only:
      break;
  }
  if (!config_.build_index) return "flat (exact search only)";
  return "flat (" + std::to_string(count_) + " vectors, below approximate_threshold " +
         std::to_string(config_.spec.approximate_threshold) + ")";
}

std::shared_ptr<SegmentVectors> SegmentVectors::create(
    std::shared_ptr<const segment::Segment> segment, const std::string& dir,
    const std::map<std::string, VectorFieldConfig>& configs, const std::string& index_name,
    VectorIndexService* service) {
  auto out = std::make_shared<SegmentVectors>();
  out->service_ = service;
  for (const std::string& field : segment->vector_fields()) {
    VectorFieldConfig config;
    if (auto it = configs.find(field); it != configs.end()) {
      config = it->second;
    } else if (const segment::VectorValues* values = segment->vectors(field)) {
      config.spec.dimension = values->dimension();
    }
    auto vectors =
        std::make_shared<FieldVectors>(segment, field, std::move(config), dir, index_name, service);
    if (vectors->vector_count() == 0) continue;
    if (vectors->wants_index()) service->submit(vectors);
    out->fields_.emplace(field, std::move(vectors));
  }
  return out;
}

Result<std::shared_ptr<const vector::VectorIndex>> SegmentVectors::index_for(std::string_view field,
                                                                             bool exact) const {
  auto it = fields_.find(field);
  if (it == fields_.end()) return std::shared_ptr<const vector::VectorIndex>();
  if (!exact && service_ != nullptr) {
    PHAROS_ASSIGN_OR_RETURN(auto ann, it->second->ann_index());
    if (ann) {
      service_->count_graph_query(true);
      return ann;
    }
  }
  return it->second->exact_index();
}

void SegmentVectors::count_query() const {
  if (service_ != nullptr) service_->count_knn_query();
}

Status SegmentVectors::warmup() const {
  for (const auto& [name, field] : fields_) {
    field->wait_until_settled();
    PHAROS_RETURN_IF_ERROR(field->ann_index().status());
  }
  return Status::ok();
}

std::map<std::string, std::string> SegmentVectors::describe() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, field] : fields_) out[name] = field->description();
  return out;
}

namespace {

// A flat setting's value as an integer (settings are kept as strings, like OpenSearch's).
std::optional<int64_t> int_setting(const nlohmann::json& flat, const char* key) {
  auto it = flat.find(key);
  if (it == flat.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return std::nullopt;
  try {
    return std::stoll(it->get<std::string>());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool method_sets_ef_search(const std::string& extra_json) {
  nlohmann::json extra = nlohmann::json::parse(extra_json.empty() ? "{}" : extra_json, nullptr, false);
  if (!extra.is_object()) return false;
  auto method = extra.find("method");
  if (method == extra.end() || !method->is_object()) return false;
  auto params = method->find("parameters");
  return params != method->end() && params->is_object() && params->contains("ef_search");
}

}  // namespace

std::map<std::string, VectorFieldConfig> vector_field_configs(const mapping::Mapping& mapping,
                                                              const IndexSettings& settings) {
  std::map<std::string, VectorFieldConfig> out;
  nlohmann::json flat = nlohmann::json::parse(settings.flat_json, nullptr, false);
  if (!flat.is_object()) flat = nlohmann::json::object();
  const auto threshold = int_setting(flat, "index.knn.advanced.approximate_threshold");
  const auto ef_search = int_setting(flat, "index.knn.algo_param.ef_search");
  for (const mapping::FieldMapping* field : mapping.leaf_fields()) {
    if (field->type != mapping::FieldType::knn_vector || !field->dimension) continue;
    auto spec = vector::parse_method_spec(field->extra_json, *field->dimension);
    if (!spec.is_ok()) continue;
    VectorFieldConfig config;
    config.spec = std::move(spec).value();
    config.build_index = settings.knn && config.spec.kind != vector::MethodKind::flat;
    config.spec.remote_build_enabled = settings.knn_remote_build;
    if (threshold) {
      // OpenSearch: -1 never builds, 0 always builds, n builds segments with >= n vectors.
      if (*threshold < 0) config.build_index = false;
      config.spec.approximate_threshold =
          static_cast<uint32_t>(std::clamp<int64_t>(*threshold, 0, UINT32_MAX));
    }
    if (ef_search && *ef_search > 0 && !method_sets_ef_search(field->extra_json)) {
      config.spec.ef_search = static_cast<uint32_t>(std::min<int64_t>(*ef_search, UINT32_MAX));
    }
    out.emplace(field->path, std::move(config));
  }
  return out;
}

}  // namespace pharos::engine
