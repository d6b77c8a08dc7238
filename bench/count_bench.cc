// count_bench: counting a meeting of a million ballots of a mixed form, next
// to the time to just read its ledger, measured in the same run:
//
//  (a) the baseline: every ledger entry read from RocksDB through
//      storage::Store::ReadEntries, first untouched, then parsed into a
//      v1::Entry (entries/s);
//  (b) the count: the same read and parse, each entry applied to
//      tally::MeetingState (the state machine gongxind and the auditor
//      replay), then MeetingState::Count → TallyResult (ballots/s);
//  (c) tally::Counter alone: AddBallot over ballots parsed and classified
//      beforehand (a pool of up to 20,000 taken from the ledger, cycled),
//      then Tally (ballots/s).
//
// Each of (a), (b), (c) runs for the first 10 %, 30 % and 100 % of the
// ballots in a FRESH PROCESS (this program re-executed with --child), so its
// VmHWM is that phase's own peak and not the build's: the Counter's peak must
// stay flat, MeetingState's grows by one record per checked-in voter.
//
// The ledger: one meeting, three voter groups weighted 40/30/30, five named
// forms of the same mixed shape — an approval question with a 1:3 shortlist
// and write-ins (over-votes spoil), a graded question under preset S-1, a
// decision with defer, a best-per-element question and a checklist — and
// N/5 voters, each checked in once and casting all five forms. Entries are
// sealed by ledger::ChainHead (hash-chained, as gongxind seals them), checked
// by MeetingState before they are written, carry real Ed25519 credential
// signatures (their bodies built as the tests build them,
// tests/testing/sample_ledger.h), and are appended with the roll through
// storage's RocksDB store (WAL sync off: the same bytes, without waiting for
// the disk). Built once and cached in --cache.
//
//   count_bench [--ballots N] [--cache DIR] [--dir BASE]
//
// N defaults to 1000000 (200,000 voters, the roll limit, × 5 forms); it must
// be a multiple of 50. Exit status 1 if the count disagrees with the figures
// counted while the ballots were generated, or misses a kind of figure.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench_common.h"
#include "crypto/ed25519.h"
#include "crypto/random.h"
#include "ledger/chain.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "storage/rocksdb_store.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/meeting_state.h"
#include "tally/presets.h"
#include "tally/roll.h"
#include "tally/spec.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/text_proto.h"
#include "util/status_macros.h"

