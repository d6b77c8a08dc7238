// What the storage tests share beyond tests/testing/status_matchers.h: a
// StatusOr matcher and the append batches they write.
#ifndef GONGXIN_TESTS_STORAGE_STORE_TESTING_H_
#define GONGXIN_TESTS_STORAGE_STORE_TESTING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store.h"

namespace gongxin::storage {

// IsOkAndHolds(m): a StatusOr that is OK and whose value matches m.
MATCHER_P(IsOkAndHolds, matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

// A batch appending `entries` to `chain`, whose length must be `expected_size`.
inline AppendBatch Entries(std::string chain, uint64_t expected_size,
                           std::vector<std::string> entries) {
  AppendBatch batch;
  batch.chain = std::move(chain);
  batch.expected_size = expected_size;
  batch.entries = std::move(entries);
  return batch;
}

// Every entry of `chain`, read with ReadEntries (a failure is a test
// failure, and what was read is returned).
inline std::vector<std::string> ReadAll(Store& store, absl::string_view chain) {
  std::vector<std::string> out;
  absl::StatusOr<uint64_t> size = store.Size(chain);
  EXPECT_TRUE(size.ok()) << size.status();
  const absl::Status read = store.ReadEntries(chain, 0, size.value_or(0),
                                              [&](uint64_t, absl::string_view bytes) {
                                                out.emplace_back(bytes);
                                                return absl::OkStatus();
                                              });
  EXPECT_TRUE(read.ok()) << read;
  return out;
}

}  // namespace gongxin::storage

#endif  // GONGXIN_TESTS_STORAGE_STORE_TESTING_H_
