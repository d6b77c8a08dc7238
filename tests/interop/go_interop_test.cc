// Cross-checks our checkpoints and Merkle proofs against an independent
// implementation of the same specs (C2SP signed-note and tlog-checkpoint,
// RFC 6962): Go's golang.org/x/mod/sumdb/note and sumdb/tlog from Debian's
// golang-golang-x-mod-dev, via tests/interop/go/gongxin_check.go. Both
// directions: Go verifies what we sign and prove, we verify what Go signs and
// proves. Skipped, saying why, when go or the package is not installed
// (deploy/install-deps.sh installs both).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "crypto/checkpoint.h"
#include "crypto/compact_range.h"
#include "crypto/ed25519.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/chain.h"
#include "server/transparency_service.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin {
namespace {

using ::gongxin::testing::RunCommand;
using ::gongxin::testing::RunResult;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kGoPath[] = "/usr/share/gocode";
constexpr char kNotePackage[] = "/usr/share/gocode/src/golang.org/x/mod/sumdb/note/note.go";

// GONGXIN_GO names the go binary (empty: behave as if Go were absent, to
// see the skip); otherwise the usual places and PATH.
std::string FindGo() {
  if (const char* forced = std::getenv("GONGXIN_GO")) {
    return ::access(forced, X_OK) == 0 ? forced : "";
  }
  std::vector<std::string> dirs = {"/usr/bin", "/usr/lib/go/bin", "/usr/local/go/bin"};
  if (const char* path = std::getenv("PATH")) {
    for (absl::string_view d : absl::StrSplit(path, ':')) dirs.emplace_back(d);
  }
  for (const std::string& d : dirs) {
    const std::string go = d + "/go";
    if (::access(go.c_str(), X_OK) == 0) return go;
  }
  return "";
}

// The Go checker, built once per test process, offline: GOPATH mode over
// Debian's /usr/share/gocode (where golang-*-dev packages put their
// sources), no module proxy, the build cache under the build tree.
class GoInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    go_ = FindGo();
    if (go_.empty()) {
      skip_reason_ = "go is not installed (Debian: apt-get install golang-go)";
      return;
    }
    if (!std::filesystem::exists(kNotePackage)) {
      skip_reason_ = absl::StrCat(kNotePackage,
                                  " is missing (Debian: apt-get install golang-golang-x-mod-dev)");
      return;
    }
    dir_ = new testing::TempDir();
    checker_ = dir_->File("gongxin_check");
    RunResult built = RunCommand(
        {"/usr/bin/env", "GO111MODULE=off", absl::StrCat("GOPATH=", kGoPath),
         // Go's build cache is safe to share; one in the build tree saves
         // rebuilding the standard library for every test process.
         absl::StrCat("GOCACHE=", GONGXIN_BINARY_DIR, "/tests/interop/gocache"), "GOFLAGS=",
         "GOPROXY=off",
         "GOTOOLCHAIN=local", go_, "build", "-o", checker_,
         absl::StrCat(GONGXIN_SOURCE_DIR, "/tests/interop/go/gongxin_check.go")},
        dir_->path());
    if (built.code != 0) build_error_ = absl::StrCat("go build failed:\n", built.err);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << "Go interop skipped: " << skip_reason_;
    ASSERT_EQ(build_error_, "");
  }

  // Runs `gongxin_check verify` over `description`.
  RunResult GoVerify(const std::string& description) {
    const std::string path = dir_->File(absl::StrCat("log-", ++files_, ".txt"));
    std::ofstream(path, std::ios::binary) << description;
    return RunCommand({checker_, "verify", path}, dir_->path());
  }

  static std::string go_;
  static std::string skip_reason_;
  static std::string build_error_;
  static testing::TempDir* dir_;
  static std::string checker_;
  int files_ = 0;
};

std::string GoInterop::go_;
std::string GoInterop::skip_reason_;
std::string GoInterop::build_error_;
testing::TempDir* GoInterop::dir_ = nullptr;
std::string GoInterop::checker_;

std::string B64(absl::string_view bytes) { return absl::Base64Escape(bytes); }

std::string Hashes(const std::vector<std::string>& proof) {
  if (proof.empty()) return "-";
  std::vector<std::string> parts;
  for (const std::string& h : proof) parts.push_back(B64(h));
  return absl::StrJoin(parts, ",");
}

