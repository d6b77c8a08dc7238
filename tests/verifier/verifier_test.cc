// The offline verifier against exports an operator holding the server's own
// signing key could forge: every record is re-chained and re-signed, so
// only the verifier's semantic checks can catch the lie.
#include "verifier/verifier.h"

#include <algorithm>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "crypto/merkle.h"
#include "ledger/chain.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/sample_draw.h"
#include "ledger/signing.h"
#include "tally/composite.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin::verifier {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// Builds a chain the way gongxind does, with the real key, so an export is
// valid unless a test makes it lie.
class ExportBuilder {
 public:
  // `before_open` adds entries between the genesis and the announcement
  // (a sampled survey's draw).
  explicit ExportBuilder(v1::MeetingSpec spec = testing::SampleSpec(),
                         const std::function<void(ExportBuilder&)>& before_open = nullptr)
      : head_("m1") {
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(*crypto::Ed25519PrivateKey::Generate());
    spec_ = std::move(spec);
    roll_ = testing::SampleRoll(6);
    v1::Entry genesis;
    auto* created = genesis.mutable_meeting_created();
    *created->mutable_spec() = spec_;
    created->set_roll_digest(ledger::RollDigest(roll_.SerializeAsString()));
    created->set_roll_size(roll_.voters_size());
    Add(genesis);
    if (before_open) before_open(*this);
    Transition(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
    Transition(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
  }

  void Add(v1::Entry e) {
    state_entries_.push_back(e);
    ledger::SealedEntry s = head_.Seal(e);
    entries_.push_back(s.bytes);
    hashes_.push_back(s.hash);
  }
  void Transition(v1::MeetingStatus from, v1::MeetingStatus to) {
    v1::Entry e;
    e.mutable_state_changed()->set_from(from);
    e.mutable_state_changed()->set_to(to);
    Add(e);
  }
  // Checks a voter in (an opening is recorded) and returns the commitment.
  std::string CheckIn(const std::string& voter, const std::string& group = "") {
    const std::string salt(32, static_cast<char>('a' + openings_.size()));
    std::string commitment = ledger::VoterCommitment("m1", voter, salt);
    v1::VoterOpening opening;
    opening.set_voter_id(voter);
    opening.set_salt(salt);
    openings_.push_back(opening);
    v1::Entry e;
    e.mutable_checked_in()->set_voter_commitment(commitment);
    e.mutable_checked_in()->add_form_ids("rec");
    const v1::Voter* v = nullptr;
    for (const auto& x : roll_.voters()) if (x.id() == voter) v = &x;
    e.mutable_checked_in()->set_group(!group.empty() ? group : v != nullptr ? v->group() : "staff");
    Add(e);
    return commitment;
  }
  uint64_t Cast(const std::string& commitment, const std::string& choice) {
    v1::Ballot ballot;
    ballot.set_form_id("rec");
    auto* a = ballot.add_answers();
    a->set_question_id("head");
    a->add_choices(choice);
    return CastBallot(commitment, ballot);
  }
  uint64_t CastBallot(const std::string& commitment, const v1::Ballot& ballot) {
    v1::Entry e;
    auto* cast = e.mutable_ballot_cast();
    cast->set_voter_commitment(commitment);
    cast->set_credential_signature(
        *key_->Sign(ledger::CredentialMessage("m1", "rec", commitment)));
    *cast->mutable_ballot() = ballot;
    Add(e);
    return entries_.size() - 1;
  }
  // Closes, adds `after_close` (officer inputs), and records the true count
  // (recomputed with the tally library).
  void CloseAndCount(const std::function<void(v1::TallyResult&)>& lie = nullptr,
                     const std::vector<v1::Entry>& after_close = {}) {
    Transition(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED);
    for (const v1::Entry& e : after_close) Add(e);
    Count(lie);
  }
  // Records the true count of the entries so far (recomputed with the tally
  // library), or what `lie` makes of it.
  void Count(const std::function<void(v1::TallyResult&)>& lie = nullptr) {
    tally::MeetingState state;
    auto roll = *tally::Roll::Create(roll_, spec_);
    for (size_t i = 0; i < state_entries_.size(); ++i) {
      v1::Entry e = state_entries_[i];
      e.set_meeting_id("m1");
      e.set_seq(i);
      if (i > 0) e.set_prev_hash(hashes_[i - 1]);
      EXPECT_OK(state.Apply(e));
      if (i == 0) {
        EXPECT_OK(state.SetRoll(roll));
      }
    }
    v1::Entry count;
    *count.mutable_count_recorded()->mutable_result() = *state.Count(state.size());
    if (lie) lie(*count.mutable_count_recorded()->mutable_result());
    Add(count);
  }

  std::string Export(const std::function<void(std::vector<std::string>&)>& edit = nullptr,
                     bool with_openings = true) {
    std::vector<std::string> entries = entries_;
    if (edit) edit(entries);
    // Re-chain and re-sign after any edit: the forger holds the key.
    ledger::ChainHead head("m1");
    std::vector<std::string> sealed;
    for (const std::string& bytes : entries) {
      v1::Entry e;
      e.ParseFromString(bytes);
      sealed.push_back(head.Seal(e).bytes);
    }
    std::ostringstream out;
    ledger::ExportWriter w(&out);
    v1::ExportRecord r;
    r.mutable_header()->set_format_version(1);
    r.mutable_header()->set_meeting_id("m1");
    r.mutable_header()->set_server_public_key(key_->public_key().raw());
    r.mutable_header()->set_openings_omitted(!with_openings);
    EXPECT_OK(w.Write(r));
    r.set_roll(roll_.SerializeAsString());
    EXPECT_OK(w.Write(r));
    for (const auto& o : with_openings ? openings_ : std::vector<v1::VoterOpening>{}) {
      *r.mutable_opening() = o;
      EXPECT_OK(w.Write(r));
    }
    for (const auto& bytes : sealed) {
      r.set_entry(bytes);
      EXPECT_OK(w.Write(r));
    }
    *r.mutable_head() = *ledger::SignHead(*key_, "m1", head.size(), head.hash());
    EXPECT_OK(w.Write(r));
    return out.str();
  }

  // Verifies single-threaded, and checks that worker pipelines of several
  // sizes reach exactly the same verdict or the same error.
  absl::StatusOr<Verdict> Verify(const std::string& bytes, const VerifyOptions& o = {}) {
    absl::StatusOr<Verdict> single = VerifyWith(bytes, o, 1);
    for (unsigned threads : {2u, 3u, 8u}) {
      absl::StatusOr<Verdict> multi = VerifyWith(bytes, o, threads);
      EXPECT_EQ(multi.status(), single.status()) << threads << " threads disagree with 1";
      if (multi.ok() && single.ok()) {
        EXPECT_EQ(multi->Summary(), single->Summary()) << threads << " threads";
        EXPECT_EQ(multi->merkle_root, single->merkle_root) << threads << " threads";
      }
    }
    return single;
  }
  absl::StatusOr<Verdict> VerifyWith(const std::string& bytes, VerifyOptions o, unsigned threads) {
    o.threads = threads;
    std::istringstream in(bytes);
    return VerifyExport(in, key_->public_key(), o);
  }

  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  v1::MeetingSpec spec_;
  v1::Roll roll_;
  ledger::ChainHead head_;
  std::vector<v1::Entry> state_entries_;
  std::vector<std::string> entries_;
  std::vector<std::string> hashes_;
  std::vector<v1::VoterOpening> openings_;
};

TEST(VerifierTest, HonestExportVerifiesAndReportsTheCount) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v002"), "c2");
  b.CloseAndCount();
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  EXPECT_EQ(v.entries, 9u);
  EXPECT_EQ(v.ballots, 2u);
  EXPECT_EQ(v.checked_in, 2u);
  ASSERT_TRUE(v.count.has_value());
  EXPECT_EQ(v.count->forms(0).questions(0).candidates(0).votes(), 1u);
  EXPECT_THAT(v.Summary(), HasSubstr("recomputes exactly"));
}

TEST(VerifierTest, ReportsTheMerkleRootOfAllEntries) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v001"), "c1");
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  std::vector<std::string> leaves;
  for (const std::string& bytes : b.entries_) leaves.push_back(crypto::LeafHash(bytes));
  EXPECT_EQ(v.merkle_root, crypto::RootFromLeafHashes(leaves));
}

