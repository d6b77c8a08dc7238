// Anonymous (无记名) ballots end to end: a real gongxind over mutual TLS, this
// process acting as the kiosks (kiosk::Kiosk), the CLI for the admin and
// auditor steps. What is checked is what the architecture promises for the
// anonymous mode: nothing the server keeps — export, data directory, log —
// reveals the order in which ballots were cast or who cast them; no
// acknowledged ballot is lost to kill -9; and a kiosk crash between issue
// and cast neither locks the voter out nor gives them a second token.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "kiosk/connection.h"
#include "kiosk/kiosk.h"
#include "kiosk/token.h"
#include "crypto/blind_rsa.h"
#include "crypto/ed25519.h"
#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/raw_files.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

// Spearman's rank correlation threshold for "uncorrelated with cast order".
// If an order owes nothing to cast order, rho over n distinct ranks has
// mean 0 and standard deviation 1/sqrt(n-1): 0.071 for n = 200, 0.050 for
// the n = 400 used below. 0.25 is then 5 sd, so a correct server fails a
// check with probability ~6e-7 (the order is random each run: it follows
// the hashes of random tokens), whereas anything that keeps cast order —
// the urn in cast order (rho = 1), in reverse (rho = -1), or cast order
// kept within a few blocks — is far beyond it.
constexpr double kMaxAbsRho = 0.25;

// The meeting's voters, staff who evaluate (评议人); ids of their own, unlike
// the sample meeting's.
std::string EvaluatorId(int i) { return absl::StrFormat("anon%04d", i + 1); }
std::string EvaluatorName(int i) { return absl::StrFormat("评议人%d号", i + 1); }

// The grades of the "satisfaction" scale, best first (docs/spec-format.md).
const char* const kGrades[] = {"satisfied", "basic", "dissatisfied"};

// Spearman's rho between cast order (item i has rank i) and `rank`, a
// permutation of 0..n-1 (rank[i] = the place of cast item i in the other
// order): 1 - 6 * sum d^2 / (n (n^2 - 1)).
double Spearman(const std::vector<size_t>& rank) {
  const double n = static_cast<double>(rank.size());
  double sum = 0;
  for (size_t i = 0; i < rank.size(); ++i) {
    const double d = static_cast<double>(rank[i]) - static_cast<double>(i);
    sum += d * d;
  }
  return 1.0 - 6.0 * sum / (n * (n * n - 1.0));
}

// Ranks (0-based) of `values`, which must be distinct.
std::vector<size_t> Ranks(const std::vector<uint64_t>& values) {
  std::vector<size_t> order(values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<size_t> rank(values.size());
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

v1::Ballot SatBallot(int i) {
  v1::Ballot ballot;
  ballot.set_form_id("sat");
  v1::Answer* answer = ballot.add_answers();
  answer->set_question_id("work");
  v1::GradeChoice* grade = answer->add_grades();
  grade->set_subject_id("work");
  grade->set_grade_id(kGrades[i % 3]);
  return ballot;
}

class AnonymousE2eTest : public E2eTest {
 protected:
  // Writes meeting.yaml (an anonymous satisfaction form "sat", and with
  // `with_named` also a named recommendation form "rec") and voters.csv,
  // then creates, announces and opens the meeting through the CLI.
  std::string CreateOpenMeeting(int voters, bool with_named) {
    std::string spec = R"(title: 测试县2026年度选人用人工作满意度评议
unit: 中共测试县委组织部
roll: voters.csv
groups:
  - {id: staff, name: 一般干部}
forms:
  - id: sat
    title: 选人用人工作满意度评议表
    mode: anonymous
    questions:
      - id: work
        title: 对本年度选人用人工作的评价
        kind: graded
        subjects:
          - {id: work, name: 年度选人用人工作}
        scale: satisfaction
)";
    if (with_named) {
      spec += R"(  - id: rec
    title: 民主推荐票
    mode: named
    questions:
      - id: head
        title: 局长人选
        kind: approval
        post: 局长
        seats: 1
        candidates:
          - {id: c1, name: 张伟}
          - {id: c2, name: 王芳}
)";
    }
    std::ofstream(dir_.File("meeting.yaml")) << spec;
    std::ofstream roll(dir_.File("voters.csv"));
    roll << "voter_id,name,group\n";
    for (int i = 0; i < voters; ++i)
      roll << EvaluatorId(i) << "," << EvaluatorName(i) << ",staff\n";
    roll.close();
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    std::string id(absl::StripAsciiWhitespace(created.out));
    RunResult announced = Cli({"meeting", "announce", id});
    EXPECT_EQ(announced.code, 0) << announced.err;
    RunResult opened = Cli({"meeting", "open", id});
    EXPECT_EQ(opened.code, 0) << opened.err;
    return id;
  }

  // A kiosk connection to the running server, with the fixture's PKI.
  std::unique_ptr<kiosk::Connection> KioskConnection() {
    kiosk::ConnectionOptions options;
    options.server = address_;
    options.pki_dir = Pki();
    options.timeout = std::chrono::seconds(10);
    absl::StatusOr<kiosk::Connection> c = kiosk::Connection::Connect(options, "kiosk");
    EXPECT_TRUE(c.ok()) << c.status();
    if (!c.ok()) return nullptr;
    return std::make_unique<kiosk::Connection>(*std::move(c));
  }

  // Closes the meeting and exports it with the CLI; returns the exact
  // bytes of every entry, in chain order.
  std::vector<std::string> CloseAndExport(const std::string& id, const std::string& file) {
    RunResult closed = Cli({"meeting", "close", id});
    EXPECT_EQ(closed.code, 0) << closed.err;
    RunResult exported = Cli({"audit", "export", id, "--out", file});
    EXPECT_EQ(exported.code, 0) << exported.err;
    std::vector<std::string> entries;
    std::ifstream in(file, std::ios::binary);
    ledger::ExportReader reader(&in);
    absl::Status magic = reader.ReadMagic();
    EXPECT_TRUE(magic.ok()) << magic;
    if (!magic.ok()) return entries;
    v1::ExportRecord record;
    while (true) {
      absl::StatusOr<bool> more = reader.Next(&record);
      EXPECT_TRUE(more.ok()) << more.status();
      if (!more.ok() || !*more) break;
      if (record.has_entry()) entries.push_back(record.entry());
    }
    return entries;
  }

  crypto::Ed25519PublicKey ServerKey() {
    absl::StatusOr<crypto::Ed25519PublicKey> key =
        crypto::Ed25519PublicKey::FromPem(ReadWholeFile(trust_));
    EXPECT_TRUE(key.ok()) << key.status();
    return *std::move(key);
  }

  static double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  }
};

