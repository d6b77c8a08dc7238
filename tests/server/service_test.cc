// In-process service tests: the real server over mutual TLS on 127.0.0.1
// with a real RocksDB directory, driven through generated stubs per role.
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "ledger/signing.h"
#include "tests/server/meeting_fixture.h"
#include "tests/server/refusals.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class ServiceTest : public testing::MeetingServerTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Connect();
  }

  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    officer_ = v1::TallyService::NewStub(server_->Channel("officer"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    kiosk_as_meeting_ = v1::MeetingService::NewStub(server_->Channel("kiosk"));
  }

  std::string CreateMeeting(int voters = 10) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(voters);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
    return meeting_;
  }

  void OpenMeeting() {
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  }

  grpc::Status CheckIn(const std::string& voter, v1::CheckInResponse* resp) {
    v1::CheckInRequest req;
    req.set_meeting_id(meeting_);
    req.set_voter_id(voter);
    return kiosk_->CheckIn(Ctx().get(), req, resp);
  }

  v1::Credential Credential(const std::string& voter) {
    v1::CheckInResponse resp;
    grpc::Status s = CheckIn(voter, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.credentials_size() > 0 ? resp.credentials(0) : v1::Credential();
  }

  static v1::Ballot Ballot(const std::string& head, std::vector<std::string> deputies = {}) {
    v1::Ballot b;
    b.set_form_id("rec");
    auto* a = b.add_answers();
    a->set_question_id("head");
    if (!head.empty()) a->add_choices(head);
    auto* d = b.add_answers();
    d->set_question_id("deputy");
    for (const auto& c : deputies) d->add_choices(c);
    return b;
  }

  grpc::Status Cast(const v1::Credential& c, const v1::Ballot& b, v1::Receipt* receipt = nullptr) {
    v1::CastRequest req;
    *req.mutable_credential() = c;
    *req.mutable_ballot() = b;
    v1::CastResponse resp;
    grpc::Status s = kiosk_->Cast(Ctx().get(), req, &resp);
    if (receipt != nullptr) *receipt = resp.receipt();
    return s;
  }

  v1::MeetingInfo Info() {
    v1::GetMeetingRequest req;
    req.set_meeting_id(meeting_);
    v1::MeetingInfo info;
    EXPECT_TRUE(admin_->GetMeeting(Ctx().get(), req, &info).ok());
    return info;
  }

  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::TallyService::Stub> officer_;
  std::unique_ptr<v1::MeetingService::Stub> kiosk_as_meeting_;
};

TEST_F(ServiceTest, WholeMeetingCountsEveryBallot) {
  CreateMeeting(6);
  OpenMeeting();
  // c1 ×3, c2 ×1, one blank head; deputies d1 ×4, d2 ×2, d3 ×1.
  ASSERT_TRUE(Cast(Credential("v001"), Ballot("c1", {"d1", "d2"})).ok());
  ASSERT_TRUE(Cast(Credential("v002"), Ballot("c1", {"d1"})).ok());
  ASSERT_TRUE(Cast(Credential("v003"), Ballot("c1", {"d1", "d3"})).ok());
  ASSERT_TRUE(Cast(Credential("v004"), Ballot("c2", {"d1", "d2"})).ok());
  ASSERT_TRUE(Cast(Credential("v005"), Ballot("", {})).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());

  v1::CountRequest req;
  req.set_meeting_id(meeting_);
  v1::CountResponse resp;
  grpc::Status s = officer_->Count(Ctx().get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::TallyResult& r = resp.result();
  EXPECT_EQ(r.due(), 6u);
  EXPECT_EQ(r.present(), 5u);
  ASSERT_EQ(r.forms_size(), 1);
  EXPECT_EQ(r.forms(0).returned(), 5u);
  const v1::QuestionTally& head = r.forms(0).questions(0);
  EXPECT_EQ(head.blank(), 1u);
  EXPECT_EQ(head.invalid(), 0u);
  EXPECT_EQ(head.candidates(0).votes(), 3u);
  EXPECT_EQ(head.candidates(0).rank(), 1u);
  EXPECT_EQ(head.candidates(1).votes(), 1u);
  EXPECT_EQ(head.candidates(2).votes(), 0u);
  EXPECT_EQ(head.rate_denominator(), 5u);
  const v1::QuestionTally& deputy = r.forms(0).questions(1);
  EXPECT_EQ(deputy.candidates(0).votes(), 4u);
  EXPECT_EQ(deputy.candidates(1).votes(), 2u);
  EXPECT_EQ(deputy.candidates(2).votes(), 1u);
  // The count is the last entry and the signed head covers it.
  EXPECT_EQ(resp.seq() + 1, resp.head().size());
  ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PublicKey::FromRaw(
                                     server_->server()->public_key().raw()));
  EXPECT_OK(ledger::VerifyHead(key, resp.head()));
  EXPECT_EQ(Info().status(), v1::MEETING_STATUS_COUNTED);

  // A second count is refused and writes nothing.
  EXPECT_REFUSED(officer_->Count(Ctx().get(), req, &resp), FAILED_PRECONDITION, "CLOSED");
}

