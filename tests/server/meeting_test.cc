// Meeting's write path without the network: group commit, sticky write
// failures, and a damaged record kept read-only.
#include "server/meeting.h"

#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "absl/strings/match.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "ledger/signing.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// Counts Appends and makes each take a while, as an fsync does, so that
// concurrent writers pile up behind the leader. Can also corrupt one entry
// on the way out, as a disk (or an attacker) could.
class SlowStore : public storage::FaultInjectingStore {
 public:
  using FaultInjectingStore::FaultInjectingStore;
  absl::Status Append(const storage::AppendBatch& batch) override {
    ++appends;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    return FaultInjectingStore::Append(batch);
  }
  absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t, absl::string_view)>& visit) override {
    return FaultInjectingStore::ReadEntries(
        chain, from, to, [&](uint64_t seq, absl::string_view bytes) {
          if (static_cast<int64_t>(seq) != corrupt_seq) return visit(seq, bytes);
          std::string bad(bytes);
          bad[bad.size() / 2] ^= 0x01;
          return visit(seq, bad);
        });
  }
  std::atomic<int> appends{0};
  int delay_ms = 0;
  int64_t corrupt_seq = -1;
};

// Waits up to 30 s until `got` (guarded by `mu`) holds `n` answers, then a
// moment longer, so that an answer given twice shows; how many it holds.
template <typename T>
size_t AwaitAnswers(absl::Mutex& mu, const std::vector<T>& got, size_t n)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  {
    absl::MutexLock lock(&mu);
    auto enough = [&] { return got.size() >= n; };
    mu.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(30));
  }
  absl::SleepFor(absl::Milliseconds(20));
  absl::MutexLock lock(&mu);
  return got.size();
}

class MeetingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
    store_ = std::make_unique<SlowStore>(storage::NewMemoryStore());
    ASSERT_OK_AND_ASSIGN(meeting_, Meeting::Create(store_.get(), key_.get(), "m1",
                                                   testing::SampleSpec(),
                                                   testing::SampleRoll(40), "admin-1",
                                                   "/nonexistent/secrets"));
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_ANNOUNCED, "admin-1").status());
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_OPEN, "admin-1").status());
  }

  static v1::Ballot Ballot() {
    v1::Ballot b;
    b.set_form_id("rec");
    auto* a = b.add_answers();
    a->set_question_id("head");
    a->add_choices("c1");
    return b;
  }

  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  std::unique_ptr<SlowStore> store_;
  std::unique_ptr<Meeting> meeting_;
};

// Rules as data (docs/counting-rules.md): a preset named in the spec is
// frozen on the ledger spelled out; an unknown one is refused before writing.
TEST(MeetingCreateTest, PresetReferenceIsFrozenSpelledOutInTheGenesisSpec_S1) {
  ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  v1::MeetingSpec spec = testing::SampleSpec();
  v1::Question* q = spec.mutable_forms(0)->add_questions();
  q->set_id("assess");
  q->set_title("测评");
  v1::GradedQuestion* g = q->mutable_graded();
  v1::Candidate* subject = g->add_subjects();
  subject->set_id("s1");
  subject->set_name("张三");
  for (const char* grade : {"competent", "basic", "incompetent"}) {
    v1::Grade* x = g->add_scale();
    x->set_id(grade);
    x->set_label(grade);
  }
  spec.mutable_forms(0)->add_rules()->set_preset("S-1");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Meeting> meeting,
                       Meeting::Create(store.get(), &key, "m1", spec, testing::SampleRoll(10),
                                       "admin-1", "/nonexistent/secrets"));
  const v1::MeetingInfo info = meeting->Info(true);
  const v1::MeetingSpec& frozen = info.spec();
  ASSERT_EQ(frozen.forms(0).rules_size(), 2);
  EXPECT_EQ(frozen.forms(0).rules(0).rule_id(), "S-1a");
  EXPECT_EQ(frozen.forms(0).rules(0).preset(), "S-1");
  EXPECT_EQ(frozen.forms(0).rules(0).measure(), v1::MEASURE_GRADES);

  spec.mutable_forms(0)->mutable_rules(0)->set_preset("S-42");
  EXPECT_THAT(Meeting::Create(store.get(), &key, "m2", spec, testing::SampleRoll(10), "admin-1",
                              "/nonexistent/secrets")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[0].rules[0].preset: no preset \"S-42\"")));
}