// A meeting's log as gongxind keeps it: entries sealed by the ledger's
// ChainHead, their Merkle tree appended through CompactRange with every
// complete subtree stored (the server's tree/<level>/<index> nodes), and
// checkpoints signed with crypto::SignNote under the server's origin.
class OurLog {
 public:
  explicit OurLog(std::string seed = "") : head_("m1") {
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(
        seed.empty() ? *crypto::Ed25519PrivateKey::Generate()
                     : *crypto::Ed25519PrivateKey::FromSeedForTesting(seed));
    origin_ = server::CheckpointOrigin(server::kDefaultLogName, "m1");
  }

  void Append(v1::Entry entry) {
    ledger::SealedEntry sealed = head_.Seal(entry);
    entries_.push_back(sealed.bytes);
    ASSERT_OK(range_.Append(crypto::LeafHash(sealed.bytes),
                            [&](uint64_t level, uint64_t index, absl::string_view hash) {
                              nodes_[{level, index}] = std::string(hash);
                            }));
    roots_.push_back(range_.Root());
  }
  void AppendStateChange(v1::MeetingStatus from, v1::MeetingStatus to) {
    v1::Entry e;
    e.mutable_state_changed()->set_from(from);
    e.mutable_state_changed()->set_to(to);
    Append(e);
  }
  void AppendCheckIns(int n) {
    for (int i = 0; i < n; ++i) {
      v1::Entry e;
      e.mutable_checked_in()->set_voter_commitment(std::string(32, static_cast<char>(i)));
      e.mutable_checked_in()->add_form_ids("rec");
      e.mutable_checked_in()->set_group("staff");
      Append(e);
    }
  }

  crypto::NodeSource Nodes() const {
    return [this](uint64_t level, uint64_t index) -> absl::StatusOr<std::string> {
      auto it = nodes_.find({level, index});
      if (it == nodes_.end()) return absl::NotFoundError("node");
      return it->second;
    };
  }
  std::string Root(uint64_t size) const { return roots_[size - 1]; }
  std::string Note(uint64_t size) const {
    crypto::Checkpoint c;
    c.origin = origin_;
    c.size = size;
    c.root_hash = Root(size);
    return *crypto::SignNote(*crypto::FormatCheckpoint(c), server::kDefaultLogName, *key_);
  }
  std::string VerifierKey() const {
    return *crypto::VerifierKeyString(server::kDefaultLogName, key_->public_key().raw());
  }

  // The description gongxin_check reads: notes at `sizes`, every leaf, an
  // inclusion proof of every leaf in every checkpoint, a consistency proof
  // between every two checkpoints.
  std::string Describe(const std::vector<uint64_t>& sizes) const {
    std::string out = absl::StrCat("vkey ", VerifierKey(), "\norigin ", origin_, "\n");
    for (uint64_t size : sizes) absl::StrAppend(&out, "note ", B64(Note(size)), "\n");
    for (uint64_t i = 0; i < entries_.size(); ++i) {
      absl::StrAppend(&out, "leaf ", i, " ", B64(entries_[i]), "\n");
      for (uint64_t size : sizes) {
        if (i >= size) continue;
        auto proof = crypto::InclusionProof(i, size, Nodes());
        EXPECT_OK(proof.status());
        absl::StrAppend(&out, "inclusion ", i, " ", size, " ", Hashes(*proof), "\n");
      }
    }
    for (uint64_t a : sizes) {
      for (uint64_t b : sizes) {
        if (a >= b) continue;
        auto proof = crypto::ConsistencyProof(a, b, Nodes());
        EXPECT_OK(proof.status());
        absl::StrAppend(&out, "consistency ", a, " ", b, " ", Hashes(*proof), "\n");
      }
    }
    return out;
  }

  std::vector<std::string> entries_;
  std::unique_ptr<crypto::Ed25519PrivateKey> key_;

 private:
  ledger::ChainHead head_;
  crypto::CompactRange range_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> nodes_;
  std::vector<std::string> roots_;
  std::string origin_;
};

