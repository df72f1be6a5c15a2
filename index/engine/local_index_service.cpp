// The local (single-node) IndexService: an IndexMetadata plus one Shard per shard, a merge
// thread pool, and the create/open/maintain/close entry points the Catalog uses.
#include "index/engine/local_index_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "index/base/file_io.h"
#include "index/base/thread_pool.h"
#include "index/engine/catalog.h"
#include "index/engine/id_generator.h"
#include "index/engine/index_metadata.h"
#include "index/engine/shard.h"
#include "index/engine/shard_routing.h"

namespace pharos::engine {

namespace {

// OpenSearch 3.0.0's Version.id (3000099) xor the 0x08000000 marker, as index.version.created shows it.
constexpr const char* kVersionCreated = "137217827";

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status closed_error(const std::string& name) {
  return Status(ErrorKind::index_closed, "closed").with_index(name);
}

// Thread-safety: shards_ and metadata_ are fixed after construction and are themselves
// thread-safe; open_ is atomic; the merge pool is created under pool_mutex_.
class LocalIndexService final : public IndexService {
 public:
  LocalIndexService(IndexServiceConfig config, std::unique_ptr<IndexMetadata> metadata)
      : config_(std::move(config)), metadata_(std::move(metadata)) {
    auto s = metadata_->settings();
    uuid_ = s->uuid;
    creation_date_ = s->creation_date_ms;
  }
  ~LocalIndexService() override {
    // Drains queued merges while the shards still exist; no flush (a drop is a crash).
    if (pool_) pool_->shutdown();
  }

  Status open_shards() {
    const auto settings = metadata_->settings();
    const uint32_t n = settings->number_of_shards;
    uint64_t node_buffer = config_.node ? config_.node->index_buffer_bytes : (256ull << 20);
    uint64_t share = std::clamp<uint64_t>(node_buffer / n, 1ull << 20, 512ull << 20);
    for (uint32_t i = 0; i < n; ++i) {
      ShardConfig sc;
      sc.index_name = config_.name;
      sc.shard_id = i;
      sc.dir = config_.dir + "/" + std::to_string(i);
      sc.metadata = metadata_.get();
      sc.buffer_limit_bytes = share;
      sc.vectors = config_.node ? config_.node->vectors.get() : nullptr;
      PHAROS_ASSIGN_OR_RETURN(auto shard, Shard::open(sc));
      shards_.push_back(std::move(shard));
    }
    return Status::ok();
  }

  const std::string& name() const override { return config_.name; }
  const std::string& uuid() const override { return uuid_; }
  int64_t creation_date_millis() const override { return creation_date_; }
  bool is_open() const override { return open_.load(); }

  std::shared_ptr<const IndexSettings> settings() const override { return metadata_->settings(); }
  std::shared_ptr<const mapping::Mapping> mapping() const override { return metadata_->mapping(); }
  std::shared_ptr<const analysis::AnalysisRegistry> analysis() const override {
    return metadata_->analysis();
  }
  std::shared_ptr<const VectorFieldConfigs> vector_fields() const override {
    return metadata_->vector_fields();
  }

  Status put_mapping(const nlohmann::json& mappings) override {
    Status s = metadata_->put_mapping(mappings);
    return s.is_ok() ? s : s.with_index(config_.name);
  }
  Status put_settings(const nlohmann::json& update) override {
    Status s = metadata_->put_settings(update, is_open());
    return s.is_ok() ? s : s.with_index(config_.name);
  }

  Result<WriteResult> index(const IndexRequest& request) override {
    if (!is_open()) return closed_error(config_.name);
    if (!request.id.empty()) return shard(request.id, request.routing).index(request, /*sync=*/true);
    IndexRequest req = request;
    req.id = generate_document_id();
    req.auto_generated_id = true;
    return shard(req.id, req.routing).index(req, /*sync=*/true);
  }
  Result<WriteResult> remove(const DeleteRequest& request) override {
    if (!is_open()) return closed_error(config_.name);
    PHAROS_RETURN_IF_ERROR(require_id(request.id));
    return shard(request.id, request.routing).remove(request, true);
  }
  Result<WriteResult> update(const UpdateRequest& request) override {
    if (!is_open()) return closed_error(config_.name);
    PHAROS_RETURN_IF_ERROR(require_id(request.id));
    return shard(request.id, request.routing).update(request, true);
  }
  Result<GetResult> get(const GetRequest& request) const override {
    if (!is_open()) return closed_error(config_.name);
    PHAROS_RETURN_IF_ERROR(require_id(request.id));
    return shard(request.id, request.routing).get(request);
  }