// Registry::Create makes the RSA token keys before it takes its lock and
// hands them to Meeting::Create: the genesis entry must publish exactly
// those keys, and a set that does not fit the spec must write nothing.
TEST(MeetingCreateTest, PregeneratedTokenKeysAreTheOnesTheGenesisPublishes) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  const v1::MeetingSpec spec = testing::SampleSpec({.satisfaction = true});
  const v1::Roll roll = testing::SampleRoll(30);
  ASSERT_OK_AND_ASSIGN(Meeting::TokenKeySet keys, Meeting::GenerateTokenKeys(spec, roll));
  ASSERT_FALSE(keys.empty()) << "the mixed sample has anonymous forms";

  Meeting::TokenKeySet missing = keys;
  missing.erase(missing.begin());
  EXPECT_THAT(Meeting::Create(store.get(), &key, "m0", spec, roll, "admin-1",
                              dir.path() + "/m0", nullptr, {}, &missing)
                  .status(),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no pregenerated token key")));
  EXPECT_EQ(*store->Size("m0"), 0u) << "a refused creation wrote its genesis";

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Meeting> meeting,
                       Meeting::Create(store.get(), &key, "m1", spec, roll, "admin-1",
                                       dir.path() + "/m1", nullptr, {}, &keys));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> genesis, meeting->Entries(0, 1));
  v1::Entry entry;
  ASSERT_TRUE(entry.ParseFromString(genesis[0]));
  ASSERT_EQ(static_cast<size_t>(entry.meeting_created().token_keys_size()), keys.size());
  for (const v1::TokenKey& published : entry.meeting_created().token_keys()) {
    auto it = keys.find(Meeting::TokenKeyId{published.form_id(), published.group()});
    ASSERT_NE(it, keys.end()) << "a key nobody generated: " << published.form_id();
    EXPECT_EQ(published.public_key_der(), it->second->public_key().ToDer())
        << "form " << published.form_id() << " group " << published.group();
  }
}

TEST_F(MeetingTest, ConcurrentCastsAreCommittedInGroups) {
  std::vector<v1::Credential> creds;
  for (int i = 1; i <= 32; ++i) {
    ASSERT_OK_AND_ASSIGN(auto resp, meeting_->CheckIn(testing::VoterId(i), "kiosk-1"));
    creds.push_back(resp.credentials(0));
  }
  store_->delay_ms = 5;
  const int before = store_->appends.load();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&, i] {
      if (meeting_->Cast(creds[i], Ballot()).ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 32);
  const int appends = store_->appends.load() - before;
  EXPECT_LT(appends, 32) << "every cast paid for its own sync: no group commit";
  EXPECT_EQ(meeting_->Info(false).cast(), 32u);
}