// An export of thousands of entries spans many pipeline batches (256
// entries each), so workers finish out of order; the verdict and the first
// error must still be the single-threaded ones.
class LargeExportTest : public ::testing::Test {
 protected:
  static constexpr int kVoters = 1500;
  void SetUp() override {
    b_.roll_ = testing::SampleRoll(kVoters);
    // The genesis entry commits to the roll: rebuild it for the larger roll.
    b_.entries_.clear();
    b_.state_entries_.clear();
    b_.hashes_.clear();
    b_.head_ = ledger::ChainHead("m1");
    v1::Entry genesis;
    *genesis.mutable_meeting_created()->mutable_spec() = b_.spec_;
    genesis.mutable_meeting_created()->set_roll_digest(
        ledger::RollDigest(b_.roll_.SerializeAsString()));
    genesis.mutable_meeting_created()->set_roll_size(kVoters);
    b_.Add(genesis);
    b_.Transition(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
    b_.Transition(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
    for (int i = 1; i <= kVoters; ++i) {
      casts_.push_back(b_.Cast(b_.CheckIn(testing::VoterId(i)), i % 2 ? "c1" : "c2"));
    }
  }
  ExportBuilder b_;
  std::vector<uint64_t> casts_;
};

TEST_F(LargeExportTest, ManyBatchesGiveTheSameVerdictWithAnyThreadCount) {
  b_.CloseAndCount();
  ASSERT_OK_AND_ASSIGN(Verdict v, b_.Verify(b_.Export()));
  EXPECT_EQ(v.entries, 3u + 2 * kVoters + 2);
  EXPECT_EQ(v.ballots, static_cast<uint64_t>(kVoters));
}

TEST_F(LargeExportTest, AForgedCredentialDeepInTheExportIsNamedWithAnyThreadCount) {
  const uint64_t forged = casts_[1234];
  std::string bytes = b_.Export([&](std::vector<std::string>& entries) {
    v1::Entry e;
    e.ParseFromString(entries[forged]);
    e.mutable_ballot_cast()->set_credential_signature(std::string(64, '\x07'));
    entries[forged] = e.SerializeAsString();
  });
  EXPECT_THAT(b_.Verify(bytes).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(absl::StrCat("entry ", forged, ": ballot credential"))));
}

TEST_F(LargeExportTest, TwoBadEntriesReportTheEarlierOneWithAnyThreadCount) {
  // A forged credential late in the export and a flipped byte earlier: the
  // later one may be checked first by a worker, but the earlier is reported.
  const uint64_t forged = casts_[1400];
  std::string bytes = b_.Export([&](std::vector<std::string>& entries) {
    v1::Entry e;
    e.ParseFromString(entries[forged]);
    e.mutable_ballot_cast()->set_credential_signature(std::string(64, '\x07'));
    entries[forged] = e.SerializeAsString();
  });
  // Corrupt entry 700's bytes after sealing: the link from 701 breaks.
  std::istringstream in(bytes);
  ledger::ExportReader reader(&in);
  ASSERT_OK(reader.ReadMagic());
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  v1::ExportRecord r;
  int entry = 0;
  while (*reader.Next(&r)) {
    if (r.has_entry() && entry++ == 700) (*r.mutable_entry())[10] ^= 0x20;
    ASSERT_OK(writer.Write(r));
  }
  EXPECT_THAT(b_.Verify(out.str()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 700")));
}

TEST_F(LargeExportTest, ProgressIsReportedInOrderUpToTheTotal) {
  b_.CloseAndCount();
  std::vector<uint64_t> seen;
  VerifyOptions o;
  o.threads = 2;
  o.progress = [&](uint64_t entries, uint64_t) { seen.push_back(entries); };
  const std::string bytes = b_.Export();
  ASSERT_OK_AND_ASSIGN(Verdict v, b_.VerifyWith(bytes, o, 2));
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), v.entries);
}

// Slips for voting by phone: a voter of the named form checked in by slip,
// the slip bound to them, redeemed once, the ballot cast with it.
std::string SlipHash(char c) { return std::string(32, c); }

void AddSlips(ExportBuilder& b, const std::string& group, std::vector<std::string> hashes) {
  v1::Entry e;
  e.mutable_slips_issued()->set_group(group);
  for (std::string& h : hashes) e.mutable_slips_issued()->add_slip_hashes(std::move(h));
  b.Add(e);
}

void Redeem(ExportBuilder& b, const std::string& hash) {
  v1::Entry e;
  e.mutable_slip_redeemed()->set_slip_hash(hash);
  e.mutable_slip_redeemed()->add_form_ids("rec");
  b.Add(e);
}

TEST(VerifierTest, ReportsTheSlipsOfEachGroup) {
  ExportBuilder b;
  AddSlips(b, "staff", {SlipHash('a'), SlipHash('b'), SlipHash('c')});
  const std::string c = b.CheckIn("v005");
  b.state_entries_.pop_back();
  b.entries_.pop_back();
  b.hashes_.pop_back();
  v1::Entry in;
  in.mutable_checked_in()->set_voter_commitment(c);
  in.mutable_checked_in()->add_form_ids("rec");
  in.mutable_checked_in()->set_group("staff");
  in.mutable_checked_in()->set_by_slip(true);
  in.mutable_checked_in()->set_slip_hash(SlipHash('b'));
  b.Add(in);
  v1::Entry voided;
  voided.mutable_slip_voided()->set_slip_hash(SlipHash('c'));
  b.Add(voided);
  Redeem(b, SlipHash('b'));
  b.Cast(c, "c1");
  b.CloseAndCount();
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  ASSERT_EQ(v.slips.size(), 1u);
  EXPECT_EQ(v.slips[0].issued, 3u);
  EXPECT_EQ(v.slips[0].voided, 1u);
  EXPECT_EQ(v.slips[0].used, 1u);
  EXPECT_EQ(v.slips[0].checked_in, 1u);
  EXPECT_THAT(v.Summary(), HasSubstr("staff 3 printed, 1 void, 1 used, 1 checked in by slip"));
}

TEST(VerifierTest, RefusesASlipUsedWithoutTheVoterItWasBoundTo) {
  ExportBuilder b;
  AddSlips(b, "staff", {SlipHash('a')});
  Redeem(b, SlipHash('a'));
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 4")));
}

TEST(VerifierTest, RefusesASlipNeverPrinted) {
  ExportBuilder b;
  Redeem(b, SlipHash('z'));
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("no slip of this meeting")));
}