  std::vector<Result<WriteResult>> bulk(std::vector<BulkOp>& ops) override;

  Status refresh() override {
    return for_each_shard([](Shard& s) { return s.refresh(); });
  }
  Status flush() override {
    return for_each_shard([](Shard& s) { return s.flush(); });
  }
  Status force_merge(int max_num_segments, bool only_expunge_deletes) override {
    return for_each_shard([&](Shard& s) { return s.force_merge(max_num_segments, only_expunge_deletes); });
  }
  uint32_t number_of_shards() const override { return static_cast<uint32_t>(shards_.size()); }
  std::vector<ShardStats> stats() const override {
    std::vector<ShardStats> out;
    for (const auto& s : shards_) out.push_back(s->stats());
    return out;
  }
  void clear_fielddata() override {
    for (const auto& s : shards_) s->clear_fielddata();
  }
  std::vector<std::shared_ptr<const ShardSearcher>> acquire_searchers() const override {
    std::vector<std::shared_ptr<const ShardSearcher>> out;
    for (const auto& s : shards_) out.push_back(s->searcher());
    return out;
  }

  void maintain() {
    if (!is_open()) return;
    ThreadPool* pool;
    {
      std::lock_guard lock(pool_mutex_);
      if (!pool_) {
        size_t threads = config_.node ? std::max<size_t>(1, config_.node->merge_threads) : 1;
        pool_ = std::make_unique<ThreadPool>(threads, "merge[" + config_.name + "]");
      }
      pool = pool_.get();
    }
    int64_t now = wall_now_ms();
    for (auto& s : shards_) s->maintain(now, pool);
  }

  Status close() {
    if (!open_.exchange(false)) return Status::ok();
    {
      std::lock_guard lock(pool_mutex_);
      if (pool_) pool_->shutdown();
    }
    Status result;
    for (auto& s : shards_) {
      Status st = s->close();
      if (!st.is_ok() && result.is_ok()) result = st;
    }
    return result;
  }

 private:
  // Bulk index ops per shard batch: bounds the parsed documents held at once.
  static constexpr size_t kIndexBatch = 256;
  static void prepare_index_op(BulkOp& op);
  static void run_index_batch(Shard& shard, const std::vector<BulkOp>& ops, std::vector<size_t>& batch,
                              std::vector<Result<WriteResult>>& results);
  static Status require_id(const std::string& id) {
    if (id.empty()) return Status(ErrorKind::invalid_argument, "if _id is specified it must not be empty");
    return Status::ok();
  }
  Shard& shard(const std::string& id, const std::string& routing) const {
    return *shards_[shard_for(id, routing, static_cast<uint32_t>(shards_.size()))];
  }
  template <typename Fn>
  Status for_each_shard(Fn&& fn) {
    if (!is_open()) return closed_error(config_.name);
    Status result;
    for (auto& s : shards_) {
      Status st = fn(*s);
      if (!st.is_ok() && result.is_ok()) result = st;
    }
    return result;
  }

