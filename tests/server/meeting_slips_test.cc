// Slips for voting by phone through the real server (server/meeting_slips.cc):
// printed by hash, checked in at the desk, checked and redeemed once by a
// phone's page for blind signatures and (bound) credentials — and every
// refusal, which writes nothing.
#include <algorithm>

#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "kiosk/connection.h"
#include "kiosk/slip.h"
#include "kiosk/token.h"
#include "ledger/format.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// SampleRoll(30): v001–v010 leaders, the rest staff.
constexpr char kStaff[] = "staff";
constexpr char kLeaders[] = "leaders";

// The satisfaction forms only: every voter receives anonymous forms only.
v1::MeetingSpec AnonymousOnlySpec() {
  v1::MeetingSpec spec = testing::SampleSpec({.satisfaction = true});
  auto* forms = spec.mutable_forms();
  forms->erase(std::remove_if(forms->begin(), forms->end(),
                              [](const v1::Form& f) { return f.mode() == v1::FORM_MODE_NAMED; }),
               forms->end());
  return spec;
}

class MeetingSlipsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Connect();
  }
  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
  }
  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return ctx;
  }
  std::string CreateOpen(const v1::MeetingSpec& spec, bool open = true) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = spec;
    *req.mutable_roll() = testing::SampleRoll(30);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
    Transition(v1::MEETING_STATUS_ANNOUNCED);
    if (open) Transition(v1::MEETING_STATUS_OPEN);
    return meeting_;
  }
  void Transition(v1::MeetingStatus target) {
    v1::TransitionMeetingRequest req;
    req.set_meeting_id(meeting_);
    req.set_target(target);
    v1::TransitionMeetingResponse resp;
    grpc::Status s = admin_->TransitionMeeting(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  v1::MeetingInfo Info() {
    v1::GetMeetingRequest req;
    req.set_meeting_id(meeting_);
    v1::MeetingInfo info;
    EXPECT_TRUE(admin_->GetMeeting(Ctx().get(), req, &info).ok());
    return info;
  }
  uint64_t LedgerSize() { return Info().head().size(); }

  // Prints `n` slips for `group`: their secrets.
  std::vector<std::string> Issue(const std::string& group, int n) {
    std::vector<std::string> secrets;
    v1::IssueSlipsRequest req;
    req.set_meeting_id(meeting_);
    req.set_group(group);
    for (int i = 0; i < n; ++i) {
      secrets.push_back(*kiosk::NewSlipSecret());
      req.add_slip_hashes(ledger::SlipHash(meeting_, secrets.back()));
    }
    v1::SlipsResponse resp;
    grpc::Status s = admin_->IssueSlips(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return secrets;
  }
  absl::Status IssueHashes(const std::string& group, const std::vector<std::string>& hashes) {
    v1::IssueSlipsRequest req;
    req.set_meeting_id(meeting_);
    req.set_group(group);
    for (const std::string& h : hashes) req.add_slip_hashes(h);
    v1::SlipsResponse resp;
    return kiosk::FromGrpc(admin_->IssueSlips(Ctx().get(), req, &resp));
  }
  absl::Status Void(const std::string& secret) {
    v1::VoidSlipRequest req;
    req.set_meeting_id(meeting_);
    req.set_slip_hash(ledger::SlipHash(meeting_, secret));
    v1::SlipsResponse resp;
    return kiosk::FromGrpc(admin_->VoidSlip(Ctx().get(), req, &resp));
  }
  absl::StatusOr<v1::CheckInResponse> DeskCheckIn(const std::string& voter,
                                                 const std::string& secret = "") {
    v1::CheckInRequest req;
    req.set_meeting_id(meeting_);
    req.set_voter_id(voter);
    req.set_by_slip(true);
    req.set_slip_secret(secret);
    v1::CheckInResponse resp;
    RETURN_IF_ERROR(kiosk::FromGrpc(kiosk_->CheckIn(Ctx().get(), req, &resp)));
    return resp;
  }
  absl::StatusOr<v1::SlipResponse> Check(const std::string& secret) {
    v1::SlipRequest req;
    req.set_meeting_id(meeting_);
    req.set_slip_secret(secret);
    v1::SlipResponse resp;
    RETURN_IF_ERROR(kiosk::FromGrpc(kiosk_->CheckSlip(Ctx().get(), req, &resp)));
    return resp;
  }
  // Blinded tokens for every key of every anonymous form, as a page sends.
  std::vector<kiosk::PendingToken> Blind() {
    std::vector<kiosk::PendingToken> pending;
    const v1::MeetingInfo info = Info();
    for (const v1::TokenKey& k : info.token_keys()) {
      auto key = crypto::BlindRsaPublicKey::FromDer(k.public_key_der());
      pending.push_back(*kiosk::MakePendingToken(meeting_, k.form_id(), *key, k.group()));
    }
    return pending;
  }
  absl::StatusOr<v1::SlipResponse> Redeem(const std::string& secret,
                                          const std::vector<kiosk::PendingToken>& pending) {
    v1::SlipRequest req;
    req.set_meeting_id(meeting_);
    req.set_slip_secret(secret);
    for (const kiosk::PendingToken& p : pending) {
      v1::BlindedToken* b = req.add_blinded_tokens();
      b->set_form_id(p.form_id);
      b->set_group(p.group);
      b->set_blinded_message(p.blinding.blinded_msg());
    }
    v1::SlipResponse resp;
    RETURN_IF_ERROR(kiosk::FromGrpc(kiosk_->RedeemSlip(Ctx().get(), req, &resp)));
    return resp;
  }
  // The tokens a redemption's signatures finish.
  std::vector<v1::AnonymousToken> Finish(const v1::SlipResponse& resp,
                                         const std::vector<kiosk::PendingToken>& pending) {
    std::vector<v1::AnonymousToken> tokens;
    const v1::MeetingInfo info = Info();
    for (const v1::BlindSignature& bs : resp.blind_signatures()) {
      for (const kiosk::PendingToken& p : pending) {
        if (p.form_id != bs.form_id() || p.group != bs.group()) continue;
        for (const v1::TokenKey& k : info.token_keys()) {
          if (k.form_id() != p.form_id || k.group() != p.group) continue;
          auto key = crypto::BlindRsaPublicKey::FromDer(k.public_key_der());
          absl::StatusOr<v1::AnonymousToken> t =
              kiosk::FinishToken(p, *key, bs.blind_signature());
          EXPECT_OK(t.status());
          if (t.ok()) tokens.push_back(*t);
        }
      }
    }
    return tokens;
  }
  absl::Status CastAnonymous(const v1::AnonymousToken& token) {
    v1::CastRequest req;
    *req.mutable_token() = token;
    *req.mutable_ballot() = testing::SatisfactionBallot(token.form_id(), "satisfied");
    v1::CastResponse resp;
    return kiosk::FromGrpc(kiosk_->Cast(Ctx().get(), req, &resp));
  }
  std::vector<v1::Entry> Entries() {
    v1::ExportRequest req;
    req.set_meeting_id(meeting_);
    auto ctx = Ctx();
    auto reader = auditor_->Export(ctx.get(), req);
    std::vector<v1::Entry> entries;
    v1::ExportRecord r;
    while (reader->Read(&r)) {
      if (r.has_entry()) entries.emplace_back().ParseFromString(r.entry());
    }
    EXPECT_TRUE(reader->Finish().ok());
    return entries;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
  std::string meeting_;
};

TEST_F(MeetingSlipsTest, PhoneVotesAnonymousFormsWithASlipDrawnAtRandom) {
  CreateOpen(AnonymousOnlySpec());
  const std::vector<std::string> slips = Issue(kStaff, 3);
  ASSERT_OK_AND_ASSIGN(v1::CheckInResponse desk, DeskCheckIn("v011"));
  EXPECT_EQ(desk.group(), kStaff);
  EXPECT_THAT(desk.credentials(), IsEmpty()) << "the desk must receive nothing";
  EXPECT_THAT(desk.blind_signatures(), IsEmpty()) << "the desk must receive nothing";

  ASSERT_OK_AND_ASSIGN(v1::SlipResponse checked, Check(slips[1]));
  EXPECT_EQ(checked.group(), kStaff);
  EXPECT_THAT(checked.form_ids(), ::testing::ElementsAre("sat", "sat2"));

  const std::vector<kiosk::PendingToken> pending = Blind();
  ASSERT_OK_AND_ASSIGN(v1::SlipResponse redeemed, Redeem(slips[1], pending));
  EXPECT_THAT(redeemed.credentials(), IsEmpty());
  const std::vector<v1::AnonymousToken> tokens = Finish(redeemed, pending);
  ASSERT_EQ(tokens.size(), 2u);
  for (const v1::AnonymousToken& t : tokens) EXPECT_OK(CastAnonymous(t));

  EXPECT_THAT(Check(slips[1]), testing::StatusIs(absl::StatusCode::kAlreadyExists,
                                                  HasSubstr("already been used")));
  // One voter checked in by slip, one slip used: no other slip may vote.
  EXPECT_THAT(Check(slips[0]), testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                                  HasSubstr("signed in")));
  const uint64_t size = LedgerSize();
  EXPECT_THAT(Redeem(slips[0], Blind()),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("signed in")));
  EXPECT_EQ(LedgerSize(), size) << "a refused redemption wrote something";

  // The redemption names the slip and its forms, and nothing else: no
  // voter, no device, no time.
  int redemptions = 0;
  for (const v1::Entry& e : Entries()) {
    if (!e.has_slip_redeemed()) continue;
    ++redemptions;
    EXPECT_EQ(e.slip_redeemed().slip_hash(), ledger::SlipHash(meeting_, slips[1]));
    const google::protobuf::Reflection* r = e.slip_redeemed().GetReflection();
    std::vector<const google::protobuf::FieldDescriptor*> set;
    r->ListFields(e.slip_redeemed(), &set);
    EXPECT_EQ(set.size(), 2u) << e.slip_redeemed().ShortDebugString();
  }
  EXPECT_EQ(redemptions, 1);
}

TEST_F(MeetingSlipsTest, ARepeatWithTheSameBlindedTokensGetsTheSameSignaturesAndNoOtherDoes) {
  CreateOpen(AnonymousOnlySpec());
  const std::vector<std::string> slips = Issue(kStaff, 1);
  ASSERT_OK(DeskCheckIn("v012").status());
  const std::vector<kiosk::PendingToken> pending = Blind();
  ASSERT_OK_AND_ASSIGN(v1::SlipResponse first, Redeem(slips[0], pending));
  const uint64_t size = LedgerSize();
  ASSERT_OK_AND_ASSIGN(v1::SlipResponse again, Redeem(slips[0], pending));
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(LedgerSize(), size) << "a repeat must write nothing";
  EXPECT_THAT(Redeem(slips[0], Blind()), testing::StatusIs(absl::StatusCode::kAlreadyExists));

  // After a restart too: the blinded tokens' digests are kept beside the chain.
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  ASSERT_OK_AND_ASSIGN(v1::SlipResponse after, Redeem(slips[0], pending));
  EXPECT_EQ(after.blind_signatures_size(), first.blind_signatures_size());
  EXPECT_THAT(Check(slips[0]), testing::StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(MeetingSlipsTest, VoidAndUnknownSlipsAreRefusedAndNothingIsWritten) {
  CreateOpen(AnonymousOnlySpec());
  const std::vector<std::string> slips = Issue(kStaff, 2);
  ASSERT_OK(DeskCheckIn("v013").status());
  ASSERT_OK(Void(slips[0]));
  EXPECT_THAT(Check(slips[0]),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is void")));
  EXPECT_THAT(Void(slips[0]),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is void")));
  const std::string never = *kiosk::NewSlipSecret();
  EXPECT_THAT(Check(never), testing::StatusIs(absl::StatusCode::kNotFound, HasSubstr("slip_secret")));
  EXPECT_THAT(Void(never), testing::StatusIs(absl::StatusCode::kNotFound, HasSubstr("slip_hash")));
  EXPECT_THAT(Check("short"), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                                 HasSubstr("slip_secret: must be 10 bytes")));
  const uint64_t size = LedgerSize();
  EXPECT_THAT(Redeem(slips[0], Blind()), testing::StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(LedgerSize(), size);
  // The other slip still works; once used, it cannot be voided.
  ASSERT_OK(Redeem(slips[1], Blind()).status());
  EXPECT_THAT(Void(slips[1]), testing::StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(MeetingSlipsTest, IssueRefusalsNameTheFieldAndWriteNothing) {
  CreateOpen(AnonymousOnlySpec());
  const uint64_t size = LedgerSize();
  const std::string h = ledger::SlipHash(meeting_, *kiosk::NewSlipSecret());
  EXPECT_THAT(IssueHashes("nobody", {h}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("group: \"nobody\"")));
  EXPECT_THAT(IssueHashes(kStaff, {}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("slip_hashes: required")));
  EXPECT_THAT(IssueHashes(kStaff, {h, "short"}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("slip_hashes[1]")));
  EXPECT_THAT(IssueHashes(kStaff, {h, h}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
  EXPECT_EQ(LedgerSize(), size);
  ASSERT_OK(IssueHashes(kStaff, {h}));
  EXPECT_THAT(IssueHashes(kLeaders, {h}),
              testing::StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("issued before")));
  Transition(v1::MEETING_STATUS_CLOSED);
  EXPECT_THAT(IssueHashes(kStaff, {ledger::SlipHash(meeting_, *kiosk::NewSlipSecret())}),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("before the close")));
}

TEST_F(MeetingSlipsTest, SlipsArePrintedBeforeTheMeetingOpens) {
  CreateOpen(AnonymousOnlySpec(), /*open=*/false);
  const std::vector<std::string> slips = Issue(kStaff, 2);
  EXPECT_THAT(Check(slips[0]),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not open")));
  Transition(v1::MEETING_STATUS_OPEN);
  ASSERT_OK(DeskCheckIn("v020").status());
  EXPECT_OK(Check(slips[0]).status());
}

TEST_F(MeetingSlipsTest, AVoterOfANamedFormVotesWithTheSlipBoundAtTheDesk) {
  CreateOpen(testing::SampleSpec({.satisfaction = true}));
  const std::vector<std::string> leader_slips = Issue(kLeaders, 2);
  const std::vector<std::string> staff_slips = Issue(kStaff, 1);
  const uint64_t size = LedgerSize();
  EXPECT_THAT(DeskCheckIn("v001"), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                                      HasSubstr("slip_secret: required")));
  EXPECT_THAT(DeskCheckIn("v001", staff_slips[0]),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("group staff")));
  EXPECT_EQ(LedgerSize(), size) << "a refused check-in wrote something";
  ASSERT_OK(DeskCheckIn("v001", leader_slips[0]).status());
  // Bound: a second voter cannot take it, and it cannot be voided.
  EXPECT_THAT(DeskCheckIn("v002", leader_slips[0]),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("bound")));
  EXPECT_THAT(Void(leader_slips[0]),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("bound")));
  // An unbound slip of the group cannot use the bound voter's place.
  EXPECT_THAT(Check(leader_slips[1]), testing::StatusIs(absl::StatusCode::kFailedPrecondition));

  ASSERT_OK_AND_ASSIGN(v1::SlipResponse checked, Check(leader_slips[0]));
  EXPECT_THAT(checked.form_ids(), ::testing::ElementsAre("rec", "sat", "sat2"));
  const std::vector<kiosk::PendingToken> pending = Blind();
  ASSERT_OK_AND_ASSIGN(v1::SlipResponse redeemed, Redeem(leader_slips[0], pending));
  ASSERT_EQ(redeemed.credentials_size(), 1);
  v1::CastRequest named;
  *named.mutable_credential() = redeemed.credentials(0);
  *named.mutable_ballot() = testing::MakeBallot("rec", {{"head", {"c1"}}});
  v1::CastResponse resp;
  EXPECT_OK(kiosk::FromGrpc(kiosk_->Cast(Ctx().get(), named, &resp)));
  for (const v1::AnonymousToken& t : Finish(redeemed, pending)) EXPECT_OK(CastAnonymous(t));
  // The named ballot is the bound voter's: cast, so no second one.
  EXPECT_THAT(kiosk::FromGrpc(kiosk_->Cast(Ctx().get(), named, &resp)),
              testing::StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(MeetingSlipsTest, TheDeskNeitherScansARandomSlipNorHandsOutTokens) {
  CreateOpen(AnonymousOnlySpec());
  const std::vector<std::string> slips = Issue(kStaff, 1);
  const uint64_t size = LedgerSize();
  EXPECT_THAT(DeskCheckIn("v014", slips[0]),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("do not scan it")));
  v1::CheckInRequest req;
  req.set_meeting_id(meeting_);
  req.set_voter_id("v014");
  req.set_by_slip(true);
  const std::vector<kiosk::PendingToken> all = Blind();
  const kiosk::PendingToken& p = all.front();
  v1::BlindedToken* b = req.add_blinded_tokens();
  b->set_form_id(p.form_id);
  b->set_group(p.group);
  b->set_blinded_message(p.blinding.blinded_msg());
  v1::CheckInResponse resp;
  EXPECT_THAT(kiosk::FromGrpc(kiosk_->CheckIn(Ctx().get(), req, &resp)),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("blinded_tokens")));
  EXPECT_EQ(LedgerSize(), size);
  // Checked in by slip: the desk may repeat it, a kiosk may not take the voter.
  ASSERT_OK(DeskCheckIn("v014").status());
  ASSERT_OK(DeskCheckIn("v014").status());
  EXPECT_EQ(LedgerSize(), size + 1);
  req.clear_by_slip();
  EXPECT_THAT(kiosk::FromGrpc(kiosk_->CheckIn(Ctx().get(), req, &resp)),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("by phone")));
}

}  // namespace
}  // namespace gongxin