TEST(VerifierTest, RefusesAVoterNotOnTheRoll) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v999", "staff"), "c1");
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 3: checked-in voter v999 is not on the roll")));
}

TEST(VerifierTest, RefusesABallotWithoutACheckIn) {
  ExportBuilder b;
  b.CheckIn("v001");
  b.Cast(ledger::VoterCommitment("m1", "v002", std::string(32, 'z')), "c1");
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 4")));
}

TEST(VerifierTest, RefusesASecondBallotFromOneVoter) {
  ExportBuilder b;
  std::string c = b.CheckIn("v001");
  b.Cast(c, "c1");
  b.Cast(c, "c2");
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 5")));
}

TEST(VerifierTest, RefusesACountThatDiffersFromTheRecount) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v001"), "c1");
  b.CloseAndCount([](v1::TallyResult& r) {
    r.mutable_forms(0)->mutable_questions(0)->mutable_candidates(1)->set_votes(5);
  });
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 6: count_recorded.result differs from the recount")));
}

TEST(VerifierTest, RefusesABallotWhoseCredentialTheServerNeverSigned) {
  ExportBuilder b;
  std::string c = b.CheckIn("v001");
  v1::Entry e;
  e.mutable_ballot_cast()->set_voter_commitment(c);
  e.mutable_ballot_cast()->set_credential_signature(std::string(64, '\x01'));
  e.mutable_ballot_cast()->mutable_ballot()->set_form_id("rec");
  b.Add(e);
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 4: ballot credential")));
}

// ---- The record holds only what a ballot means (issue 10, item 3) ---------
// Each forger below holds the server key: the chain is re-linked and the head
// re-signed, so only the encoding rule can catch the extra bytes.

TEST(VerifierTest, RefusesAnEntryCarryingAnUnknownFieldUnderAReSignedHead) {
  ExportBuilder b;
  v1::Ballot ballot;
  ballot.set_form_id("rec");
  v1::Answer* answer = ballot.add_answers();
  answer->set_question_id("head");
  answer->add_choices("c1");
  testing::UnknownFields(answer)->AddLengthDelimited(77, "v001");  // the voter, tagged
  b.CastBallot(b.CheckIn("v001"), ballot);
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 4: ballot_cast.ballot.answers[0]: unknown field 77 (not "
                                 "in gongxin.v1.Answer)")));
}

TEST(VerifierTest, RefusesAnUnknownFieldInsideAnAnonymousBallotsBytes) {
  ExportBuilder b;
  v1::AnonymousBallot anonymous;
  anonymous.set_form_id("rec");
  anonymous.mutable_ballot()->set_form_id("rec");
  testing::UnknownFields(anonymous.mutable_ballot()->add_answers())->AddVarint(77, 1);
  v1::Entry e;
  e.set_anonymous_ballot(anonymous.SerializeAsString());
  b.Add(e);
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 3: anonymous_ballot.ballot.answers[0]: unknown field 77")));
}