namespace {

using namespace gongxin;
using namespace gongxin::bench;
using gongxin::testing::ParseText;

const char kMeetingId[] = "count1m";
// The key under which gongxind keeps the exact roll bytes beside the chain
// (server/meeting.cc).
const char kRollKey[] = "roll";
constexpr int kForms = 5;
// Entries before the first check-in: meeting_created, → ANNOUNCED, → OPEN.
constexpr uint64_t kHeadEntries = 3;
// Per voter: one check-in, then one ballot per form.
constexpr uint64_t kEntriesPerVoter = 1 + kForms;
constexpr size_t kCounterPool = 20000;
const char* const kGroups[] = {"leaders", "middle", "staff"};
const char* const kWriteIns[] = {"陈志强", "林小红", "何建军", "郭丽"};

// Voter i's group: a tenth leaders, three tenths middle, the rest staff.
int GroupOf(uint64_t voter) {
  const uint64_t r = voter % 10;
  return r == 0 ? 0 : r <= 3 ? 1 : 2;
}

// Form m<i>: one question of each kind tally/ counts (docs/counting-rules.md).
v1::Form MixedForm(int i) {
  v1::Form form = ParseText<v1::Form>(R"pb(
    mode: FORM_MODE_NAMED
    overvote_policy: OVERVOTE_POLICY_SPOIL
    rules { preset: "S-1" }
    group_weights { group: "leaders" weight: 40 }
    group_weights { group: "middle" weight: 30 }
    group_weights { group: "staff" weight: 30 }
    questions {
      id: "rec"
      title: "副局长人选推荐"
      approval {
        post: "副局长"
        seats: 1
        max_choices: 1
        allow_write_in: true
        shortlist_ratio: 3
        candidates { id: "c1" name: "王建国" }
        candidates { id: "c2" name: "刘海燕" }
        candidates { id: "c3" name: "周立新" }
        candidates { id: "c4" name: "石秀英" }
        candidates { id: "c5" name: "孙文斌" }
        candidates { id: "c6" name: "李红梅" }
      }
    }
    questions {
      id: "assess"
      title: "新提拔干部民主测评"
      graded {
        subjects { id: "s1" name: "马文华" }
        subjects { id: "s2" name: "钱志远" }
        subjects { id: "s3" name: "赵鹏" }
        scale { id: "competent" label: "胜任" }
        scale { id: "basic" label: "基本胜任" }
        scale { id: "incompetent" label: "不胜任" }
        scale { id: "unknown" label: "不了解" dont_know: true }
      }
    }
    questions {
      id: "decide"
      title: "拟任人选票决"
      decision {
        allow_defer: true
        candidates { id: "d1" name: "黄晓东" proposed_post: "办公室主任" }
        candidates { id: "d2" name: "吴海" proposed_post: "财务股股长" }
        candidates { id: "d3" name: "郑敏" proposed_post: "法规股股长" }
      }
    }
    questions {
      id: "element"
      title: "要素推荐"
      element {
        elements { id: "e1" label: "道德品行最好" }
        elements { id: "e2" label: "工作最敬业" }
        elements { id: "e3" label: "群众威信最高" }
        candidates { id: "p1" name: "冯涛" }
        candidates { id: "p2" name: "褚明" }
        candidates { id: "p3" name: "卫东" }
        candidates { id: "p4" name: "蒋丽" }
        candidates { id: "p5" name: "沈阳" }
      }
    }
    questions {
      id: "check"
      title: "正向/反向测评"
      checklist {
        subjects { id: "k1" name: "韩冰" }
        subjects { id: "k2" name: "杨帆" }
        items { id: "honest" label: "清正廉洁" polarity: ITEM_POLARITY_POSITIVE }
        items { id: "diligent" label: "勤勉敬业" polarity: ITEM_POLARITY_POSITIVE }
        items { id: "arrogant" label: "作风霸道" polarity: ITEM_POLARITY_NEGATIVE }
        items { id: "idle" label: "不担当不作为" polarity: ITEM_POLARITY_NEGATIVE }
      }
    }
  )pb");
  form.set_id(absl::StrCat("m", i));
  form.set_title(absl::StrCat("综合测评票（第", i, "组）"));
  return form;
}

v1::MeetingSpec CountSpec() {
  v1::MeetingSpec spec;
  spec.set_title("百万票计票基准");
  spec.set_unit("基准测试");
  spec.set_locale("zh-CN");
  const char* const names[] = {"领导班子成员", "中层干部", "一般干部"};
  for (int g = 0; g < 3; ++g) {
    auto* group = spec.add_groups();
    group->set_id(kGroups[g]);
    group->set_name(names[g]);
  }
  for (int i = 1; i <= kForms; ++i) *spec.add_forms() = MixedForm(i);
  Must(tally::ExpandPresets(&spec), "expand presets");
  Must(tally::ValidateSpec(spec), "spec");
  return spec;
}

// splitmix64: deterministic, so a rebuilt ledger holds the same ballots.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Index into `weights` (per mille, summing to 1000) chosen by r % 1000.
int Pick(uint64_t r, std::initializer_list<int> weights) {
  int x = static_cast<int>(r % 1000), i = 0;
  for (int w : weights) {
    if (x < w) return i;
    x -= w;
    ++i;
  }
  return i - 1;
}

// What the generator put on the ballots of one form, counted as it made
// them — not through tally/ — to check the count against.
struct Expected {
  uint64_t c1_votes = 0;     // rec: valid votes for c1
  uint64_t rec_invalid = 0;  // rec: over-votes (spoilt, rule A6a)
  uint64_t s3_incompetent = 0;
  uint64_t d2_agree = 0;
};

// Voter `voter`'s ballot on form `form` (1-based). Group preferences differ
// so the per-group and weighted figures differ from the overall ones.
v1::Ballot MakeBallot(uint64_t voter, int form, int group, Expected* expected) {
  uint64_t r = Mix(voter * 8 + form);
  auto next = [&r] { return r = Mix(r); };
  v1::Ballot ballot;
  ballot.set_form_id(absl::StrCat("m", form));

  // Approval, 1 seat, 1:3 shortlist: 0.5 % blank, 0.5 % over-votes, 1 %
  // write-ins, the rest one listed candidate.
  const int kind = static_cast<int>(next() % 1000);
  if (kind >= 5) {
    v1::Answer* a = ballot.add_answers();
    a->set_question_id("rec");
    if (kind < 10) {
      a->add_choices("c1");
      a->add_choices("c2");
      ++expected->rec_invalid;
    } else if (kind < 20) {
      a->add_write_ins(kWriteIns[next() % 4]);
    } else {
      const int c = group == 0   ? Pick(next(), {450, 250, 150, 80, 50, 20})
                    : group == 1 ? Pick(next(), {300, 320, 200, 100, 50, 30})
                                 : Pick(next(), {250, 270, 250, 120, 70, 40});
      a->add_choices(absl::StrCat("c", c + 1));
      expected->c1_votes += c == 0;
    }
  }

  // Graded (competency + 不了解) under S-1: s3 draws about a quarter
  // 不胜任, so S-1b (不胜任 ≥ 20 %) flags it; 3 % leave a subject out.
  v1::Answer* graded = ballot.add_answers();
  graded->set_question_id("assess");
  const char* const grades[] = {"competent", "basic", "incompetent", "unknown"};
  for (int s = 1; s <= 3; ++s) {
    const uint64_t x = next();
    if (x % 100 < 3) continue;
    const int g = s == 1   ? Pick(x >> 8, {800, 150, 30, 20})
                  : s == 2 ? Pick(x >> 8, {550, 300, 100, 50})
                           : Pick(x >> 8, {450, 240, 260, 50});
    v1::GradeChoice* c = graded->add_grades();
    c->set_subject_id(absl::StrCat("s", s));
    c->set_grade_id(grades[g]);
    if (s == 3 && g == 2) ++expected->s3_incompetent;
  }
  if (graded->grades().empty()) ballot.mutable_answers()->RemoveLast();

  // Decision with defer: one mark per candidate, 2 % left unmarked.
  v1::Answer* decide = ballot.add_answers();
  decide->set_question_id("decide");
  for (int d = 1; d <= 3; ++d) {
    const uint64_t x = next();
    if (x % 100 < 2) continue;
    const int v = d == 3 ? Pick(x >> 8, {400, 400, 150, 50}) : Pick(x >> 8, {780, 120, 80, 20});
    v1::DecisionMark* m = decide->add_decisions();
    m->set_candidate_id(absl::StrCat("d", d));
    m->set_vote(static_cast<v1::DecisionVote>(v + 1));
    if (d == 2 && v == 0) ++expected->d2_agree;
  }
  if (decide->decisions().empty()) ballot.mutable_answers()->RemoveLast();

  // Best per element: one of five per element, 5 % name nobody.
  v1::Answer* element = ballot.add_answers();
  element->set_question_id("element");
  for (int e = 1; e <= 3; ++e) {
    const uint64_t x = next();
    if (x % 100 < 5) continue;
    v1::ElementChoice* c = element->add_elements();
    c->set_element_id(absl::StrCat("e", e));
    c->set_candidate_id(absl::StrCat("p", 1 + Pick(x >> 8, {350, 250, 200, 120, 80})));
  }
  if (element->elements().empty()) ballot.mutable_answers()->RemoveLast();

  // Checklist: each item ticked with its own probability per subject.
  v1::Answer* check = ballot.add_answers();
  check->set_question_id("check");
  const char* const items[] = {"honest", "diligent", "arrogant", "idle"};
  const int per_mille[2][4] = {{700, 600, 50, 80}, {400, 300, 250, 300}};
  for (int s = 0; s < 2; ++s) {
    v1::Ticks ticks;
    ticks.set_subject_id(absl::StrCat("k", s + 1));
    for (int i = 0; i < 4; ++i) {
      if (static_cast<int>(next() % 1000) < per_mille[s][i]) ticks.add_item_ids(items[i]);
    }
    if (!ticks.item_ids().empty()) *check->add_ticks() = std::move(ticks);
  }
  if (check->ticks().empty()) ballot.mutable_answers()->RemoveLast();
  return ballot;
}

// The cache's description, written last: its presence marks a complete build.
struct LedgerInfo {
  uint64_t ballots = 0;
  uint64_t voters = 0;
  uint64_t entries = 0;
  double build_seconds = 0;
  std::array<Expected, kForms> expected{};
};

std::string InfoPath(const std::string& cache) { return cache + "/count_bench.info"; }

void WriteInfo(const std::string& cache, const LedgerInfo& info) {
  std::ofstream out(InfoPath(cache));
  out << "count_bench-ledger-v1 " << info.ballots << " " << info.voters << " " << info.entries
      << " " << info.build_seconds << "\n";
  for (const Expected& e : info.expected) {
    out << e.c1_votes << " " << e.rec_invalid << " " << e.s3_incompetent << " " << e.d2_agree
        << "\n";
  }
  if (!out) Fail("writing " + InfoPath(cache));
}

bool ReadInfo(const std::string& cache, LedgerInfo* info) {
  std::ifstream in(InfoPath(cache));
  std::string magic;
  if (!(in >> magic >> info->ballots >> info->voters >> info->entries >> info->build_seconds) ||
      magic != "count_bench-ledger-v1") {
    return false;
  }
  for (Expected& e : info->expected) {
    if (!(in >> e.c1_votes >> e.rec_invalid >> e.s3_incompetent >> e.d2_agree)) return false;
  }
  return true;
}

// Builds the ledger in `cache`/store; returns what it wrote.
LedgerInfo BuildLedger(const std::string& cache, uint64_t ballots) {
  const auto start = Clock::now();
  std::filesystem::remove_all(cache);
  std::filesystem::create_directories(cache);
  LedgerInfo info;
  info.ballots = ballots;
  info.voters = ballots / kForms;

  storage::RocksDbStoreOptions options;
  options.sync = false;
  auto store = Must(storage::OpenRocksDbStore(cache + "/store", options), "open store");
  const auto key = Must(crypto::Ed25519PrivateKey::Generate(), "server key");
  const v1::MeetingSpec spec = CountSpec();

  v1::Roll roll;
  for (uint64_t i = 0; i < info.voters; ++i) {
    v1::Voter* v = roll.add_voters();
    v->set_id(absl::StrCat("v", i));
    v->set_name(absl::StrCat("投票人", i));
    v->set_group(kGroups[GroupOf(i)]);
  }
  const std::string roll_bytes = roll.SerializeAsString();
  const tally::Roll checked_roll = Must(tally::Roll::Create(roll, spec), "roll");

  ledger::ChainHead head(kMeetingId);
  tally::MeetingState state;  // refuses whatever gongxind would refuse
  storage::AppendBatch batch;
  batch.chain = kMeetingId;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  auto append = [&](v1::Entry entry) {
    ledger::SealedEntry sealed = head.Seal(entry);
    if (absl::Status s = state.Apply(entry); !s.ok()) {
      Fail(absl::StrCat("entry ", sealed.seq, ": ", s.ToString()));
    }
    batch.entries.push_back(std::move(sealed.bytes));
  };
  auto flush = [&](bool last) {
    if (last) {
      batch.head_record =
          Must(ledger::SignHead(key, kMeetingId, head.size(), head.hash()), "sign head")
              .SerializeAsString();
    }
    Must(store->Append(batch), "append");
    batch.expected_size = head.size();
    batch.entries.clear();
    batch.create_keys.clear();
  };

  {
    v1::Entry genesis =
        gongxin::testing::MeetingCreated(spec, static_cast<uint32_t>(info.voters));
    genesis.mutable_meeting_created()->set_roll_digest(ledger::RollDigest(roll_bytes));
    genesis.mutable_meeting_created()->set_created_at(now);
    append(std::move(genesis));
    Must(state.SetRoll(checked_roll), "set roll");
    batch.create_keys.emplace_back(kRollKey, roll_bytes);
  }
  auto transition = [&](v1::MeetingStatus from, v1::MeetingStatus to) {
    v1::Entry e = gongxin::testing::StateChanged(from, to);
    e.mutable_state_changed()->set_at(now);
    append(std::move(e));
  };
  transition(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
  transition(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);

  std::vector<std::string> form_ids;
  for (int f = 1; f <= kForms; ++f) form_ids.push_back(absl::StrCat("m", f));
  for (uint64_t i = 0; i < info.voters; ++i) {
    const int group = GroupOf(i);
    const std::string salt = Must(crypto::RandomBytes(ledger::kVoterSaltSize), "salt");
    const std::string commitment =
        ledger::VoterCommitment(kMeetingId, roll.voters(static_cast<int>(i)).id(), salt);
    v1::Entry in = gongxin::testing::CheckedIn(commitment, kGroups[group], form_ids);
    in.mutable_checked_in()->set_at(now);
    in.mutable_checked_in()->set_kiosk(absl::StrCat("kiosk", i % 4));
    append(std::move(in));
    for (int f = 1; f <= kForms; ++f) {
      append(gongxin::testing::BallotCast(
          commitment,
          Must(key.Sign(ledger::CredentialMessage(kMeetingId, form_ids[f - 1], commitment)),
               "sign credential"),
          MakeBallot(i, f, group, &info.expected[f - 1])));
    }
    if ((i + 1) % 500 == 0) flush(false);
    if ((i + 1) % 10000 == 0) {
      std::fprintf(stderr, "\rbuilding: %llu/%llu voters", static_cast<unsigned long long>(i + 1),
                   static_cast<unsigned long long>(info.voters));
    }
  }
  transition(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED);
  flush(true);
  std::fprintf(stderr, "\n");
  info.entries = head.size();
  info.build_seconds = Seconds(Clock::now() - start);
  WriteInfo(cache, info);
  return info;
}

// ---- Child processes: one measured phase each, in a fresh process. ----

// Entries [0, EndOf(k)) hold the first k ballots (k a multiple of kForms);
// all of them for k = every ballot (the close included).
uint64_t EndOf(const LedgerInfo& info, uint64_t k) {
  return k == info.ballots ? info.entries : kHeadEntries + k / kForms * kEntriesPerVoter;
}

struct Opened {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<tally::Roll> roll;
};

// The store and the roll (parsed and indexed): what every phase needs before
// its first entry, so the phases' peaks compare.
Opened Open(const std::string& cache) {
  Opened o;
  storage::RocksDbStoreOptions options;
  options.sync = false;
  o.store = Must(storage::OpenRocksDbStore(cache + "/store", options), "open store");
  auto bytes = Must(o.store->GetKey(kMeetingId, kRollKey), "read roll");
  if (!bytes.has_value()) Fail("the roll is missing");
  v1::Roll roll;
  if (!roll.ParseFromString(*bytes)) Fail("the roll does not parse");
  const std::string genesis = Must(o.store->ReadEntry(kMeetingId, 0), "entry 0");
  v1::Entry e;
  if (!e.ParseFromString(genesis)) Fail("entry 0 does not parse");
  o.roll = std::make_unique<tally::Roll>(
      Must(tally::Roll::Create(std::move(roll), e.meeting_created().spec()), "roll"));
  return o;
}

// (a): prints "entries raw_s parse_s hwm_open hwm_end checksum". The raw
// pass touches one byte of each entry, and prints the sum, so that the read
// really brings every entry in.
void ChildRead(const std::string& cache, const LedgerInfo& info, uint64_t k) {
  Opened o = Open(cache);
  const long hwm_open = ProcStatusKib("VmHWM");
  const uint64_t end = EndOf(info, k);
  uint64_t bytes = 0;
  auto start = Clock::now();
  Must(o.store->ReadEntries(kMeetingId, 0, end,
                            [&](uint64_t, absl::string_view b) {
                              bytes += b.size() + static_cast<unsigned char>(b[b.size() / 2]);
                              return absl::OkStatus();
                            }),
       "read");
  const double raw = Seconds(Clock::now() - start);
  uint64_t ballots = 0;
  start = Clock::now();
  Must(o.store->ReadEntries(kMeetingId, 0, end,
                            [&](uint64_t seq, absl::string_view b) -> absl::Status {
                              v1::Entry e;
                              if (!e.ParseFromArray(b.data(), static_cast<int>(b.size()))) {
                                return absl::DataLossError(absl::StrCat("entry ", seq));
                              }
                              ballots += e.has_ballot_cast();
                              return absl::OkStatus();
                            }),
       "read and parse");
  const double parse = Seconds(Clock::now() - start);
  if (ballots != k) Fail(absl::StrCat("read ", ballots, " ballots, expected ", k));
  std::printf("%llu %.6f %.6f %ld %ld %llu\n", static_cast<unsigned long long>(end), raw, parse,
              hwm_open, ProcStatusKib("VmHWM"), static_cast<unsigned long long>(bytes));
}

// Checks the number of ballots counted and, over the whole ledger, that the
// count has every kind of figure the bench is meant to exercise and agrees
// with the generator's own counts. (A prefix is a meeting still short of its
// quorum: raw counts only, no shortlist or flags, rule A4.)
void CheckResult(const v1::TallyResult& result, const LedgerInfo& info, uint64_t k) {
  uint64_t returned = 0;
  for (int f = 0; f < result.forms_size(); ++f) {
    const v1::FormTally& ft = result.forms(f);
    returned += ft.returned();
    if (k != info.ballots) continue;
    const std::string where = absl::StrCat("form ", ft.form_id(), ": ");
    if (ft.groups_size() != 3) Fail(where + "expected 3 per-group tallies");
    if (ft.questions_size() != 5) Fail(where + "expected 5 questions");
    const v1::QuestionTally& rec = ft.questions(0);
    const v1::QuestionTally& assess = ft.questions(1);
    if (rec.shortlist().size() != 3) Fail(where + "rec: no 1:3 shortlist");
    if (rec.write_ins_size() == 0) Fail(where + "rec: no write-ins counted");
    if (rec.weighted().empty()) Fail(where + "rec: no weighted figures");
    bool s3_flagged = false;
    for (const v1::Flag& flag : assess.flags()) s3_flagged |= flag.subject_id() == "s3";
    if (!s3_flagged) Fail(where + "assess: S-1 did not flag s3");
    const Expected& e = info.expected[f];
    const uint64_t c1 = rec.candidates(0).votes();
    if (c1 != e.c1_votes || rec.invalid() != e.rec_invalid) {
      Fail(absl::StrCat(where, "rec: c1 ", c1, " votes and ", rec.invalid(),
                        " invalid, but the generator cast ", e.c1_votes, " and ", e.rec_invalid));
    }
    const v1::SubjectTally& s3 = assess.subjects(2);
    if (s3.grades(2).count() != e.s3_incompetent) {
      Fail(absl::StrCat(where, "assess: s3 incompetent ", s3.grades(2).count(),
                        ", but the generator cast ", e.s3_incompetent));
    }
    const v1::DecisionTally& decision = ft.questions(2).decision();
    if (decision.candidates_size() != 3 || decision.candidates(1).agree() != e.d2_agree) {
      Fail(absl::StrCat(where, "decide: d2 agree differs from the generator's ", e.d2_agree));
    }
    if (ft.questions(3).elements_size() != 3 || ft.questions(4).checklist_size() != 2) {
      Fail(where + "element or checklist tallies missing");
    }
  }
  if (returned != k) Fail(absl::StrCat("count returned ", returned, " ballots, expected ", k));
}

// (b): prints "entries seconds count_seconds hwm_open hwm_end voters".
// With `checkins_only` it is a memory probe instead: ballot_cast entries are
// skipped (the later entries renumbered, which only MeetingState's seq check
// sees), so the peak shows what the voters' records alone take — and the
// difference to a full replay, what the ballots add.
void ChildCount(const std::string& cache, const LedgerInfo& info, uint64_t k,
                bool checkins_only) {
  Opened o = Open(cache);
  const long hwm_open = ProcStatusKib("VmHWM");
  const uint64_t end = EndOf(info, k);
  tally::MeetingState state;
  const auto start = Clock::now();
  Must(o.store->ReadEntries(kMeetingId, 0, end,
                            [&](uint64_t seq, absl::string_view b) -> absl::Status {
                              v1::Entry e;
                              if (!e.ParseFromArray(b.data(), static_cast<int>(b.size()))) {
                                return absl::DataLossError(absl::StrCat("entry ", seq));
                              }
                              if (checkins_only) {
                                if (e.has_ballot_cast()) return absl::OkStatus();
                                e.set_seq(state.size());
                              }
                              absl::Status s = state.Apply(e);
                              if (s.ok() && seq == 0) s = state.SetRoll(*o.roll);
                              return s;
                            }),
       "replay");
  const auto counted = Clock::now();
  const v1::TallyResult result = Must(state.Count(state.size()), "count");
  const auto done = Clock::now();
  if (!checkins_only) CheckResult(result, info, k);
  std::printf("%llu %.6f %.6f %ld %ld %u\n", static_cast<unsigned long long>(end),
              Seconds(done - start), Seconds(done - counted), hwm_open, ProcStatusKib("VmHWM"),
              state.checked_in_count());
}

// (c): prints "pool seconds tally_seconds hwm_open hwm_end".
void ChildCounter(const std::string& cache, const LedgerInfo& info, uint64_t k) {
  struct Classified {
    v1::Ballot ballot;
    std::vector<tally::AnswerStatus> statuses;
    int group;
  };
  std::vector<Classified> pool;
  v1::MeetingSpec spec;
  {
    Opened o = Open(cache);
    const size_t want = std::min<uint64_t>(k, kCounterPool);
    std::string group;
    Must(o.store->ReadEntries(
             kMeetingId, 0, EndOf(info, want),
             [&](uint64_t, absl::string_view b) -> absl::Status {
               v1::Entry e;
               if (!e.ParseFromArray(b.data(), static_cast<int>(b.size()))) {
                 return absl::DataLossError("entry");
               }
               if (e.has_meeting_created()) spec = e.meeting_created().spec();
               if (e.has_checked_in()) group = e.checked_in().group();
               if (!e.has_ballot_cast()) return absl::OkStatus();
               Classified c;
               c.ballot = std::move(*e.mutable_ballot_cast()->mutable_ballot());
               const v1::Form* form = tally::FindForm(spec, c.ballot.form_id());
               if (form == nullptr) return absl::DataLossError("unknown form");
               ASSIGN_OR_RETURN(c.statuses, tally::ClassifyBallot(*form, c.ballot));
               c.group = static_cast<int>(std::find(std::begin(kGroups), std::end(kGroups),
                                                    group) - std::begin(kGroups));
               pool.push_back(std::move(c));
               return absl::OkStatus();
             }),
         "read the pool");
    if (pool.size() != want) Fail("the pool is short");
  }
  // Turnout as for the same prefix of the ledger: everyone checked in.
  tally::TurnoutFigures turnout;
  turnout.due = turnout.present = static_cast<uint32_t>(k / kForms);
  for (const v1::Form& form : spec.forms()) {
    tally::FormTurnout& ft = turnout.forms[form.id()];
    ft.due = ft.issued = static_cast<uint32_t>(k / kForms);
    for (uint64_t v = 0; v < k / kForms; ++v) {
      tally::GroupTurnout& g = ft.groups[kGroups[GroupOf(v)]];
      ++g.due;
      ++g.issued;
    }
  }
  const long hwm_open = ProcStatusKib("VmHWM");
  tally::Counter counter(spec);
  const auto start = Clock::now();
  for (uint64_t i = 0; i < k; ++i) {
    const Classified& c = pool[i % pool.size()];
    const absl::Status added = counter.AddBallot(c.ballot, c.statuses, kGroups[c.group]);
    if (!added.ok()) Fail(absl::StrCat("add ballot: ", added.ToString()));
  }
  const auto counted = Clock::now();
  const v1::TallyResult result = counter.Tally(kMeetingId, EndOf(info, k), turnout);
  const auto done = Clock::now();
  uint64_t returned = 0;
  for (const v1::FormTally& ft : result.forms()) returned += ft.returned();
  if (returned != k) Fail(absl::StrCat("Counter returned ", returned, ", expected ", k));
  std::printf("%zu %.6f %.6f %ld %ld\n", pool.size(), Seconds(done - start),
              Seconds(done - counted), hwm_open, ProcStatusKib("VmHWM"));
}

// ---- The parent: build, run the children, print the tables. ----

struct Args : LedgerBenchArgs {
  // "read", "count", "checkins", "counter": one phase, then exit.
  std::string child;
  uint64_t upto = 0;
};

bool ParseArgs(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (ParseLedgerBenchFlag(argc, argv, &i, a)) {
      continue;
    } else if (arg == "--child" && i + 2 < argc) {
      a->child = argv[++i];
      a->upto = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: count_bench [--ballots N] [--cache DIR] [--dir BASE]\n");
      return false;
    }
  }
  if (a->cache.empty()) a->cache = absl::StrCat(a->base, "/gongxin-count-bench-", a->ballots);
  if (a->ballots < 50 || a->ballots > 200000 * kForms || a->ballots % 50 != 0) {
    std::fprintf(stderr, "--ballots must be a multiple of 50 between 50 and 1000000\n");
    return false;
  }
  return true;
}

// Single-quoted for /bin/sh.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs this program with `--child phase k` and returns the numbers it printed.
std::vector<double> RunChild(const Args& args, const std::string& phase, uint64_t k) {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command =
      absl::StrCat(Quote(self), " --ballots ", args.ballots, " --cache ", Quote(args.cache),
                   " --child ", phase, " ", k);
  std::fflush(stdout);
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) Fail("popen");
  std::vector<double> values;
  double v;
  while (std::fscanf(p, "%lf", &v) == 1) values.push_back(v);
  const int status = pclose(p);
  if (status != 0 || values.size() < 5) {
    Fail(absl::StrCat("child ", phase, " ", k, " failed (status ", status, ")"));
  }
  return values;
}

