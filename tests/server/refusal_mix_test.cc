// Good and bad requests mixed, from eight kiosks at once, through the real
// server (TLS, RocksDB), with a restart in the middle: every refusal is the
// documented one, every good request succeeds, and what the server holds is
// what a replay of its own chain gives. A refused request must never take
// good ones — or the meeting — down with it.
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "kiosk/token.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

constexpr int kKiosks = 8;
constexpr int kVoters = 96;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  return ctx;
}

// What one kiosk was told, for one request.
struct Outcome {
  std::string request;  // what was sent, e.g. "v012 check-in, sat2 under the wrong group's key"
  grpc::StatusCode want;
  grpc::Status got;
};

// What a voter holds between the phases.
struct Voter {
  std::string id;
  std::string group;
  bool checked_in = false;
  v1::Credential credential;
  std::map<std::string, v1::AnonymousToken> tokens;  // by form
  bool cast_named = false;
  std::set<std::string> cast_anonymous;
};

class RefusalMixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Connect();
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec({.satisfaction = true});
    *req.mutable_roll() = testing::SampleRoll(kVoters);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
    v1::GetMeetingRequest get;
    get.set_meeting_id(meeting_);
    v1::MeetingInfo info;
    ASSERT_TRUE(admin_->GetMeeting(Ctx().get(), get, &info).ok());
    for (const v1::TokenKey& k : info.token_keys()) {
      keys_.emplace(std::make_pair(k.form_id(), k.group()),
                    *crypto::BlindRsaPublicKey::FromDer(k.public_key_der()));
    }
    for (int i = 1; i <= kVoters; ++i) {
      Voter v;
      v.id = testing::VoterId(i);
      v.group = i <= kVoters / 3 ? "leaders" : "staff";
      voters_.push_back(std::move(v));
    }
  }
  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
  }
  grpc::Status Transition(v1::MeetingStatus target) {
    v1::TransitionMeetingRequest req;
    req.set_meeting_id(meeting_);
    req.set_target(target);
    v1::TransitionMeetingResponse resp;
    return admin_->TransitionMeeting(Ctx().get(), req, &resp);
  }

  // The kiosk blinds one token per key of each anonymous form (it learns
  // the voter's group only from the answer).
  struct Blinding {
    std::vector<v1::BlindedToken> blinded;
    std::map<std::pair<std::string, std::string>, kiosk::PendingToken> pending;
  };
  Blinding Blind() {
    Blinding b;
    for (const auto& [id, key] : keys_) {
      kiosk::PendingToken p = *kiosk::MakePendingToken(meeting_, id.first, key, id.second);
      v1::BlindedToken t;
      t.set_form_id(p.form_id);
      t.set_group(p.group);
      t.set_blinded_message(p.blinding.blinded_msg());
      b.blinded.push_back(t);
      b.pending.emplace(id, std::move(p));
    }
    return b;
  }
  grpc::Status CheckIn(const std::string& meeting, const std::string& voter,
                       const std::vector<v1::BlindedToken>& blinded, v1::CheckInResponse* resp) {
    v1::CheckInRequest req;
    req.set_meeting_id(meeting);
    req.set_voter_id(voter);
    for (const auto& b : blinded) *req.add_blinded_tokens() = b;
    return kiosk_->CheckIn(Ctx().get(), req, resp);
  }
  grpc::Status Cast(const v1::CastRequest& req, v1::CastResponse* resp) {
    return kiosk_->Cast(Ctx().get(), req, resp);
  }
  static v1::Ballot Named(const std::string& head, const std::string& write_in = "") {
    v1::Ballot b;
    b.set_form_id("rec");
    auto* a = b.add_answers();
    a->set_question_id("head");
    if (!head.empty()) a->add_choices(head);
    if (!write_in.empty()) a->add_write_ins(write_in);
    return b;
  }

  // One voter's script: bad check-ins, the good one, bad casts, good casts,
  // bad repeats — in an order drawn from `rng`. `cast` false stops after the
  // check-in (the voter casts after the restart).
  void Run(Voter& v, std::mt19937& rng, bool cast, std::vector<Outcome>& out);

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
  std::string meeting_;
  std::map<std::pair<std::string, std::string>, crypto::BlindRsaPublicKey> keys_;
  std::vector<Voter> voters_;
  // Receipts of good casts, to find on the chain at the end.
  std::mutex receipts_mu_;
  std::vector<uint64_t> named_seqs_;
  std::vector<std::string> anonymous_hashes_;
};