TEST(VerifierTest, RefusesARollCarryingAnUnknownField) {
  ExportBuilder b;
  testing::UnknownFields(b.roll_.mutable_voters(2))->AddLengthDelimited(9, "hidden");
  const std::string roll_bytes = b.roll_.SerializeAsString();
  std::string bytes = b.Export([&](std::vector<std::string>& entries) {
    v1::Entry genesis;
    ASSERT_TRUE(genesis.ParseFromString(entries[0]));
    genesis.mutable_meeting_created()->set_roll_digest(ledger::RollDigest(roll_bytes));
    entries[0] = genesis.SerializeAsString();
  });
  EXPECT_THAT(b.Verify(bytes).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("roll.voters[2]: unknown field 9 (not in gongxin.v1.Voter)")));
}

TEST(VerifierTest, RefusesAnExportSignedByAnotherKey) {
  ExportBuilder b;
  std::string bytes = b.Export();
  auto other = *crypto::Ed25519PrivateKey::Generate();
  std::istringstream in(bytes);
  EXPECT_THAT(VerifyExport(in, other.public_key()).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("trusted key")));
}

TEST(VerifierTest, ProvesOmissionOfAReceiptedBallot) {
  ExportBuilder b;
  uint64_t seq = b.Cast(b.CheckIn("v001"), "c1");
  v1::Receipt receipt = *ledger::SignReceipt(*b.key_, "m1", "rec", seq, b.hashes_[seq]);
  VerifyOptions with_receipt;
  with_receipt.receipts = {receipt};
  EXPECT_OK(b.Verify(b.Export(), with_receipt).status());
  // The operator drops the ballot and re-signs everything.
  std::string dropped = b.Export([&](std::vector<std::string>& entries) {
    entries.erase(entries.begin() + seq);
  });
  EXPECT_THAT(b.Verify(dropped, with_receipt).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("proof of omission")));
}

TEST(VerifierTest, AReceiptCodeFindsItsBallotAndOnlyABallot) {
  ExportBuilder b;
  const std::string commitment = b.CheckIn("v001");
  const uint64_t check_in = b.hashes_.size() - 1;
  const uint64_t seq = b.Cast(commitment, "c1");
  VerifyOptions code;
  code.receipt_codes = {b.hashes_[seq].substr(0, 10)};
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export(), code));
  EXPECT_EQ(v.receipts_checked, 1u);
  // The ballot dropped from the record: the code names nothing.
  std::string dropped = b.Export([&](std::vector<std::string>& entries) {
    entries.erase(entries.begin() + seq);
  });
  EXPECT_THAT(b.Verify(dropped, code).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("receipt code")));
  // A code of an entry that is not a ballot (the check-in) is not one.
  VerifyOptions not_a_ballot;
  not_a_ballot.receipt_codes = {b.hashes_[check_in].substr(0, 10)};
  EXPECT_THAT(b.Verify(b.Export(), not_a_ballot).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("receipt code")));
}

TEST(VerifierTest, PublicExportVerifiesWithoutOpenings) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v005"), "c2");
  b.CloseAndCount();
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export(nullptr, /*with_openings=*/false)));
  EXPECT_TRUE(v.public_export);
  EXPECT_EQ(v.ballots, 2u);
  EXPECT_THAT(v.Summary(), HasSubstr("public export"));
}

TEST(VerifierTest, PublicExportStillChecksTheFormsOfEachCheckIn) {
  ExportBuilder b;
  std::string c = b.CheckIn("v001");
  std::string bytes = b.Export(
      [](std::vector<std::string>& entries) {
        v1::Entry e;
        e.ParseFromString(entries[3]);
        e.mutable_checked_in()->add_form_ids("rec");  // a second copy of the form
        entries[3] = e.SerializeAsString();
      },
      /*with_openings=*/false);
  EXPECT_THAT(b.Verify(bytes).status(), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 3")));
}

TEST(VerifierTest, PublicExportMustNotCarryOpenings) {
  ExportBuilder b;
  b.CheckIn("v001");
  std::string bytes = b.Export();
  // Flip the header's flag: openings follow, which a public export forbids.
  std::istringstream in(bytes);
  ledger::ExportReader reader(&in);
  ASSERT_OK(reader.ReadMagic());
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  v1::ExportRecord r;
  while (*reader.Next(&r)) {
    if (r.has_header()) r.mutable_header()->set_openings_omitted(true);
    ASSERT_OK(writer.Write(r));
  }
  EXPECT_THAT(b.Verify(out.str()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("must not carry openings")));
}

TEST(VerifierTest, RefusesRecordsOutOfPlace) {
  ExportBuilder b;
  std::string bytes = b.Export();
  bytes += std::string("\x02\x22\x00", 3);  // a roll record after the head
  EXPECT_THAT(b.Verify(bytes).status(), StatusIs(absl::StatusCode::kDataLoss,
                                                 HasSubstr("data after the signed head")));
}

TEST(VerifierTest, B4_FullExportShowsARecusedMembersMarkThePublicOneCannot) {
  // A server that let v001 vote on the candidate v001 is recused on.
  v1::MeetingSpec spec = testing::SampleSpec();
  v1::Question* q = spec.mutable_forms(0)->mutable_questions(0);
  q->clear_approval();
  v1::Candidate* c = q->mutable_decision()->add_candidates();
  c->set_id("c1");
  c->set_name("张三");
  c->add_recused_voter_ids("v001");
  spec.mutable_forms(0)->mutable_questions()->DeleteSubrange(1, 1);
  ExportBuilder b(spec);
  v1::Ballot ballot;
  ballot.set_form_id("rec");
  v1::DecisionMark* mark = ballot.add_answers()->add_decisions();
  ballot.mutable_answers(0)->set_question_id("head");
  mark->set_candidate_id("c1");
  mark->set_vote(v1::DECISION_VOTE_AGREE);
  b.CastBallot(b.CheckIn("v001"), ballot);
  b.CastBallot(b.CheckIn("v002"), ballot);
  b.CloseAndCount();
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("recused")));
  // Without openings nobody can tell whose ballot it was.
  EXPECT_OK(b.Verify(b.Export(nullptr, /*with_openings=*/false)).status());
}

