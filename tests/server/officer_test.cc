// Officer inputs over the real server (mutual TLS on 127.0.0.1, RocksDB):
// scores and vetoes for composite rules (rules S-2, S-3), and the
// two-officer approval of a count. Every refusal is checked for its code,
// a message naming the field, and an unchanged ledger.
#include <memory>
#include <string>
#include <vector>

#include "crypto/x509.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tally/composite.h"
#include "tests/server/meeting_fixture.h"
#include "tests/server/refusals.h"
#include "tests/testing/officer_spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class OfficerTest : public testing::MeetingServerTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    ASSERT_OK(crypto::IssueClientCertificate(server_->pki_dir(), "officer", "officer-2"));
    Connect();
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::S2OfficerSpec();
    *req.mutable_roll() = testing::SampleRoll(9);
    v1::CreateMeetingResponse resp;
    ASSERT_TRUE(admin_->CreateMeeting(Ctx().get(), req, &resp).ok());
    meeting_ = resp.meeting_id();
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
    // 9 ballots for head: c1 5, c2 3, c3 1.
    for (int i = 1; i <= 9; ++i) {
      v1::CheckInRequest in;
      in.set_meeting_id(meeting_);
      in.set_voter_id(testing::VoterId(i));
      v1::CheckInResponse cred;
      ASSERT_TRUE(kiosk_->CheckIn(Ctx().get(), in, &cred).ok());
      v1::CastRequest cast;
      *cast.mutable_credential() = cred.credentials(0);
      cast.mutable_ballot()->set_form_id("rec");
      v1::Answer* a = cast.mutable_ballot()->add_answers();
      a->set_question_id("head");
      a->add_choices(i <= 5 ? "c1" : i <= 8 ? "c2" : "c3");
      v1::CastResponse receipt;
      ASSERT_TRUE(kiosk_->Cast(Ctx().get(), cast, &receipt).ok());
    }
  }

  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    officer_ = v1::TallyService::NewStub(server_->Channel("officer"));
    officer2_ = v1::TallyService::NewStub(server_->Channel("officer-2"));
    kiosk_as_officer_ = v1::TallyService::NewStub(server_->Channel("kiosk"));
    admin_as_officer_ = v1::TallyService::NewStub(server_->Channel("admin"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
  }

  grpc::Status Score(v1::TallyService::Stub* who, const std::string& candidate,
                     const std::string& indicator, const std::string& value,
                     v1::OfficerInputResponse* out = nullptr, const std::string& rule = "") {
    v1::EnterScoreRequest req;
    req.set_meeting_id(meeting_);
    req.set_rule_id(rule);
    req.set_candidate_id(candidate);
    req.set_indicator_id(indicator);
    req.set_value(value);
    v1::OfficerInputResponse resp;
    grpc::Status s = who->EnterScore(Ctx().get(), req, &resp);
    if (out != nullptr) *out = resp;
    return s;
  }

  grpc::Status Veto(v1::TallyService::Stub* who, const std::string& candidate,
                    const std::string& reason) {
    v1::EnterVetoRequest req;
    req.set_meeting_id(meeting_);
    req.set_candidate_id(candidate);
    req.set_reason(reason);
    v1::OfficerInputResponse resp;
    return who->EnterVeto(Ctx().get(), req, &resp);
  }

  grpc::Status Approve(v1::TallyService::Stub* who, v1::OfficerInputResponse* out = nullptr) {
    v1::ApproveCountRequest req;
    req.set_meeting_id(meeting_);
    v1::OfficerInputResponse resp;
    grpc::Status s = who->ApproveCount(Ctx().get(), req, &resp);
    if (out != nullptr) *out = resp;
    return s;
  }

  grpc::Status Count(v1::CountResponse* out = nullptr) {
    v1::CountRequest req;
    req.set_meeting_id(meeting_);
    v1::CountResponse resp;
    grpc::Status s = officer_->Count(Ctx().get(), req, &resp);
    if (out != nullptr) *out = resp;
    return s;
  }

  void ScoreEveryone() {
    for (const char* c : {"c1", "c2", "c3"}) {
      ASSERT_TRUE(Score(officer_.get(), c, "basic_quality", "80").ok());
      ASSERT_TRUE(Score(officer2_.get(), c, "commendations", "100").ok());
    }
  }

  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::TallyService::Stub> officer_, officer2_, kiosk_as_officer_,
      admin_as_officer_;
};

TEST_F(OfficerTest, InputsBeforeTheCloseAreRefused) {
  EXPECT_REFUSED(Score(officer_.get(), "c1", "basic_quality", "80"), FAILED_PRECONDITION,
                 "meeting is OPEN, not CLOSED");
  EXPECT_REFUSED(Veto(officer_.get(), "c1", "经查实的举报"), FAILED_PRECONDITION, "not CLOSED");
  EXPECT_REFUSED(Approve(officer_.get()), FAILED_PRECONDITION, "not CLOSED");
}

