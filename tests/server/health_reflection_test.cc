// gRPC health checking and server reflection are on: probed with a generic
// stub and hand-encoded requests, as grpc_health_probe or grpcurl would.
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/testing/health_probe.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using testing::Buffer;
using testing::Bytes;

class HealthReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
  }
  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(HealthReflectionTest, HealthCheckSaysServing) {
  std::string response;
  grpc::Status s = testing::CheckHealth(server_->Channel("auditor"), &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response, testing::kServing);
}

TEST_F(HealthReflectionTest, ReflectionListsTheGongxinServices) {
  grpc::GenericStub stub(server_->Channel("auditor"));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                               &cq);
  ASSERT_NE(call, nullptr);
  void* tag;
  bool ok;
  auto step = [&](intptr_t expected) {
    EXPECT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(tag), expected);
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(step(1));
  // ServerReflectionRequest{list_services: ""} = field 7, length 0.
  call->Write(Buffer(std::string("\x3a\x00", 2)), reinterpret_cast<void*>(2));
  ASSERT_TRUE(step(2));
  call->WritesDone(reinterpret_cast<void*>(3));
  ASSERT_TRUE(step(3));
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(4));
  ASSERT_TRUE(step(4));
  const std::string bytes = Bytes(response);
  for (const char* service : {"gongxin.v1.MeetingService", "gongxin.v1.KioskService",
                              "gongxin.v1.TallyService", "gongxin.v1.AuditService",
                              "grpc.health.v1.Health"}) {
    EXPECT_THAT(bytes, ::testing::HasSubstr(service));
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

}  // namespace
}  // namespace gongxin
