// Server tests of the decision kind (rules B2, B4, B5) and of progressive
// rounds (rules S-8, A9): the real server over mutual TLS on 127.0.0.1.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tally/round.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class KindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    officer_ = v1::TallyService::NewStub(server_->Channel("officer"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  grpc::Status Create(const v1::MeetingSpec& spec, int voters, std::string* id) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = spec;
    *req.mutable_roll() = testing::SampleRoll(voters);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    *id = resp.meeting_id();
    return s;
  }

  void Move(const std::string& id, v1::MeetingStatus target) {
    v1::TransitionMeetingRequest req;
    req.set_meeting_id(id);
    req.set_target(target);
    v1::TransitionMeetingResponse resp;
    grpc::Status s = admin_->TransitionMeeting(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::Credential CheckIn(const std::string& id, const std::string& voter) {
    v1::CheckInRequest req;
    req.set_meeting_id(id);
    req.set_voter_id(voter);
    v1::CheckInResponse resp;
    grpc::Status s = kiosk_->CheckIn(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.credentials_size() > 0 ? resp.credentials(0) : v1::Credential();
  }

  grpc::Status Cast(const v1::Credential& c, const v1::Ballot& b) {
    v1::CastRequest req;
    *req.mutable_credential() = c;
    *req.mutable_ballot() = b;
    v1::CastResponse resp;
    return kiosk_->Cast(Ctx().get(), req, &resp);
  }

  v1::CountResponse Count(const std::string& id) {
    v1::CountRequest req;
    req.set_meeting_id(id);
    v1::CountResponse resp;
    grpc::Status s = officer_->Count(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  uint64_t LedgerSize(const std::string& id) {
    v1::GetHeadRequest req;
    req.set_meeting_id(id);
    v1::SignedHead head;
    EXPECT_TRUE(auditor_->GetHead(Ctx().get(), req, &head).ok());
    return head.size();
  }

  // A named decision form on c1 (v002 recused) and c2.
  static v1::MeetingSpec DecisionSpec() {
    v1::MeetingSpec spec = testing::SampleSpec();
    spec.clear_forms();
    v1::Form* form = spec.add_forms();
    form->set_id("vote");
    form->set_title("表决票");
    form->set_mode(v1::FORM_MODE_NAMED);
    v1::Question* q = form->add_questions();
    q->set_id("q1");
    v1::DecisionQuestion* d = q->mutable_decision();
    v1::Candidate* c1 = d->add_candidates();
    c1->set_id("c1");
    c1->set_name("张三");
    c1->set_proposed_post("局长");
    c1->add_recused_voter_ids("v002");
    v1::Candidate* c2 = d->add_candidates();
    c2->set_id("c2");
    c2->set_name("李四");
    return spec;
  }

  static v1::Ballot Decide(const std::vector<std::pair<std::string, v1::DecisionVote>>& marks) {
    v1::Ballot b;
    b.set_form_id("vote");
    v1::Answer* a = b.add_answers();
    a->set_question_id("q1");
    for (const auto& [cid, vote] : marks) {
      v1::DecisionMark* m = a->add_decisions();
      m->set_candidate_id(cid);
      m->set_vote(vote);
    }
    return b;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::TallyService::Stub> officer_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
};

constexpr auto kAgree = v1::DECISION_VOTE_AGREE;
constexpr auto kDisagree = v1::DECISION_VOTE_DISAGREE;

TEST_F(KindsTest, B4_RecusedVotersMarkIsRefusedAndWritesNothing) {
  std::string id;
  ASSERT_TRUE(Create(DecisionSpec(), 5, &id).ok());
  Move(id, v1::MEETING_STATUS_ANNOUNCED);
  Move(id, v1::MEETING_STATUS_OPEN);
  const v1::Credential cred = CheckIn(id, "v002");
  const uint64_t before = LedgerSize(id);
  grpc::Status s = Cast(cred, Decide({{"c1", kDisagree}, {"c2", kAgree}}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("ballot.answers[0].decisions[0].candidate_id"));
  EXPECT_THAT(s.error_message(), HasSubstr("recused"));
  EXPECT_EQ(LedgerSize(id), before);
  // Leaving c1 unmarked is what the recused member does; that is accepted.
  EXPECT_TRUE(Cast(cred, Decide({{"c2", kAgree}})).ok());
  // Others vote on c1 as usual.
  EXPECT_TRUE(Cast(CheckIn(id, "v001"), Decide({{"c1", kAgree}})).ok());
}

TEST_F(KindsTest, B5_DecisionCastWithAWriteInIsRefused) {
  std::string id;
  ASSERT_TRUE(Create(DecisionSpec(), 5, &id).ok());
  Move(id, v1::MEETING_STATUS_ANNOUNCED);
  Move(id, v1::MEETING_STATUS_OPEN);
  const v1::Credential cred = CheckIn(id, "v001");
  const uint64_t before = LedgerSize(id);
  v1::Ballot b = Decide({{"c2", kAgree}});
  b.mutable_answers(0)->add_write_ins("王五");
  grpc::Status s = Cast(cred, b);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("ballot.answers[0].write_ins"));
  EXPECT_EQ(LedgerSize(id), before);
}

TEST_F(KindsTest, B4_RecusalOfSomeoneNotOnTheRollIsRefusedAtCreation) {
  v1::MeetingSpec spec = DecisionSpec();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_decision()->mutable_candidates(1)
      ->add_recused_voter_ids("v999");
  std::string id;
  grpc::Status s = Create(spec, 5, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("candidates[1].recused_voter_ids[0]"));
}

TEST_F(KindsTest, B2_DecisionCountDividesByEveryoneDue) {
  // 7 due (⌈14/3⌉ = 5 present is quorum), 5 present: c2 gets 4 agree of 7
  // due (4 > 3.5) and passes; c1 gets 3 and does not, though 3 of 4 marked.
  std::string id;
  ASSERT_TRUE(Create(DecisionSpec(), 7, &id).ok());
  Move(id, v1::MEETING_STATUS_ANNOUNCED);
  Move(id, v1::MEETING_STATUS_OPEN);
  ASSERT_TRUE(Cast(CheckIn(id, "v001"), Decide({{"c1", kAgree}, {"c2", kAgree}})).ok());
  ASSERT_TRUE(Cast(CheckIn(id, "v002"), Decide({{"c2", kAgree}})).ok());
  ASSERT_TRUE(Cast(CheckIn(id, "v003"), Decide({{"c1", kAgree}, {"c2", kAgree}})).ok());
  ASSERT_TRUE(Cast(CheckIn(id, "v004"), Decide({{"c1", kAgree}, {"c2", kAgree}})).ok());
  ASSERT_TRUE(Cast(CheckIn(id, "v005"), Decide({{"c1", kDisagree}, {"c2", kDisagree}})).ok());
  Move(id, v1::MEETING_STATUS_CLOSED);
  const v1::DecisionTally d = Count(id).result().forms(0).questions(0).decision();
  EXPECT_EQ(d.due(), 7u);
  EXPECT_EQ(d.present(), 5u);
  EXPECT_TRUE(d.quorum_met());
  EXPECT_EQ(d.candidates(0).agree(), 3u);
  EXPECT_EQ(d.candidates(0).blank(), 1u);  // the recused v002
  EXPECT_EQ(d.candidates(0).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
  EXPECT_EQ(d.candidates(1).agree(), 4u);
  EXPECT_EQ(d.candidates(1).pass_needed(), 4u);
  EXPECT_EQ(d.candidates(1).outcome(), v1::DECISION_OUTCOME_PASSED);
}


TEST_F(KindsTest, A9_NextRoundIsCreatedOnlyFromThePreviousCountedTop) {
  std::string round1;
  ASSERT_TRUE(Create(testing::SampleSpec(), 6, &round1).ok());
  // A link to a meeting that has not been counted is refused.
  v1::MeetingSpec next = testing::SampleSpec();
  next.mutable_forms(0)->set_id("rec2");
  next.mutable_forms(0)->mutable_questions()->DeleteSubrange(1, 1);
  v1::RoundLink* link = next.mutable_forms(0)->mutable_previous_round();
  link->set_previous_meeting_id(round1);
  link->set_previous_form_id("rec");
  link->set_previous_question_id("head");
  link->set_question_id("head");
  link->set_round(2);
  link->set_top(2);
  link->set_count_entry_hash(std::string(32, 'x'));
  std::string id;
  grpc::Status s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("spec.forms[0].previous_round.previous_meeting_id"));

  Move(round1, v1::MEETING_STATUS_ANNOUNCED);
  Move(round1, v1::MEETING_STATUS_OPEN);
  auto vote = [&](const std::string& voter, const std::string& head) {
    v1::Ballot b;
    b.set_form_id("rec");
    v1::Answer* a = b.add_answers();
    a->set_question_id("head");
    a->add_choices(head);
    ASSERT_TRUE(Cast(CheckIn(round1, voter), b).ok());
  };
  vote("v001", "c1");
  vote("v002", "c1");
  vote("v003", "c1");
  vote("v004", "c2");
  vote("v005", "c2");
  vote("v006", "c3");
  Move(round1, v1::MEETING_STATUS_CLOSED);
  const v1::CountResponse count = Count(round1);

  // The right count but the whole old list (top 2 = c1, c2): c3 is refused.
  link->set_count_seq(count.seq());
  link->set_count_entry_hash(count.entry_hash());
  s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("candidate c3"));

  // Exactly the top 2: accepted, and the genesis spec carries the link.
  auto* candidates = next.mutable_forms(0)->mutable_questions(0)->mutable_approval();
  candidates->clear_candidates();
  v1::Candidate* c1 = candidates->add_candidates();
  c1->set_id("c1");
  c1->set_name("张伟");
  v1::Candidate* c2 = candidates->add_candidates();
  c2->set_id("c2");
  c2->set_name("王芳");
  s = Create(next, 6, &id);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::GetMeetingRequest get;
  get.set_meeting_id(id);
  v1::MeetingInfo info;
  ASSERT_TRUE(admin_->GetMeeting(Ctx().get(), get, &info).ok());
  EXPECT_EQ(info.spec().forms(0).previous_round().previous_meeting_id(), round1);
  EXPECT_EQ(info.spec().forms(0).previous_round().count_entry_hash(), count.entry_hash());

  // A link to a meeting this server does not hold.
  link->set_previous_meeting_id("0000000000000000");
  s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

// Rule S-5: a follow-up evaluation (整改后复评) links to the counted
// evaluation of the same cadres; every refusal comes before anything is
// written.
TEST_F(KindsTest, S5_FollowUpIsCreatedOnlyFromACountedEvaluationOfTheSameCadres) {
  std::string first;
  ASSERT_TRUE(Create(testing::SampleSpec({.assessment = true}), 6, &first).ok());
  v1::MeetingSpec next = testing::SampleSpec({.assessment = true});
  next.mutable_forms()->DeleteSubrange(0, 1);  // only the assessment form
  next.mutable_forms(0)->set_id("assess2");
  v1::FollowUpLink* link = next.mutable_forms(0)->mutable_follow_up();
  link->set_previous_meeting_id(first);
  link->set_previous_form_id("assess");
  link->set_previous_question_id("competency");
  link->set_question_id("competency");
  link->set_months(3);
  link->set_count_entry_hash(std::string(32, 'x'));
  auto meetings = [&]() {
    v1::ListMeetingsResponse list;
    EXPECT_TRUE(admin_->ListMeetings(Ctx().get(), v1::ListMeetingsRequest(), &list).ok());
    return list.meetings_size();
  };
  const int before = meetings();
  std::string id;

  // A meeting this server does not hold.
  link->set_previous_meeting_id("0000000000000000");
  grpc::Status s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("spec.forms[0].follow_up.previous_meeting_id"));
  link->set_previous_meeting_id(first);

  // Not counted yet.
  s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("spec.forms[0].follow_up.previous_meeting_id"));

  Move(first, v1::MEETING_STATUS_ANNOUNCED);
  Move(first, v1::MEETING_STATUS_OPEN);
  Move(first, v1::MEETING_STATUS_CLOSED);
  const v1::CountResponse count = Count(first);

  // Counted, but the link names another entry hash.
  link->set_count_seq(count.seq());
  s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("follow_up.count_entry_hash"));

  // The right count, but a subject the first evaluation did not have.
  link->set_count_entry_hash(count.entry_hash());
  v1::Candidate* stranger =
      next.mutable_forms(0)->mutable_questions(0)->mutable_graded()->add_subjects();
  stranger->set_id("s9");
  stranger->set_name("赵六");
  s = Create(next, 6, &id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("subject s9"));
  EXPECT_EQ(meetings(), before);  // no refused create wrote a meeting

  // The same cadres: accepted, and the genesis spec carries the link.
  next.mutable_forms(0)->mutable_questions(0)->mutable_graded()->mutable_subjects()->RemoveLast();
  s = Create(next, 6, &id);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(meetings(), before + 1);
  v1::GetMeetingRequest get;
  get.set_meeting_id(id);
  v1::MeetingInfo info;
  ASSERT_TRUE(admin_->GetMeeting(Ctx().get(), get, &info).ok());
  EXPECT_EQ(info.spec().forms(0).follow_up().previous_meeting_id(), first);
  EXPECT_EQ(info.spec().forms(0).follow_up().count_entry_hash(), count.entry_hash());
  EXPECT_EQ(info.spec().forms(0).follow_up().months(), 3u);
}

}  // namespace
}  // namespace gongxin