// CastAsync is what the Cast RPC uses: no thread waits per request. From
// one thread: 32 casts in flight at once share group commits, each done
// runs once with a receipt that verifies only after its ballot is durable,
// and refusals come with the codes Cast gives.
TEST_F(MeetingTest, AsyncCastsShareGroupCommitsAndAreRefusedAsCastRefuses) {
  std::vector<v1::Credential> creds;
  for (int i = 1; i <= 32; ++i) {
    ASSERT_OK_AND_ASSIGN(auto resp, meeting_->CheckIn(testing::VoterId(i), "kiosk-1"));
    creds.push_back(resp.credentials(0));
  }
  v1::Credential altered = creds[0];
  altered.mutable_signature()->back() ^= 0x01;
  const v1::Ballot ballot = Ballot();
  store_->delay_ms = 5;
  const int before = store_->appends.load();

  absl::Mutex mu;
  std::vector<absl::StatusOr<v1::Receipt>> results;
  std::vector<uint64_t> durable_when_done;
  auto done = [&](absl::StatusOr<v1::Receipt> r, const Meeting::LogHead& tree) {
    absl::MutexLock lock(&mu);
    // Acknowledged only once durable: the store holds the ballot's entry.
    if (r.ok()) durable_when_done.push_back(*store_->Size("m1") > r->seq() ? 1 : 0);
    if (r.ok()) EXPECT_GT(tree.size, r->seq());
    results.push_back(std::move(r));
  };
  meeting_->CastAsync(altered, ballot, done);
  {
    absl::MutexLock lock(&mu);
    ASSERT_EQ(results.size(), 1u) << "a forged credential must be refused before queueing";
    EXPECT_THAT(results[0].status(), StatusIs(absl::StatusCode::kPermissionDenied));
    results.clear();
  }
  for (const v1::Credential& c : creds) meeting_->CastAsync(c, ballot, done);
  meeting_->CastAsync(creds[5], ballot, done);  // a second cast by voter 6
  ASSERT_EQ(AwaitAnswers(mu, results, 33), 33u) << "33 casts, each answered once";
  absl::MutexLock lock(&mu);
  int ok = 0;
  std::set<uint64_t> seqs;
  for (const auto& r : results) {
    if (!r.ok()) {
      EXPECT_THAT(r.status(), StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already")));
      continue;
    }
    ++ok;
    EXPECT_TRUE(seqs.insert(r->seq()).second) << "two receipts for seq " << r->seq();
    EXPECT_OK(ledger::VerifyReceipt(key_->public_key(), *r));
  }
  EXPECT_EQ(ok, 32);
  EXPECT_EQ(durable_when_done, std::vector<uint64_t>(32, 1));
  EXPECT_LT(store_->appends.load() - before, 32) << "every cast paid for its own sync";
  EXPECT_EQ(meeting_->Info(false).cast(), 32u);
  std::unique_ptr<Meeting> restarted =
      Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  ASSERT_OK(restarted->damage());
  EXPECT_EQ(restarted->Info(false).cast(), 32u);
}

// The callback path of CheckIn: check-ins in flight at once share group
// commits; what the voter is handed is signed only once the check-in is
// durable, by the task handed to `sign_on`; a refusal found before the
// log answers at once; a repeated check-in in the same group gets the
// same credential.
TEST_F(MeetingTest, AsyncCheckInsShareGroupCommitsAndSignOnlyOnceDurable) {
  store_->delay_ms = 5;
  const int before = store_->appends.load();
  struct Answer {
    absl::StatusOr<v1::CheckInResponse> response;
    uint64_t stored_at_hand_over;  // the store's size when signing began
  };
  absl::Mutex mu;
  std::vector<Answer> answers;
  int hand_overs = 0;
  uint64_t stored_now = 0;  // set on the log's thread just before the task
  // Runs the signing at once, on the log's completion thread, noting how
  // much of the chain was durable then.
  Meeting::RunOn sign_on = [&](std::function<void()> sign) {
    {
      absl::MutexLock lock(&mu);
      ++hand_overs;
      stored_now = *store_->Size("m1");
    }
    sign();
  };
  auto done = [&](absl::StatusOr<v1::CheckInResponse> r) {
    absl::MutexLock lock(&mu);
    answers.push_back({std::move(r), stored_now});
  };

  meeting_->CheckInAsync("nobody", "kiosk-1", {}, {}, sign_on, done);
  {
    absl::MutexLock lock(&mu);
    ASSERT_EQ(answers.size(), 1u) << "a voter not on the roll must be refused before queueing";
    EXPECT_THAT(answers[0].response.status(), StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(hand_overs, 0) << "a refusal was handed over to be signed";
    answers.clear();
  }
  for (int i = 1; i <= 16; ++i) {
    meeting_->CheckInAsync(testing::VoterId(i), "kiosk-1", {}, {}, sign_on, done);
  }
  meeting_->CheckInAsync(testing::VoterId(3), "kiosk-2", {}, {}, sign_on, done);  // again
  ASSERT_EQ(AwaitAnswers(mu, answers, 17), 17u) << "17 check-ins, each answered once";
  absl::MutexLock lock(&mu);
  EXPECT_EQ(hand_overs, 17);

  // Where each voter's check-in entry is on the chain, by commitment.
  std::map<std::string, uint64_t> seq_of;
  ASSERT_OK(store_->ReadEntries("m1", 0, *store_->Size("m1"), [&](uint64_t seq,
                                                                  absl::string_view bytes) {
    v1::Entry entry;
    if (entry.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
        entry.has_checked_in()) {
      seq_of[entry.checked_in().voter_commitment()] = seq;
    }
    return absl::OkStatus();
  }));
  std::map<std::string, int> credentials;  // signature -> times handed out
  for (const Answer& a : answers) {
    ASSERT_OK(a.response.status());
    ASSERT_EQ(a.response->credentials_size(), 1);
    const v1::Credential& c = a.response->credentials(0);
    EXPECT_OK(ledger::VerifyCredential(key_->public_key(), c));
    ASSERT_TRUE(seq_of.count(c.voter_commitment())) << "a credential for no check-in entry";
    EXPECT_LT(seq_of[c.voter_commitment()], a.stored_at_hand_over)
        << "a credential was signed before its check-in was durable";
    ++credentials[c.signature()];
  }
  EXPECT_EQ(credentials.size(), 16u) << "the repeated check-in got another credential";
  EXPECT_EQ(seq_of.size(), 16u) << "the repeated check-in was written again";
  EXPECT_LT(store_->appends.load() - before, 16) << "every check-in paid for its own sync";
  std::unique_ptr<Meeting> restarted =
      Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  ASSERT_OK(restarted->damage());
  EXPECT_EQ(restarted->Info(false).checked_in(), 16u);
}

// A cast checks its credential against the ones the server issued rather
// than verifying its own signature again; that shortcut must not let an
// altered credential through, before or after a restart (when the table is
// empty and the signature is verified in full).
TEST_F(MeetingTest, AlteredCredentialIsRefusedWhetherOrNotTheServerRemembersIssuingIt) {
  ASSERT_OK_AND_ASSIGN(auto first, meeting_->CheckIn(testing::VoterId(1), "kiosk-1"));
  ASSERT_OK_AND_ASSIGN(auto second, meeting_->CheckIn(testing::VoterId(2), "kiosk-1"));
  v1::Credential altered = first.credentials(0);
  altered.mutable_signature()->back() ^= 0x01;
  EXPECT_THAT(meeting_->Cast(altered, Ballot()).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("credential")));
  v1::Credential swapped = first.credentials(0);
  swapped.set_signature(second.credentials(0).signature());
  EXPECT_THAT(meeting_->Cast(swapped, Ballot()).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("credential")));
  EXPECT_EQ(meeting_->Info(false).cast(), 0u) << "a refused credential was written";

  std::unique_ptr<Meeting> restarted =
      Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  ASSERT_OK(restarted->damage());
  EXPECT_THAT(restarted->Cast(altered, Ballot()).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_OK(restarted->Cast(first.credentials(0), Ballot()).status())
      << "a credential issued before the restart must still be accepted";
  EXPECT_OK(restarted->Cast(second.credentials(0), Ballot()).status());
}

TEST_F(MeetingTest, FailedWriteIsNotAcknowledgedAndIsSticky) {
  store_->FailNextAppends(1, absl::UnavailableError("disk on fire"));
  EXPECT_THAT(meeting_->CheckIn("v001", "kiosk-1").status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk on fire")));
  // Memory may be ahead of the disk now, so every later write is refused.
  EXPECT_THAT(meeting_->CheckIn("v002", "kiosk-1").status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("until gongxind restarts")));
  // A restart replays what is durable: nothing of the failed write.
  std::unique_ptr<Meeting> reloaded = Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  EXPECT_OK(reloaded->damage());
  EXPECT_EQ(reloaded->Info(false).checked_in(), 0u);
}

TEST_F(MeetingTest, WriteOnceKeyTheStoreRefusesDropsOnlyThatRequest) {
  // v001's cast key appears behind the meeting's back (as another writer's
  // would): the store refuses the batch holding v001's cast, so that cast
  // is refused — and every other request of its group is written anyway.
  std::vector<v1::Credential> creds;
  for (int i = 1; i <= 12; ++i) {
    ASSERT_OK_AND_ASSIGN(auto resp, meeting_->CheckIn(testing::VoterId(i), "kiosk-1"));
    creds.push_back(resp.credentials(0));
  }
  storage::AppendBatch behind;
  behind.chain = "m1";
  ASSERT_OK_AND_ASSIGN(behind.expected_size, store_->Size("m1"));
  behind.create_keys.emplace_back(
      absl::StrCat("cast/rec/", crypto::HexEncode(creds[0].voter_commitment())), "0");
  ASSERT_OK(store_->Append(behind));

  store_->delay_ms = 20;
  const int before = store_->appends.load();
  std::vector<absl::Status> cast(12), checkin(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] { cast[i] = meeting_->Cast(creds[i], Ballot()).status(); });
  }
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      checkin[i] = meeting_->CheckIn(testing::VoterId(20 + i), "kiosk-2").status();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_THAT(cast[0], StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("cast/rec/")));
  for (int i = 1; i < 12; ++i) EXPECT_OK(cast[i]) << "cast " << i;
  for (int i = 0; i < 8; ++i) EXPECT_OK(checkin[i]) << "check-in " << i;
  EXPECT_LT(store_->appends.load() - before, 20) << "no group was formed: the test proves less";
  // The meeting goes on, and what it holds is what a replay of the store gives.
  EXPECT_OK(meeting_->CheckIn("v030", "kiosk-1").status());
  const v1::MeetingInfo live = meeting_->Info(false);
  EXPECT_EQ(live.cast(), 11u);
  EXPECT_EQ(live.checked_in(), 21u);
  std::unique_ptr<Meeting> reloaded =
      Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  ASSERT_OK(reloaded->damage());
  EXPECT_EQ(reloaded->Info(false).SerializeAsString(), live.SerializeAsString());
}

