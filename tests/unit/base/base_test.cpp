#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "index/base/bytes.h"
#include "index/base/crc32c.h"
#include "index/base/file_io.h"
#include "index/base/status.h"
#include "index/base/thread_pool.h"

namespace pharos {
namespace {

TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(crc32c(std::string_view("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32c(std::string_view("")), 0u);
  std::string zeros(32, '\0');
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
}

TEST(Crc32c, ExtendEqualsWhole) {
  std::string data = "the quick brown fox jumps over the lazy dog, twice over";
  uint32_t whole = crc32c(data);
  uint32_t part = crc32c_extend(crc32c(data.substr(0, 17)), data.data() + 17, data.size() - 17);
  EXPECT_EQ(whole, part);
}

TEST(Bytes, VarintRoundTripAndOverrun) {
  ByteWriter w;
  const uint64_t values[] = {0, 1, 127, 128, 300, 1ull << 35, ~0ull};
  for (uint64_t v : values) w.put_varint(v);
  w.put_zigzag(-5);
  w.put_string("héllo");
  ByteReader r(w.data());
  for (uint64_t v : values) EXPECT_EQ(r.get_varint(), v);
  EXPECT_EQ(r.get_zigzag(), -5);
  EXPECT_EQ(r.get_string(), "héllo");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
  r.get_u32();
  EXPECT_FALSE(r.ok()) << "reading past the end must set the error flag";
}

TEST(Status, ResultCarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.is_ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Status(ErrorKind::not_found, "nope");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::not_found);
  EXPECT_EQ(bad.status().to_string(), "not_found: nope");
}

TEST(FileIo, AtomicWriteAndAppend) {
  auto dir = std::filesystem::temp_directory_path() / ("pharos_base_test_" + std::to_string(::getpid()));
  ASSERT_TRUE(create_directories(dir.string()).is_ok());
  std::string path = (dir / "a.bin").string();
  ASSERT_TRUE(write_file_atomic(path, "first").is_ok());
  ASSERT_TRUE(write_file_atomic(path, "second").is_ok());
  EXPECT_EQ(*read_file(path), "second");
  EXPECT_FALSE(path_exists(path + ".tmp"));

  auto file = AppendFile::open((dir / "log").string());
  ASSERT_TRUE(file.is_ok());
  ASSERT_TRUE(file->append("abc").is_ok());
  ASSERT_TRUE(file->append("def").is_ok());
  ASSERT_TRUE(file->sync().is_ok());
  EXPECT_EQ(file->size(), 6u);
  ASSERT_TRUE(file->truncate(4).is_ok());
  ASSERT_TRUE(file->close().is_ok());
  EXPECT_EQ(*read_file((dir / "log").string()), "abcd");
  EXPECT_EQ(read_file((dir / "missing").string()).status().kind(), ErrorKind::not_found);
  ASSERT_TRUE(remove_all(dir.string()).is_ok());
}

TEST(ThreadPool, RunsEverythingBeforeShutdown) {
  std::atomic<int> counter{0};
  {
    ThreadPool pool(3, "test");
    for (int i = 0; i < 1000; ++i) pool.submit([&] { counter.fetch_add(1); });
    pool.shutdown();
    EXPECT_FALSE(pool.submit([] {}));
  }
  EXPECT_EQ(counter.load(), 1000);
}

}  // namespace
}  // namespace pharos
