// What the server tests check of a refused RPC (non-negotiable 3: bad input
// gets a clear error and changes nothing): its status code, a message
// naming the field, and that the meeting's ledger did not grow.
#ifndef GONGXIN_TESTS_SERVER_REFUSALS_H_
#define GONGXIN_TESTS_SERVER_REFUSALS_H_

#include <cstdint>

#include "gmock/gmock.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

// In a fixture with `uint64_t LedgerSize()` (the meeting's ledger length).
#define EXPECT_REFUSED(call, code, text)                                           \
  do {                                                                             \
    const uint64_t gx_before = LedgerSize();                                       \
    grpc::Status gx_s = (call);                                                    \
    EXPECT_EQ(gx_s.error_code(), grpc::StatusCode::code)                           \
        << "message: " << gx_s.error_message();                                    \
    EXPECT_THAT(gx_s.error_message(), ::testing::HasSubstr(text));                 \
    EXPECT_EQ(LedgerSize(), gx_before) << "a refused request wrote to the ledger"; \
  } while (0)

// For a service with no meeting ledger (the witness): code and message only.
#define EXPECT_RPC_REFUSED(call, code, text)                                    \
  do {                                                                          \
    grpc::Status gx_s = (call);                                                 \
    EXPECT_EQ(gx_s.error_code(), grpc::StatusCode::code) << gx_s.error_message(); \
    EXPECT_THAT(gx_s.error_message(), ::testing::HasSubstr(text));              \
  } while (0)

#endif  // GONGXIN_TESTS_SERVER_REFUSALS_H_