TEST_F(MeetingTest, FullDiskRefusalIsNotStickyAndWritesNothing) {
  ASSERT_OK_AND_ASSIGN(auto v1, meeting_->CheckIn("v001", "kiosk-1"));
  const uint64_t size = meeting_->Info(false).head().size();
  store_->FailNextAppends(1, absl::ResourceExhaustedError("12 MiB free, 64 MiB reserved"),
                          storage::FaultInjectingStore::InjectAt::kRefuse);
  EXPECT_THAT(meeting_->Cast(v1.credentials(0), Ballot()).status(),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("12 MiB free")));
  EXPECT_EQ(meeting_->Info(false).head().size(), size);
  EXPECT_EQ(meeting_->Info(false).cast(), 0u);
  // Space is back: the same credential casts, nothing was half-written.
  EXPECT_OK(meeting_->Cast(v1.credentials(0), Ballot()).status());
  EXPECT_EQ(meeting_->Info(false).cast(), 1u);
}

TEST_F(MeetingTest, WriteThatLandedDespiteAnErrorIsReplayedConsistently) {
  store_->FailNextAppends(1, absl::UnavailableError("sync failed"),
                          storage::FaultInjectingStore::InjectAt::kAfterWrite);
  EXPECT_FALSE(meeting_->CheckIn("v001", "kiosk-1").ok());
  std::unique_ptr<Meeting> reloaded = Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  EXPECT_OK(reloaded->damage());
  EXPECT_EQ(reloaded->Info(false).checked_in(), 1u);
  // The voter is not locked out: check-in is idempotent until cast, and
  // hands out the credential without writing anything.
  ASSERT_OK_AND_ASSIGN(auto resp, reloaded->CheckIn("v001", "kiosk-1"));
  EXPECT_EQ(resp.credentials_size(), 1);
}

