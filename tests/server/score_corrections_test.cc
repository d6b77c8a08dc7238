// Score corrections over the real server (mutual TLS on 127.0.0.1,
// RocksDB; issue 14): one officer proposes, another approves, and only then
// does the count use the new value. Every refusal is checked for its code,
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

using ::testing::HasSubstr;

class CorrectionServerTest : public testing::MeetingServerTest {
 protected:
  // The meeting's spec; a subclass may score by an inspectors' panel.
  virtual v1::MeetingSpec Spec() const { return testing::S2OfficerSpec(); }

  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    ASSERT_OK(crypto::IssueClientCertificate(server_->pki_dir(), "officer", "officer-2"));
    ASSERT_OK(crypto::IssueClientCertificate(server_->pki_dir(), "officer", "officer-3"));
    Connect();
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = Spec();
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
    officer3_ = v1::TallyService::NewStub(server_->Channel("officer-3"));
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

  grpc::Status Propose(v1::TallyService::Stub* who, const std::string& candidate,
                       const std::string& indicator, const std::string& value,
                       const std::string& reason, v1::OfficerInputResponse* out = nullptr,
                       uint64_t superseded_seq = 0, const std::string& inspector = "") {
    v1::ProposeCorrectionRequest req;
    req.set_inspector(inspector);
    req.set_meeting_id(meeting_);
    req.set_candidate_id(candidate);
    req.set_indicator_id(indicator);
    req.set_value(value);
    req.set_reason(reason);
    req.set_superseded_seq(superseded_seq);
    v1::OfficerInputResponse resp;
    grpc::Status s = who->ProposeCorrection(Ctx().get(), req, &resp);
    if (out != nullptr) *out = resp;
    return s;
  }

  grpc::Status ApproveCorrection(v1::TallyService::Stub* who, uint64_t seq) {
    v1::ApproveCorrectionRequest req;
    req.set_meeting_id(meeting_);
    req.set_proposal_seq(seq);
    v1::OfficerInputResponse resp;
    return who->ApproveCorrection(Ctx().get(), req, &resp);
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
  std::unique_ptr<v1::TallyService::Stub> officer_, officer2_, officer3_, kiosk_as_officer_,
      admin_as_officer_;
};

// c1's composite in rule s2 (90 % vote rate 5/9, 5 % basic quality, 5 % commendations).
std::string CompositeOf(const v1::CountResponse& r, const std::string& candidate) {
  for (const v1::CompositeCandidate& c : r.result().composites(0).candidates()) {
    if (c.candidate_id() == candidate) return c.composite();
  }
  return "";
}

TEST_F(CorrectionServerTest, SecondOfficerApprovesAndTheCountUsesTheNewValue) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  ScoreEveryone();
  v1::OfficerInputResponse proposed;
  ASSERT_TRUE(Propose(officer_.get(), "c1", "basic_quality", "60", "录入时把 60 误录为 80",
                      &proposed).ok());
  EXPECT_REFUSED(ApproveCorrection(officer_.get(), proposed.seq()), PERMISSION_DENIED,
                 "a second officer must approve it");
  ASSERT_TRUE(ApproveCorrection(officer2_.get(), proposed.seq()).ok());
  ASSERT_TRUE(Approve(officer_.get()).ok());
  ASSERT_TRUE(Approve(officer2_.get()).ok());
  v1::CountResponse count;
  grpc::Status s = Count(&count);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // 90 × 5/9 + 5 % × 60 + 5 % × 100 = 50 + 3 + 5 = 58 (80 would give 59).
  EXPECT_EQ(CompositeOf(count, "c1"), "58");
}

TEST_F(CorrectionServerTest, RefusesWhileOpenAndBadProposals) {
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "60", "理由"), FAILED_PRECONDITION,
                 "meeting is OPEN, not CLOSED");
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "60", "理由"), FAILED_PRECONDITION,
                 "has no score for basic_quality");
  ScoreEveryone();
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "60", "理由", nullptr, 999),
                 NOT_FOUND, "superseded_seq: there is no entry 999");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "60", "理由", nullptr, 3),
                 INVALID_ARGUMENT, "superseded_seq: entry 3 is not an officer score");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "100.5", "理由"), INVALID_ARGUMENT,
                 "value: \"100.5\" is outside");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "60", ""), INVALID_ARGUMENT,
                 "reason");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "basic_quality", "80", "理由"), INVALID_ARGUMENT,
                 "is the score in effect already");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "recommendation", "60", "理由"), INVALID_ARGUMENT,
                 "taken from the ballots");
  EXPECT_REFUSED(Propose(kiosk_as_officer_.get(), "c1", "basic_quality", "60", "理由"),
                 PERMISSION_DENIED, "officer");
}

