#include "index/engine/index_metadata.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/base/crc32c.h"
#include "index/base/file_io.h"
#include "index/engine/segment_vectors.h"
#include "index/mapping/mapping.h"

namespace pharos::engine {

namespace {

constexpr const char* kMetaFile = "meta.json";
constexpr const char* kCrcMarker = "\n#crc32c=";

Result<std::shared_ptr<const analysis::AnalysisRegistry>> build_analysis(const IndexSettings& settings) {
  nlohmann::json analysis = settings.analysis_json();
  if (analysis.is_null()) return analysis::AnalysisRegistry::builtin();
  return analysis::AnalysisRegistry::from_settings(analysis);
}

}  // namespace

IndexMetadata::IndexMetadata(std::string dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)) {}

Result<std::unique_ptr<IndexMetadata>> IndexMetadata::create(const std::string& dir, const std::string& name,
                                                             const IndexSettings& settings,
                                                             const nlohmann::json& mappings) {
  PHAROS_ASSIGN_OR_RETURN(auto registry, build_analysis(settings));
  nlohmann::json body = mappings.is_null() ? nlohmann::json::object() : mappings;
  PHAROS_ASSIGN_OR_RETURN(mapping::Mapping parsed, mapping::Mapping::parse(body, *registry));
  std::unique_ptr<IndexMetadata> meta(new IndexMetadata(dir, name));
  meta->settings_ = std::make_shared<const IndexSettings>(settings);
  meta->mapping_ = std::make_shared<const mapping::Mapping>(std::move(parsed));
  meta->analysis_ = registry;
  meta->derive_vector_fields_locked();
  PHAROS_RETURN_IF_ERROR(create_directories(dir));
  PHAROS_RETURN_IF_ERROR(meta->persist_locked(*meta->settings_, *meta->mapping_));
  return meta;
}

Result<std::unique_ptr<IndexMetadata>> IndexMetadata::load(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + kMetaFile;
  auto bytes = read_file(path);
  if (!bytes.is_ok())
    return Status(ErrorKind::corrupt,
                  "index metadata [" + path + "] is missing: " + bytes.status().message());
  const std::string& text = bytes.value();
  size_t marker = text.rfind(kCrcMarker);
  unsigned crc = 0;
  if (marker == std::string::npos || std::sscanf(text.c_str() + marker + 9, "%8x", &crc) != 1 ||
      crc32c(std::string_view(text).substr(0, marker)) != crc) {
    return Status(ErrorKind::corrupt, "index metadata [" + path + "] failed its checksum");
  }
  nlohmann::json doc = nlohmann::json::parse(text.substr(0, marker), nullptr, false);
  if (!doc.is_object() || !doc.contains("settings") || !doc.contains("mappings")) {
    return Status(ErrorKind::corrupt, "index metadata [" + path + "] is malformed");
  }
  PHAROS_ASSIGN_OR_RETURN(IndexSettings settings, IndexSettings::parse(doc["settings"]));
  PHAROS_ASSIGN_OR_RETURN(auto registry, build_analysis(settings));
  PHAROS_ASSIGN_OR_RETURN(mapping::Mapping parsed, mapping::Mapping::parse(doc["mappings"], *registry));
  std::unique_ptr<IndexMetadata> meta(new IndexMetadata(dir, name));
  meta->settings_ = std::make_shared<const IndexSettings>(std::move(settings));
  meta->mapping_ = std::make_shared<const mapping::Mapping>(std::move(parsed));
  meta->analysis_ = registry;
  meta->derive_vector_fields_locked();
  return meta;
}

Status IndexMetadata::persist_locked(const IndexSettings& settings, const mapping::Mapping& mapping) const {
  nlohmann::json doc = {
      {"format", 1}, {"name", name_}, {"settings", settings.to_json(true)}, {"mappings", mapping.to_json()}};
  std::string text = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", crc32c(text));
  text += kCrcMarker;
  text += crc;
  text += "\n";
  return write_file_atomic(dir_ + "/" + kMetaFile, text);
}

std::shared_ptr<const IndexSettings> IndexMetadata::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

std::shared_ptr<const mapping::Mapping> IndexMetadata::mapping() const {
  std::lock_guard lock(mutex_);
  return mapping_;
}

std::shared_ptr<const analysis::AnalysisRegistry> IndexMetadata::analysis() const {
  std::lock_guard lock(mutex_);
  return analysis_;
}

std::shared_ptr<const VectorFieldConfigs> IndexMetadata::vector_fields() const {
  std::lock_guard lock(mutex_);
  return vector_fields_;
}

void IndexMetadata::derive_vector_fields_locked() {
  vector_fields_ = std::make_shared<const VectorFieldConfigs>(vector_field_configs(*mapping_, *settings_));
}

Result<std::shared_ptr<const mapping::Mapping>> IndexMetadata::merge_dynamic_update(
    const mapping::Mapping& update) {
  std::lock_guard lock(mutex_);
  // Merged against the newest mapping, not the one the document was parsed with: another
  // shard may have added fields meanwhile.
  PHAROS_ASSIGN_OR_RETURN(mapping::Mapping merged, mapping_->merged_with(update));
  auto next = std::make_shared<const mapping::Mapping>(std::move(merged));
  PHAROS_RETURN_IF_ERROR(persist_locked(*settings_, *next));
  mapping_ = next;
  derive_vector_fields_locked();
  return next;
}

Status IndexMetadata::put_mapping(const nlohmann::json& mappings) {
  std::lock_guard lock(mutex_);
  PHAROS_ASSIGN_OR_RETURN(mapping::Mapping update, mapping::Mapping::parse(mappings, *analysis_));
  PHAROS_ASSIGN_OR_RETURN(mapping::Mapping merged, mapping_->merged_with(update));
  auto next = std::make_shared<const mapping::Mapping>(std::move(merged));
  PHAROS_RETURN_IF_ERROR(persist_locked(*settings_, *next));
  mapping_ = next;
  derive_vector_fields_locked();
  return Status::ok();
}

Status IndexMetadata::put_settings(const nlohmann::json& update, bool index_open) {
  std::lock_guard lock(mutex_);
  PHAROS_ASSIGN_OR_RETURN(IndexSettings next, settings_->updated_with(update, index_open));
  auto registry = analysis_;
  if (next.analysis_json() != settings_->analysis_json()) {
    PHAROS_ASSIGN_OR_RETURN(registry, build_analysis(next));
  }
  auto next_ptr = std::make_shared<const IndexSettings>(std::move(next));
  PHAROS_RETURN_IF_ERROR(persist_locked(*next_ptr, *mapping_));
  settings_ = next_ptr;
  analysis_ = registry;
  derive_vector_fields_locked();
  return Status::ok();
}

}  // namespace pharos::engine