// ---- Officer inputs (rules S-2, S-3): replayed, recomputed, and a forged
// score caught by the recount even under a re-signed head.

v1::MeetingSpec OfficerSpec() {
  v1::MeetingSpec spec = testing::SampleSpec();
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id("s2");
  rule->set_title("考察人选综合得分");
  rule->set_preset("S-2");
  rule->set_form_id("rec");
  rule->set_question_id("head");
  EXPECT_OK(tally::ExpandCompositePreset(spec, *rule));
  spec.set_count_approvals_required(2);
  return spec;
}

v1::Entry ScoreEntry(const std::string& candidate, const std::string& indicator,
                     const std::string& value) {
  v1::Entry e;
  auto* s = e.mutable_officer_score_entered();
  s->set_rule_id("s2");
  s->set_candidate_id(candidate);
  s->set_indicator_id(indicator);
  s->set_value(value);
  s->set_officer("officer-1");
  return e;
}

v1::Entry ApprovalEntry(const std::string& officer) {
  v1::Entry e;
  e.mutable_count_approved()->set_officer(officer);
  return e;
}

// Entries 0–2 meeting, 3–6 two check-ins and casts, 7 closed, 8–11 scores,
// 12 veto, 13–14 approvals, 15 count.
std::vector<v1::Entry> OfficerEntries(std::vector<std::string> approvers = {"officer-1",
                                                                            "officer-2"}) {
  std::vector<v1::Entry> entries = {
      ScoreEntry("c1", "basic_quality", "80"), ScoreEntry("c1", "commendations", "100"),
      ScoreEntry("c2", "basic_quality", "60"), ScoreEntry("c2", "commendations", "40")};
  v1::Entry veto;
  veto.mutable_veto_entered()->set_rule_id("s2");
  veto.mutable_veto_entered()->set_candidate_id("c3");
  veto.mutable_veto_entered()->set_reason("经查实的举报");
  veto.mutable_veto_entered()->set_officer("officer-2");
  entries.push_back(veto);
  for (const std::string& a : approvers) entries.push_back(ApprovalEntry(a));
  return entries;
}

TEST(VerifierTest, OfficerInputsReplayAndTheCompositeRecomputes) {
  ExportBuilder b(OfficerSpec());
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v002"), "c2");
  b.CloseAndCount(nullptr, OfficerEntries());
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  ASSERT_TRUE(v.count.has_value());
  ASSERT_EQ(v.count->composites_size(), 1);
  // c1: 1/2 → 45 + 4 + 5 = 54; c2: 1/2 → 45 + 3 + 2 = 50; c3 vetoed.
  EXPECT_EQ(v.count->composites(0).candidates(0).candidate_id(), "c1");
  EXPECT_EQ(v.count->composites(0).candidates(0).composite(), "54");
  EXPECT_EQ(v.count->composites(0).candidates(1).composite(), "50");
  EXPECT_EQ(v.count->approved_by_size(), 2);
}

TEST(VerifierTest, S2_RefusesATamperedScoreEvenUnderAReSignedHead) {
  ExportBuilder b(OfficerSpec());
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v002"), "c2");
  b.CloseAndCount(nullptr, OfficerEntries());
  // The forger lifts c2's basic-quality score (entry 10) from 60 to 100.
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[10]));
    ASSERT_EQ(e.officer_score_entered().candidate_id(), "c2");
    e.mutable_officer_score_entered()->set_value("100");
    entries[10] = e.SerializeAsString();
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 15: count_recorded.result differs from the recount: "
                                 "composites[0].candidates[1].components[1].points")));
}

TEST(VerifierTest, RefusesACountWithFewerApprovalsThanTheSpecRequires) {
  ExportBuilder b(OfficerSpec());
  b.Cast(b.CheckIn("v001"), "c1");
  b.CloseAndCount(nullptr, OfficerEntries({"officer-1"}));
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("1 distinct officer(s) approved the count; the spec requires 2")));
}

TEST(VerifierTest, RefusesAScoreOutsideTheIndicatorsScale) {
  ExportBuilder b(OfficerSpec());
  b.Cast(b.CheckIn("v001"), "c1");
  b.CloseAndCount(nullptr, OfficerEntries());
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[6]));
    e.mutable_officer_score_entered()->set_value("150");
    entries[6] = e.SerializeAsString();
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 6: officer_score_entered.value: \"150\" is outside")));
}

// ---- Score corrections (issue 14): the verifier replays the proposal and
// the second officer's approval, and recomputes the composite with the
// corrected value.

// Entries 0–6 as OfficerEntries, 7 closed, 8–11 scores (c1's basic quality
// 80, at 8), 12 the proposal (→ 60), 13 its approval, 14–15 count
// approvals, then the count.
void CorrectedMeeting(ExportBuilder& b,
                      const std::function<void(v1::TallyResult&)>& lie = nullptr) {
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v002"), "c2");
  b.Transition(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED);
  std::vector<v1::Entry> scores = OfficerEntries({});
  scores.pop_back();  // no veto
  for (const v1::Entry& e : scores) b.Add(e);
  v1::Entry proposal;
  auto* p = proposal.mutable_score_correction_proposed();
  p->set_superseded_seq(8);
  p->set_superseded_entry_hash(b.hashes_[8]);
  p->set_rule_id("s2");
  p->set_candidate_id("c1");
  p->set_indicator_id("basic_quality");
  p->set_value("60");
  p->set_reason("录入时把 60 误录为 80");
  p->set_officer("officer-1");
  b.Add(proposal);
  v1::Entry approval;
  approval.mutable_score_correction_approved()->set_proposal_seq(12);
  approval.mutable_score_correction_approved()->set_proposal_entry_hash(b.hashes_[12]);
  approval.mutable_score_correction_approved()->set_officer("officer-2");
  b.Add(approval);
  b.Add(ApprovalEntry("officer-1"));
  b.Add(ApprovalEntry("officer-2"));
  b.Count(lie);
}

