// Shard write path: parse (with dynamic mapping), versioning checks against the live version
// map, seq_no assignment, translog append, write buffer, deletes; and the update API.
#include <chrono>

#include "index/analysis/analysis_registry.h"
#include "index/engine/document_merge.h"
#include "index/engine/id_generator.h"
#include "index/engine/shard.h"
#include "index/mapping/document_parser.h"

namespace pharos::engine {

namespace {

constexpr size_t kMaxIdBytes = 512;

int64_t tombstone_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Status conflict(const std::string& id, const std::string& detail) {
  return Status(ErrorKind::version_conflict, "[" + id + "]: version conflict, " + detail);
}

Status validate_id(const std::string& id) {
  if (id.size() > kMaxIdBytes) {
    return Status(ErrorKind::invalid_argument, "id [" + id + "] is too long, must be no longer than 512 bytes but was: " +
                                                   std::to_string(id.size()));
  }
  return Status::ok();
}

// An engine-generated id with no concurrency check cannot match an existing document, so
// the version lookup is skipped (and, while nobody needs exact lookups, the version map).
bool is_append_only(const IndexRequest& request) {
  return request.auto_generated_id && !request.check.if_seq_no && !request.check.if_primary_term &&
         request.check.version_type == VersionType::internal;
}

}  // namespace

Status Shard::check_usable_locked() const {
  if (closed_) return Status(ErrorKind::index_closed, "closed").with_index(config_.index_name);
  return failure_;
}

Status Shard::check_write_locked(const std::string& id, const CurrentDoc& cur, const ConcurrencyCheck& check,
                                 bool create, int64_t* version) const {
  if (check.if_seq_no || check.if_primary_term) {
    int64_t want_seq = check.if_seq_no.value_or(cur.seq_no);
    int64_t want_term = check.if_primary_term.value_or(cur.primary_term);
    std::string required =
        "required seqNo [" + std::to_string(want_seq) + "], primary term [" + std::to_string(want_term) + "]. ";
    if (!cur.exists()) return conflict(id, required + "but no document was found");
    if (cur.seq_no != want_seq || cur.primary_term != want_term) {
      return conflict(id, required + "current document has seqNo [" + std::to_string(cur.seq_no) +
                              "] and primary term [" + std::to_string(cur.primary_term) + "]");
    }
  }
  if (create && cur.exists()) {
    return conflict(id, "document already exists (current version [" + std::to_string(cur.version) + "])");
  }
  switch (check.version_type) {
    case VersionType::internal:
      // A tombstone keeps counting (OpenSearch keeps deleted versions for gc_deletes).
      *version = cur.found ? cur.version + 1 : 1;
      return Status::ok();
    case VersionType::external:
    case VersionType::external_gte: {
      if (!check.version) return Status(ErrorKind::invalid_argument, "an external version is required");
      int64_t v = *check.version;
      if (cur.found) {
        if (check.version_type == VersionType::external && v <= cur.version) {
          return conflict(id, "current version [" + std::to_string(cur.version) +
                                  "] is higher or equal to the one provided [" + std::to_string(v) + "]");
        }
        if (check.version_type == VersionType::external_gte && v < cur.version) {
          return conflict(id, "current version [" + std::to_string(cur.version) + "] is higher than the one provided [" +
                                  std::to_string(v) + "]");
        }
      }
      *version = v;
      return Status::ok();
    }
  }
  return Status(ErrorKind::internal, "unknown version type");
}

void Shard::delete_copy_locked(const CurrentDoc& cur) {
  if (!cur.exists()) return;
  if (cur.buffer_doc) {
    writer_->mark_deleted(*cur.buffer_doc);
    return;
  }
  if (cur.segment < 0) return;
  SegmentState& st = segments_[cur.segment];
  // Copy-on-write: a LiveDocs that searchers or a merge hold is never modified in place.
  if (!st.live) {
    st.live = std::make_shared<segment::LiveDocs>();
  } else if (st.live_published) {
    st.live = std::make_shared<segment::LiveDocs>(*st.live);
  }
  st.live_published = false;
  st.live->mark_deleted(cur.doc);
  st.info.del_count = st.live->deleted_count();
  st.live_dirty = true;
  live_changes_pending_ = true;
}

void Shard::add_document_locked(mapping::ParsedDocument&& doc, int64_t seq_no, int64_t primary_term, int64_t version,
                                const CurrentDoc& cur, bool track_version) {
  delete_copy_locked(cur);
  const uint32_t buffer_doc = writer_->add(doc, segment::DocMeta{seq_no, primary_term, version});
  commit_dirty_ = true;
  if (!track_version) {
    ++unmapped_buffer_docs_;
    return;
  }
  VersionEntry entry;
  entry.seq_no = seq_no;
  entry.primary_term = primary_term;
  entry.version = version;
  entry.routing = std::move(doc.routing);
  entry.source = std::move(doc.source);
  entry.buffer_doc = buffer_doc;
  versions_.put(doc.id, std::move(entry));
}

Result<Shard::CurrentDoc> Shard::lookup_exact_locked(std::string_view id) {
  if (unmapped_buffer_docs_ > 0 && versions_.find(id) == nullptr) {
    // Append-only docs in the buffer are not in the version map: make them findable first,
    // as OpenSearch refreshes an "unsafe" version map before a realtime read or an update.
    Status s = refresh_locked();
    if (!s.is_ok()) {
      failure_ = s;
      return s;
    }
  }
  saw_exact_lookup_ = true;
  append_only_mode_ = false;
  return lookup_locked(id);
}

Status Shard::maybe_refresh_for_memory_locked() {
  if (writer_->ram_bytes() + versions_.ram_bytes() < config_.buffer_limit_bytes) return Status::ok();
  Status s = refresh_locked();
  if (!s.is_ok()) failure_ = s;
  return s;
}

Result<mapping::ParsedDocument> Shard::parse_document(const std::string& id, const std::string& routing,
                                                      const std::string& source) {
  auto mapping = config_.metadata->mapping();
  auto analysis = config_.metadata->analysis();
  mapping::DocumentParser parser(*mapping, *analysis);
  auto parsed = parser.parse(id, routing, source);
  if (!parsed.is_ok()) {
    Status s = parsed.status();
    return s.with_index(config_.index_name);
  }
  mapping::ParseOutcome outcome = std::move(parsed).value();
  if (outcome.dynamic_update) {
    // Durable in meta.json before the write can be acknowledged.
    auto merged = config_.metadata->merge_dynamic_update(*outcome.dynamic_update);
    if (!merged.is_ok()) {
      Status s = merged.status();
      return s.with_index(config_.index_name);
    }
  }
  outcome.document.id = id;
  outcome.document.routing = routing;
  return std::move(outcome.document);
}

Result<WriteResult> Shard::index(const IndexRequest& request, bool sync) {
  if (request.id.empty()) {
    IndexRequest req = request;
    req.id = generate_document_id();
    req.auto_generated_id = true;
    return index(req, sync);
  }
  PHAROS_RETURN_IF_ERROR(validate_id(request.id));
  PHAROS_ASSIGN_OR_RETURN(mapping::ParsedDocument doc, parse_document(request.id, request.routing, request.source));
  return index_parsed(request, std::move(doc), sync);
}

Result<WriteResult> Shard::index_parsed(const IndexRequest& request, mapping::ParsedDocument&& doc, bool sync) {
  uint64_t location = 0;
  std::unique_lock lock(mutex_);
  Result<WriteResult> result = index_locked(request, std::move(doc), &location);
  lock.unlock();
  if (result.is_ok() && sync) PHAROS_RETURN_IF_ERROR(translog_->sync_to(location));
  return result;
}

std::vector<Result<WriteResult>> Shard::index_many(const std::vector<const IndexRequest*>& requests) {
  // Parsing and analysis need no lock and run concurrently with other writers; the lock is
  // then taken once for the whole batch instead of once per document.
  std::vector<Result<mapping::ParsedDocument>> docs;
  docs.reserve(requests.size());
  for (const IndexRequest* request : requests) {
    Status valid = validate_id(request->id);
    if (!valid.is_ok()) {
      docs.emplace_back(valid);
      continue;
    }
    docs.push_back(parse_document(request->id, request->routing, request->source));
  }
  std::vector<Result<WriteResult>> results;
  results.reserve(requests.size());
  std::lock_guard lock(mutex_);
  uint64_t location = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!docs[i].is_ok()) {
      results.emplace_back(docs[i].status());
      continue;
    }
    results.push_back(index_locked(*requests[i], std::move(docs[i]).value(), &location));
  }
  return results;
}