TEST_F(MeetingTest, DamagedRecordIsReadOnlyButExportable) {
  ASSERT_OK(meeting_->CheckIn("v001", "kiosk-1").status());
  store_->corrupt_seq = 1;
  std::unique_ptr<Meeting> damaged = Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  EXPECT_THAT(damaged->damage(), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 1")));
  EXPECT_THAT(damaged->CheckIn("v002", "kiosk-1").status(),
              StatusIs(absl::StatusCode::kDataLoss));
  int entries = 0;
  EXPECT_OK(damaged->Export([&](const v1::ExportRecord& r) {
    if (r.has_entry()) ++entries;
    return absl::OkStatus();
  }));
  EXPECT_EQ(entries, 4);
}

// The export re-frames the head and the openings as messages: one that does
// not parse stops the export with DATA_LOSS naming it, rather than going out
// empty or being left out.
TEST_F(MeetingTest, ExportRefusesAStoredOpeningThatDoesNotParse) {
  ASSERT_OK(meeting_->CheckIn("v001", "kiosk-1").status());
  storage::AppendBatch behind;
  behind.chain = "m1";
  ASSERT_OK_AND_ASSIGN(behind.expected_size, store_->Size("m1"));
  behind.create_keys.emplace_back("voter/v999", "\xff\xff\xff");
  ASSERT_OK(store_->Append(behind));
  EXPECT_THAT(meeting_->Export([](const v1::ExportRecord&) { return absl::OkStatus(); }),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("voter/v999")));
  // The public export leaves the openings out, so it still goes out.
  EXPECT_OK(meeting_->Export([](const v1::ExportRecord&) { return absl::OkStatus(); },
                             /*with_openings=*/false));
}

