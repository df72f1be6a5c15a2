#include "index/segment/segment_writer.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "index/codec/doc_values_format.h"
#include "index/codec/inverted_index_writer.h"
#include "index/codec/norms_format.h"
#include "index/codec/small_float.h"
#include "index/codec/stored_fields_format.h"
#include "index/codec/vectors_format.h"
#include "index/segment/segment_files.h"

namespace pharos::segment {

namespace {

struct TermBuffer {
  std::vector<uint32_t> docs;
  std::vector<uint32_t> freqs;
  std::vector<uint32_t> positions;  // freqs[i] per doc, only for fields with positions
};

struct FieldBuffer {
  std::string name;
  bool with_positions = false;
  bool with_norms = false;
  std::unordered_map<std::string, uint32_t> term_ids;
  std::vector<TermBuffer> terms;
  std::vector<uint8_t> norms;      // indexed by doc; grown lazily, padded at write
  std::vector<uint32_t> lengths;   // raw lengths, so a field repeated in one doc sums up
};

}  // namespace

struct SegmentWriter::Impl {
  std::unordered_map<std::string, size_t> field_index;
  std::vector<FieldBuffer> fields;
  codec::DocValuesWriter doc_values;
  codec::VectorsWriter vectors;
  codec::StoredFieldsWriter stored;
  std::vector<uint32_t> deleted;
  uint32_t doc_count = 0;
  int64_t min_seq_no = -1;
  int64_t max_seq_no = -1;
  size_t inverted_ram = 0;

  FieldBuffer& field(const mapping::InvertedField& f) {
    auto it = field_index.find(f.field);
    if (it != field_index.end()) return fields[it->second];
    field_index.emplace(f.field, fields.size());
    FieldBuffer& fb = fields.emplace_back();
    fb.name = f.field;
    fb.with_positions = f.index_positions;  // the first doc decides, later docs follow
    fb.with_norms = f.has_norms;
    inverted_ram += 256 + f.field.size();
    return fb;
  }