TEST(VerifierTest, CorrectedScoreReplaysAndTheCompositeUsesTheNewValue) {
  ExportBuilder b(OfficerSpec());
  CorrectedMeeting(b);
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  ASSERT_TRUE(v.count.has_value());
  // c1: 1/2 → 45 + 5 % × 60 + 5 = 53 (the superseded 80 gave 54).
  EXPECT_EQ(v.count->composites(0).candidates(0).candidate_id(), "c1");
  EXPECT_EQ(v.count->composites(0).candidates(0).composite(), "53");
}

TEST(VerifierTest, RefusesACountThatUsedTheSupersededValue) {
  ExportBuilder b(OfficerSpec());
  CorrectedMeeting(b, [](v1::TallyResult& r) {
    v1::CompositeCandidate* c1 = r.mutable_composites(0)->mutable_candidates(0);
    c1->set_composite("54");
    c1->mutable_components(1)->set_points("80");
  });
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("differs from the recount")));
}

TEST(VerifierTest, RefusesAnApprovalByTheProposer) {
  ExportBuilder b(OfficerSpec());
  CorrectedMeeting(b);
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[13]));
    e.mutable_score_correction_approved()->set_officer("officer-1");
    entries[13] = e.SerializeAsString();
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 13: score_correction_approved.officer")));
}

// ---- Inspectors' scores (issue 16): each inspector's entry replays, the
// aggregate and the grade are recomputed, and a recused inspector's score
// is refused even under a re-signed head.

v1::Entry PanelScoreEntry(const std::string& inspector, const std::string& candidate,
                          const std::string& indicator, const std::string& value) {
  v1::Entry e = ScoreEntry(candidate, indicator, value);
  e.mutable_officer_score_entered()->set_rule_id("ability");
  e.mutable_officer_score_entered()->set_officer(inspector);
  return e;
}

// c1 by officer-1..3: ability 90/80/85, integrity 9/8/7; c2 by officer-1
// and officer-2 (officer-3 is recused): 70/75 and 6/7; c3 50 and 5 each.
std::vector<v1::Entry> PanelEntries() {
  std::vector<v1::Entry> entries;
  const char* c1_ability[] = {"90", "80", "85"};
  const char* c1_integrity[] = {"9", "8", "7"};
  for (int i = 0; i < 3; ++i) {
    const std::string inspector = "officer-" + std::to_string(i + 1);
    entries.push_back(PanelScoreEntry(inspector, "c1", "ability", c1_ability[i]));
    entries.push_back(PanelScoreEntry(inspector, "c1", "integrity", c1_integrity[i]));
    entries.push_back(PanelScoreEntry(inspector, "c3", "ability", "50"));
    entries.push_back(PanelScoreEntry(inspector, "c3", "integrity", "5"));
    if (i < 2) {
      entries.push_back(PanelScoreEntry(inspector, "c2", "ability", i == 0 ? "70" : "75"));
      entries.push_back(PanelScoreEntry(inspector, "c2", "integrity", i == 0 ? "6" : "7"));
    }
  }
  return entries;
}

const v1::CompositeCandidate* FindComposite(const v1::TallyResult& r, const std::string& id) {
  for (const v1::CompositeCandidate& c : r.composites(0).candidates()) {
    if (c.candidate_id() == id) return &c;
  }
  return nullptr;
}

TEST(VerifierTest, InspectorsAggregatesAndGradesAreRecomputed) {
  ExportBuilder b(testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN));
  b.Cast(b.CheckIn("v001"), "c1");
  b.Cast(b.CheckIn("v002"), "c2");
  b.CloseAndCount(nullptr, PanelEntries());
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  ASSERT_TRUE(v.count.has_value());
  const v1::CompositeCandidate* c1 = FindComposite(*v.count, "c1");
  const v1::CompositeCandidate* c2 = FindComposite(*v.count, "c2");
  ASSERT_NE(c1, nullptr);
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(c1->components(1).score(), "85");
  EXPECT_EQ(c1->components(1).inspectors(), 3u);
  EXPECT_EQ(c2->components(1).score(), "72.5");
  EXPECT_EQ(c2->components(1).inspectors(), 2u);
  // c1: 40 % × 50 + 30 % × 85 + 30 % × 80 = 69.5 → 基本称职.
  EXPECT_EQ(c1->composite(), "69.5");
  EXPECT_EQ(c1->grade(), "基本称职");
}

TEST(VerifierTest, RefusesACountWhoseAggregateOrGradeIsNotTheRecount) {
  ExportBuilder b(testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN));
  b.Cast(b.CheckIn("v001"), "c1");
  b.CloseAndCount(
      [](v1::TallyResult& r) {
        for (v1::CompositeCandidate& c : *r.mutable_composites(0)->mutable_candidates()) {
          // c1: 40 % × 100 + 49.5 = 89.5 is 称职, not 优秀.
          if (c.candidate_id() == "c1") c.set_grade("优秀");
        }
      },
      PanelEntries());
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("differs from the recount: composites[0].candidates[0].grade")));
}

TEST(VerifierTest, RefusesARecusedInspectorsScoreEvenUnderAReSignedHead) {
  ExportBuilder b(testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN));
  b.Cast(b.CheckIn("v001"), "c1");
  b.CloseAndCount(nullptr, PanelEntries());
  // The forger passes officer-2's score of c2 off as officer-3's, who is
  // recused from c2 (考察回避).
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    for (std::string& bytes : entries) {
      v1::Entry e;
      ASSERT_TRUE(e.ParseFromString(bytes));
      if (!e.has_officer_score_entered()) continue;
      const v1::OfficerScoreEntered& s = e.officer_score_entered();
      if (s.candidate_id() == "c2" && s.officer() == "officer-2" && s.indicator_id() == "ability") {
        e.mutable_officer_score_entered()->set_officer("officer-3");
        bytes = e.SerializeAsString();
      }
    }
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("inspector \"officer-3\" is recused from candidate c2")));
}

// ---- Paper ballots: replayed, and the paper, electronic and combined
// counts recomputed from the entries.