TEST_F(ServiceTest, CheckInIsIdempotentUntilTheVoterHasCast) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential first = Credential("v001");
  const uint64_t size = LedgerSize();
  v1::Credential again = Credential("v001");
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(LedgerSize(), size) << "a repeated check-in wrote a second entry";
  ASSERT_TRUE(Cast(again, Ballot("c1")).ok());
  v1::CheckInResponse resp;
  EXPECT_REFUSED(CheckIn("v001", &resp), FAILED_PRECONDITION, "already cast");
  EXPECT_EQ(Info().checked_in(), 1u);
}

TEST_F(ServiceTest, ReceiptIsSignedOverTheBallotsEntry) {
  CreateMeeting();
  OpenMeeting();
  v1::Receipt receipt;
  ASSERT_TRUE(Cast(Credential("v002"), Ballot("c3"), &receipt).ok());
  ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PublicKey::FromRaw(
                                     server_->server()->public_key().raw()));
  EXPECT_OK(ledger::VerifyReceipt(key, receipt));
  EXPECT_EQ(receipt.seq() + 1, LedgerSize());
}

TEST_F(ServiceTest, RefusesUnknownMeeting) {
  CreateMeeting();
  v1::CheckInRequest req;
  req.set_meeting_id("0000000000000000");
  req.set_voter_id("v001");
  v1::CheckInResponse resp;
  EXPECT_REFUSED(kiosk_->CheckIn(Ctx().get(), req, &resp), NOT_FOUND, "meeting_id");
}

TEST_F(ServiceTest, RefusesVoterNotOnTheRoll) {
  CreateMeeting();
  OpenMeeting();
  v1::CheckInResponse resp;
  EXPECT_REFUSED(CheckIn("v999", &resp), NOT_FOUND, "not on the roll");
}

TEST_F(ServiceTest, RefusesCheckInBeforeOpen) {
  CreateMeeting();
  v1::CheckInResponse resp;
  EXPECT_REFUSED(CheckIn("v001", &resp), FAILED_PRECONDITION, "not open");
}

TEST_F(ServiceTest, RefusesCastBeforeOpenEvenWithAGenuineCredential) {
  CreateMeeting();
  // Sign a credential with the server's own key, as a kiosk could not.
  crypto::Ed25519PrivateKey key = server_->SigningKey();
  ASSERT_OK_AND_ASSIGN(v1::Credential c,
                       ledger::SignCredential(key, meeting_, "rec", std::string(32, 'x')));
  EXPECT_REFUSED(Cast(c, Ballot("c1")), FAILED_PRECONDITION, "");
}

TEST_F(ServiceTest, RefusesCastAfterClose) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential c = Credential("v001");
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  EXPECT_REFUSED(Cast(c, Ballot("c1")), FAILED_PRECONDITION, "");
}

TEST_F(ServiceTest, RefusesSecondCast) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential c = Credential("v001");
  ASSERT_TRUE(Cast(c, Ballot("c1")).ok());
  EXPECT_REFUSED(Cast(c, Ballot("c2")), ALREADY_EXISTS, "already");
}

TEST_F(ServiceTest, RefusesForgedAndAlteredCredentials) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential genuine = Credential("v001");
  ASSERT_OK_AND_ASSIGN(auto other_key, crypto::Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(v1::Credential forged, ledger::SignCredential(other_key, meeting_, "rec",
                                                                     genuine.voter_commitment()));
  EXPECT_REFUSED(Cast(forged, Ballot("c1")), PERMISSION_DENIED, "credential");
  v1::Credential altered = genuine;
  (*altered.mutable_voter_commitment())[0] ^= 1;
  EXPECT_REFUSED(Cast(altered, Ballot("c1")), PERMISSION_DENIED, "credential");
  v1::Credential no_sig = genuine;
  no_sig.clear_signature();
  EXPECT_REFUSED(Cast(no_sig, Ballot("c1")), PERMISSION_DENIED, "credential");
}