  void invert(uint32_t doc, const mapping::InvertedField& f) {
    if (f.field == kIdField) return;  // reserved: every doc's _id is indexed from the stored ids
    FieldBuffer& fb = field(f);
    if (fb.with_norms) {
      if (fb.lengths.size() <= doc) {
        fb.lengths.resize(doc + 1, 0);
        fb.norms.resize(doc + 1, 0);
        inverted_ram += 5;
      }
      fb.lengths[doc] += f.length;
      fb.norms[doc] = codec::int_to_byte4(fb.lengths[doc]);
    }
    for (const mapping::Posting& p : f.postings) {
      auto [it, inserted] = fb.term_ids.try_emplace(p.term, static_cast<uint32_t>(fb.terms.size()));
      if (inserted) {
        fb.terms.emplace_back();
        inverted_ram += 96 + p.term.size();
      }
      TermBuffer& t = fb.terms[it->second];
      if (t.docs.empty() || t.docs.back() != doc) {
        t.docs.push_back(doc);
        t.freqs.push_back(0);
        inverted_ram += 8;
      }
      ++t.freqs.back();
      if (fb.with_positions) {
        t.positions.push_back(p.position);
        inverted_ram += 4;
      }
    }
  }
};

SegmentWriter::SegmentWriter() : impl_(std::make_unique<Impl>()) {}
SegmentWriter::~SegmentWriter() = default;

uint32_t SegmentWriter::add(const mapping::ParsedDocument& doc, const DocMeta& meta) {
  Impl& m = *impl_;
  uint32_t d = m.doc_count++;
  m.stored.add(doc.source, doc.id, doc.routing, {meta.seq_no, meta.primary_term, meta.version});
  for (const mapping::InvertedField& f : doc.inverted) m.invert(d, f);
  for (const auto& v : doc.numerics) m.doc_values.add_numeric(v.field, d, v.value);
  for (const auto& v : doc.floatings) m.doc_values.add_floating(v.field, d, v.value);
  for (const auto& v : doc.keywords) m.doc_values.add_sorted(v.field, d, v.value);
  for (const auto& v : doc.ips) m.doc_values.add_sorted(v.field, d, v.value);
  for (const auto& v : doc.vectors) m.vectors.add(v.field, d, v.values);
  if (m.min_seq_no < 0 || meta.seq_no < m.min_seq_no) m.min_seq_no = meta.seq_no;
  if (meta.seq_no > m.max_seq_no) m.max_seq_no = meta.seq_no;
  return d;
}

void SegmentWriter::mark_deleted(uint32_t doc) {
  if (doc < impl_->doc_count) impl_->deleted.push_back(doc);
}

uint32_t SegmentWriter::doc_count() const { return impl_->doc_count; }

size_t SegmentWriter::ram_bytes() const {
  const Impl& m = *impl_;
  return sizeof(Impl) + m.inverted_ram + m.doc_values.ram_bytes() + m.vectors.ram_bytes() + m.stored.ram_bytes() +
         m.deleted.size() * 4;
}

namespace {

// Positions of a doc must ascend for delta coding; a field given twice in one doc may restart.
void sort_positions_per_doc(TermBuffer& t) {
  size_t at = 0;
  for (uint32_t f : t.freqs) {
    auto b = t.positions.begin() + static_cast<std::ptrdiff_t>(at);
    auto e = b + f;
    if (!std::is_sorted(b, e)) std::sort(b, e);
    at += f;
  }
}

void write_field(codec::InvertedIndexWriter& writer, FieldBuffer& fb, const uint8_t* norms) {
  std::vector<std::pair<std::string_view, uint32_t>> sorted;
  sorted.reserve(fb.term_ids.size());
  for (const auto& [term, id] : fb.term_ids) sorted.emplace_back(term, id);
  std::sort(sorted.begin(), sorted.end());
  writer.start_field(fb.name, fb.with_positions, norms);
  for (const auto& [term, id] : sorted) {
    TermBuffer& t = fb.terms[id];
    if (fb.with_positions) sort_positions_per_doc(t);
    writer.add_term(term, t.docs, t.freqs, t.positions);
  }
  writer.finish_field();
}

}  // namespace

Result<SegmentInfo> SegmentWriter::write(const std::string& dir, const std::string& name) {
  Impl& m = *impl_;
  if (m.doc_count == 0) return Status(ErrorKind::invalid_argument, "cannot write an empty segment");
  const uint32_t max_doc = m.doc_count;
  std::sort(m.fields.begin(), m.fields.end(),
            [](const FieldBuffer& a, const FieldBuffer& b) { return a.name < b.name; });

  std::vector<std::pair<std::string, std::vector<uint8_t>>> norms;
  for (FieldBuffer& fb : m.fields) {
    if (!fb.with_norms) continue;
    fb.norms.resize(max_doc, 0);
    norms.emplace_back(fb.name, std::move(fb.norms));
  }
  SegmentFileContents files;
  codec::InvertedIndexWriter inverted(name, max_doc);
  size_t norm_index = 0;
  for (FieldBuffer& fb : m.fields) {
    const uint8_t* field_norms = fb.with_norms ? norms[norm_index++].second.data() : nullptr;
    write_field(inverted, fb, field_norms);
  }
  write_id_terms(inverted, m.stored, max_doc);
  files.inverted = inverted.finish();
  files.norms = codec::write_norms_file(name, max_doc, norms);
  files.doc_values = m.doc_values.finish(name, max_doc);
  files.vectors = m.vectors.finish(name, max_doc);
  files.stored = m.stored.finish(name);

  roaring_bitmap_t* deleted = roaring_bitmap_create();
  for (uint32_t d : m.deleted) roaring_bitmap_add(deleted, d);
  auto info = write_segment_files(dir, name, max_doc, files, deleted, m.min_seq_no, m.max_seq_no);
  roaring_bitmap_free(deleted);
  impl_ = std::make_unique<Impl>();
  return info;
}

}  // namespace pharos::segment