OurLog ThirteenEntries() {
  OurLog log;
  log.AppendStateChange(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
  log.AppendStateChange(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
  log.AppendCheckIns(11);
  return log;
}

TEST_F(GoInterop, GoVerifiesOurCheckpointsAndProofs) {
  OurLog log = ThirteenEntries();
  // Sizes with and without a power of two: consistency proofs differ there.
  RunResult r = GoVerify(log.Describe({1, 6, 8, 13}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("checkpoint 13 " + B64(log.Root(13)) + " signed by gongxin.local"));
  EXPECT_THAT(r.out, HasSubstr("OK: 4 checkpoints"));
}

// Changes the first hash of the first line starting with `prefix`.
std::string FlipFirstProofHash(std::string description, const std::string& prefix) {
  const size_t line = description.find("\n" + prefix);
  EXPECT_NE(line, std::string::npos) << prefix;
  const size_t hash = line + 1 + prefix.size();
  description[hash] = description[hash] == 'A' ? 'B' : 'A';
  return description;
}

TEST_F(GoInterop, GoRejectsAFlippedInclusionProofHash) {
  OurLog log = ThirteenEntries();
  std::string bad = FlipFirstProofHash(log.Describe({13}), "inclusion 5 13 ");
  RunResult r = GoVerify(bad);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("tlog.CheckRecord(leaf 5, size 13)"));
}

TEST_F(GoInterop, GoRejectsAFlippedConsistencyProofHash) {
  OurLog log = ThirteenEntries();
  std::string bad = FlipFirstProofHash(log.Describe({6, 13}), "consistency 6 13 ");
  RunResult r = GoVerify(bad);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("tlog.CheckTree(6 → 13)"));
}

TEST_F(GoInterop, GoRejectsACheckpointSignedByAnotherKey) {
  OurLog log = ThirteenEntries();
  OurLog other = ThirteenEntries();
  std::string description = log.Describe({13});
  // Same name, same text, another key: the key ID differs, so note.Open
  // finds no signature by the key it was given.
  const std::string good_note = B64(log.Note(13));
  description.replace(description.find(good_note), good_note.size(), B64(other.Note(13)));
  RunResult r = GoVerify(description);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("note.Open"));
}

TEST_F(GoInterop, GoRejectsAnotherMeetingsOrigin) {
  OurLog log = ThirteenEntries();
  std::string description = log.Describe({13});
  description.replace(description.find("meeting/m1"), 10, "meeting/m2");
  RunResult r = GoVerify(description);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("origin line"));
}

// Parses the description gongxin_check make writes.
struct GoLog {
  std::string vkey, origin;
  std::vector<std::string> notes;
  std::map<uint64_t, std::string> leaves;
  struct Proof {
    uint64_t a = 0, b = 0;
    std::vector<std::string> hashes;
  };
  std::vector<Proof> inclusion, consistency;
};

GoLog ParseGoLog(const std::string& text) {
  GoLog log;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, ' ');
    auto bytes = [](const std::string& b64) {
      std::string out;
      EXPECT_TRUE(absl::Base64Unescape(b64, &out)) << b64;
      return out;
    };
    auto number = [](const std::string& s) {
      uint64_t n = 0;
      EXPECT_TRUE(absl::SimpleAtoi(s, &n)) << s;
      return n;
    };
    if (f[0] == "vkey") log.vkey = f[1];
    if (f[0] == "origin") log.origin = std::string(line.substr(7));
    if (f[0] == "note") log.notes.push_back(bytes(f[1]));
    if (f[0] == "leaf") log.leaves[number(f[1])] = bytes(f[2]);
    if (f[0] == "inclusion" || f[0] == "consistency") {
      GoLog::Proof p{number(f[1]), number(f[2]), {}};
      if (f[3] != "-") {
        for (absl::string_view h : absl::StrSplit(f[3], ',')) p.hashes.push_back(bytes(std::string(h)));
      }
      (f[0] == "inclusion" ? log.inclusion : log.consistency).push_back(p);
    }
  }
  return log;
}