TEST_F(MeetingTest, UnknownVoterAndMissingIdAreRefusedWithoutWriting) {
  const uint64_t size = meeting_->Info(false).head().size();
  EXPECT_THAT(meeting_->CheckIn("nobody", "k").status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("voter_id")));
  EXPECT_THAT(meeting_->CheckIn("", "k").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("voter_id")));
  EXPECT_EQ(meeting_->Info(false).head().size(), size);
}

// The Merkle tree of the chain: its stored nodes, its rollback and its
// rebuild at load.
std::vector<std::string> LeafHashes(storage::Store& store, const std::string& chain) {
  std::vector<std::string> leaves;
  uint64_t size = *store.Size(chain);
  EXPECT_OK(store.ReadEntries(chain, 0, size, [&](uint64_t, absl::string_view bytes) {
    leaves.push_back(crypto::LeafHash(bytes));
    return absl::OkStatus();
  }));
  return leaves;
}

std::vector<std::pair<std::string, std::string>> TreeKeys(storage::Store& store,
                                                          const std::string& chain) {
  std::vector<std::pair<std::string, std::string>> keys;
  EXPECT_OK(store.ScanKeys(chain, "tree/", [&](absl::string_view k, absl::string_view v) {
    keys.emplace_back(std::string(k), std::string(v));
    return absl::OkStatus();
  }));
  return keys;
}

// A copy of chain "m1" in a fresh store; `edit_key` may drop (return false)
// or change a key on the way.
std::unique_ptr<storage::Store> CopyChain(
    storage::Store& from,
    const std::function<bool(const std::string& key, std::string& value)>& edit_key) {
  auto to = storage::NewMemoryStore();
  storage::AppendBatch batch;
  batch.chain = "m1";
  uint64_t size = *from.Size("m1");
  EXPECT_OK(from.ReadEntries("m1", 0, size, [&](uint64_t, absl::string_view bytes) {
    batch.entries.emplace_back(bytes);
    return absl::OkStatus();
  }));
  EXPECT_OK(from.ScanKeys("m1", "", [&](absl::string_view k, absl::string_view v) {
    std::string key(k), value(v);
    if (edit_key(key, value)) batch.create_keys.emplace_back(key, value);
    return absl::OkStatus();
  }));
  batch.head_record = **from.HeadRecord("m1");
  EXPECT_OK(to->Append(batch));
  return to;
}

TEST_F(MeetingTest, EveryCompleteSubtreeIsStoredWithItsEntries) {
  ASSERT_OK(meeting_->CheckIn("v001", "kiosk-1").status());
  const std::vector<std::string> leaves = LeafHashes(*store_, "m1");
  ASSERT_EQ(leaves.size(), 4u);
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead head, meeting_->TreeHead());
  EXPECT_EQ(head.size, 4u);
  EXPECT_EQ(head.root_hash, crypto::RootFromLeafHashes(leaves));
  // 4 leaves, 2 pairs, 1 root of 4: 7 nodes, keys sorted by level, index.
  auto keys = TreeKeys(*store_, "m1");
  ASSERT_EQ(keys.size(), 7u);
  EXPECT_EQ(keys[0].first, Meeting::TreeNodeKey(0, 0));
  EXPECT_EQ(keys[0].first, "tree/00/00000000000000000000");
  EXPECT_EQ(keys[0].second, leaves[0]);
  EXPECT_EQ(keys[6].first, "tree/02/00000000000000000000");
  EXPECT_EQ(keys[6].second, head.root_hash);
  ASSERT_OK_AND_ASSIGN(std::string node, meeting_->TreeNodes()(1, 1));
  EXPECT_EQ(node, crypto::NodeHash(leaves[2], leaves[3]));
}