Result<WriteResult> Shard::index_locked(const IndexRequest& request, mapping::ParsedDocument&& doc,
                                        uint64_t* location) {
  PHAROS_RETURN_IF_ERROR(check_usable_locked());
  const bool append_only = is_append_only(request);
  CurrentDoc cur;
  if (!append_only) {
    PHAROS_ASSIGN_OR_RETURN(cur, lookup_exact_locked(request.id));
  }
  int64_t version = 0;
  Status check = check_write_locked(request.id, cur, request.check, request.op_type == OpType::create, &version);
  if (!check.is_ok()) return check.with_index(config_.index_name);
  WriteResult result;
  const int64_t seq_no = next_seq_no_;
  // The record borrows the parsed document's source: it is copied once, into the log.
  TranslogRecordView record{TranslogOp::index, seq_no, result.primary_term, version, request.id, request.routing,
                            doc.source};
  auto appended = translog_->append(record);
  if (!appended.is_ok()) {
    failure_ = appended.status();
    return failure_;
  }
  *location = appended.value();
  max_seq_no_ = next_seq_no_++;
  result.id = request.id;
  result.outcome = cur.exists() ? WriteOutcome::updated : WriteOutcome::created;
  result.version = version;
  result.seq_no = seq_no;
  result.shard = config_.shard_id;
  add_document_locked(std::move(doc), seq_no, result.primary_term, version, cur, !append_only || !append_only_mode_);
  ++index_total_;
  (void)maybe_refresh_for_memory_locked();  // the op is logged; a failed refresh fails later ops
  return result;
}