TEST_F(CorrectionServerTest, RefusesBadApprovals) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  ScoreEveryone();
  v1::OfficerInputResponse proposed;
  ASSERT_TRUE(Propose(officer_.get(), "c1", "basic_quality", "60", "误录", &proposed).ok());
  EXPECT_REFUSED(ApproveCorrection(officer2_.get(), 999), NOT_FOUND, "no entry 999");
  EXPECT_REFUSED(ApproveCorrection(officer2_.get(), proposed.seq() - 1), INVALID_ARGUMENT,
                 "is not a score_correction_proposed");
  EXPECT_REFUSED(ApproveCorrection(officer_.get(), proposed.seq()), PERMISSION_DENIED,
                 "a second officer must approve it");
  ASSERT_TRUE(ApproveCorrection(officer2_.get(), proposed.seq()).ok());
  EXPECT_REFUSED(ApproveCorrection(officer3_.get(), proposed.seq()), ALREADY_EXISTS,
                 "already approved by officer-2");
}

TEST_F(CorrectionServerTest, CountApprovalFreezesCorrections) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  ScoreEveryone();
  v1::OfficerInputResponse proposed;
  ASSERT_TRUE(Propose(officer_.get(), "c1", "basic_quality", "60", "误录", &proposed).ok());
  ASSERT_TRUE(Approve(officer_.get()).ok());
  EXPECT_REFUSED(ApproveCorrection(officer2_.get(), proposed.seq()), FAILED_PRECONDITION,
                 "approvals freeze officer inputs");
  EXPECT_REFUSED(Propose(officer2_.get(), "c2", "basic_quality", "60", "误录"),
                 FAILED_PRECONDITION, "approvals freeze officer inputs");
}

// ---- Inspectors' scores (issue 16): the spec's panel (officer-1..3, the
// mean; officer-3 recused from c2) each scores every indicator under their
// own certificate; officer-4 is an officer but not on the panel.

class InspectorServerTest : public CorrectionServerTest {
 protected:
  v1::MeetingSpec Spec() const override {
    return testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN);
  }
  void SetUp() override {
    CorrectionServerTest::SetUp();
    ASSERT_OK(crypto::IssueClientCertificate(server_->pki_dir(), "officer", "officer-4"));
    officer4_ = v1::TallyService::NewStub(server_->Channel("officer-4"));
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  }
  v1::TallyService::Stub* Inspector(int i) {
    return i == 1 ? officer_.get() : i == 2 ? officer2_.get() : officer3_.get();
  }
  grpc::Status PanelScore(int inspector, const std::string& candidate,
                          const std::string& indicator, const std::string& value) {
    return Score(Inspector(inspector), candidate, indicator, value);
  }
  // c1: ability 90/80/85, integrity 9/8/7; c2 (two inspectors): ability
  // 70/75, integrity 6/7; c3: 50 and 5 from each.
  void ScoreAll() {
    const char* c1_ability[] = {"90", "80", "85"};
    const char* c1_integrity[] = {"9", "8", "7"};
    for (int i = 1; i <= 3; ++i) {
      ASSERT_TRUE(PanelScore(i, "c1", "ability", c1_ability[i - 1]).ok());
      ASSERT_TRUE(PanelScore(i, "c1", "integrity", c1_integrity[i - 1]).ok());
      ASSERT_TRUE(PanelScore(i, "c3", "ability", "50").ok());
      ASSERT_TRUE(PanelScore(i, "c3", "integrity", "5").ok());
    }
    ASSERT_TRUE(PanelScore(1, "c2", "ability", "70").ok());
    ASSERT_TRUE(PanelScore(2, "c2", "ability", "75").ok());
    ASSERT_TRUE(PanelScore(1, "c2", "integrity", "6").ok());
    ASSERT_TRUE(PanelScore(2, "c2", "integrity", "7").ok());
  }
  static const v1::CompositeCandidate& Find(const v1::CountResponse& r, const std::string& id) {
    for (const v1::CompositeCandidate& c : r.result().composites(0).candidates()) {
      if (c.candidate_id() == id) return c;
    }
    static const v1::CompositeCandidate kNone;
    ADD_FAILURE() << "no candidate " << id;
    return kNone;
  }

  std::unique_ptr<v1::TallyService::Stub> officer4_;
};