  const IndexServiceConfig config_;
  std::unique_ptr<IndexMetadata> metadata_;
  std::string uuid_;
  int64_t creation_date_ = 0;
  std::atomic<bool> open_{true};
  std::vector<std::unique_ptr<Shard>> shards_;
  std::mutex pool_mutex_;
  std::unique_ptr<ThreadPool> pool_;  // declared after shards_: destroyed (drained) first
};

std::vector<Result<WriteResult>> LocalIndexService::bulk(std::vector<BulkOp>& ops) {
  std::vector<Result<WriteResult>> results(ops.size(), Status(ErrorKind::internal, "bulk item not executed"));
  if (!is_open()) {
    for (auto& r : results) r = closed_error(config_.name);
    return results;
  }
  std::vector<int> shard_of(ops.size(), -1);
  // Runs of index/create ops go to their shards in batches (one lock per batch); any other
  // op first drains the batches, so ops on one id still apply in request order.
  std::vector<std::vector<size_t>> batches(shards_.size());
  auto drain = [&] {
    for (size_t s = 0; s < batches.size(); ++s) run_index_batch(*shards_[s], ops, batches[s], results);
  };
  for (size_t i = 0; i < ops.size(); ++i) {
    BulkOp& op = ops[i];
    const bool is_index = op.kind == BulkOp::Kind::index || op.kind == BulkOp::Kind::create;
    if (is_index) prepare_index_op(op);
    const std::string& id = is_index                           ? op.index.id
                            : op.kind == BulkOp::Kind::delete_ ? op.remove.id
                                                               : op.update.id;
    const std::string& routing = is_index                           ? op.index.routing
                                 : op.kind == BulkOp::Kind::delete_ ? op.remove.routing
                                                                    : op.update.routing;
    if (id.empty()) {
      results[i] = Status(ErrorKind::invalid_argument, "if _id is specified it must not be empty");
      continue;
    }
    Shard& s = shard(id, routing);
    shard_of[i] = static_cast<int>(s.id());
    if (is_index) {
      batches[s.id()].push_back(i);
      if (batches[s.id()].size() >= kIndexBatch) run_index_batch(s, ops, batches[s.id()], results);
      continue;
    }
    drain();
    results[i] = op.kind == BulkOp::Kind::delete_ ? s.remove(op.remove, false) : s.update(op.update, false);
  }
  drain();
  // One fsync per touched shard covers every item routed to it; an item is only reported
  // successful once its shard's sync succeeded.
  std::set<int> touched(shard_of.begin(), shard_of.end());
  for (int s : touched) {
    if (s < 0) continue;
    Status synced = shards_[s]->sync_translog();
    if (synced.is_ok()) continue;
    for (size_t i = 0; i < ops.size(); ++i)
      if (shard_of[i] == s && results[i].is_ok()) results[i] = synced;
  }
  return results;
}

void LocalIndexService::prepare_index_op(BulkOp& op) {
  if (op.index.id.empty()) {
    op.index.id = generate_document_id();
    op.index.auto_generated_id = true;
  }
  if (op.kind == BulkOp::Kind::create) op.index.op_type = OpType::create;
}

void LocalIndexService::run_index_batch(Shard& shard, const std::vector<BulkOp>& ops,
                                        std::vector<size_t>& batch,
                                        std::vector<Result<WriteResult>>& results) {
  if (batch.empty()) return;
  std::vector<const IndexRequest*> requests;
  requests.reserve(batch.size());
  for (size_t i : batch) requests.push_back(&ops[i].index);
  std::vector<Result<WriteResult>> done = shard.index_many(requests);
  for (size_t k = 0; k < batch.size(); ++k) results[batch[k]] = std::move(done[k]);
  batch.clear();
}

Result<IndexSettings> with_creation_defaults(const IndexServiceConfig& config,
                                             const IndexSettings& settings) {
  nlohmann::json flat = settings.to_json(true);
  auto set_default = [&](const char* key, const std::string& value) {
    if (!flat.contains(key)) flat[key] = value;
  };
  set_default("index.number_of_shards", std::to_string(settings.number_of_shards));
  set_default("index.number_of_replicas", std::to_string(settings.number_of_replicas));
  set_default("index.uuid", generate_random_uuid());
  set_default("index.version.created", kVersionCreated);
  set_default("index.creation_date", std::to_string(wall_now_ms()));
  set_default("index.provided_name", config.name);
  return IndexSettings::parse(flat);
}

}  // namespace

Result<std::shared_ptr<IndexService>> create_index_service(const IndexServiceConfig& config,
                                                           const IndexSettings& settings,
                                                           const nlohmann::json& mappings) {
  if (path_exists(config.dir + "/meta.json")) {
    return Status(ErrorKind::already_exists, "index [" + config.name + "] already exists")
        .with_index(config.name);
  }
  PHAROS_ASSIGN_OR_RETURN(IndexSettings full, with_creation_defaults(config, settings));
  auto metadata = IndexMetadata::create(config.dir, config.name, full, mappings);
  if (!metadata.is_ok()) {
    Status s = metadata.status();
    return s.with_index(config.name);
  }
  auto service = std::make_shared<LocalIndexService>(config, std::move(metadata).value());
  PHAROS_RETURN_IF_ERROR(service->open_shards());
  return std::shared_ptr<IndexService>(std::move(service));
}

Result<std::shared_ptr<IndexService>> open_index_service(const IndexServiceConfig& config) {
  auto metadata = IndexMetadata::load(config.dir, config.name);
  if (!metadata.is_ok()) {
    Status s = metadata.status();
    return s.with_index(config.name);
  }
  auto service = std::make_shared<LocalIndexService>(config, std::move(metadata).value());
  PHAROS_RETURN_IF_ERROR(service->open_shards());
  return std::shared_ptr<IndexService>(std::move(service));
}

void run_index_maintenance(IndexService& index) {
  if (auto* local = dynamic_cast<LocalIndexService*>(&index)) local->maintain();
}

Status close_index_service(IndexService& index) {
  if (auto* local = dynamic_cast<LocalIndexService*>(&index)) return local->close();
  return Status::ok();
}

}  // namespace pharos::engine
