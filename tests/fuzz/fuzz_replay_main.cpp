// Runs a libFuzzer target without libFuzzer (g++ has none): every file of its seed corpus, then a bounded
// number of deterministic mutations of each seed. CI runs this under ASan/UBSan as a regression test of the
// parser; for real fuzzing build the target with clang -fsanitize=fuzzer (see each target's header).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Enough to shake out shallow crashes in a second or two; not a substitute for coverage-guided fuzzing.
constexpr int kMutationsPerSeed = 2000;

std::vector<std::uint8_t> mutate(std::vector<std::uint8_t> input, std::mt19937& random) {
  std::uniform_int_distribution<int> action(0, 3);
  std::uniform_int_distribution<int> byte(0, 255);
  int edits = 1 + static_cast<int>(random() % 4);
  for (int i = 0; i < edits; ++i) {
    std::size_t at = input.empty() ? 0 : random() % input.size();
    switch (action(random)) {
      case 0:
        if (!input.empty()) {
          input[at] = static_cast<std::uint8_t>(byte(random));
        }
        break;
      case 1:
        input.insert(input.begin() + static_cast<long>(at), static_cast<std::uint8_t>(byte(random)));
        break;
      case 2:
        if (!input.empty()) {
          input.erase(input.begin() + static_cast<long>(at));
        }
        break;
      default:
        if (!input.empty()) {
          // Duplicate a slice: grows nesting and repeats keys.
          std::size_t length = 1 + random() % std::min<std::size_t>(input.size() - at, 16);
          std::vector<std::uint8_t> slice(input.begin() + static_cast<long>(at),
                                          input.begin() + static_cast<long>(at + length));
          input.insert(input.begin() + static_cast<long>(at), slice.begin(), slice.end());
        }
        break;
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR\n";
    return 2;
  }
  std::vector<std::vector<std::uint8_t>> seeds{{}};
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream file(entry.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  std::mt19937 random(20261123);  // fixed: a failure reproduces
  std::size_t runs = 0;
  for (const auto& seed : seeds) {
    LLVMFuzzerTestOneInput(seed.data(), seed.size());
    ++runs;
    auto current = seed;
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      current = mutate(current, random);
      LLVMFuzzerTestOneInput(current.data(), current.size());
      ++runs;
      if (current.size() > 4096) {
        current = seed;
      }
    }
  }
  std::cout << runs << " inputs, no crash\n";
  return 0;
}
