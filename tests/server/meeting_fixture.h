// What the server tests' fixtures share: an in-process gongxind
// (testing::TestServer, with its PKI) in a temporary directory, the admin's
// and the auditor's stubs, the meeting a test acts on, and the few calls
// every such test makes — a deadline, a transition, the ledger's length
// (which tests/server/refusals.h checks a refusal leaves alone). Each
// fixture starts the server and sets the stubs in its own SetUp.
#ifndef GONGXIN_TESTS_SERVER_MEETING_FIXTURE_H_
#define GONGXIN_TESTS_SERVER_MEETING_FIXTURE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin::testing {

class MeetingServerTest : public ::testing::Test {
 protected:
  // A client context with a 30 s deadline, so a hung call fails the test.
  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  // Moves meeting_ to `target` as the admin.
  grpc::Status Transition(v1::MeetingStatus target) {
    v1::TransitionMeetingRequest req;
    req.set_meeting_id(meeting_);
    req.set_target(target);
    v1::TransitionMeetingResponse resp;
    return admin_->TransitionMeeting(Ctx().get(), req, &resp);
  }

  // The length of meeting_'s ledger (0 before there is a meeting).
  uint64_t LedgerSize() {
    if (meeting_.empty()) return 0;
    v1::GetHeadRequest req;
    req.set_meeting_id(meeting_);
    v1::SignedHead head;
    grpc::Status s = auditor_->GetHead(Ctx().get(), req, &head);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return head.size();
  }

  TempDir dir_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
  std::string meeting_;
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_SERVER_MEETING_FIXTURE_H_