// 400 voters cast one after another; neither the export, nor any byte in
// the data directory, nor the server's log keeps their order or their names.
TEST_F(AnonymousE2eTest, StoredAndExportedOrderIsUncorrelatedWithCastOrder) {
  constexpr int kVoters = 400;
  const auto start = std::chrono::steady_clock::now();
  const std::string id = CreateOpenMeeting(kVoters, /*with_named=*/false);
  ASSERT_FALSE(id.empty());
  std::unique_ptr<kiosk::Connection> connection = KioskConnection();
  ASSERT_NE(connection, nullptr);
  kiosk::Kiosk kiosk(*connection, dir_.File("kiosk-state"));

  // Voter i checks in and casts at step i: cast order is 0..n-1.
  std::vector<v1::AnonymousToken> tokens;
  std::vector<v1::AnonymousReceipt> receipts;
  for (int i = 0; i < kVoters; ++i) {
    absl::StatusOr<kiosk::CheckInResult> held = kiosk.CheckIn(id, EvaluatorId(i));
    ASSERT_TRUE(held.ok()) << EvaluatorId(i) << ": " << held.status();
    ASSERT_EQ(held->tokens.size(), 1u);
    ASSERT_EQ(held->tokens[0].form_id(), "sat");
    absl::StatusOr<kiosk::CastResult> cast = kiosk.CastAnonymous(held->tokens[0], SatBallot(i));
    ASSERT_TRUE(cast.ok()) << EvaluatorId(i) << ": " << cast.status();
    ASSERT_TRUE(cast->anonymous_receipt.has_value());
    tokens.push_back(held->tokens[0]);
    receipts.push_back(*cast->anonymous_receipt);
  }
  const double voting_seconds = Seconds(start);

  // (a) The export: the urn's block is sorted by ballot hash and its order
  // owes nothing to cast order.
  const std::vector<std::string> entries = CloseAndExport(id, dir_.File("closed.gxe"));
  std::vector<std::string> anonymous;  // exact AnonymousBallot bytes, chain order
  std::vector<std::string> hashes;
  std::vector<std::string> commitments;
  std::set<std::string> kiosks;
  int extra_entry_fields = 0;
  for (const std::string& bytes : entries) {
    v1::Entry entry;
    ASSERT_TRUE(entry.ParseFromString(bytes));
    if (entry.has_anonymous_ballot()) {
      // The entry around the ballot carries nothing but the chain fields.
      std::vector<const google::protobuf::FieldDescriptor*> fields;
      entry.GetReflection()->ListFields(entry, &fields);
      for (const auto* f : fields) {
        if (f->name() != "meeting_id" && f->name() != "seq" && f->name() != "prev_hash" &&
            f->name() != "anonymous_ballot") {
          ++extra_entry_fields;
        }
      }
      anonymous.push_back(entry.anonymous_ballot());
      hashes.push_back(ledger::AnonymousBallotHash(entry.anonymous_ballot()));
    }
    if (entry.has_checked_in()) {
      commitments.push_back(entry.checked_in().voter_commitment());
      kiosks.insert(entry.checked_in().kiosk());
    }
  }
  EXPECT_EQ(extra_entry_fields, 0) << "anonymous entries with fields beside the ballot";
  ASSERT_EQ(anonymous.size(), static_cast<size_t>(kVoters));
  ASSERT_EQ(commitments.size(), static_cast<size_t>(kVoters));
  EXPECT_TRUE(std::adjacent_find(hashes.begin(), hashes.end(),
                                 [](const std::string& a, const std::string& b) {
                                   return a >= b;
                                 }) == hashes.end())
      << "the anonymous ballots are not on the chain in strictly increasing hash order";
  std::map<std::string, size_t> exported_at;
  for (size_t p = 0; p < hashes.size(); ++p) exported_at[hashes[p]] = p;
  std::vector<size_t> export_rank;
  const crypto::Ed25519PublicKey server_key = ServerKey();
  for (int i = 0; i < kVoters; ++i) {
    EXPECT_TRUE(ledger::VerifyAnonymousReceipt(server_key, receipts[i]).ok());
    auto it = exported_at.find(receipts[i].ballot_hash());
    ASSERT_NE(it, exported_at.end()) << "the ballot cast at step " << i << " is not exported";
    export_rank.push_back(it->second);
  }
  const double rho_export = Spearman(export_rank);
  EXPECT_LT(std::abs(rho_export), kMaxAbsRho)
      << "exported order follows cast order: Spearman rho = " << rho_export;

  // (c) The anonymous entries: only form, token and ballot — no voter
  // commitment, kiosk or time, not even as bytes inside another field.
  // (Failures are counted, with the first one shown, rather than reported
  // one by one: a leak would otherwise print hundreds of thousands.)
  ASSERT_FALSE(kiosks.empty());
  int extra_fields = 0, commitments_inside = 0, kiosks_inside = 0;
  for (const std::string& bytes : anonymous) {
    v1::AnonymousBallot ballot;
    ASSERT_TRUE(ballot.ParseFromString(bytes));
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    ballot.GetReflection()->ListFields(ballot, &fields);
    std::set<std::string> names;
    for (const auto* f : fields) names.insert(f->name());
    const std::set<std::string> allowed = {"form_id", "token_message", "token_signature", "ballot"};
    if (names != allowed || !ballot.GetReflection()->GetUnknownFields(ballot).empty()) {
      if (extra_fields++ == 0) ADD_FAILURE() << "an anonymous ballot: " << ballot.DebugString();
    }
    for (const std::string& commitment : commitments) {
      commitments_inside += bytes.find(commitment) != std::string::npos;
    }
    for (const std::string& k : kiosks) kiosks_inside += bytes.find(k) != std::string::npos;
  }
  EXPECT_EQ(extra_fields, 0) << "anonymous ballots with fields beyond form, token and ballot";
  EXPECT_EQ(commitments_inside, 0) << "voter commitments found inside anonymous ballots";
  EXPECT_EQ(kiosks_inside, 0) << "kiosk names found inside anonymous ballots";

  // (b) Every byte the server left on disk, every file of the data
  // directory in sorted-path order (RocksDB's WAL and MANIFEST read through
  // their record framing, see LogPayload). The ballots stand in the chain
  // (in hash order); the urn they waited in was sealed under a key that
  // the close destroyed, so no plaintext copy in cast order may remain: the
  // order in which the tokens first appear is as uncorrelated with cast
  // order as the export is. (A token's 256-byte RSA signature cannot turn
  // up by chance.)
  ASSERT_EQ(server_->Kill(SIGTERM), 0) << ServerLog();
  const std::string log = ServerLog();
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::recursive_directory_iterator(Data())) {
    if (f.is_regular_file()) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  bool secrets_left = false;
  std::vector<uint64_t> first_seen(kVoters, UINT64_MAX);
  uint64_t base = 0;
  for (const std::filesystem::path& path : files) {
    if (path.parent_path().filename() == "secrets") secrets_left = true;
    const std::string raw = ReadWholeFile(path.string());
    const std::string bytes = IsRocksDbLogFormat(path) ? LogPayload(raw) : raw;
    for (int i = 0; i < kVoters; ++i) {
      if (first_seen[i] != UINT64_MAX) continue;
      const size_t at = bytes.find(tokens[i].signature());
      if (at != std::string::npos) first_seen[i] = base + at;
    }
    base += bytes.size();
  }
  EXPECT_FALSE(secrets_left) << "a meeting secrets file outlived the close";
  for (int i = 0; i < kVoters; ++i) {
    ASSERT_NE(first_seen[i], UINT64_MAX)
        << "the token cast at step " << i << " is nowhere in the data directory (" << base
        << " bytes in " << files.size() << " files); the chain should hold it";
  }
  const double rho_disk = Spearman(Ranks(first_seen));
  EXPECT_LT(std::abs(rho_disk), kMaxAbsRho)
      << "the tokens first appear on disk in cast order: Spearman rho = " << rho_disk;

  // (c) The log: it did record the RPCs (so the search below means
  // something), but no anonymous cast one by one — a line per cast would be
  // a time-ordered list to line up with the check-ins — only their total at
  // the close; and no line names a voter or quotes a token, its nonce or a
  // ballot hash in any usual encoding.
  EXPECT_THAT(log, HasSubstr("rpc=CheckIn"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("rpc=Cast")));
  EXPECT_THAT(log, HasSubstr(absl::StrCat(kVoters, " anonymous ballots joined the chain")));
  int voters_logged = 0, tokens_logged = 0;
  std::string first_voter, first_token;
  for (int i = 0; i < kVoters; ++i) {
    for (const std::string& who : {EvaluatorId(i), EvaluatorName(i)}) {
      if (log.find(who) == std::string::npos) continue;
      if (voters_logged++ == 0) first_voter = who;
    }
    const std::string sig = tokens[i].signature().substr(0, 12);
    const std::string hash = receipts[i].ballot_hash().substr(0, 12);
    std::vector<std::string> lines =
        absl::StrSplit(tokens[i].message().substr(ledger::kTokenNonceSize), '\n');
    ASSERT_GE(lines.size(), 4u);
    const std::string nonce_hex = lines[3];  // the token text's nonce
    ASSERT_EQ(nonce_hex.size(), 64u);
    for (const std::string& needle :
         {sig, crypto::HexEncode(sig), absl::AsciiStrToUpper(crypto::HexEncode(sig)),
          absl::Base64Escape(sig), absl::WebSafeBase64Escape(sig), crypto::HexEncode(hash),
          absl::Base64Escape(hash), absl::WebSafeBase64Escape(hash), nonce_hex.substr(0, 24)}) {
      if (log.find(needle) == std::string::npos) continue;
      if (tokens_logged++ == 0) first_token = absl::StrCat("step ", i, ": ", needle);
    }
  }
  EXPECT_EQ(voters_logged, 0) << "the server log names anonymous voters, first " << first_voter;
  EXPECT_EQ(tokens_logged, 0) << "the server log quotes tokens or ballot hashes, first "
                              << absl::CHexEscape(first_token);

  std::cout << "[ figures  ] " << kVoters << " anonymous ballots: voting " << voting_seconds
            << " s, whole test " << Seconds(start) << " s; Spearman rho export = " << rho_export
            << ", disk first appearance = " << rho_disk << " (" << base << " bytes in "
            << files.size() << " files)\n";
  RecordProperty("rho_export", absl::StrCat(rho_export));
  RecordProperty("rho_disk", absl::StrCat(rho_disk));
}