TEST_F(ServiceTest, RefusesUnknownFormQuestionAndCandidate) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential c = Credential("v001");
  v1::Credential other_form = c;
  other_form.set_form_id("nope");
  v1::Ballot b = Ballot("c1");
  b.set_form_id("nope");
  EXPECT_REFUSED(Cast(other_form, b), NOT_FOUND, "form_id");

  v1::Ballot unknown_q = Ballot("c1");
  unknown_q.mutable_answers(0)->set_question_id("treasurer");
  EXPECT_REFUSED(Cast(c, unknown_q), NOT_FOUND, "treasurer");
  EXPECT_REFUSED(Cast(c, Ballot("c9")), NOT_FOUND, "c9");
  v1::Ballot mismatch = Ballot("c1");
  mismatch.set_form_id("other");
  EXPECT_REFUSED(Cast(c, mismatch), INVALID_ARGUMENT, "ballot.form_id");
}

TEST_F(ServiceTest, RefusesOvervote) {
  CreateMeeting();
  OpenMeeting();
  v1::Credential c = Credential("v001");
  EXPECT_REFUSED(Cast(c, Ballot("c1", {"d1", "d2", "d3"})), INVALID_ARGUMENT, "max_choices");
}

TEST_F(ServiceTest, RefusesWrongRole) {
  CreateMeeting();
  OpenMeeting();
  v1::CreateMeetingRequest create;
  *create.mutable_spec() = testing::SampleSpec();
  *create.mutable_roll() = testing::SampleRoll(3);
  v1::CreateMeetingResponse created;
  EXPECT_REFUSED(kiosk_as_meeting_->CreateMeeting(Ctx().get(), create, &created),
                 PERMISSION_DENIED, "admin");
  auto admin_as_kiosk = v1::KioskService::NewStub(server_->Channel("admin"));
  v1::CheckInRequest req;
  req.set_meeting_id(meeting_);
  req.set_voter_id("v001");
  v1::CheckInResponse resp;
  EXPECT_REFUSED(admin_as_kiosk->CheckIn(Ctx().get(), req, &resp), PERMISSION_DENIED, "kiosk");
  // Cast is served through gRPC's callback API: the same refusal, and
  // nothing written.
  v1::CastRequest cast;
  *cast.mutable_credential() = Credential("v002");
  *cast.mutable_ballot() = Ballot("c1");
  v1::CastResponse cast_resp;
  EXPECT_REFUSED(admin_as_kiosk->Cast(Ctx().get(), cast, &cast_resp), PERMISSION_DENIED,
                 "kiosk");
  v1::CastRequest anonymous;
  anonymous.mutable_token()->set_meeting_id(meeting_);
  EXPECT_REFUSED(admin_as_kiosk->Cast(Ctx().get(), anonymous, &cast_resp), PERMISSION_DENIED,
                 "kiosk");
  EXPECT_EQ(Info().cast(), 0u) << "a refused cast was written";
  EXPECT_TRUE(kiosk_->Cast(Ctx().get(), cast, &cast_resp).ok())
      << "the refused cast must not have used up the voter's credential";
  auto kiosk_as_tally = v1::TallyService::NewStub(server_->Channel("kiosk"));
  v1::CountRequest count;
  count.set_meeting_id(meeting_);
  v1::CountResponse counted;
  EXPECT_REFUSED(kiosk_as_tally->Count(Ctx().get(), count, &counted), PERMISSION_DENIED,
                 "officer");
  auto officer_as_audit = v1::AuditService::NewStub(server_->Channel("officer"));
  v1::ExportRequest exp;
  exp.set_meeting_id(meeting_);
  v1::ExportRecord rec;
  auto ctx = Ctx();
  auto reader = officer_as_audit->Export(ctx.get(), exp);
  while (reader->Read(&rec)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ServiceTest, RefusesAClientWithoutCertificate) {
  auto stub = v1::MeetingService::NewStub(server_->AnonymousChannel());
  v1::ListMeetingsResponse resp;
  grpc::Status s = stub->ListMeetings(Ctx().get(), {}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(ServiceTest, RefusesEmptyAndMalformedSpecsNamingTheField) {
  auto count_meetings = [&] {
    v1::ListMeetingsResponse resp;
    EXPECT_TRUE(admin_->ListMeetings(Ctx().get(), {}, &resp).ok());
    return resp.meetings_size();
  };
  v1::CreateMeetingResponse resp;
  v1::CreateMeetingRequest empty;
  grpc::Status s = admin_->CreateMeeting(Ctx().get(), empty, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("title"));

  v1::CreateMeetingRequest bad;
  *bad.mutable_spec() = testing::SampleSpec();
  *bad.mutable_roll() = testing::SampleRoll(3);
  bad.mutable_spec()->mutable_forms(0)->mutable_questions(1)->mutable_approval()->set_seats(0);
  s = admin_->CreateMeeting(Ctx().get(), bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("forms[0].questions[1].approval.seats"));

  v1::CreateMeetingRequest dup;
  *dup.mutable_spec() = testing::SampleSpec();
  *dup.mutable_roll() = testing::SampleRoll(3);
  dup.mutable_roll()->mutable_voters(2)->set_id("v001");
  s = admin_->CreateMeeting(Ctx().get(), dup, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("duplicate"));
  EXPECT_EQ(count_meetings(), 0) << "a refused spec created a meeting";
}

TEST_F(ServiceTest, RefusesOversizedMessages) {
  CreateMeeting();
  v1::CreateMeetingRequest big;
  *big.mutable_spec() = testing::SampleSpec();
  big.mutable_spec()->set_description(std::string(17 << 20, 'x'));
  *big.mutable_roll() = testing::SampleRoll(3);
  v1::CreateMeetingResponse resp;
  grpc::Status s = admin_->CreateMeeting(Ctx().get(), big, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
}

TEST_F(ServiceTest, RefusesTransitionsOutOfOrder) {
  CreateMeeting();
  EXPECT_REFUSED(Transition(v1::MEETING_STATUS_OPEN), FAILED_PRECONDITION, "");
  EXPECT_REFUSED(Transition(v1::MEETING_STATUS_COUNTED), INVALID_ARGUMENT, "target");
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
  EXPECT_REFUSED(Transition(v1::MEETING_STATUS_ANNOUNCED), FAILED_PRECONDITION, "");
}

TEST_F(ServiceTest, ConcurrentCastsAllLandOnceEach) {
  CreateMeeting(64);
  OpenMeeting();
  std::vector<v1::Credential> creds;
  for (int i = 1; i <= 64; ++i) creds.push_back(Credential(testing::VoterId(i)));
  std::vector<v1::Receipt> receipts(64);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      if (!Cast(creds[i], Ballot(i % 2 ? "c1" : "c2"), &receipts[i]).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<uint64_t> seqs;
  for (const auto& r : receipts) seqs.insert(r.seq());
  EXPECT_EQ(seqs.size(), 64u) << "two receipts point at one entry";
  EXPECT_EQ(Info().cast(), 64u);
}

TEST_F(ServiceTest, RestartContinuesTheChain) {
  CreateMeeting();
  OpenMeeting();
  ASSERT_TRUE(Cast(Credential("v001"), Ballot("c1")).ok());
  v1::Credential pending = Credential("v002");
  const uint64_t size = LedgerSize();
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  EXPECT_EQ(LedgerSize(), size);
  v1::MeetingInfo info = Info();
  EXPECT_EQ(info.status(), v1::MEETING_STATUS_OPEN);
  EXPECT_EQ(info.checked_in(), 2u);
  EXPECT_EQ(info.cast(), 1u);
  // The credential issued before the restart still works; the double cast
  // is still refused.
  v1::Receipt r;
  ASSERT_TRUE(Cast(pending, Ballot("c2"), &r).ok());
  EXPECT_EQ(r.seq(), size);
  v1::CheckInResponse again;
  EXPECT_REFUSED(CheckIn("v001", &again), FAILED_PRECONDITION, "already cast");
}

// ---- Requests hold only what their schema declares (issue 10, item 3) ----

TEST_F(ServiceTest, CastRefusesUnknownFieldOnTheBallot) {
  CreateMeeting();
  OpenMeeting();
  v1::Ballot ballot = Ballot("c1");
  testing::UnknownFields(&ballot)->AddLengthDelimited(99, "v001");
  const v1::Credential credential = Credential("v001");
  EXPECT_REFUSED(Cast(credential, ballot), INVALID_ARGUMENT,
                 "ballot: unknown field 99 (not in gongxin.v1.Ballot)");
  EXPECT_EQ(Info().cast(), 0u);
}

TEST_F(ServiceTest, CastRefusesUnknownFieldInAnswer) {
  CreateMeeting();
  OpenMeeting();
  v1::Ballot ballot = Ballot("c1", {"d1"});
  testing::UnknownFields(ballot.mutable_answers(1))->AddLengthDelimited(77, "v001");
  const v1::Credential credential = Credential("v001");
  EXPECT_REFUSED(Cast(credential, ballot), INVALID_ARGUMENT,
                 "ballot.answers[1]: unknown field 77 (not in gongxin.v1.Answer)");
  // The voter's credential is still good: the refusal changed nothing.
  EXPECT_TRUE(Cast(credential, Ballot("c1", {"d1"})).ok());
}

TEST_F(ServiceTest, CheckInRefusesUnknownFieldOfTheRequest) {
  CreateMeeting();
  OpenMeeting();
  v1::CheckInRequest req;
  req.set_meeting_id(meeting_);
  req.set_voter_id("v001");
  testing::UnknownFields(&req)->AddVarint(9, 1);
  v1::CheckInResponse resp;
  EXPECT_REFUSED(kiosk_->CheckIn(Ctx().get(), req, &resp), INVALID_ARGUMENT,
                 "unknown field 9 (not in gongxin.v1.CheckInRequest)");
  EXPECT_EQ(Info().checked_in(), 0u);
}

TEST_F(ServiceTest, CreateMeetingRefusesUnknownFieldDeepInTheSpec) {
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = testing::SampleSpec();
  *req.mutable_roll() = testing::SampleRoll(3);
  testing::UnknownFields(req.mutable_spec()
                             ->mutable_forms(0)
                             ->mutable_questions(1)
                             ->mutable_approval()
                             ->mutable_candidates(2))
      ->AddFixed64(500, 1);
  v1::CreateMeetingResponse resp;
  grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message(),
            "spec.forms[0].questions[1].approval.candidates[2]: unknown field 500 (not in "
            "gongxin.v1.Candidate)");
  v1::ListMeetingsResponse list;
  ASSERT_TRUE(admin_->ListMeetings(Ctx().get(), v1::ListMeetingsRequest(), &list).ok());
  EXPECT_EQ(list.meetings_size(), 0);
}

// ---- Ill-formed UTF-8 is INVALID_ARGUMENT naming the field (item 4) -------
// The stubs serialise these strings as they are (protobuf only logs), so the
// server receives real ill-formed UTF-8 over the TLS channel.

TEST_F(ServiceTest, CreateMeetingRefusesInvalidUtf8NamingTheField) {
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = testing::SampleSpec();
  *req.mutable_roll() = testing::SampleRoll(3);
  req.mutable_roll()->mutable_voters(1)->set_name("\xe5\xbc\xa0\xff");
  v1::CreateMeetingResponse resp;
  grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("roll.voters[1].name: not well-formed UTF-8"));
  req.mutable_roll()->mutable_voters(1)->set_name("ok");
  req.mutable_spec()->mutable_forms(0)->mutable_questions(0)->set_title("\xc0\xaf");
  s = admin_->CreateMeeting(Ctx().get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("spec.forms[0].questions[0].title: not well-formed"));
}

TEST_F(ServiceTest, CheckInRefusesInvalidUtf8VoterId) {
  CreateMeeting();
  OpenMeeting();
  v1::CheckInResponse resp;
  EXPECT_REFUSED(CheckIn("v00\x80", &resp), INVALID_ARGUMENT,
                 "voter_id: not well-formed UTF-8 (got \"v00\\x80\")");
  EXPECT_EQ(Info().checked_in(), 0u);
}

TEST_F(ServiceTest, CastRefusesInvalidUtf8WriteIn) {
  CreateMeeting();
  OpenMeeting();
  v1::Ballot ballot = Ballot("");
  ballot.mutable_answers(0)->add_write_ins("\xe6\x9d\x8e");  // 李, well-formed
  ballot.mutable_answers(0)->add_write_ins("\xe6\x9d");      // truncated
  const v1::Credential credential = Credential("v001");
  EXPECT_REFUSED(Cast(credential, ballot), INVALID_ARGUMENT,
                 "ballot.answers[0].write_ins[1]: not well-formed UTF-8");
  EXPECT_EQ(Info().cast(), 0u);
}

}  // namespace
}  // namespace gongxin
