#include "index/segment/segment.h"

#include <algorithm>

#include "index/base/mmap_file.h"
#include "index/codec/codec_util.h"
#include "index/codec/doc_values_format.h"
#include "index/codec/norms_format.h"
#include "index/codec/postings_format.h"
#include "index/codec/stored_fields_format.h"
#include "index/codec/term_dict_reader.h"
#include "index/codec/vectors_format.h"
#include "index/segment/segment_files.h"
#include "index/segment/segment_readers.h"

namespace pharos::segment {

namespace {

enum FileSlot { kTim, kDoc, kPos, kNrm, kDvd, kFdt, kVec };

struct FileSpec {
  const char* codec;
  uint32_t version;
};

constexpr FileSpec kFileSpecs[kSegmentFileCount] = {
    {codec::kTermDictCodec, codec::kTermDictVersion}, {codec::kDocCodec, codec::kPostingsVersion},
    {codec::kPosCodec, codec::kPostingsVersion},      {codec::kNormsCodec, codec::kNormsVersion},
    {codec::kDocValuesCodec, codec::kDocValuesVersion}, {codec::kStoredFieldsCodec, codec::kStoredFieldsVersion},
    {codec::kVectorsCodec, codec::kVectorsVersion}};

}  // namespace

struct Segment::Impl {
  std::string dir;
  SegmentInfo info;
  std::shared_ptr<MmapFile> maps[kSegmentFileCount];
  codec::VerifiedFile files[kSegmentFileCount];
  codec::TermDictReader terms;
  codec::NormsReader norms;
  codec::DocValuesReader doc_values;
  codec::StoredFieldsReader stored;
  codec::VectorsReader vectors;
  // One adapter per doc values column, parallel to doc_values.columns(); null for other kinds.
  std::vector<std::unique_ptr<ColumnNumericDocValues>> numerics;
  std::vector<std::unique_ptr<ColumnFloatingDocValues>> floatings;
  std::vector<std::unique_ptr<ColumnSortedSetDocValues>> sorted_sets;
  std::vector<std::unique_ptr<ColumnVectorValues>> vector_values;  // parallel to vectors.fields()

  codec::PostingsSource postings_source(const codec::TermField& field) const {
    codec::PostingsSource s;
    s.doc_bytes = files[kDoc].bytes;
    s.doc_end = files[kDoc].directory_begin;
    s.pos_bytes = files[kPos].bytes;
    s.pos_begin = files[kPos].body_begin;
    s.pos_end = files[kPos].directory_begin;
    s.norms = field.with_norms ? norms.field(field.name) : nullptr;
    s.max_doc = info.max_doc;
    s.with_positions = field.with_positions;
    return s;
  }

  Status open_files() {
    for (size_t i = 0; i < kSegmentFileCount; ++i) {
      std::string name = segment_file_name(info.name, kSegmentExtensions[i]);
      auto map = MmapFile::open(dir + "/" + name);
      if (!map.is_ok()) {
        if (map.status().kind() == ErrorKind::not_found) return codec::corrupt_file(name, "missing");
        return map.status();
      }
      maps[i] = std::move(map).value();
      PHAROS_ASSIGN_OR_RETURN(files[i], codec::verify(maps[i]->bytes(), kFileSpecs[i].codec,
                                                      kFileSpecs[i].version, info.name, name));
    }
    PHAROS_ASSIGN_OR_RETURN(terms, codec::TermDictReader::open(files[kTim]));
    PHAROS_ASSIGN_OR_RETURN(norms, codec::NormsReader::open(files[kNrm], info.max_doc));
    PHAROS_ASSIGN_OR_RETURN(doc_values, codec::DocValuesReader::open(files[kDvd], info.max_doc));
    PHAROS_ASSIGN_OR_RETURN(stored, codec::StoredFieldsReader::open(files[kFdt], info.max_doc));
    PHAROS_ASSIGN_OR_RETURN(vectors, codec::VectorsReader::open(files[kVec], info.max_doc));
    for (const codec::TermField& f : terms.fields()) {
      if (f.with_norms && norms.field(f.name) == nullptr) {
        return codec::corrupt_file(segment_file_name(info.name, "nrm"), "missing norms of [" + f.name + "]");
      }
    }
    for (const codec::DocValuesColumn& c : doc_values.columns()) {
      numerics.emplace_back(c.kind == codec::DocValuesKind::numeric ? new ColumnNumericDocValues(c) : nullptr);
      floatings.emplace_back(c.kind == codec::DocValuesKind::floating ? new ColumnFloatingDocValues(c) : nullptr);
      sorted_sets.emplace_back(c.kind == codec::DocValuesKind::sorted_set ? new ColumnSortedSetDocValues(c)
                                                                           : nullptr);
    }
    for (const codec::VectorColumn& c : vectors.fields()) vector_values.emplace_back(new ColumnVectorValues(c));
    return Status::ok();
  }