TEST_F(OfficerTest, RefusesBadScoresNamingTheField) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  EXPECT_REFUSED(Score(officer_.get(), "c9", "basic_quality", "80"), INVALID_ARGUMENT,
                 "candidate_id: \"c9\" is not a candidate of composite rule s2");
  EXPECT_REFUSED(Score(officer_.get(), "d1", "basic_quality", "80"), INVALID_ARGUMENT,
                 "candidate_id");
  EXPECT_REFUSED(Score(officer_.get(), "c1", "charisma", "80"), INVALID_ARGUMENT,
                 "indicator_id: \"charisma\" is not an indicator");
  EXPECT_REFUSED(Score(officer_.get(), "c1", "recommendation", "80"), INVALID_ARGUMENT,
                 "taken from the ballots");
  EXPECT_REFUSED(Score(officer_.get(), "c1", "basic_quality", "100.5"), INVALID_ARGUMENT,
                 "value: \"100.5\" is outside indicator basic_quality's scale 0–100");
  EXPECT_REFUSED(Score(officer_.get(), "c1", "basic_quality", "8e1"), INVALID_ARGUMENT,
                 "value: \"8e1\" is not an exact number");
  EXPECT_REFUSED(Score(officer_.get(), "c1", "basic_quality", "80", nullptr, "s3"),
                 INVALID_ARGUMENT, "rule_id: no composite rule \"s3\"");
  EXPECT_REFUSED(Veto(officer_.get(), "c1", ""), INVALID_ARGUMENT, "reason");
}

TEST_F(OfficerTest, OnlyOfficersEnterScoresVetoesAndApprovals) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  EXPECT_REFUSED(Score(kiosk_as_officer_.get(), "c1", "basic_quality", "80"), PERMISSION_DENIED,
                 "EnterScore is for the officer role");
  EXPECT_REFUSED(Veto(admin_as_officer_.get(), "c1", "理由"), PERMISSION_DENIED,
                 "EnterVeto is for the officer role");
  EXPECT_REFUSED(Approve(admin_as_officer_.get()), PERMISSION_DENIED,
                 "ApproveCount is for the officer role");
}

TEST_F(OfficerTest, SecondScoreOrVetoForTheSameCandidateIsRefusedWhoeverEntersIt) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  v1::OfficerInputResponse first;
  ASSERT_TRUE(Score(officer_.get(), "c1", "basic_quality", "80", &first).ok());
  EXPECT_EQ(first.head().size(), first.seq() + 1) << "acknowledged under a head covering it";
  EXPECT_REFUSED(Score(officer2_.get(), "c1", "basic_quality", "90"), ALREADY_EXISTS,
                 "c1 already has a score for basic_quality");
  ASSERT_TRUE(Veto(officer_.get(), "c2", "经查实的举报").ok());
  EXPECT_REFUSED(Veto(officer2_.get(), "c2", "另一理由"), ALREADY_EXISTS, "already vetoed");
}

TEST_F(OfficerTest, CountNeedsTwoDistinctOfficers) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  ScoreEveryone();
  EXPECT_REFUSED(Count(), FAILED_PRECONDITION,
                 "0 distinct officer(s) approved the count; the spec requires 2");
  v1::OfficerInputResponse one;
  ASSERT_TRUE(Approve(officer_.get(), &one).ok());
  EXPECT_EQ(one.approvals(), 1u);
  EXPECT_EQ(one.approvals_required(), 2u);
  EXPECT_REFUSED(Approve(officer_.get()), ALREADY_EXISTS,
                 "officer \"officer-1\" has already approved");
  EXPECT_REFUSED(Count(), FAILED_PRECONDITION,
                 "1 distinct officer(s) approved the count; the spec requires 2");
  EXPECT_REFUSED(Score(officer2_.get(), "c1", "basic_quality", "1"), FAILED_PRECONDITION,
                 "approvals freeze officer inputs");
  v1::OfficerInputResponse two;
  ASSERT_TRUE(Approve(officer2_.get(), &two).ok());
  EXPECT_EQ(two.approvals(), 2u);
  v1::CountResponse counted;
  grpc::Status s = Count(&counted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(counted.seq(), two.seq()) << "approvals stand on the ledger before the count";
  EXPECT_THAT(counted.result().approved_by(), ElementsAre("officer-1", "officer-2"));
}

TEST_F(OfficerTest, ScoresAndVetoReachTheCountAndSurviveARestart) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  ScoreEveryone();
  ASSERT_TRUE(Veto(officer2_.get(), "c1", "经查实的举报").ok());
  ASSERT_TRUE(Approve(officer_.get()).ok());
  ASSERT_TRUE(Approve(officer2_.get()).ok());
  v1::CountResponse counted;
  ASSERT_TRUE(Count(&counted).ok());
  ASSERT_EQ(counted.result().composites_size(), 1);
  const v1::CompositeResult& r = counted.result().composites(0);
  EXPECT_EQ(r.take(), 3u);
  // c2: 3/9 → 90 % × 100/3 = 30, + 4 + 5 = 39; c3: 1/9 → 10 + 9 = 19;
  // c1 (5/9 → 50 + 9 = 59) is vetoed and listed last.
  ASSERT_EQ(r.candidates_size(), 3);
  EXPECT_EQ(r.candidates(0).candidate_id(), "c2");
  EXPECT_EQ(r.candidates(0).composite(), "39");
  EXPECT_EQ(r.candidates(1).candidate_id(), "c3");
  EXPECT_EQ(r.candidates(1).composite(), "19");
  EXPECT_EQ(r.candidates(2).candidate_id(), "c1");
  EXPECT_EQ(r.candidates(2).composite(), "59");
  EXPECT_EQ(r.candidates(2).rank(), 0u);
  ASSERT_EQ(r.candidates(2).vetoes_size(), 1);
  EXPECT_EQ(r.candidates(2).vetoes(0).officer(), "officer-2");

  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  v1::GetResultRequest req;
  req.set_meeting_id(meeting_);
  v1::CountResponse again;
  ASSERT_TRUE(officer_->GetResult(Ctx().get(), req, &again).ok());
  EXPECT_EQ(again.result().SerializeAsString(), counted.result().SerializeAsString());
}

}  // namespace
}  // namespace gongxin