TEST_F(GoInterop, WeVerifyGosCheckpointsAndProofs) {
  RunResult made = RunCommand({checker_, "make", "13", "6"}, dir_->path());
  ASSERT_EQ(made.code, 0) << made.err;
  GoLog log = ParseGoLog(made.out);
  ASSERT_OK_AND_ASSIGN(crypto::NoteVerifier verifier, crypto::ParseVerifierKey(log.vkey));
  std::map<uint64_t, std::string> roots;
  for (const std::string& note : log.notes) {
    ASSERT_OK_AND_ASSIGN(crypto::OpenedNote opened, crypto::OpenNote(note, {verifier}));
    ASSERT_OK_AND_ASSIGN(crypto::Checkpoint c, crypto::ParseCheckpoint(opened.text));
    EXPECT_EQ(c.origin, log.origin);
    roots[c.size] = c.root_hash;
  }
  ASSERT_EQ(roots.size(), 2u);
  // The root we compute from Go's records equals the root Go signed.
  std::vector<std::string> leaf_hashes;
  for (const auto& [index, bytes] : log.leaves) leaf_hashes.push_back(crypto::LeafHash(bytes));
  EXPECT_EQ(crypto::RootFromLeafHashes(leaf_hashes), roots[13]);
  ASSERT_EQ(log.inclusion.size(), 13u + 6u);
  for (const GoLog::Proof& p : log.inclusion) {
    EXPECT_OK(crypto::VerifyInclusion(p.a, p.b, crypto::LeafHash(log.leaves[p.a]), p.hashes,
                                      roots[p.b]))
        << "leaf " << p.a << " in " << p.b;
  }
  ASSERT_EQ(log.consistency.size(), 1u);
  const GoLog::Proof& c = log.consistency[0];
  EXPECT_OK(crypto::VerifyConsistency(c.a, c.b, roots[c.a], roots[c.b], c.hashes));

  // And we refuse Go's proofs once a hash is flipped.
  GoLog::Proof bad = log.inclusion[3];
  bad.hashes[0][0] ^= 1;
  EXPECT_THAT(crypto::VerifyInclusion(bad.a, bad.b, crypto::LeafHash(log.leaves[bad.a]),
                                      bad.hashes, roots[bad.b]),
              StatusIs(absl::StatusCode::kUnauthenticated));
  GoLog::Proof bad_consistency = c;
  bad_consistency.hashes.back()[5] ^= 1;
  EXPECT_THAT(crypto::VerifyConsistency(c.a, c.b, roots[c.a], roots[c.b], bad_consistency.hashes),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

// The worked example of docs/export-format.md, recomputed: if this fails,
// the document (or the format) changed.
TEST_F(GoInterop, WorkedExampleOfTheExportFormatDocHoldsAndGoAgrees) {
  std::string seed;
  for (int i = 0; i < 32; ++i) seed.push_back(static_cast<char>(i));
  OurLog log(seed);
  log.AppendStateChange(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
  log.AppendStateChange(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
  log.AppendStateChange(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED);
  std::ostringstream example;
  for (size_t i = 0; i < log.entries_.size(); ++i) {
    example << "entry " << i << " bytes: " << crypto::HexEncode(log.entries_[i]) << "\n";
    example << "leaf hash " << i << ": " << crypto::HexEncode(crypto::LeafHash(log.entries_[i]))
            << "\n";
  }
  example << "root of 2: " << crypto::HexEncode(log.Root(2)) << "\n";
  example << "root of 3: " << crypto::HexEncode(log.Root(3)) << "\n";
  example << "key ID: " << absl::StrFormat("%08x", crypto::NoteKeyId(
                                                       server::kDefaultLogName,
                                                       log.key_->public_key().raw()))
          << "\n";
  example << "verifier key: " << log.VerifierKey() << "\n";
  example << "checkpoint of 3:\n" << log.Note(3);
  example << "inclusion of 0 in 3: " << Hashes(*crypto::InclusionProof(0, 3, log.Nodes())) << "\n";
  example << "inclusion of 2 in 3: " << Hashes(*crypto::InclusionProof(2, 3, log.Nodes())) << "\n";
  example << "consistency 2 to 3: " << Hashes(*crypto::ConsistencyProof(2, 3, log.Nodes()))
          << "\n";
  std::ifstream doc(absl::StrCat(GONGXIN_SOURCE_DIR, "/docs/export-format.md"));
  std::stringstream text;
  text << doc.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr(example.str()))
      << "docs/export-format.md's worked example should read:\n"
      << example.str();
  RunResult r = GoVerify(log.Describe({2, 3}));
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace gongxin
