// Runs a libFuzzer target without libFuzzer (g++ builds, CI): replays the files named on the
// command line, then a fixed number of deterministic pseudo-random and mutated inputs, so
// every fuzz target is at least exercised on every `make test`. With clang and
// -DPHAROS_FUZZ=ON the same targets link against libFuzzer instead.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> seed_inputs() {
  return {"", "{}", "[]", "{\"a\":1}", "{\"a\":\"b c\",\"n\":[1,2,3],\"o\":{\"x\":null}}",
          "{\"index\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"f\":1}\n",
          "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /i/_bulk?refresh=true HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde",
          "{\"a\":1e400,\"b\":-0,\"c\":\"\\ud800\"}",
          "{\"knn\":{\"vec\":{\"vector\":[1,0.5,0],\"k\":2,\"filter\":{\"term\":{\"tag\":\"x\"}},"
          "\"method_parameters\":{\"ef_search\":8},\"rescore\":{\"oversample_factor\":2}}}}"};
}

}  // namespace

int main(int argc, char** argv) {
  size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++runs;
  }
  std::mt19937_64 rng(20261121);
  const char* env = std::getenv("PHAROS_FUZZ_RUNS");
  size_t random_runs = env ? std::strtoull(env, nullptr, 10) : 3000;
  std::vector<std::string> seeds = seed_inputs();
  for (size_t i = 0; i < random_runs; ++i) {
    std::string input = seeds[rng() % seeds.size()];
    size_t mutations = 1 + rng() % 8;
    for (size_t m = 0; m < mutations; ++m) {
      size_t pos = input.empty() ? 0 : rng() % (input.size() + 1);
      switch (rng() % 4) {
        case 0: input.insert(input.begin() + pos, static_cast<char>(rng())); break;
        case 1: if (pos < input.size()) input.erase(pos, 1); break;
        case 2: if (pos < input.size()) input[pos] = static_cast<char>(rng()); break;
        default: input.insert(pos, seeds[rng() % seeds.size()]); break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++runs;
  }
  std::printf("%zu inputs ran without a crash\n", runs);
  return 0;
}