// Checks `voter` in to vote on paper; returns the commitment.
std::string PaperCheckIn(ExportBuilder& b, const std::string& voter) {
  const std::string c = b.CheckIn(voter);
  v1::Entry in = b.state_entries_.back();
  b.state_entries_.pop_back();
  b.entries_.pop_back();
  b.hashes_.pop_back();
  in.mutable_checked_in()->set_by_paper(true);
  b.Add(in);
  return c;
}

v1::Entry PaperEntered(const std::string& commitment, const std::string& choice) {
  v1::Entry e;
  v1::PaperBallotEntered* p = e.mutable_paper_ballot_entered();
  p->mutable_ballot()->set_form_id("rec");
  auto* a = p->mutable_ballot()->add_answers();
  a->set_question_id("head");
  a->add_choices(choice);
  p->set_voter_commitment(commitment);
  p->set_officer("officer-1");
  return e;
}

v1::Entry PaperConfirmed(uint64_t seq, const std::string& officer = "officer-2") {
  v1::Entry e;
  e.mutable_paper_ballot_confirmed()->set_entered_seq(seq);
  e.mutable_paper_ballot_confirmed()->set_officer(officer);
  return e;
}

v1::Entry PaperReturns(uint32_t issued, uint32_t returned) {
  v1::Entry e;
  e.mutable_paper_returns_recorded()->set_form_id("rec");
  e.mutable_paper_returns_recorded()->set_issued(issued);
  e.mutable_paper_returns_recorded()->set_returned(returned);
  e.mutable_paper_returns_recorded()->set_officer("officer-1");
  return e;
}

// Entries 0–2 genesis and transitions; 3–4 v001 electronic; 5 v002 on
// paper; 6 close; 7 entered (c2); then `after`.
ExportBuilder PaperMeeting(const std::vector<v1::Entry>& after, bool confirm = true,
                           const std::function<void(v1::TallyResult&)>& lie = nullptr) {
  ExportBuilder b;
  b.Cast(b.CheckIn("v001"), "c1");
  const std::string paper = PaperCheckIn(b, "v002");
  std::vector<v1::Entry> inputs = {PaperEntered(paper, "c2")};
  if (confirm) inputs.push_back(PaperConfirmed(7));
  inputs.insert(inputs.end(), after.begin(), after.end());
  b.CloseAndCount(lie, inputs);
  return b;
}

TEST(VerifierTest, PaperBallotsReplayAndThePaperElectronicAndCombinedCountsRecompute) {
  ExportBuilder b = PaperMeeting({PaperReturns(1, 1)});
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  ASSERT_TRUE(v.count.has_value());
  const v1::FormTally& rec = v.count->forms(0);
  EXPECT_EQ(rec.returned(), 2u);
  EXPECT_EQ(rec.paper().returned(), 1u);
  EXPECT_EQ(rec.electronic().returned(), 1u);
  EXPECT_EQ(rec.paper().questions(0).candidates(1).votes(), 1u);       // c2 on paper
  EXPECT_EQ(rec.electronic().questions(0).candidates(0).votes(), 1u);  // c1 electronic
  EXPECT_TRUE(rec.paper_reconciliation().consistent());
  EXPECT_EQ(v.count->present_by_paper(), 1u);
}

TEST(VerifierTest, RefusesATamperedPaperBallotEvenUnderAReSignedHead) {
  ExportBuilder b = PaperMeeting({PaperReturns(1, 1)});
  // The forger turns the paper vote for c2 (entry 7) into one for c3.
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    v1::Entry e;
    ASSERT_TRUE(e.ParseFromString(entries[7]));
    ASSERT_TRUE(e.has_paper_ballot_entered());
    e.mutable_paper_ballot_entered()->mutable_ballot()->mutable_answers(0)->set_choices(0, "c3");
    entries[7] = e.SerializeAsString();
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 10: count_recorded.result differs from the recount")));
}

TEST(VerifierTest, RefusesACountThatCountsAnUnconfirmedPaperBallot) {
  // Entered but never confirmed; the recorded count counts it anyway.
  ExportBuilder b = PaperMeeting({}, /*confirm=*/false, [](v1::TallyResult& r) {
    v1::FormTally* rec = r.mutable_forms(0);
    rec->set_returned(rec->returned() + 1);
    rec->mutable_questions(0)->mutable_candidates(1)->set_votes(1);
  });
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("count_recorded.result differs from the recount")));
}

TEST(VerifierTest, RefusesAPaperBallotConfirmedByTheOfficerWhoEnteredIt) {
  ExportBuilder b = PaperMeeting({}, /*confirm=*/false);
  const std::string forged = b.Export([](std::vector<std::string>& entries) {
    v1::Entry e = PaperConfirmed(7, "officer-1");
    entries.insert(entries.begin() + 8, e.SerializeAsString());
  });
  EXPECT_THAT(b.Verify(forged).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 8: paper_ballot_confirmed.officer")));
}


// ---- The selection around the meeting (issue 16): the notice's outcomes
// are checked against its dates offline, whatever the server accepted.

v1::Entry Notice() {
  v1::Entry e;
  v1::NoticePublished* n = e.mutable_notice_published();
  n->set_start_date("2020-01-01");
  n->set_end_date("2020-01-07");
  n->add_channels("南漳党建网");
  n->add_subjects()->set_candidate_id("c1");
  n->add_subjects()->set_candidate_id("c2");
  n->set_actor("admin-1");
  return e;
}

v1::Entry Outcome(const std::string& candidate, int64_t at) {
  v1::Entry e;
  v1::NoticeOutcomeRecorded* o = e.mutable_notice_outcome_recorded();
  o->set_candidate_id(candidate);
  o->set_outcome(v1::APPOINTMENT_OUTCOME_DISQUALIFIED);
  o->set_reason("公示期间群众反映的问题经核实属实");
  o->set_actor("admin-1");
  o->set_at(at);
  return e;
}

v1::Entry RecordedDocument() {
  v1::Entry e;
  v1::DocumentRecorded* d = e.mutable_document_recorded();
  d->set_kind(v1::DOCUMENT_KIND_INSPECTION_REPORT);
  d->set_sha256(std::string(32, 'd'));
  d->set_size(100);
  d->set_file_name("考察报告-c1.pdf");
  d->set_role("officer");
  d->set_actor("officer-1");
  d->set_at(1577800000);
  return e;
}

constexpr int64_t kAfterTheNotice = 1578412800;  // 2020-01-08 00:00 UTC+8

TEST(VerifierTest, SelectionRecordsReplayAndAreCounted) {
  ExportBuilder b;
  b.Add(RecordedDocument());
  b.CloseAndCount();
  b.Add(Notice());
  b.Add(Outcome("c1", kAfterTheNotice));
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  EXPECT_EQ(v.documents, 1u);
  EXPECT_TRUE(v.notice);
  EXPECT_EQ(v.notice_outcomes, 1u);
  EXPECT_THAT(v.Summary(), HasSubstr("1 documents recorded by hash"));
}

TEST(VerifierTest, RefusesAnOutcomeRecordedWhileTheNoticeRan) {
  ExportBuilder b;
  b.CloseAndCount();
  b.Add(Notice());
  // One second before the end of 2020-01-07 in China: a server that took it
  // is caught offline.
  b.Add(Outcome("c1", kAfterTheNotice - 1));
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("notice_outcome_recorded: the notice runs until 2020-01-07")));
}