// The attack of issue 10 on a copy of the data directory: for each voter,
// find the urn record written next after a key that names the voter (its
// check-in, its issued token), and read the voter's choice off that
// record's length, with the best mapping of lengths to choices there could
// be (chosen with hindsight). A server that pads every sealed record of a
// form to one length and keeps the urn in a write-ahead log of its own does
// no better than guessing the most common choice — on a copy taken while
// the meeting is open, and on one taken after the close, when the urn's
// files must be gone altogether.
struct LinkingAttack {
  int linked = 0;   // voters next to whom an urn record was found
  int correct = 0;  // voters whose choice the best length mapping gets right
  std::set<size_t> lengths;  // distinct sealed record lengths seen
  std::vector<std::string> sealed;  // the sealed record values seen
  std::vector<std::string> files_with_urn_keys;
};

// Reads a varint at `pos` (RocksDB's WriteBatch encoding).
std::optional<size_t> Varint(const std::string& bytes, size_t& pos) {
  size_t value = 0;
  for (int shift = 0; shift < 35 && pos < bytes.size(); shift += 7) {
    const auto b = static_cast<unsigned char>(bytes[pos++]);
    value |= static_cast<size_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  return std::nullopt;
}

LinkingAttack AttackDataDirectory(const std::string& dir, const std::vector<std::string>& voters,
                                  const std::vector<int>& choice_of_voter, int choices) {
  LinkingAttack attack;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (f.is_regular_file()) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  // voter -> length of the next urn record after a key naming the voter.
  std::vector<std::optional<size_t>> next_length(voters.size());
  for (const std::filesystem::path& path : files) {
    const std::string raw = ReadWholeFile(path.string());
    const std::string bytes = IsRocksDbLogFormat(path) ? LogPayload(raw) : raw;
    // Urn records: "urn/" and 64 hex digits, then (in a WriteBatch) the
    // value's length and the value.
    std::vector<std::pair<size_t, size_t>> records;  // offset, value length
    for (size_t at = bytes.find("urn/"); at != std::string::npos;
         at = bytes.find("urn/", at + 1)) {
      const size_t key_end = at + 4 + 64;
      if (key_end > bytes.size()) break;
      bool hex = true;
      for (size_t k = at + 4; k < key_end; ++k) hex &= absl::ascii_isxdigit(bytes[k]) != 0;
      if (!hex) continue;
      size_t pos = key_end;
      std::optional<size_t> length = Varint(bytes, pos);
      if (!length.has_value() || pos + *length > bytes.size()) continue;
      records.emplace_back(at, *length);
      attack.lengths.insert(*length);
      attack.sealed.push_back(bytes.substr(pos, *length));
    }
    if (!records.empty()) attack.files_with_urn_keys.push_back(path.string());
    for (size_t v = 0; v < voters.size(); ++v) {
      for (const std::string& key : {"voter/" + voters[v], "blinded/sat/" + voters[v]}) {
        const size_t at = bytes.find(key);
        if (at == std::string::npos) continue;
        auto next = std::upper_bound(records.begin(), records.end(), std::make_pair(at, size_t{0}));
        if (next != records.end() && !next_length[v].has_value()) next_length[v] = next->second;
      }
    }
  }
  // The best mapping from length to choice, with hindsight: each length
  // guesses the choice most common among the voters it was found next to;
  // voters with no record next to them get the most common choice overall.
  std::map<size_t, std::vector<int>> by_length;
  std::vector<int> overall(choices, 0);
  for (size_t v = 0; v < voters.size(); ++v) {
    ++overall[choice_of_voter[v]];
    if (next_length[v].has_value()) {
      ++attack.linked;
      auto& counts = by_length[*next_length[v]];
      counts.resize(choices);
      ++counts[choice_of_voter[v]];
    }
  }
  int unlinked_best = 0;
  std::vector<int> unlinked(choices, 0);
  for (size_t v = 0; v < voters.size(); ++v) {
    if (!next_length[v].has_value()) ++unlinked[choice_of_voter[v]];
  }
  unlinked_best = *std::max_element(unlinked.begin(), unlinked.end());
  attack.correct = unlinked_best;
  for (const auto& [length, counts] : by_length) {
    attack.correct += *std::max_element(counts.begin(), counts.end());
  }
  return attack;
}

TEST_F(AnonymousE2eTest, LinkingVotersToChoicesFromTheDataDirectoryDoesNoBetterThanChance) {
  constexpr int kVoters = 45;
  const std::string id = CreateOpenMeeting(kVoters, /*with_named=*/false);
  ASSERT_FALSE(id.empty());
  std::unique_ptr<kiosk::Connection> connection = KioskConnection();
  ASSERT_NE(connection, nullptr);
  kiosk::Kiosk kiosk(*connection, dir_.File("kiosk-state"));
  // Each voter checks in and casts at once, so in any single log of writes
  // the cast would sit right next to the voter's check-in. The three
  // grades have ids of three lengths ("basic", "satisfied", "dissatisfied").
  std::vector<std::string> voters;
  std::vector<int> choice;
  for (int i = 0; i < kVoters; ++i) {
    voters.push_back(EvaluatorId(i));
    choice.push_back(i % 3);
    absl::StatusOr<kiosk::CheckInResult> held = kiosk.CheckIn(id, EvaluatorId(i));
    ASSERT_TRUE(held.ok()) << held.status();
    absl::StatusOr<kiosk::CastResult> cast = kiosk.CastAnonymous(held->tokens[0], SatBallot(i));
    ASSERT_TRUE(cast.ok()) << cast.status();
  }
  const int chance = kVoters / 3;  // always guessing the most common grade

  // A copy taken while the meeting is open (the operator, a backup).
  const std::string during = dir_.File("copy-during");
  std::filesystem::copy(Data(), during, std::filesystem::copy_options::recursive);
  LinkingAttack open = AttackDataDirectory(during, voters, choice, 3);
  ASSERT_EQ(open.sealed.size(), static_cast<size_t>(kVoters))
      << "the attack found not every urn record: it proves nothing";
  EXPECT_EQ(open.lengths.size(), 1u) << "sealed urn records of one form differ in length";
  EXPECT_LE(open.correct, chance)
      << "while open, " << open.correct << " of " << kVoters << " voters' grades were read off "
      << "the data directory (" << open.linked << " linked to an urn record); chance is "
      << chance;
  for (const std::string& file : open.files_with_urn_keys) {
    EXPECT_THAT(file, HasSubstr(".urn/")) << "urn records outside the urn's own store";
  }

  // After the close: the urn's files are gone, and no sealed record is left
  // anywhere in the data directory.
  RunResult closed = Cli({"meeting", "close", id});
  ASSERT_EQ(closed.code, 0) << closed.err;
  ASSERT_EQ(server_->Kill(SIGTERM), 0) << ServerLog();
  LinkingAttack after = AttackDataDirectory(Data(), voters, choice, 3);
  EXPECT_EQ(after.linked, 0) << "urn records outlived the close";
  EXPECT_LE(after.correct, chance);
  for (const auto& f : std::filesystem::recursive_directory_iterator(Data())) {
    EXPECT_EQ(f.path().string().find(".urn"), std::string::npos)
        << "the urn's file " << f.path() << " outlived the close";
    if (!f.is_regular_file()) continue;
    const std::string raw = ReadWholeFile(f.path().string());
    int found = 0;
    for (const std::string& sealed : open.sealed) found += raw.find(sealed) != std::string::npos;
    EXPECT_EQ(found, 0) << found << " sealed urn records still in " << f.path();
  }
  std::cout << "[ figures  ] linking attack: open " << open.correct << "/" << kVoters
            << " (linked " << open.linked << ", " << open.lengths.size()
            << " record length(s)), closed " << after.correct << "/" << kVoters << ", chance "
            << chance << "\n";
}

// kill -9 while 8 kiosks check voters in and cast anonymously: every
// acknowledged anonymous receipt names a ballot on the chain after a
// restart and the close, and the export verifies.
TEST_F(AnonymousE2eTest, KillDashNineDuringAnonymousCastingLosesNoAcknowledgedBallot) {
  constexpr int kKiosks = 8;
  constexpr int kVotersPerKiosk = 40;
  constexpr int kTotal = kKiosks * kVotersPerKiosk;
  const auto start = std::chrono::steady_clock::now();
  // One more voter on the roll, to vote after the restart.
  const std::string id = CreateOpenMeeting(kTotal + 1, /*with_named=*/false);
  ASSERT_FALSE(id.empty());
  std::unique_ptr<kiosk::Connection> connection = KioskConnection();
  ASSERT_NE(connection, nullptr);

  std::mutex mu;
  std::vector<v1::AnonymousReceipt> receipts;  // acknowledged casts only
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> kiosks;
  for (int c = 0; c < kKiosks; ++c) {
    kiosks.emplace_back([&, c] {
      kiosk::Kiosk kiosk(*connection, dir_.File(absl::StrCat("kiosk-state-", c)));
      for (int i = 0; i < kVotersPerKiosk; ++i) {
        const int voter = c * kVotersPerKiosk + i;
        absl::StatusOr<kiosk::CheckInResult> held = kiosk.CheckIn(id, EvaluatorId(voter));
        if (!held.ok() || held->tokens.size() != 1) return;  // server gone
        absl::StatusOr<kiosk::CastResult> cast =
            kiosk.CastAnonymous(held->tokens[0], SatBallot(voter));
        if (!cast.ok() || !cast->anonymous_receipt.has_value()) return;
        std::lock_guard<std::mutex> lock(mu);
        receipts.push_back(*cast->anonymous_receipt);
        ++acknowledged;
      }
    });
  }
  // Kill while the kiosks are still casting.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acknowledged.load() < kTotal / 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(server_->Kill(SIGKILL), 128 + SIGKILL);
  for (auto& t : kiosks) t.join();
  const size_t before_kill = receipts.size();
  ASSERT_GT(before_kill, 0u);
  EXPECT_LT(before_kill, static_cast<size_t>(kTotal))
      << "the server was killed after every kiosk had finished: the test proves nothing";

  // Voting goes on after the restart: the urn and its key were restored.
  StartServer();
  connection = KioskConnection();
  ASSERT_NE(connection, nullptr);
  {
    kiosk::Kiosk kiosk(*connection, dir_.File("kiosk-state-after"));
    absl::StatusOr<kiosk::CheckInResult> held = kiosk.CheckIn(id, EvaluatorId(kTotal));
    ASSERT_TRUE(held.ok()) << held.status();
    ASSERT_EQ(held->tokens.size(), 1u);
    absl::StatusOr<kiosk::CastResult> cast = kiosk.CastAnonymous(held->tokens[0], SatBallot(0));
    ASSERT_TRUE(cast.ok()) << cast.status();
    receipts.push_back(*cast->anonymous_receipt);
  }

  const std::string export_file = dir_.File("after-crash.gxe");
  const std::vector<std::string> entries = CloseAndExport(id, export_file);
  std::set<std::string> on_chain;
  size_t checked_in = 0;
  for (const std::string& bytes : entries) {
    v1::Entry entry;
    ASSERT_TRUE(entry.ParseFromString(bytes));
    if (entry.has_anonymous_ballot()) {
      on_chain.insert(ledger::AnonymousBallotHash(entry.anonymous_ballot()));
    }
    if (entry.has_checked_in()) ++checked_in;
  }
  EXPECT_GE(on_chain.size(), receipts.size());
  EXPECT_LE(on_chain.size(), checked_in) << "more anonymous ballots than check-ins";
  const crypto::Ed25519PublicKey server_key = ServerKey();
  int forged = 0, missing = 0;
  std::string first_missing;
  for (const v1::AnonymousReceipt& r : receipts) {
    if (r.meeting_id() != id || !ledger::VerifyAnonymousReceipt(server_key, r).ok()) ++forged;
    if (!on_chain.contains(r.ballot_hash()) && missing++ == 0) {
      first_missing = crypto::HexEncode(r.ballot_hash());
    }
  }
  EXPECT_EQ(forged, 0) << "receipts that do not verify under the server's key";
  EXPECT_EQ(missing, 0) << "acknowledged anonymous ballots missing after kill -9 (of "
                        << receipts.size() << "), first " << first_missing;

  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;

  std::cout << "[ figures  ] kill -9 after " << before_kill << " of " << kTotal
            << " acknowledged; " << on_chain.size() << " anonymous ballots on the chain, "
            << checked_in << " check-ins; whole test " << Seconds(start) << " s\n";
}

// The kiosk dies after the server signed the blinded token but before it
// finished the token. A restarted kiosk with the same state directory asks
// again with the saved blinding state and gets a token that casts; a kiosk
// without it gets none: the voter never holds two tokens for one form.
TEST_F(AnonymousE2eTest, KioskCrashBetweenIssueAndCastResumesWithoutASecondToken) {
  const std::string id = CreateOpenMeeting(5, /*with_named=*/true);
  ASSERT_FALSE(id.empty());
  std::unique_ptr<kiosk::Connection> connection = KioskConnection();
  ASSERT_NE(connection, nullptr);
  const std::string state_dir = dir_.File("kiosk-state");
  const std::string voter = EvaluatorId(0);

  auto info = [&]() {
    auto meetings = v1::MeetingService::NewStub(connection->channel());
    v1::GetMeetingRequest req;
    req.set_meeting_id(id);
    v1::MeetingInfo out;
    auto ctx = connection->NewContext();
    grpc::Status s = meetings->GetMeeting(ctx.get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  auto form_progress = [&](const std::string& form) {
    const v1::MeetingInfo now = info();
    for (const v1::FormProgress& p : now.forms()) {
      if (p.form_id() == form) return p;
    }
    ADD_FAILURE() << "no progress for form " << form;
    return v1::FormProgress();
  };
  const v1::MeetingInfo before = info();
  ASSERT_EQ(before.token_keys_size(), 1);
  ASSERT_EQ(before.token_keys(0).form_id(), "sat");
  absl::StatusOr<crypto::BlindRsaPublicKey> key =
      crypto::BlindRsaPublicKey::FromDer(before.token_keys(0).public_key_der());
  ASSERT_TRUE(key.ok()) << key.status();

  // What the first kiosk did before it died: save the blinding state, send
  // the blinded token, get the server's blind signature — and lose it.
  const std::string path = kiosk::PendingTokenPath(state_dir, id, voter, "sat");
  absl::StatusOr<kiosk::PendingToken> pending = kiosk::MakePendingToken(id, "sat", *key);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_TRUE(kiosk::SavePendingToken(path, voter, *pending).ok());
  v1::CheckInResponse lost;
  {
    auto stub = v1::KioskService::NewStub(connection->channel());
    v1::CheckInRequest req;
    req.set_meeting_id(id);
    req.set_voter_id(voter);
    v1::BlindedToken* b = req.add_blinded_tokens();
    b->set_form_id("sat");
    b->set_blinded_message(pending->blinding.blinded_msg());
    auto ctx = connection->NewContext();
    grpc::Status s = stub->CheckIn(ctx.get(), req, &lost);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_EQ(lost.blind_signatures_size(), 1) << "the server did not sign the first request";
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(form_progress("sat").issued(), 1u);

  // The restarted kiosk, same state directory: it resends the saved
  // blinded token and finishes the very token the server signed.
  kiosk::Kiosk resumed(*connection, state_dir);
  absl::StatusOr<kiosk::CheckInResult> again = resumed.CheckIn(id, voter);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->tokens.size(), 1u) << "the voter was locked out of the anonymous form";
  const v1::AnonymousToken token = again->tokens[0];
  EXPECT_EQ(token.form_id(), "sat");
  EXPECT_EQ(token.message(), pending->prepared_message) << "the saved state was not reused";
  absl::StatusOr<v1::AnonymousToken> lost_token =
      kiosk::FinishToken(*pending, *key, lost.blind_signatures(0).blind_signature());
  ASSERT_TRUE(lost_token.ok()) << lost_token.status();
  EXPECT_EQ(token.signature(), lost_token->signature());
  EXPECT_FALSE(std::filesystem::exists(path)) << "the blinding state outlived the token";
  ASSERT_EQ(again->credentials.size(), 1u);  // the named form, still due

  // A kiosk without the saved state (another kiosk, or the state lost)
  // gets the named credential again but no second token.
  kiosk::Kiosk stateless(*connection, dir_.File("empty-state"));
  absl::StatusOr<kiosk::CheckInResult> third = stateless.CheckIn(id, voter);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_TRUE(third->tokens.empty()) << "the voter now holds a second token for form sat";
  EXPECT_EQ(third->credentials.size(), 1u);

  // The resumed token casts; the named ballot too; after that a check-in
  // without the saved state yields nothing at all.
  absl::StatusOr<kiosk::CastResult> cast = resumed.CastAnonymous(token, SatBallot(1));
  ASSERT_TRUE(cast.ok()) << cast.status();
  ASSERT_TRUE(cast->anonymous_receipt.has_value());
  EXPECT_TRUE(ledger::VerifyAnonymousReceipt(ServerKey(), *cast->anonymous_receipt).ok());
  v1::Ballot named;
  named.set_form_id("rec");
  named.add_answers()->set_question_id("head");
  named.mutable_answers(0)->add_choices("c1");
  ASSERT_TRUE(resumed.CastNamed(third->credentials[0], named).ok());
  absl::StatusOr<kiosk::CheckInResult> fourth = stateless.CheckIn(id, voter);
  EXPECT_EQ(fourth.status().code(), absl::StatusCode::kFailedPrecondition) << fourth.status();
  EXPECT_THAT(fourth.status().message(), HasSubstr("already holds a token for sat"));

  const v1::FormProgress sat = form_progress("sat");
  EXPECT_EQ(sat.issued(), 1u);
  EXPECT_EQ(sat.returned(), 1u);
  EXPECT_EQ(info().checked_in(), 1u);
  int anonymous = 0;
  for (const std::string& bytes : CloseAndExport(id, dir_.File("closed.gxe"))) {
    v1::Entry entry;
    ASSERT_TRUE(entry.ParseFromString(bytes));
    if (!entry.has_anonymous_ballot()) continue;
    ++anonymous;
    EXPECT_EQ(ledger::AnonymousBallotHash(entry.anonymous_ballot()),
              cast->anonymous_receipt->ballot_hash());
  }
  EXPECT_EQ(anonymous, 1);
}

// A check-in the server refuses as it stands signs no token, and a resend
// cannot be signed either: the kiosk keeps no blinding state for it, which
// would only leave voter and token side by side on its disk.
TEST_F(AnonymousE2eTest, RefusedCheckInLeavesNoPendingTokenOnTheKiosk) {
  const std::string id = CreateOpenMeeting(5, /*with_named=*/false);
  ASSERT_FALSE(id.empty());
  std::unique_ptr<kiosk::Connection> connection = KioskConnection();
  ASSERT_NE(connection, nullptr);
  const std::string state_dir = dir_.File("kiosk-state");
  kiosk::Kiosk kiosk(*connection, state_dir);
  const auto pending_files = [&] {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& f : std::filesystem::directory_iterator(state_dir, error)) {
      files.push_back(f.path().filename().string());
    }
    return files;
  };

  absl::StatusOr<kiosk::CheckInResult> stranger = kiosk.CheckIn(id, "nobody");
  EXPECT_EQ(stranger.status().code(), absl::StatusCode::kNotFound) << stranger.status();
  EXPECT_THAT(pending_files(), ::testing::IsEmpty()) << "after a voter not on the roll";

  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  absl::StatusOr<kiosk::CheckInResult> late = kiosk.CheckIn(id, EvaluatorId(0));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_THAT(pending_files(), ::testing::IsEmpty()) << "after a check-in once the meeting closed";
}

// A `kiosk vote` that fails after the check-in (here a grade the scale does
// not have) must not take the voter's anonymous form with it: the token,
// already unblinded and its blinding state deleted, is printed for the
// chair to cast with `kiosk cast --token`.
TEST_F(AnonymousE2eTest, KioskVoteKeepsTheUnspentTokenWhenAnotherFormFails) {
  const std::string id = CreateOpenMeeting(5, /*with_named=*/true);
  RunResult vote = Cli({"kiosk", "--state-dir", dir_.File("kiosk-state"), "vote", "--meeting", id,
                        "--voter", EvaluatorId(0), "--choose", "head=c1", "--grade",
                        "work=work:nosuch"});
  ASSERT_NE(vote.code, 0) << "a grade the scale lacks should be refused";
  EXPECT_THAT(vote.err, HasSubstr("nosuch"));
  const std::string marker = "--token ";
  const size_t at = vote.err.find(marker);
  ASSERT_NE(at, std::string::npos) << "the unspent token was not printed: " << vote.err;
  const size_t start = at + marker.size();
  const std::string token = vote.err.substr(start, vote.err.find(' ', start) - start);
  RunResult cast = Cli({"kiosk", "cast", "--token", token, "--grade", "work=work:basic"});
  EXPECT_EQ(cast.code, 0) << cast.err;
  RunResult again = Cli({"kiosk", "cast", "--token", token, "--grade", "work=work:basic"});
  EXPECT_NE(again.code, 0) << "a token was cast twice";
}

}  // namespace
}  // namespace gongxin::testing