TEST_F(InspectorServerTest, EachInspectorScoresAndTheCountTakesTheMeanOfTheNonRecused) {
  ScoreAll();
  v1::CountResponse counted;
  ASSERT_TRUE(Count(&counted).ok());
  const v1::CompositeCandidate& c1 = Find(counted, "c1");
  ASSERT_EQ(c1.components_size(), 3);
  EXPECT_EQ(c1.components(1).score(), "85");
  EXPECT_EQ(c1.components(1).inspectors(), 3u);
  EXPECT_EQ(c1.components(2).score(), "8");
  EXPECT_EQ(c1.components(2).points(), "80");
  // c2 is averaged over the two inspectors not recused from it.
  const v1::CompositeCandidate& c2 = Find(counted, "c2");
  EXPECT_EQ(c2.components(1).score(), "72.5");
  EXPECT_EQ(c2.components(1).inspectors(), 2u);
  EXPECT_EQ(c2.components(2).score(), "6.5");
  // c1: 40 % × 5/9 + 30 % × 85 + 30 % × 80 = 200/9 + 49.5 ≈ 71.72.
  EXPECT_EQ(c1.composite(), "1291/18");
  EXPECT_EQ(c1.grade(), "基本称职");
  EXPECT_EQ(Find(counted, "c3").grade(), "不称职");
}

TEST_F(InspectorServerTest, AnIndicatorIsMissingUntilEveryScoringInspectorHasScored) {
  ASSERT_TRUE(PanelScore(1, "c1", "ability", "90").ok());
  ASSERT_TRUE(PanelScore(2, "c1", "ability", "80").ok());
  v1::CountResponse counted;
  ASSERT_TRUE(Count(&counted).ok());
  const v1::CompositeCandidate& c1 = Find(counted, "c1");
  EXPECT_EQ(c1.composite(), "");
  EXPECT_THAT(c1.missing(), ::testing::ElementsAre("ability", "integrity"));
}

TEST_F(InspectorServerTest, RefusesOutsiders_RecusedInspectors_SecondScoresAndBadValues) {
  EXPECT_REFUSED(Score(officer4_.get(), "c1", "ability", "80"), PERMISSION_DENIED,
                 "\"officer-4\" is not an inspector of the panel");
  EXPECT_REFUSED(PanelScore(3, "c2", "ability", "80"), FAILED_PRECONDITION,
                 "inspector \"officer-3\" is recused from candidate c2 (考察回避");
  ASSERT_TRUE(PanelScore(1, "c1", "ability", "80").ok());
  EXPECT_REFUSED(PanelScore(1, "c1", "ability", "85"), ALREADY_EXISTS,
                 "already has a score for ability by inspector officer-1");
  // Another inspector's score of the same indicator is their own.
  EXPECT_TRUE(PanelScore(2, "c1", "ability", "85").ok());
  EXPECT_REFUSED(PanelScore(1, "c1", "integrity", "11"), INVALID_ARGUMENT,
                 "officer_score_entered.value: \"11\" is outside indicator integrity's scale 0–10");
  EXPECT_REFUSED(PanelScore(1, "c1", "recommendation", "80"), INVALID_ARGUMENT,
                 "is taken from the ballots");
}

TEST_F(InspectorServerTest, AnInspectorsScoreIsCorrectedByNameWithASecondOfficersApproval) {
  ScoreAll();
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "ability", "60", "误录"), INVALID_ARGUMENT,
                 "score_correction_proposed.inspector: required");
  EXPECT_REFUSED(Propose(officer_.get(), "c2", "ability", "60", "误录", nullptr, 0, "officer-3"),
                 FAILED_PRECONDITION, "is recused from candidate c2");
  EXPECT_REFUSED(Propose(officer_.get(), "c1", "ability", "60", "误录", nullptr, 0, "officer-4"),
                 INVALID_ARGUMENT, "is not an inspector of the panel");
  v1::OfficerInputResponse proposed;
  ASSERT_TRUE(
      Propose(officer_.get(), "c1", "ability", "60", "误录", &proposed, 0, "officer-2").ok());
  ASSERT_TRUE(ApproveCorrection(officer2_.get(), proposed.seq()).ok());
  v1::CountResponse counted;
  ASSERT_TRUE(Count(&counted).ok());
  // (90 + 60 + 85) / 3, exact.
  EXPECT_EQ(Find(counted, "c1").components(1).score(), "235/3");
}

}  // namespace
}  // namespace gongxin