std::string Thousands(double v) {
  std::string digits = absl::StrFormat("%.0f", v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Mib(double kib) { return absl::StrFormat("%.1f", kib / 1024); }

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  LedgerInfo info;
  if (!args.child.empty()) {
    if (!ReadInfo(args.cache, &info)) Fail("no ledger in " + args.cache);
    if (args.upto % kForms != 0 || args.upto > info.ballots) Fail("bad --child size");
    if (args.child == "read") {
      ChildRead(args.cache, info, args.upto);
    } else if (args.child == "count" || args.child == "checkins") {
      ChildCount(args.cache, info, args.upto, args.child == "checkins");
    } else if (args.child == "counter") {
      ChildCounter(args.cache, info, args.upto);
    } else {
      Fail("unknown --child phase " + args.child);
    }
    return 0;
  }

  const auto t0 = Clock::now();
  const double load_start = LoadAverage();
  const OtherCpu other_cpu;
  bool built = false;
  if (!ReadInfo(args.cache, &info) || info.ballots != args.ballots) {
    std::fprintf(stderr, "building %llu ballots in %s (once; cached)\n",
                 static_cast<unsigned long long>(args.ballots), args.cache.c_str());
    info = BuildLedger(args.cache, args.ballots);
    built = true;
  }
  const uint64_t ballots = info.ballots;
  std::printf("count_bench --ballots %llu: %u hardware threads, %s, load average %.2f at start\n",
              static_cast<unsigned long long>(ballots), std::thread::hardware_concurrency(),
              args.cache.c_str(), load_start);
  std::printf("ledger %s: %llu entries (%llu voters checked in, %llu named ballots on %d mixed "
              "forms), %s in %.0f s\n\n",
              built ? "built" : "reused from the cache",
              static_cast<unsigned long long>(info.entries),
              static_cast<unsigned long long>(info.voters),
              static_cast<unsigned long long>(ballots), kForms,
              built ? "built" : "originally built", info.build_seconds);

  // Warm the OS page cache so the first measured phase is not the only one
  // reading from the disk.
  RunChild(args, "read", ballots);

  const uint64_t sizes[] = {ballots / 10, ballots * 3 / 10, ballots};
  struct Row {
    uint64_t k, entries, voters;
    double raw_s, parse_s, count_s, tally_s, counter_s, counter_tally_s;
    double hwm_read, hwm_count, hwm_counter, hwm_checkins, hwm_read_open, hwm_count_open, hwm_counter_open;
    uint64_t bytes, pool;
  };
  std::vector<Row> rows;
  for (uint64_t k : sizes) {
    const std::vector<double> r = RunChild(args, "read", k);
    const std::vector<double> c = RunChild(args, "count", k);
    const std::vector<double> p = RunChild(args, "counter", k);
    const std::vector<double> v = RunChild(args, "checkins", k);
    Row row{};
    row.k = k;
    row.entries = static_cast<uint64_t>(r[0]);
    row.raw_s = r[1];
    row.parse_s = r[2];
    row.hwm_read_open = r[3];
    row.hwm_read = r[4];
    row.bytes = static_cast<uint64_t>(r[5]);
    row.count_s = c[1];
    row.tally_s = c[2];
    row.hwm_count_open = c[3];
    row.hwm_count = c[4];
    row.voters = static_cast<uint64_t>(c[5]);
    row.pool = static_cast<uint64_t>(p[0]);
    row.counter_s = p[1];
    row.counter_tally_s = p[2];
    row.hwm_counter_open = p[3];
    row.hwm_counter = p[4];
    row.hwm_checkins = v[4];
    rows.push_back(row);
  }

  const Row& full = rows.back();
  std::printf("| limit (this run, 1 thread, all %s entries) | rate |\n|---|---|\n",
              Thousands(full.entries).c_str());
  std::printf("| RocksDB read of every entry (Store::ReadEntries, bytes untouched) | %s entries/s |\n",
              Thousands(full.entries / full.raw_s).c_str());
  std::printf("| ⇒ read + protobuf parse into v1::Entry (the baseline) | %s entries/s = %s "
              "ballots/s |\n\n",
              Thousands(full.entries / full.parse_s).c_str(),
              Thousands(full.k / full.parse_s).c_str());

  std::printf("| ballots | entries | read+parse s | MeetingState replay + Count s | ballots/s | "
              "÷ read+parse | Count() ms | Counter alone ballots/s | ÷ read+parse |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    const double baseline = r.k / r.parse_s;
    std::printf("| %s | %s | %.2f | %.2f | %s | %.2f | %.1f | %s | %.2f |\n",
                Thousands(r.k).c_str(), Thousands(r.entries).c_str(), r.parse_s, r.count_s,
                Thousands(r.k / r.count_s).c_str(), (r.k / r.count_s) / baseline, r.tally_s * 1000,
                Thousands(r.k / r.counter_s).c_str(), (r.k / r.counter_s) / baseline);
  }
  std::printf("\n(÷ read+parse: ballots/s over the baseline's ballots/s for the same entries, "
              "i.e. read+parse time ÷ phase time. The Counter cycles a pool of up to %zu "
              "ballots parsed and classified beforehand.)\n\n",
              kCounterPool);

  std::printf("| ballots | voters checked in | VmHWM read+parse MiB | VmHWM MeetingState, "
              "check-ins only MiB | VmHWM MeetingState MiB | state − read MiB | per voter B | "
              "VmHWM Counter MiB (pool loaded → end) |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    const double state_kib = r.hwm_count - r.hwm_read;
    std::printf("| %s | %s | %s | %s | %s | %s | %.0f | %s → %s |\n", Thousands(r.k).c_str(),
                Thousands(r.voters).c_str(), Mib(r.hwm_read).c_str(), Mib(r.hwm_checkins).c_str(),
                Mib(r.hwm_count).c_str(), Mib(state_kib).c_str(), state_kib * 1024 / r.voters,
                Mib(r.hwm_counter_open).c_str(), Mib(r.hwm_counter).c_str());
  }
  std::printf("\n(each figure from its own fresh process; after opening the store and the "
              "roll: read %s, MeetingState %s MiB at %s ballots)\n",
              Mib(full.hwm_read_open).c_str(), Mib(full.hwm_count_open).c_str(),
              Thousands(full.k).c_str());
  std::printf("\nwall time %.0f s; %s; load average %.2f at end\n", Seconds(Clock::now() - t0),
              other_cpu.Report().c_str(), LoadAverage());
  return 0;
}