TEST_F(MeetingTest, FailedWriteLeavesTheTreeAsItWas) {
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead before, meeting_->TreeHead());
  store_->FailNextAppends(1, absl::UnavailableError("disk on fire"));
  EXPECT_FALSE(meeting_->CheckIn("v001", "kiosk-1").ok());
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead after, meeting_->TreeHead());
  EXPECT_EQ(after.size, before.size);
  EXPECT_EQ(after.root_hash, before.root_hash);
}

TEST_F(MeetingTest, LoadRebuildsTheTreeAndStoresMissingNodes) {
  ASSERT_OK(meeting_->CheckIn("v001", "kiosk-1").status());
  ASSERT_OK(meeting_->CheckIn("v002", "kiosk-1").status());
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead head, meeting_->TreeHead());
  // A chain written before the tree existed: no tree keys at all.
  auto legacy = CopyChain(*store_, [](const std::string& key, std::string&) {
    return !absl::StartsWith(key, "tree/");
  });
  ASSERT_TRUE(TreeKeys(*legacy, "m1").empty());
  std::unique_ptr<Meeting> loaded = Meeting::Load(legacy.get(), key_.get(), "m1", "/nonexistent/secrets");
  ASSERT_OK(loaded->damage());
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead rebuilt, loaded->TreeHead());
  EXPECT_EQ(rebuilt.size, head.size);
  EXPECT_EQ(rebuilt.root_hash, head.root_hash);
  EXPECT_EQ(TreeKeys(*legacy, "m1"), TreeKeys(*store_, "m1"));
  // And it keeps growing the same tree.
  ASSERT_OK(loaded->CheckIn("v003", "kiosk-1").status());
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead grown, loaded->TreeHead());
  EXPECT_EQ(grown.root_hash, crypto::RootFromLeafHashes(LeafHashes(*legacy, "m1")));
}

TEST_F(MeetingTest, StoredTreeNodeThatDisagreesWithTheEntriesIsDamage) {
  ASSERT_OK(meeting_->CheckIn("v001", "kiosk-1").status());
  auto tampered = CopyChain(*store_, [](const std::string& key, std::string& value) {
    if (key == Meeting::TreeNodeKey(1, 1)) value[0] ^= 0x01;
    return true;
  });
  std::unique_ptr<Meeting> loaded = Meeting::Load(tampered.get(), key_.get(), "m1", "/nonexistent/secrets");
  EXPECT_THAT(loaded->damage(), StatusIs(absl::StatusCode::kDataLoss,
                                         HasSubstr("merkle node tree/01/00000000000000000001")));
  EXPECT_THAT(loaded->TreeHead().status(), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(MeetingTest, StoredEntryCarryingAnUnknownFieldIsDamage) {
  ASSERT_OK_AND_ASSIGN(auto resp, meeting_->CheckIn("v001", "kiosk-1"));
  v1::Ballot tagged = Ballot();
  testing::UnknownFields(tagged.mutable_answers(0))->AddLengthDelimited(77, "v001");
  // Below the RPC edge nothing refuses it: this is what a gongxind before
  // issue 10 stored. Reading the chain back, the server must not take it.
  ASSERT_OK(meeting_->Cast(resp.credentials(0), tagged).status());
  std::unique_ptr<Meeting> loaded =
      Meeting::Load(store_.get(), key_.get(), "m1", "/nonexistent/secrets");
  EXPECT_THAT(loaded->damage(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 4: ballot_cast.ballot.answers[0]: unknown field 77")));
}

}  // namespace
}  // namespace gongxin::server
