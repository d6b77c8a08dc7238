// Anonymous (无记名) ballots through the real server: blind-signed tokens,
// the sealed urn, the canonical order at the close, and the refusals.
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "kiosk/token.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class AnonymousTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Connect();
    meeting_ = CreateOpen(testing::SampleSpec({.satisfaction = true}), 30);
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
  std::string CreateOpen(const v1::MeetingSpec& spec, int voters) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = spec;
    *req.mutable_roll() = testing::SampleRoll(voters);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (auto target : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
      EXPECT_TRUE(Transition(resp.meeting_id(), target).ok());
    }
    return resp.meeting_id();
  }
  grpc::Status Transition(const std::string& id, v1::MeetingStatus target) {
    v1::TransitionMeetingRequest req;
    req.set_meeting_id(id);
    req.set_target(target);
    v1::TransitionMeetingResponse resp;
    return admin_->TransitionMeeting(Ctx().get(), req, &resp);
  }
  v1::MeetingInfo Info(const std::string& id) {
    v1::GetMeetingRequest req;
    req.set_meeting_id(id);
    v1::MeetingInfo info;
    EXPECT_TRUE(admin_->GetMeeting(Ctx().get(), req, &info).ok());
    return info;
  }
  // The key of `form` for `group` (the 30-voter roll's leaders and staff
  // each have one), else the form's shared key.
  crypto::BlindRsaPublicKey Key(const std::string& meeting, const std::string& form,
                                const std::string& group = "leaders") {
    const v1::MeetingInfo info = Info(meeting);
    for (const std::string& g : {group, std::string()}) {
      for (const v1::TokenKey& k : info.token_keys()) {
        if (k.form_id() == form && k.group() == g) {
          return *crypto::BlindRsaPublicKey::FromDer(k.public_key_der());
        }
      }
    }
    ADD_FAILURE() << "no token key for " << form;
    return *crypto::BlindRsaPublicKey::FromDer("");
  }
  // A token text for `form` blinded under `key_form`'s key of `group`.
  kiosk::PendingToken Pending(const std::string& form, const std::string& key_form = "",
                               const std::string& group = "leaders") {
    const std::string& kf = key_form.empty() ? form : key_form;
    return *kiosk::MakePendingToken(meeting_, form, Key(meeting_, kf, group), group);
  }
  // SampleRoll(30): v001–v010 are leaders, the rest staff.
  static std::string GroupOf(const std::string& voter) {
    return std::stoi(voter.substr(1)) <= 10 ? "leaders" : "staff";
  }
  grpc::Status CheckIn(const std::string& meeting, const std::string& voter,
                       const std::vector<v1::BlindedToken>& blinded, v1::CheckInResponse* resp) {
    v1::CheckInRequest req;
    req.set_meeting_id(meeting);
    req.set_voter_id(voter);
    for (const auto& b : blinded) *req.add_blinded_tokens() = b;
    return kiosk_->CheckIn(Ctx().get(), req, resp);
  }
  static v1::BlindedToken Blinded(const kiosk::PendingToken& p) {
    v1::BlindedToken b;
    b.set_form_id(p.form_id);
    b.set_group(p.group);
    b.set_blinded_message(p.blinding.blinded_msg());
    return b;
  }
  // Checks a voter in with tokens for both anonymous forms; returns the
  // "sat" token (and the "sat2" one through `second`).
  v1::AnonymousToken Token(const std::string& voter, v1::AnonymousToken* second = nullptr) {
    const std::string group = GroupOf(voter);
    auto sat = Pending("sat", "", group);
    auto sat2 = Pending("sat2", "", group);
    v1::CheckInResponse resp;
    grpc::Status s = CheckIn(meeting_, voter, {Blinded(sat), Blinded(sat2)}, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.blind_signatures_size(), 2);
    v1::AnonymousToken token;
    for (const auto& bs : resp.blind_signatures()) {
      if (bs.form_id() == "sat") {
        token = *kiosk::FinishToken(sat, Key(meeting_, "sat", group), bs.blind_signature());
      } else if (second != nullptr) {
        *second = *kiosk::FinishToken(sat2, Key(meeting_, "sat2", group), bs.blind_signature());
      }
    }
    return token;
  }
  grpc::Status Cast(const v1::AnonymousToken& token, const v1::Ballot& ballot,
                    v1::AnonymousReceipt* receipt = nullptr) {
    v1::CastRequest req;
    *req.mutable_token() = token;
    *req.mutable_ballot() = ballot;
    v1::CastResponse resp;
    grpc::Status s = kiosk_->Cast(Ctx().get(), req, &resp);
    if (receipt != nullptr) *receipt = resp.anonymous_receipt();
    return s;
  }
  uint64_t LedgerSize(const std::string& meeting) { return Info(meeting).head().size(); }
  // The chain's entries, from an export.
  std::vector<v1::Entry> Entries(const std::string& meeting) {
    v1::ExportRequest req;
    req.set_meeting_id(meeting);
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

TEST_F(AnonymousTest, UrnJoinsTheChainAtTheCloseSortedByBallotHash) {
  std::vector<v1::AnonymousReceipt> receipts;
  for (int i = 1; i <= 12; ++i) {
    v1::AnonymousToken token = Token(testing::VoterId(i));
    const uint64_t before = LedgerSize(meeting_);
    v1::AnonymousReceipt receipt;
    ASSERT_TRUE(Cast(token, testing::SatisfactionBallot("sat", i % 3 ? "satisfied" : "basic"), &receipt).ok());
    EXPECT_EQ(LedgerSize(meeting_), before) << "an anonymous ballot reached the chain before the close";
    receipts.push_back(receipt);
  }
  EXPECT_EQ(Info(meeting_).forms(1).returned(), 12u);
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());

  std::vector<std::string> hashes;
  for (const v1::Entry& e : Entries(meeting_)) {
    if (e.has_anonymous_ballot()) hashes.push_back(ledger::AnonymousBallotHash(e.anonymous_ballot()));
  }
  ASSERT_EQ(hashes.size(), 12u);
  EXPECT_TRUE(std::is_sorted(hashes.begin(), hashes.end()));
  std::set<std::string> on_chain(hashes.begin(), hashes.end());
  auto key = crypto::Ed25519PublicKey::FromRaw(server_->server()->public_key().raw());
  for (const auto& r : receipts) {
    EXPECT_TRUE(on_chain.contains(r.ballot_hash())) << "a receipted ballot is missing";
    EXPECT_OK(ledger::VerifyAnonymousReceipt(*key, r));
  }
}

