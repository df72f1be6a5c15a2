// libFuzzer target: any byte string as a _bulk body. The parser must never crash, and every
// item it returns must point inside the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "server/api/bulk_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pharos::api::BulkDefaults defaults;
  defaults.index = "fuzz";
  std::vector<pharos::api::BulkItem> items;
  auto error = pharos::api::parse_bulk_body(body, defaults, items);
  if (!error) {
    (void)pharos::api::validate_bulk_items(items).reason();
    for (const auto& item : items) {
      if (!item.source.empty() &&
          (item.source.data() < body.data() || item.source.data() + item.source.size() > body.data() + body.size())) {
        std::abort();
      }
      if (item.source_filter && !item.source.empty()) (void)item.source_filter->apply(item.source);
    }
  }
  return 0;
}
