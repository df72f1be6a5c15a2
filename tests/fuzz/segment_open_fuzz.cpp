// libFuzzer target: the input bytes replace one file of a small valid segment (the first byte
// picks which; its high bit re-seals the file with a correct CRC32C so the structural checks
// behind the checksum get fuzzed too), then the segment is opened and, if that succeeds, read
// through every accessor. Opening must fail cleanly (corrupt) or succeed; nothing may crash or read out of
// bounds. Build with -DPHAROS_FUZZ=ON (clang) and run: segment_open_fuzz -max_len=65536.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "index/base/crc32c.h"
#include "index/base/file_io.h"
#include "index/mapping/parsed_document.h"
#include "index/segment/segment.h"
#include "index/segment/segment_writer.h"

namespace {

using namespace pharos;  // NOLINT: a .cpp entry point

struct Fixture {
  std::string dir;
  segment::SegmentInfo info;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture fx;
    std::string tmpl = (std::filesystem::temp_directory_path() / "pharos_fuzz_XXXXXX").string();
    fx.dir = ::mkdtemp(tmpl.data()) ? tmpl : "/tmp";
    segment::SegmentWriter writer;
    for (uint32_t n = 0; n < 200; ++n) {
      mapping::ParsedDocument doc;
      doc.id = "id" + std::to_string(n);
      doc.source = "{\"n\":" + std::to_string(n) + "}";
      mapping::InvertedField body{"body", {}, true, true, 3};
      for (uint32_t p = 0; p < 3; ++p) body.postings.push_back({"w" + std::to_string((n + p) % 7), p, 0, 0});
      doc.inverted.push_back(body);
      doc.numerics.push_back({"num", n});
      doc.keywords.push_back({"tag", "t" + std::to_string(n % 5)});
      doc.vectors.push_back({"v", {1.0f, float(n)}});
      writer.add(doc, {n, 1, 1});
    }
    fx.info = writer.write(fx.dir, "_0").value();
    return fx;
  }();
  return f;
}

void exercise(const segment::Segment& s) {
  for (const std::string& field : s.indexed_fields()) {
    auto terms = s.terms(field);
    int budget = 1000;
    while (terms && terms->next() && budget-- > 0) {
      auto it = s.postings(field, terms->term());
      if (!it) continue;
      for (uint32_t d = it->next_doc(); d != segment::kNoMoreDocs; d = it->next_doc()) {
        for (uint32_t i = 0; i < it->freq() && i < 64; ++i) it->next_position();
      }
    }
  }
  for (uint32_t d = 0; d < s.max_doc(); ++d) {
    (void)s.source(d);
    (void)s.id(d);
    (void)s.find_id(s.id(d));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Fixture& fx = fixture();
  const std::string& target = fx.info.files[(data[0] & 0x7F) % fx.info.files.size()];
  std::string path = fx.dir + "/" + target;
  std::string original = read_file(path).value();
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 0x80) != 0 && bytes.size() >= 4) {
    uint32_t crc = crc32c(bytes.data(), bytes.size() - 4);
    std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  }
  (void)write_file(path, bytes, false);
  auto seg = segment::Segment::open(fx.dir, fx.info);
  if (seg.is_ok()) exercise(**seg);
  (void)write_file(path, original, false);
  return 0;
}