TEST_F(AnonymousTest, AnonymousEntriesCarryNoVoterKioskOrTime) {
  ASSERT_TRUE(Cast(Token("v001"), testing::SatisfactionBallot("sat", "basic")).ok());
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());
  for (const v1::Entry& e : Entries(meeting_)) {
    if (!e.has_anonymous_ballot()) continue;
    v1::AnonymousBallot b;
    ASSERT_TRUE(b.ParseFromString(e.anonymous_ballot()));
    // Every field is known and none of them is about the voter.
    EXPECT_TRUE(b.GetReflection()->GetUnknownFields(b).empty());
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    b.GetReflection()->ListFields(b, &fields);
    for (const auto* f : fields) {
      EXPECT_THAT(f->name(),
                  ::testing::AnyOf("form_id", "token_message", "token_signature", "ballot", "group"));
    }
    // The group of the key that signed the token: v001's group, which the
    // roll and the check-in already make public — never the voter.
    EXPECT_EQ(b.group(), "leaders");
  }
}

TEST_F(AnonymousTest, SpentTokenIsRefused) {
  v1::AnonymousToken token = Token("v001");
  ASSERT_TRUE(Cast(token, testing::SatisfactionBallot("sat", "basic")).ok());
  grpc::Status s = Cast(token, testing::SatisfactionBallot("sat", "satisfied"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_EQ(Info(meeting_).forms(1).returned(), 1u);
}

TEST_F(AnonymousTest, SixtyFourConcurrentCastsOfOneTokenExactlyOneSucceeds) {
  v1::AnonymousToken token = Token("v001");
  std::atomic<int> ok{0}, already{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      grpc::Status s = Cast(token, testing::SatisfactionBallot("sat", "basic"));
      if (s.ok()) ++ok;
      if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) ++already;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 63);
}

TEST_F(AnonymousTest, TamperedTokensAreRefused) {
  v1::AnonymousToken token = Token("v001");
  v1::AnonymousToken bad_sig = token;
  (*bad_sig.mutable_signature())[10] ^= 1;
  EXPECT_EQ(Cast(bad_sig, testing::SatisfactionBallot("sat", "basic")).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::AnonymousToken bad_msg = token;
  (*bad_msg.mutable_message())[3] ^= 1;  // inside the random prefix: text still well-formed
  EXPECT_EQ(Cast(bad_msg, testing::SatisfactionBallot("sat", "basic")).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The genuine token still works: the refusals spent nothing.
  EXPECT_TRUE(Cast(token, testing::SatisfactionBallot("sat", "basic")).ok());
}

TEST_F(AnonymousTest, TokenSignedByAnotherFormsKeyIsRefused) {
  // A kiosk blinds a token text for "sat2" under "sat"'s key: the server
  // signs blindly, but the token does not verify under "sat2"'s key.
  auto forged = Pending("sat2", "sat");
  auto genuine2 = Pending("sat2");
  v1::BlindedToken b1 = Blinded(forged);
  b1.set_form_id("sat");
  v1::CheckInResponse resp;
  ASSERT_TRUE(CheckIn(meeting_, "v002", {b1, Blinded(genuine2)}, &resp).ok());
  v1::AnonymousToken token;
  for (const auto& bs : resp.blind_signatures()) {
    if (bs.form_id() == "sat") token = *kiosk::FinishToken(forged, Key(meeting_, "sat"), bs.blind_signature());
  }
  grpc::Status s = Cast(token, testing::SatisfactionBallot("sat2", "basic"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  // Presented for "sat" instead, its text names another form.
  token.set_form_id("sat");
  s = Cast(token, testing::SatisfactionBallot("sat", "basic"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("not a token for meeting"));
}

TEST_F(AnonymousTest, TokenReplayedInAnotherMeetingIsRefused) {
  v1::AnonymousToken token = Token("v001");
  const std::string other = CreateOpen(testing::SampleSpec({.satisfaction = true}), 5);
  token.set_meeting_id(other);
  grpc::Status s = Cast(token, testing::SatisfactionBallot("sat", "basic"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(Info(other).forms(1).returned(), 0u);
}

TEST_F(AnonymousTest, KioskCrashResumesWithTheSameBlindedTokenOnly) {
  auto sat = Pending("sat");
  auto sat2 = Pending("sat2");
  v1::CheckInResponse first, again;
  ASSERT_TRUE(CheckIn(meeting_, "v003", {Blinded(sat), Blinded(sat2)}, &first).ok());
  const uint64_t size = LedgerSize(meeting_);
  // The kiosk crashed before finishing; it resends the same blinded tokens.
  ASSERT_TRUE(CheckIn(meeting_, "v003", {Blinded(sat), Blinded(sat2)}, &again).ok());
  EXPECT_EQ(LedgerSize(meeting_), size);
  ASSERT_EQ(again.blind_signatures_size(), 2);
  EXPECT_EQ(first.blind_signatures(0).SerializeAsString(), again.blind_signatures(0).SerializeAsString());
  // A fresh token for the same voter and form gets no signature: never two
  // tokens. The named credential is still handed out.
  auto other = Pending("sat");
  v1::CheckInResponse withheld;
  ASSERT_TRUE(CheckIn(meeting_, "v003", {Blinded(other)}, &withheld).ok());
  EXPECT_EQ(withheld.blind_signatures_size(), 0);
  ASSERT_EQ(withheld.credentials_size(), 1);
  // Once the named form is cast too, there is nothing left to hand out.
  v1::CastRequest cast;
  *cast.mutable_credential() = withheld.credentials(0);
  cast.mutable_ballot()->set_form_id("rec");
  v1::CastResponse cast_resp;
  ASSERT_TRUE(kiosk_->Cast(Ctx().get(), cast, &cast_resp).ok());
  v1::CheckInResponse refused;
  grpc::Status s = CheckIn(meeting_, "v003", {Blinded(other)}, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("already holds a token for sat"));
}

TEST_F(AnonymousTest, CheckInWithoutTheAnonymousTokensIsRefused) {
  v1::CheckInResponse resp;
  grpc::Status s = CheckIn(meeting_, "v004", {}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("blinded_tokens"));
  EXPECT_EQ(Info(meeting_).checked_in(), 0u);
}

TEST_F(AnonymousTest, NoTokenCanBeMintedAfterTheClose) {
  ASSERT_TRUE(Cast(Token("v001"), testing::SatisfactionBallot("sat", "basic")).ok());
  const std::string secrets = dir_.path() + "/data/secrets/" + meeting_ + ".secrets";
  ASSERT_TRUE(std::filesystem::exists(secrets));
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());
  EXPECT_FALSE(std::filesystem::exists(secrets)) << "the token keys outlived the close";
  // No private key of any kind is left in the data directory but the
  // server's own signing key.
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir_.path() + "/data")) {
    if (!f.is_regular_file() || f.path().filename() == "signing-key.pem") continue;
    EXPECT_THAT(testing::ReadWholeFileForTest(f.path()), ::testing::Not(HasSubstr("PRIVATE KEY")))
        << f.path();
  }
  auto sat = Pending("sat");
  v1::CheckInResponse resp;
  EXPECT_EQ(CheckIn(meeting_, "v009", {Blinded(sat)}, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Not after a restart either.
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  EXPECT_EQ(CheckIn(meeting_, "v009", {Blinded(sat)}, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(resp.blind_signatures_size(), 0);
}

TEST_F(AnonymousTest, RestartKeepsTheUrnAndItsSpentTokens) {
  v1::AnonymousToken token = Token("v001");
  v1::AnonymousReceipt receipt;
  ASSERT_TRUE(Cast(token, testing::SatisfactionBallot("sat", "basic"), &receipt).ok());
  v1::AnonymousToken unused = Token("v002");
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  EXPECT_EQ(Info(meeting_).forms(1).returned(), 1u);
  EXPECT_EQ(Cast(token, testing::SatisfactionBallot("sat", "basic")).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(Cast(unused, testing::SatisfactionBallot("sat", "dissatisfied")).ok());
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());
  int anonymous = 0;
  bool found = false;
  for (const v1::Entry& e : Entries(meeting_)) {
    if (!e.has_anonymous_ballot()) continue;
    ++anonymous;
    found |= ledger::AnonymousBallotHash(e.anonymous_ballot()) == receipt.ballot_hash();
  }
  EXPECT_EQ(anonymous, 2);
  EXPECT_TRUE(found);
}

// ---- Token keys per group (rules A3, S-10, S-11; tally/token_keys.h) --------

TEST_F(AnonymousTest, EachGroupLargeEnoughGetsItsOwnKeyAndASmallRollSharesOne) {
  // 30 voters: 10 leaders and 20 staff, both ≥ 5.
  std::vector<std::string> groups;
  const v1::MeetingInfo info = Info(meeting_);
  for (const v1::TokenKey& k : info.token_keys()) {
    if (k.form_id() == "sat") groups.push_back(k.group());
  }
  EXPECT_THAT(groups, ::testing::ElementsAre("leaders", "staff"));
  // 12 voters: 4 leaders (< 5) would be alone under the shared key, so
  // staff shares it too: one key, no per-group tally.
  const std::string small = CreateOpen(testing::SampleSpec({.satisfaction = true}), 12);
  groups.clear();
  const v1::MeetingInfo small_info = Info(small);
  for (const v1::TokenKey& k : small_info.token_keys()) {
    if (k.form_id() == "sat") groups.push_back(k.group());
  }
  EXPECT_THAT(groups, ::testing::ElementsAre(""));
}

TEST_F(AnonymousTest, CheckInSignsWithTheKeyOfTheVotersGroupOnly) {
  // The kiosk does not know the group: it blinds one token per key.
  auto as_leader = Pending("sat", "", "leaders");
  auto as_staff = Pending("sat", "", "staff");
  auto sat2 = Pending("sat2", "", "staff");
  v1::CheckInResponse resp;
  ASSERT_TRUE(
      CheckIn(meeting_, "v015", {Blinded(as_leader), Blinded(as_staff), Blinded(sat2)}, &resp)
          .ok());
  ASSERT_EQ(resp.group(), "staff");
  v1::AnonymousToken token;
  for (const auto& bs : resp.blind_signatures()) {
    EXPECT_EQ(bs.group(), "staff") << "form " << bs.form_id();
    if (bs.form_id() == "sat") {
      token = *kiosk::FinishToken(as_staff, Key(meeting_, "sat", "staff"), bs.blind_signature());
    }
  }
  EXPECT_EQ(token.group(), "staff");
  // Claiming another group's key does not verify: a ballot cannot move.
  v1::AnonymousToken moved = token;
  moved.set_group("leaders");
  grpc::Status s = Cast(moved, testing::SatisfactionBallot("sat", "basic"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  v1::AnonymousToken unknown = token;
  unknown.set_group("nobody");
  s = Cast(unknown, testing::SatisfactionBallot("sat", "basic"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("token.group"));
  EXPECT_TRUE(Cast(token, testing::SatisfactionBallot("sat", "basic")).ok());
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());
  for (const v1::Entry& e : Entries(meeting_)) {
    if (!e.has_anonymous_ballot()) continue;
    v1::AnonymousBallot b;
    ASSERT_TRUE(b.ParseFromString(e.anonymous_ballot()));
    EXPECT_EQ(b.group(), "staff");
  }
}

TEST_F(AnonymousTest, CheckInWithoutATokenForTheVotersKeyIsRefusedAndWritesNothing) {
  auto as_leader = Pending("sat", "", "leaders");
  auto sat2 = Pending("sat2", "", "staff");
  v1::CheckInResponse resp;
  grpc::Status s = CheckIn(meeting_, "v015", {Blinded(as_leader), Blinded(sat2)}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("under the key of group staff"));
  EXPECT_EQ(Info(meeting_).checked_in(), 0u);
  // A blinded token for a key the form does not have is refused too.
  v1::BlindedToken stray = Blinded(as_leader);
  stray.set_group("nobody");
  s = CheckIn(meeting_, "v015", {stray}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("no token key for group \"nobody\""));
}

TEST_F(AnonymousTest, CheckInRefusedForOneFormsTokenLeavesNoTraceAndTheMeetingGoesOn) {
  // v015 is staff: "sat" under the staff key is right, "sat2" only under
  // the leaders' key is not. The refusal must stage nothing — not even the
  // record that "sat"'s token was issued — or the voter's real check-in
  // (and, by the sticky write failure, every later write) would be refused.
  auto sat = Pending("sat", "", "staff");
  auto wrong = Pending("sat2", "", "leaders");
  v1::CheckInResponse resp;
  grpc::Status s = CheckIn(meeting_, "v015", {Blinded(sat), Blinded(wrong)}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("under the key of group staff"));
  const uint64_t size = LedgerSize(meeting_);
  EXPECT_EQ(Info(meeting_).checked_in(), 0u);
  // The voter checks in properly, with a fresh token for "sat" too.
  v1::AnonymousToken token = Token("v015");
  EXPECT_EQ(LedgerSize(meeting_), size + 1);
  EXPECT_TRUE(Cast(token, testing::SatisfactionBallot("sat", "basic")).ok());
  // Every other kiosk's writes go on, before and after a restart.
  EXPECT_TRUE(Cast(Token("v001"), testing::SatisfactionBallot("sat", "satisfied")).ok());
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  EXPECT_TRUE(Cast(Token("v016"), testing::SatisfactionBallot("sat", "dissatisfied")).ok());
  EXPECT_EQ(Info(meeting_).checked_in(), 3u);
  EXPECT_EQ(Info(meeting_).forms(1).returned(), 3u);
}

TEST_F(AnonymousTest, AnonymousFormIsTalliedPerGroupWithTheGroupsOwnBallots) {
  // 5 leaders all "dissatisfied", 6 staff all "satisfied".
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(Cast(Token(testing::VoterId(i)), testing::SatisfactionBallot("sat", "dissatisfied")).ok());
  }
  for (int i = 11; i <= 16; ++i) {
    ASSERT_TRUE(Cast(Token(testing::VoterId(i)), testing::SatisfactionBallot("sat", "satisfied")).ok());
  }
  ASSERT_TRUE(Transition(meeting_, v1::MEETING_STATUS_CLOSED).ok());
  auto officer = v1::TallyService::NewStub(server_->Channel("officer"));
  v1::CountRequest req;
  req.set_meeting_id(meeting_);
  v1::CountResponse resp;
  grpc::Status s = officer->Count(Ctx().get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::FormTally* sat = nullptr;
  for (const v1::FormTally& ft : resp.result().forms()) {
    if (ft.form_id() == "sat") sat = &ft;
  }
  ASSERT_NE(sat, nullptr);
  ASSERT_EQ(sat->groups_size(), 2) << sat->groups_reason_en();
  EXPECT_EQ(sat->groups(0).group(), "leaders");
  EXPECT_EQ(sat->groups(0).returned(), 5u);
  EXPECT_EQ(sat->groups(0).questions(0).candidates(2).votes(), 5u);  // dissatisfied
  EXPECT_EQ(sat->groups(1).group(), "staff");
  EXPECT_EQ(sat->groups(1).questions(0).candidates(0).votes(), 6u);  // satisfied
  EXPECT_EQ(sat->groups(1).questions(0).candidates(2).votes(), 0u);
}

}  // namespace
}  // namespace gongxin
