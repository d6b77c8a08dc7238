// Paper ballots over the real server (mutual TLS on 127.0.0.1, RocksDB):
// a desk check-in by paper hands nothing out and bars electronic voting;
// after the close one officer enters a slip, a second keys it again to
// confirm it. Every refusal is checked for its code, a message naming the
// field, and an unchanged ledger.
#include <memory>
#include <string>

#include "crypto/x509.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/server/meeting_fixture.h"
#include "tests/server/refusals.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

v1::Ballot Rec(const std::string& candidate) {
  return testing::MakeBallot("rec", {{"head", {candidate}}});
}

class PaperTest : public testing::MeetingServerTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    ASSERT_OK(crypto::IssueClientCertificate(server_->pki_dir(), "officer", "officer-2"));
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    officer_ = v1::TallyService::NewStub(server_->Channel("officer"));
    officer2_ = v1::TallyService::NewStub(server_->Channel("officer-2"));
    kiosk_as_officer_ = v1::TallyService::NewStub(server_->Channel("kiosk"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();  // rec: named
    *req.mutable_roll() = testing::SampleRoll(6);
    v1::CreateMeetingResponse resp;
    ASSERT_TRUE(admin_->CreateMeeting(Ctx().get(), req, &resp).ok());
    meeting_ = resp.meeting_id();
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  }

  grpc::Status CheckIn(int voter, bool by_paper, v1::CheckInResponse* out) {
    v1::CheckInRequest in;
    in.set_meeting_id(meeting_);
    in.set_voter_id(testing::VoterId(voter));
    in.set_by_paper(by_paper);
    return kiosk_->CheckIn(Ctx().get(), in, out);
  }
  grpc::Status Enter(v1::TallyService::Stub* who, const v1::Ballot& ballot, int voter,
                     uint64_t* seq = nullptr) {
    v1::EnterPaperBallotRequest req;
    req.set_meeting_id(meeting_);
    *req.mutable_ballot() = ballot;
    if (voter > 0) req.set_voter_id(testing::VoterId(voter));
    req.set_batch("box 1");
    v1::OfficerInputResponse resp;
    grpc::Status s = who->EnterPaperBallot(Ctx().get(), req, &resp);
    if (seq != nullptr) *seq = resp.seq();
    return s;
  }
  grpc::Status Confirm(v1::TallyService::Stub* who, uint64_t seq, const v1::Ballot& ballot,
                       int voter) {
    v1::ConfirmPaperBallotRequest req;
    req.set_meeting_id(meeting_);
    req.set_seq(seq);
    *req.mutable_ballot() = ballot;
    if (voter > 0) req.set_voter_id(testing::VoterId(voter));
    v1::OfficerInputResponse resp;
    return who->ConfirmPaperBallot(Ctx().get(), req, &resp);
  }
  grpc::Status Returns(uint32_t issued, uint32_t returned) {
    v1::RecordPaperReturnsRequest req;
    req.set_meeting_id(meeting_);
    req.set_form_id("rec");
    req.set_issued(issued);
    req.set_returned(returned);
    v1::OfficerInputResponse resp;
    return officer_->RecordPaperReturns(Ctx().get(), req, &resp);
  }
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::TallyService::Stub> officer_, officer2_, kiosk_as_officer_;
};

TEST_F(PaperTest, ACheckInByPaperHandsNothingOutAndBarsTheKiosk) {
  v1::CheckInResponse paper;
  ASSERT_TRUE(CheckIn(1, /*by_paper=*/true, &paper).ok());
  EXPECT_EQ(paper.credentials_size(), 0);
  EXPECT_EQ(paper.blind_signatures_size(), 0);
  v1::CheckInResponse again;
  EXPECT_TRUE(CheckIn(1, /*by_paper=*/true, &again).ok()) << "a repeated paper check-in";
  EXPECT_REFUSED(CheckIn(1, /*by_paper=*/false, &again), FAILED_PRECONDITION,
                 "checked in to vote on paper");
  v1::CheckInRequest both;
  both.set_meeting_id(meeting_);
  both.set_voter_id(testing::VoterId(2));
  both.set_by_paper(true);
  both.set_by_slip(true);
  EXPECT_REFUSED(kiosk_->CheckIn(Ctx().get(), both, &again), INVALID_ARGUMENT, "by_paper");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("c1"), 1), FAILED_PRECONDITION, "not CLOSED");
}

TEST_F(PaperTest, OneOfficerEntersAndAnotherConfirmsWhatHeKeysAgain) {
  v1::CheckInResponse r;
  ASSERT_TRUE(CheckIn(1, /*by_paper=*/true, &r).ok());
  ASSERT_TRUE(CheckIn(2, /*by_paper=*/false, &r).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());

  EXPECT_REFUSED(Enter(kiosk_as_officer_.get(), Rec("c1"), 1), PERMISSION_DENIED, "");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("c1"), 0), INVALID_ARGUMENT, "voter_id: required");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("c1"), 2), FAILED_PRECONDITION,
                 "voter_id: the voter did not check in to vote on paper");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("c1"), 3), FAILED_PRECONDITION,
                 "did not check in");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("c1"), 99), NOT_FOUND, "not on the roll");
  EXPECT_REFUSED(Enter(officer_.get(), Rec("nobody"), 1), NOT_FOUND, "ballot.answers[0]");
  uint64_t seq = 0;
  ASSERT_TRUE(Enter(officer_.get(), Rec("c2"), 1, &seq).ok());

  EXPECT_REFUSED(Confirm(officer_.get(), seq, Rec("c2"), 1), PERMISSION_DENIED,
                 "second, different officer");
  EXPECT_REFUSED(Confirm(officer2_.get(), seq, Rec("c3"), 1), FAILED_PRECONDITION,
                 "ballot: differs from entry");
  EXPECT_REFUSED(Confirm(officer2_.get(), seq, Rec("c2"), 2), FAILED_PRECONDITION,
                 "is not the voter entry");
  EXPECT_REFUSED(Confirm(officer2_.get(), seq - 1, Rec("c2"), 1), NOT_FOUND,
                 "is not a paper ballot");
  ASSERT_TRUE(Confirm(officer2_.get(), seq, Rec("c2"), 1).ok());
  EXPECT_REFUSED(Confirm(officer2_.get(), seq, Rec("c2"), 1), ALREADY_EXISTS,
                 "already confirmed");

  EXPECT_REFUSED(Returns(2, 1), INVALID_ARGUMENT, "issued: 2, but 1 voters");
  ASSERT_TRUE(Returns(1, 1).ok());
  v1::ApproveCountRequest approve;
  approve.set_meeting_id(meeting_);
  v1::OfficerInputResponse approved;
  ASSERT_TRUE(officer_->ApproveCount(Ctx().get(), approve, &approved).ok());
  v1::CountRequest count;
  count.set_meeting_id(meeting_);
  v1::CountResponse result;
  ASSERT_TRUE(officer_->Count(Ctx().get(), count, &result).ok());
  const v1::FormTally& rec = result.result().forms(0);
  EXPECT_EQ(rec.returned(), 1u);
  EXPECT_EQ(rec.paper().returned(), 1u);
  EXPECT_EQ(rec.electronic().returned(), 0u);
  EXPECT_TRUE(rec.paper_reconciliation().consistent());
}

}  // namespace
}  // namespace gongxin