  size_t column_index(codec::DocValuesKind kind, std::string_view field) const {
    const codec::DocValuesColumn* c = doc_values.column(kind, field);
    return c == nullptr ? SIZE_MAX : static_cast<size_t>(c - doc_values.columns().data());
  }
};

Segment::Segment(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Segment::~Segment() = default;

Result<std::shared_ptr<Segment>> Segment::open(const std::string& dir, const SegmentInfo& info) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->info = info;
  PHAROS_RETURN_IF_ERROR(impl->open_files());
  return std::shared_ptr<Segment>(new Segment(std::move(impl)));
}

const SegmentInfo& Segment::info() const { return impl_->info; }
uint32_t Segment::max_doc() const { return impl_->info.max_doc; }

std::vector<std::string> Segment::indexed_fields() const {
  std::vector<std::string> out;
  for (const codec::TermField& f : impl_->terms.fields()) out.push_back(f.name);
  return out;
}

std::optional<FieldStats> Segment::field_stats(std::string_view field) const {
  const codec::TermField* f = impl_->terms.field(field);
  if (f == nullptr) return std::nullopt;
  return FieldStats{f->stats.doc_count, f->stats.sum_doc_freq, f->stats.sum_total_term_freq};
}

std::unique_ptr<TermsEnum> Segment::terms(std::string_view field) const {
  const codec::TermField* f = impl_->terms.field(field);
  if (f == nullptr) return nullptr;
  return std::make_unique<SegmentTermsEnum>(impl_->terms, *f);
}

std::unique_ptr<PostingsIterator> Segment::postings(std::string_view field, std::string_view term) const {
  const codec::TermField* f = impl_->terms.field(field);
  codec::TermInfo info;
  if (f == nullptr || !impl_->terms.seek_exact(*f, term, &info)) return nullptr;
  auto it = std::make_unique<SegmentPostings>();
  if (!it->reset(impl_->postings_source(*f), info)) return nullptr;  // damaged entry: never served
  return it;
}

uint32_t Segment::doc_freq(std::string_view field, std::string_view term) const {
  const codec::TermField* f = impl_->terms.field(field);
  codec::TermInfo info;
  if (f == nullptr || !impl_->terms.seek_exact(*f, term, &info)) return 0;
  return info.doc_freq;
}

const uint8_t* Segment::norms(std::string_view field) const { return impl_->norms.field(field); }

bool Segment::has_positions(std::string_view field) const {
  const codec::TermField* f = impl_->terms.field(field);
  return f != nullptr && f->with_positions;
}

const NumericDocValues* Segment::numeric_doc_values(std::string_view field) const {
  size_t i = impl_->column_index(codec::DocValuesKind::numeric, field);
  return i == SIZE_MAX ? nullptr : impl_->numerics[i].get();
}

const FloatingDocValues* Segment::floating_doc_values(std::string_view field) const {
  size_t i = impl_->column_index(codec::DocValuesKind::floating, field);
  return i == SIZE_MAX ? nullptr : impl_->floatings[i].get();
}

const SortedSetDocValues* Segment::keyword_doc_values(std::string_view field) const {
  size_t i = impl_->column_index(codec::DocValuesKind::sorted_set, field);
  return i == SIZE_MAX ? nullptr : impl_->sorted_sets[i].get();
}

std::vector<std::string> Segment::doc_value_fields() const {
  std::vector<std::string> out;
  for (const codec::DocValuesColumn& c : impl_->doc_values.columns()) out.push_back(c.name);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::string> Segment::source(uint32_t doc) const { return impl_->stored.source(doc); }

std::string_view Segment::id(uint32_t doc) const {
  return doc < max_doc() ? impl_->stored.id(doc) : std::string_view();
}

std::string_view Segment::routing(uint32_t doc) const {
  return doc < max_doc() ? impl_->stored.routing(doc) : std::string_view();
}

DocMeta Segment::meta(uint32_t doc) const {
  if (doc >= max_doc()) return {};
  codec::StoredMeta m = impl_->stored.meta(doc);
  return {m.seq_no, m.primary_term, m.version};
}

std::optional<uint32_t> Segment::find_id(std::string_view id) const {
  // An id indexed twice in one segment (an update within one write buffer) maps to several
  // docs; the newest (highest doc id) is the one that can be live.
  auto it = postings(kIdField, id);
  if (!it) return std::nullopt;
  uint32_t last = kNoMoreDocs;
  for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc()) last = d;
  if (last == kNoMoreDocs) return std::nullopt;
  return last;
}

std::vector<std::string> Segment::vector_fields() const {
  std::vector<std::string> out;
  for (const codec::VectorColumn& c : impl_->vectors.fields()) out.push_back(c.name);
  return out;
}

const VectorValues* Segment::vectors(std::string_view field) const {
  const codec::VectorColumn* c = impl_->vectors.field(field);
  if (c == nullptr) return nullptr;
  return impl_->vector_values[static_cast<size_t>(c - impl_->vectors.fields().data())].get();
}

int64_t ColumnSortedSetDocValues::find(std::string_view value) const {
  uint32_t lo = 0, hi = c_.dict_count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (c_.dict_value(mid) < value) lo = mid + 1; else hi = mid;
  }
  if (lo < c_.dict_count && c_.dict_value(lo) == value) return lo;
  return -static_cast<int64_t>(lo) - 1;
}

}  // namespace pharos::segment