void RefusalMixTest::Run(Voter& v, std::mt19937& rng, bool cast, std::vector<Outcome>& out) {
  using Code = grpc::StatusCode;
  auto record = [&](std::string what, Code want, grpc::Status got) {
    out.push_back({absl::StrCat(v.id, " ", what), want, std::move(got)});
  };
  v1::CheckInResponse resp;
  if (!v.checked_in) {
    // A few bad check-ins first, each refused and writing nothing.
    for (int bad = rng() % 3; bad > 0; --bad) {
      Blinding b = Blind();
      switch (rng() % 6) {
        case 0: {  // one form's token under the other group's key only
          const std::string other = v.group == "leaders" ? "staff" : "leaders";
          std::vector<v1::BlindedToken> wrong;
          for (const auto& t : b.blinded) {
            if (t.form_id() == "sat") wrong.push_back(t);
            if (t.form_id() == "sat2" && t.group() == other) wrong.push_back(t);
          }
          record("check-in, sat2 only under the other group's key", Code::INVALID_ARGUMENT,
                 CheckIn(meeting_, v.id, wrong, &resp));
          break;
        }
        case 1: {
          std::vector<v1::BlindedToken> none;
          record("check-in without tokens", Code::INVALID_ARGUMENT,
                 CheckIn(meeting_, v.id, none, &resp));
          break;
        }
        case 2: {
          b.blinded[0].set_group("nobody");
          record("check-in, a token for a group with no key", Code::INVALID_ARGUMENT,
                 CheckIn(meeting_, v.id, b.blinded, &resp));
          break;
        }
        case 3:
          record("check-in of a voter not on the roll", Code::NOT_FOUND,
                 CheckIn(meeting_, "x" + v.id, b.blinded, &resp));
          break;
        case 4:
          b.blinded.back().mutable_blinded_message()->pop_back();
          record("check-in, a truncated blinded token", Code::INVALID_ARGUMENT,
                 CheckIn(meeting_, v.id, b.blinded, &resp));
          break;
        case 5:
          record("check-in in a meeting that does not exist", Code::NOT_FOUND,
                 CheckIn("no-such-meeting", v.id, b.blinded, &resp));
          break;
      }
    }
    Blinding b = Blind();
    grpc::Status s = CheckIn(meeting_, v.id, b.blinded, &resp);
    record("check-in", Code::OK, s);
    if (!s.ok()) return;
    v.checked_in = true;
    v.credential = resp.credentials(0);
    for (const v1::BlindSignature& bs : resp.blind_signatures()) {
      const auto id = std::make_pair(bs.form_id(), bs.group());
      v.tokens[bs.form_id()] =
          *kiosk::FinishToken(b.pending.at(id), keys_.at(id), bs.blind_signature());
    }
  }
  if (!cast) return;

  v1::CastResponse cast_resp;
  for (int bad = rng() % 4; bad > 0; --bad) {
    v1::CastRequest req;
    switch (rng() % 7) {
      case 0:
        *req.mutable_credential() = v.credential;
        (*req.mutable_credential()->mutable_signature())[5] ^= 1;
        *req.mutable_ballot() = Named("c1");
        record("cast, forged credential", Code::PERMISSION_DENIED, Cast(req, &cast_resp));
        break;
      case 1: {
        *req.mutable_credential() = v.credential;
        v1::Ballot over = Named("c1");
        over.mutable_answers(0)->add_choices("c2");
        *req.mutable_ballot() = over;
        record("cast, over-vote", Code::INVALID_ARGUMENT, Cast(req, &cast_resp));
        break;
      }
      case 2:
        *req.mutable_credential() = v.credential;
        *req.mutable_ballot() = Named("c9");
        record("cast, unknown candidate", Code::NOT_FOUND, Cast(req, &cast_resp));
        break;
      case 3:
        *req.mutable_credential() = v.credential;
        *req.mutable_ballot() = Named("", "张\x01三");
        record("cast, write-in with a control character", Code::INVALID_ARGUMENT,
               Cast(req, &cast_resp));
        break;
      case 4:
        *req.mutable_token() = v.tokens.at("sat");
        (*req.mutable_token()->mutable_signature())[7] ^= 1;
        *req.mutable_ballot() = testing::SatisfactionBallot("sat", "basic");
        record("cast, altered token", Code::PERMISSION_DENIED, Cast(req, &cast_resp));
        break;
      case 5:
        *req.mutable_token() = v.tokens.at("sat");
        req.mutable_token()->set_group(v.group == "leaders" ? "staff" : "leaders");
        *req.mutable_ballot() = testing::SatisfactionBallot("sat", "basic");
        record("cast, token moved to the other group", Code::PERMISSION_DENIED,
               Cast(req, &cast_resp));
        break;
      case 6:
        *req.mutable_token() = v.tokens.at("sat");
        *req.mutable_ballot() = testing::SatisfactionBallot("sat2", "basic");
        record("cast, ballot for another form than the token's", Code::INVALID_ARGUMENT,
               Cast(req, &cast_resp));
        break;
    }
  }
  // The good casts: the named form, "sat", and "sat2" for two voters in three.
  {
    v1::CastRequest req;
    *req.mutable_credential() = v.credential;
    *req.mutable_ballot() = Named(rng() % 2 ? "c1" : "c3");
    grpc::Status s = Cast(req, &cast_resp);
    record("cast, named", Code::OK, s);
    if (s.ok()) {
      v.cast_named = true;
      std::lock_guard<std::mutex> lock(receipts_mu_);
      named_seqs_.push_back(cast_resp.receipt().seq());
    }
  }
  const char* grades[] = {"satisfied", "basic", "dissatisfied"};
  for (const std::string form : {"sat", "sat2"}) {
    if (form == "sat2" && rng() % 3 == 0) continue;
    v1::CastRequest req;
    *req.mutable_token() = v.tokens.at(form);
    *req.mutable_ballot() = testing::SatisfactionBallot(form, grades[rng() % 3]);
    grpc::Status s = Cast(req, &cast_resp);
    record(absl::StrCat("cast, anonymous ", form), Code::OK, s);
    if (!s.ok()) continue;
    v.cast_anonymous.insert(form);
    std::lock_guard<std::mutex> lock(receipts_mu_);
    anonymous_hashes_.push_back(cast_resp.anonymous_receipt().ballot_hash());
  }
  // Repeats, refused.
  if (rng() % 2) {
    v1::CastRequest req;
    *req.mutable_credential() = v.credential;
    *req.mutable_ballot() = Named("c2");
    record("cast, second named ballot", Code::ALREADY_EXISTS, Cast(req, &cast_resp));
  }
  if (rng() % 2) {
    v1::CastRequest req;
    *req.mutable_token() = v.tokens.at("sat");
    *req.mutable_ballot() = testing::SatisfactionBallot("sat", "basic");
    record("cast, spent token", Code::ALREADY_EXISTS, Cast(req, &cast_resp));
  }
  if (rng() % 3 == 0) {
    record("check-in again with fresh tokens after casting", Code::FAILED_PRECONDITION,
           CheckIn(meeting_, v.id, Blind().blinded, &resp));
  }
}