TEST(VerifierTest, RefusesAFileRecordedTwice) {
  ExportBuilder b;
  b.Add(RecordedDocument());
  b.Add(RecordedDocument());
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 4: document_recorded.sha256: this file was recorded at "
                                 "entry 3")));
}

// ---- A sampled survey (issue 16): the draw is redrawn from the export.

// SampleSpec() over its six voters (v001–v002 leaders, v003–v006 staff),
// drawing 2 staff; `edit_draw` lets a forger choose the draw.
ExportBuilder SampledMeeting(const std::function<void(v1::SampleDrawn&)>& edit_draw = nullptr) {
  v1::MeetingSpec spec = testing::SampleSpec();
  spec.mutable_sample()->set_beacon_source("福彩3D 开奖号码");
  v1::SampleStratum* stratum = spec.mutable_sample()->add_strata();
  stratum->set_group("staff");
  stratum->set_size(2);
  return ExportBuilder(spec, [&](ExportBuilder& b) {
    v1::Entry e;
    v1::SampleDrawn* draw = e.mutable_sample_drawn();
    draw->set_beacon("417");
    draw->set_seed(ledger::SampleSeed(b.hashes_.back(), "417"));
    for (const std::string& id : ledger::DrawSample(b.spec_.sample(), b.roll_, draw->seed())) {
      draw->add_voter_ids(id);
    }
    draw->set_actor("admin-1");
    if (edit_draw) edit_draw(*draw);
    b.Add(e);
  });
}

// A staff voter the draw did not take.
std::string NotDrawn(const ExportBuilder& b) {
  const v1::SampleDrawn& draw = b.state_entries_[1].sample_drawn();
  for (const char* id : {"v003", "v004", "v005", "v006"}) {
    if (std::find(draw.voter_ids().begin(), draw.voter_ids().end(), id) == draw.voter_ids().end()) {
      return id;
    }
  }
  return "";
}

TEST(VerifierTest, SampledSurveyIsRedrawnAndItsVotersChecked) {
  ExportBuilder b = SampledMeeting();
  const std::string drawn = b.state_entries_[1].sample_drawn().voter_ids(0);
  b.Cast(b.CheckIn(drawn), "c1");
  b.Cast(b.CheckIn("v001"), "c2");  // leaders take part whole
  b.CloseAndCount();
  ASSERT_OK_AND_ASSIGN(Verdict v, b.Verify(b.Export()));
  EXPECT_EQ(v.sample_seq, 1u);
  EXPECT_EQ(v.sample_size, 4u);
  EXPECT_THAT(v.Summary(), HasSubstr("a sampled survey: 4 of the 6 on the roll take part, drawn "
                                     "at entry 1"));
  ASSERT_TRUE(v.count.has_value());
  EXPECT_EQ(v.count->due(), 4u);
}

TEST(VerifierTest, RefusesAChosenSampleEvenUnderAReSignedHead) {
  // The forger replaces a drawn voter with one they chose, and re-signs.
  std::string chosen;
  ExportBuilder b = SampledMeeting([&](v1::SampleDrawn& draw) {
    for (const char* id : {"v003", "v004", "v005", "v006"}) {
      if (std::find(draw.voter_ids().begin(), draw.voter_ids().end(), id) ==
          draw.voter_ids().end()) {
        chosen = id;
      }
    }
    draw.set_voter_ids(0, chosen);
  });
  b.CloseAndCount();
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(absl::StrCat("entry 1: sample_drawn.voter_ids[0]: \"", chosen,
                                              "\" where the draw gives"))));
}

TEST(VerifierTest, RefusesASeedNotFromTheChainAndTheBeacon) {
  ExportBuilder b = SampledMeeting([](v1::SampleDrawn& draw) { draw.set_beacon("418"); });
  b.CloseAndCount();
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 1: sample_drawn.seed: ")));
}

TEST(VerifierTest, FullExportRefusesACheckInOfAVoterNotDrawn) {
  ExportBuilder b = SampledMeeting();
  const std::string outsider = NotDrawn(b);
  ASSERT_FALSE(outsider.empty());
  b.Cast(b.CheckIn(outsider), "c1");
  b.CloseAndCount();
  EXPECT_THAT(b.Verify(b.Export()).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(absl::StrCat("checks in voter ", outsider,
                                              ", who was not drawn into the survey's sample"))));
  // The public export cannot tell who checked in: it verifies.
  EXPECT_OK(b.Verify(b.Export(nullptr, /*with_openings=*/false)).status());
}

}  // namespace
}  // namespace gongxin::verifier