Result<WriteResult> Shard::remove(const DeleteRequest& request, bool sync) {
  WriteResult result;
  uint64_t location = 0;
  {
    std::lock_guard lock(mutex_);
    PHAROS_RETURN_IF_ERROR(check_usable_locked());
    PHAROS_ASSIGN_OR_RETURN(CurrentDoc cur, lookup_exact_locked(request.id));
    int64_t version = 0;
    Status check = check_write_locked(request.id, cur, request.check, /*create=*/false, &version);
    if (!check.is_ok()) return check.with_index(config_.index_name);
    TranslogRecord record;
    record.op = TranslogOp::remove;
    record.seq_no = next_seq_no_;
    record.version = version;
    record.id = request.id;
    record.routing = request.routing;
    auto appended = translog_->append(record);
    if (!appended.is_ok()) {
      failure_ = appended.status();
      return failure_;
    }
    location = appended.value();
    max_seq_no_ = next_seq_no_++;
    delete_copy_locked(cur);
    VersionEntry tomb;
    tomb.seq_no = record.seq_no;
    tomb.version = version;
    tomb.deleted = true;
    tomb.tombstone_ms = tombstone_now_ms();
    versions_.put(request.id, std::move(tomb));
    commit_dirty_ = true;
    result.id = request.id;
    result.outcome = cur.exists() ? WriteOutcome::deleted : WriteOutcome::not_found;
    result.version = version;
    result.seq_no = record.seq_no;
    result.shard = config_.shard_id;
    ++delete_total_;
  }
  if (sync) PHAROS_RETURN_IF_ERROR(translog_->sync_to(location));
  return result;
}

Result<WriteResult> Shard::update(const UpdateRequest& request, bool sync) {
  const bool user_check = request.check.if_seq_no.has_value() || request.check.if_primary_term.has_value();
  for (int attempt = 0;; ++attempt) {
    PHAROS_ASSIGN_OR_RETURN(GetResult current, get(GetRequest{request.id, request.routing, true}));
    IndexRequest write;
    write.id = request.id;
    write.routing = request.routing;
    if (!current.found) {
      if (request.upsert) {
        write.source = *request.upsert;
      } else if (request.doc_as_upsert && request.doc) {
        write.source = *request.doc;
      } else {
        return Status(ErrorKind::document_missing, "[" + request.id + "]: document missing").with_index(config_.index_name);
      }
      write.op_type = OpType::create;  // a concurrent create makes this a conflict → retry
    } else {
      if (!request.doc) return Status(ErrorKind::invalid_argument, "Validation Failed: 1: script or doc is missing;");
      auto merged = merge_partial_document(current.source, *request.doc);
      if (!merged.is_ok()) {
        Status s = merged.status();
        return s.with_index(config_.index_name);
      }
      if (!merged->changed && request.detect_noop) {
        WriteResult noop;
        noop.id = request.id;
        noop.outcome = WriteOutcome::noop;
        noop.version = current.version;
        noop.seq_no = current.seq_no;
        noop.primary_term = current.primary_term;
        noop.shard = config_.shard_id;
        noop.source = std::move(current.source);
        return noop;
      }
      write.source = std::move(merged->source);
      // Optimistic: apply only if nobody wrote the doc since we read it.
      write.check.if_seq_no = current.seq_no;
      write.check.if_primary_term = current.primary_term;
    }
    if (user_check) write.check = request.check;
    auto result = index(write, sync);
    if (!result.is_ok()) {
      bool retry = result.status().kind() == ErrorKind::version_conflict && !user_check &&
                   attempt < std::max(request.retry_on_conflict, 0);
      if (retry) continue;
      return result;
    }
    result->outcome = current.found ? WriteOutcome::updated : WriteOutcome::created;
    result->source = std::move(write.source);
    return result;
  }
}

}  // namespace pharos::engine