TEST_F(RefusalMixTest, RefusalsFromEightKiosksNeverStopTheMeetingAndStateIsTheChainsReplay) {
  std::vector<std::vector<Outcome>> outcomes(kKiosks);
  // Phase 1: the first half of the roll votes; the second half only checks
  // in. Phase 2, after a restart: the second half casts, with the
  // credentials and tokens it got before the restart.
  for (int phase = 1; phase <= 2; ++phase) {
    std::vector<std::thread> kiosks;
    for (int k = 0; k < kKiosks; ++k) {
      kiosks.emplace_back([&, k] {
        std::mt19937 rng(1000 * phase + k);
        for (int i = k; i < kVoters; i += kKiosks) {
          const bool first_half = i < kVoters / 2;
          if (phase == 1) Run(voters_[i], rng, /*cast=*/first_half, outcomes[k]);
          if (phase == 2 && !first_half) Run(voters_[i], rng, /*cast=*/true, outcomes[k]);
        }
      });
    }
    for (auto& t : kiosks) t.join();
    if (phase == 1) {
      server_->Stop();
      ASSERT_OK(server_->Start());
      Connect();
    }
  }
  int good = 0, bad = 0;
  for (const auto& kiosk : outcomes) {
    for (const Outcome& o : kiosk) {
      EXPECT_EQ(o.got.error_code(), o.want)
          << o.request << ": got " << o.got.error_code() << " " << o.got.error_message();
      (o.want == grpc::StatusCode::OK ? good : bad)++;
    }
  }
  EXPECT_GT(bad, kVoters / 2) << "too few refusals to prove anything";
  RecordProperty("good_requests", good);
  RecordProperty("refused_requests", bad);

  // What the kiosks were told adds up to what the server holds.
  uint32_t named = 0, anonymous = 0;
  std::map<std::string, uint32_t> returned;
  for (const Voter& v : voters_) {
    ASSERT_TRUE(v.checked_in) << v.id;
    named += v.cast_named;
    anonymous += v.cast_anonymous.size();
    returned["rec"] += v.cast_named;
    for (const std::string& f : v.cast_anonymous) ++returned[f];
  }
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
  v1::GetMeetingRequest get;
  get.set_meeting_id(meeting_);
  v1::MeetingInfo info;
  ASSERT_TRUE(admin_->GetMeeting(Ctx().get(), get, &info).ok());
  EXPECT_EQ(info.checked_in(), static_cast<uint32_t>(kVoters));
  EXPECT_EQ(info.cast(), named + anonymous);
  for (const v1::FormProgress& p : info.forms()) {
    EXPECT_EQ(p.issued(), static_cast<uint32_t>(kVoters)) << p.form_id();
    EXPECT_EQ(p.returned(), returned[p.form_id()]) << p.form_id();
  }

  // Replay the exported chain through the state machine the auditor uses.
  v1::ExportRequest export_req;
  export_req.set_meeting_id(meeting_);
  auto ctx = Ctx();
  auto reader = auditor_->Export(ctx.get(), export_req);
  v1::ExportRecord r;
  v1::Roll roll;
  std::vector<std::string> entries;
  while (reader->Read(&r)) {
    if (r.has_roll()) {
      ASSERT_TRUE(roll.ParseFromString(r.roll()));
    }
    if (r.has_entry()) entries.push_back(r.entry());
  }
  ASSERT_TRUE(reader->Finish().ok());
  tally::MeetingState replayed;
  std::set<std::string> anonymous_on_chain;
  for (size_t seq = 0; seq < entries.size(); ++seq) {
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[seq]));
    ASSERT_OK(replayed.Apply(e)) << "entry " << seq;
    if (seq == 0) {
      auto checked = tally::Roll::Create(roll, e.meeting_created().spec());
      ASSERT_OK(checked.status());
      ASSERT_OK(replayed.SetRoll(*checked));
    }
    if (e.has_anonymous_ballot()) {
      anonymous_on_chain.insert(ledger::AnonymousBallotHash(e.anonymous_ballot()));
    }
  }
  EXPECT_EQ(replayed.status(), v1::MEETING_STATUS_CLOSED);
  EXPECT_EQ(replayed.size(), info.head().size());
  EXPECT_EQ(replayed.checked_in_count(), info.checked_in());
  EXPECT_EQ(replayed.cast_count(), named + anonymous);  // every ballot on the chain
  EXPECT_EQ(anonymous_on_chain.size(), anonymous);
  for (const v1::FormProgress& p : info.forms()) {
    EXPECT_EQ(replayed.issued(p.form_id()), p.issued()) << p.form_id();
    EXPECT_EQ(replayed.returned(p.form_id()), p.returned()) << p.form_id();
  }
  for (const std::string& hash : anonymous_hashes_) {
    EXPECT_TRUE(anonymous_on_chain.contains(hash)) << "a receipted anonymous ballot is missing";
  }
  for (uint64_t seq : named_seqs_) {
    ASSERT_LT(seq, entries.size());
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[seq]));
    EXPECT_TRUE(e.has_ballot_cast()) << "receipt seq " << seq << " is not a ballot";
  }
  // And the server's count is the replay's count.
  auto officer = v1::TallyService::NewStub(server_->Channel("officer"));
  v1::CountRequest count_req;
  count_req.set_meeting_id(meeting_);
  v1::CountResponse counted;
  grpc::Status s = officer->Count(Ctx().get(), count_req, &counted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult expected, replayed.Count(replayed.size()));
  EXPECT_EQ(counted.result().SerializeAsString(), expected.SerializeAsString());
}

}  // namespace
}  // namespace gongxin
