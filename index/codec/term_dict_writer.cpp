#include "index/codec/term_dict_writer.h"

#include <cassert>

#include "index/codec/codec_util.h"

namespace pharos::codec {

TermDictWriter::TermDictWriter(std::string_view segment) {
  write_header(out_, kTermDictCodec, kTermDictVersion, segment);
}

void TermDictWriter::start_field(std::string_view name, bool with_positions, bool with_norms) {
  FieldEntry f;
  f.name = std::string(name);
  f.flags = static_cast<uint8_t>((with_positions ? 1 : 0) | (with_norms ? 2 : 0));
  fields_.push_back(std::move(f));
  block_offsets_.clear();
  last_term_.clear();
  term_count_ = 0;
}

void TermDictWriter::add_term(std::string_view term, const TermInfo& info) {
  assert((term_count_ == 0 || term > std::string_view(last_term_)) && "terms must be strictly ascending");
  size_t prefix = 0;
  if (term_count_ % kTermsPerBlock == 0) {
    block_offsets_.push_back(out_.size());  // block starts with a full term
  } else {
    size_t limit = std::min(term.size(), last_term_.size());
    while (prefix < limit && term[prefix] == last_term_[prefix]) ++prefix;
  }
  out_.put_varint(prefix);
  out_.put_string(term.substr(prefix));
  out_.put_varint(info.doc_freq);
  out_.put_varint(info.total_term_freq - info.doc_freq);
  out_.put_varint(info.doc_offset);
  out_.put_varint(info.pos_offset);
  last_term_.assign(term.data(), term.size());
  ++term_count_;
}

void TermDictWriter::finish_field(const InvertedFieldStats& stats) {
  FieldEntry& f = fields_.back();
  f.stats = stats;
  f.term_count = term_count_;
  f.block_count = block_offsets_.size();
  f.block_table = out_.size();
  for (uint64_t off : block_offsets_) out_.put_u64(off);
}

std::string TermDictWriter::finish() {
  uint64_t dir = out_.size();
  out_.put_varint(fields_.size());
  for (const FieldEntry& f : fields_) {
    out_.put_string(f.name);
    out_.put_u8(f.flags);
    out_.put_varint(f.stats.doc_count);
    out_.put_varint(f.stats.sum_doc_freq);
    out_.put_varint(f.stats.sum_total_term_freq);
    out_.put_varint(f.term_count);
    out_.put_varint(f.block_count);
    out_.put_varint(f.block_table);
  }
  write_trailer(out_, dir);
  return out_.release();
}

}  // namespace pharos::codec
