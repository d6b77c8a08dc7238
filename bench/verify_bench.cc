// verify_bench: the offline audit of a meeting with a million ballots, next
// to this machine's own limits measured in the same run:
//
//  - `gongxin audit verify`'s engine (verifier::VerifyExport) on 1 and 2
//    threads, in entries/s, against the bound that SHA-256, Ed25519 verify
//    and RSA-2048 PSS verify rates (measured here, one thread) imply for
//    this export's mix: per entry two SHA-256 over its bytes (entry hash,
//    Merkle leaf hash) and one 64-byte Merkle node hash, plus an Ed25519
//    verify per named ballot and an RSA verify per anonymous ballot;
//  - proof generation at the export's tree size: inclusion and consistency
//    proofs from the stored complete-subtree hashes (the keys and lookup of
//    server::Meeting::TreeNodes), p50/p99, each proof checked against the
//    root the verifier recomputed.
//
// The export is REAL: made by server::Meeting — the gongxind write path,
// group commit, state machine, signatures, Merkle nodes — on the RocksDB
// store with the WAL sync switched off (RocksDbStoreOptions::sync = false:
// the same code and bytes, without waiting for the disk), driven in-process
// by 2 kiosk threads. The mix: voters are split in two groups; everyone
// casts four named forms; group "leaders" also an anonymous form (RFC 9474
// token, blind-signed by the server, RSA-2048), group "staff" a fifth named
// form. So 1/10 of the ballots are anonymous. Everything the run needs is
// cached in --cache (default: a directory per size under --dir), since
// building 1M ballots takes minutes.
//
//   verify_bench [--ballots N] [--cache DIR] [--dir BASE] [--proofs K]
//                [--skip-single]
//
// N defaults to 1000000 (the roll limit of 200000 voters allows up to
// 1000000 with five ballots each). Exit status 1 if anything fails to verify.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/bench_common.h"
#include "kiosk/token.h"
#include "verifier/verifier.h"
#include "crypto/blind_rsa.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "crypto/sha256.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "server/meeting.h"
#include "storage/rocksdb_store.h"

namespace {

using namespace gongxin;
using namespace gongxin::bench;

constexpr int kBallotsPerVoter = 5;
const char kMeetingId[] = "bench1m";

struct Args : LedgerBenchArgs {
  int proofs = 2000;
  bool skip_single = false;
  // Only the start-up replay (Meeting::Load), e.g. to profile it.
  bool replay_only = false;
};

bool ParseArgs(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (ParseLedgerBenchFlag(argc, argv, &i, a)) {
      continue;
    } else if (arg == "--proofs" && i + 1 < argc) {
      a->proofs = std::atoi(argv[++i]);
    } else if (arg == "--skip-single") {
      a->skip_single = true;
    } else if (arg == "--replay-only") {
      a->replay_only = true;
    } else {
      std::fprintf(stderr,
                   "usage: verify_bench [--ballots N] [--cache DIR] [--dir BASE] [--proofs K] "
                   "[--skip-single] [--replay-only]\n");
      return false;
    }
  }
  if (a->cache.empty()) a->cache = absl::StrCat(a->base, "/gongxin-verify-bench-", a->ballots);
  const uint64_t voters = a->ballots / kBallotsPerVoter;
  if (voters < 2 || voters > 200000 || a->ballots % (2 * kBallotsPerVoter) != 0) {
    std::fprintf(stderr, "--ballots must be a multiple of 10 between 10 and 1000000\n");
    return false;
  }
  return true;
}

v1::MeetingSpec BenchSpec() {
  v1::MeetingSpec spec;
  spec.set_title("百万票审计基准");
  spec.set_unit("基准测试");
  for (const char* g : {"leaders", "staff"}) {
    auto* group = spec.add_groups();
    group->set_id(g);
    group->set_name(g == std::string("leaders") ? "领导班子成员" : "一般干部");
  }
  for (int i = 1; i <= 4; ++i) {
    v1::Form* form = spec.add_forms();
    form->set_id(absl::StrCat("n", i));
    form->set_title(absl::StrCat("民主推荐票", i));
    form->set_mode(v1::FORM_MODE_NAMED);
    AddRecommendQuestion(form);
  }
  v1::Form* anonymous = spec.add_forms();
  anonymous->set_id("a1");
  anonymous->set_title("民主测评票");
  anonymous->set_mode(v1::FORM_MODE_ANONYMOUS);
  anonymous->set_token_key_bits(2048);
  anonymous->add_eligible_groups("leaders");
  AddRecommendQuestion(anonymous);
  v1::Form* fifth = spec.add_forms();
  fifth->set_id("n5");
  fifth->set_title("民主推荐票5");
  fifth->set_mode(v1::FORM_MODE_NAMED);
  fifth->add_eligible_groups("staff");
  AddRecommendQuestion(fifth);
  return spec;
}

// Builds the meeting in `dir`/store through server::Meeting and writes
// `dir`/export.gxe and `dir`/server.pub.pem. Returns the build time.
double BuildExport(const std::string& dir, uint64_t ballots) {
  const auto start = Clock::now();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const uint64_t voters = ballots / kBallotsPerVoter;
  storage::RocksDbStoreOptions store_options;
  store_options.sync = false;
  auto store = Must(storage::OpenRocksDbStore(dir + "/store", store_options), "open store");
  // Kept with the cache (a throw-away key in a bench directory) so that a
  // later run can time gongxind's start-up replay of the same store.
  const auto key =
      Must(crypto::LoadOrCreateEd25519KeyFile(dir + "/server.key"), "server key");
  Must(crypto::WriteFileAtomically(dir + "/server.pub.pem", key.public_key().ToPem(), 0644),
       "write key");

  v1::Roll roll;
  for (uint64_t i = 0; i < voters; ++i) {
    auto* v = roll.add_voters();
    v->set_id(absl::StrCat("v", i));
    v->set_name(absl::StrCat("投票人", i));
    v->set_group(i % 2 == 0 ? "leaders" : "staff");
  }
  auto meeting = Must(server::Meeting::Create(store.get(), &key, kMeetingId, BenchSpec(),
                                              std::move(roll), "admin", dir + "/secrets.pb"),
                      "create meeting");
  Must(meeting->Transition(v1::MEETING_STATUS_ANNOUNCED, "admin").status(), "announce");
  Must(meeting->Transition(v1::MEETING_STATUS_OPEN, "admin").status(), "open");
  const v1::MeetingInfo info = meeting->Info(false);
  if (info.token_keys_size() != 1) Fail("expected one token key");
  const auto token_key =
      Must(crypto::BlindRsaPublicKey::FromDer(info.token_keys(0).public_key_der()), "token key");

  std::atomic<uint64_t> done{0};
  FirstError errors;
  constexpr int kKiosks = 2;
  RunOnThreads(kKiosks, [&](int kiosk) {
    const std::string kiosk_name = absl::StrCat("kiosk", kiosk);
    for (uint64_t i = kiosk; i < voters && errors.count() == 0; i += kKiosks) {
      const bool leader = i % 2 == 0;
      std::vector<v1::BlindedToken> blinded;
      std::optional<kiosk::PendingToken> pending;
      if (leader) {
        auto p = kiosk::MakePendingToken(kMeetingId, "a1", token_key);
        if (!p.ok()) return errors.Note(p.status().ToString());
        v1::BlindedToken b;
        b.set_form_id("a1");
        b.set_blinded_message(p->blinding.blinded_msg());
        blinded.push_back(b);
        pending = *std::move(p);
      }
      auto in = meeting->CheckIn(absl::StrCat("v", i), kiosk_name, blinded);
      if (!in.ok()) return errors.Note(absl::StrCat("CheckIn: ", in.status().ToString()));
      for (const v1::Credential& c : in->credentials()) {
        auto r = meeting->Cast(c, RecommendBallot(c.form_id()));
        if (!r.ok()) return errors.Note(absl::StrCat("Cast: ", r.status().ToString()));
      }
      if (leader) {
        if (in->blind_signatures_size() != 1) return errors.Note("no blind signature");
        auto token =
            kiosk::FinishToken(*pending, token_key, in->blind_signatures(0).blind_signature());
        if (!token.ok()) return errors.Note(token.status().ToString());
        auto r = meeting->CastAnonymous(*token, RecommendBallot("a1"));
        if (!r.ok()) return errors.Note(absl::StrCat("CastAnonymous: ", r.status().ToString()));
      }
      const uint64_t n = ++done;
      if (n % 10000 == 0) {
        std::fprintf(stderr, "\rbuilding: %llu/%llu voters", static_cast<unsigned long long>(n),
                     static_cast<unsigned long long>(voters));
      }
    }
  });
  std::fprintf(stderr, "\n");
  if (errors.count() > 0) Fail(errors.first());
  Must(meeting->Transition(v1::MEETING_STATUS_CLOSED, "admin").status(), "close");
  Must(meeting->Count("officer").status(), "count");
  {
    std::ofstream out(dir + "/export.part", std::ios::binary);
    ledger::ExportWriter writer(&out);
    Must(meeting->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }), "export");
    out.close();
    if (!out) Fail("writing the export");
  }
  std::filesystem::rename(dir + "/export.part", dir + "/export.gxe");
  return Seconds(Clock::now() - start);
}

struct Percentiles {
  double p50_us = 0, p99_us = 0;
};
Percentiles Of(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

verifier::Verdict TimedVerify(const std::string& path, const crypto::Ed25519PublicKey& key,
                            unsigned threads, double* seconds) {
  std::ifstream in(path, std::ios::binary);
  verifier::VerifyOptions options;
  options.threads = threads;
  const auto start = Clock::now();
  auto verdict = verifier::VerifyExport(in, key, options);
  *seconds = Seconds(Clock::now() - start);
  return Must(std::move(verdict), absl::StrCat("verify with ", threads, " threads"));
}

}  // namespace

// A restart: gongxind replays the stored chain in full (every hash link,
// every entry through the state machine, the tree, the signed head).
void TimeReplay(const Args& args, storage::Store* store, uint64_t entries) {
  if (!std::filesystem::exists(args.cache + "/server.key")) {
    std::printf("\n(start-up replay not timed: the cache predates server.key; rebuild it)\n");
    return;
  }
  const auto server_key =
      Must(crypto::LoadOrCreateEd25519KeyFile(args.cache + "/server.key"), "server key");
  const auto start = Clock::now();
  std::unique_ptr<server::Meeting> loaded =
      server::Meeting::Load(store, &server_key, kMeetingId, args.cache + "/secrets.pb");
  const double load_s = Seconds(Clock::now() - start);
  Must(loaded->damage(), "replay at start-up");
  std::printf("\n| start-up replay of the meeting (Meeting::Load) | seconds | entries/s |\n");
  std::printf("|---|---|---|\n");
  std::printf("| %llu entries | %.1f | %.0f |\n", static_cast<unsigned long long>(entries),
              load_s, entries / load_s);
}

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  const auto t0 = Clock::now();
  const double load_start = LoadAverage();
  const OtherCpu other_cpu;
  const std::string export_path = args.cache + "/export.gxe";

  double build_seconds = -1;
  if (!std::filesystem::exists(export_path)) {
    std::fprintf(stderr, "building %llu ballots in %s (once; cached)\n",
                 static_cast<unsigned long long>(args.ballots), args.cache.c_str());
    build_seconds = BuildExport(args.cache, args.ballots);
  }
  const auto key = Must(crypto::Ed25519PublicKey::FromPem(
                            Must(crypto::ReadFile(args.cache + "/server.pub.pem"), "read key")),
                        "server key");
  const uint64_t export_bytes = std::filesystem::file_size(export_path);

  // The export's mix and a sample of each kind of entry, for the baselines.
  uint64_t entries = 0, entry_bytes = 0, named = 0, anonymous = 0;
  std::string sample_entry;
  v1::AnonymousBallot sample_anonymous;
  std::string token_key_pem;
  {
    std::ifstream in(export_path, std::ios::binary);
    ledger::ExportReader reader(&in);
    Must(reader.ReadMagic(), "magic");
    v1::ExportRecord r;
    while (Must(reader.Next(&r), "read export")) {
      if (r.has_token_key()) token_key_pem = r.token_key().public_key_pem();
      if (!r.has_entry()) continue;
      ++entries;
      entry_bytes += r.entry().size();
      v1::Entry e;
      e.ParseFromString(r.entry());
      if (e.has_ballot_cast()) {
        ++named;
        if (sample_entry.empty()) sample_entry = r.entry();
      }
      if (e.has_anonymous_ballot()) {
        ++anonymous;
        if (sample_anonymous.token_signature().empty()) {
          sample_anonymous.ParseFromString(e.anonymous_ballot());
        }
      }
    }
  }
  if (anonymous == 0 || named == 0) Fail("the export lacks a ballot kind");
  const double mean_entry = static_cast<double>(entry_bytes) / entries;

  std::printf("verify_bench --ballots %llu: %u hardware threads, %s, load average %.2f at start\n",
              static_cast<unsigned long long>(args.ballots), std::thread::hardware_concurrency(),
              args.cache.c_str(), load_start);
  if (build_seconds >= 0) {
    std::printf("built the export through server::Meeting in %.0f s\n", build_seconds);
  } else {
    std::printf("export reused from the cache\n");
  }
  std::printf("export: %llu entries (%llu named ballots, %llu anonymous), %.1f MiB, mean entry "
              "%.0f B\n\n",
              static_cast<unsigned long long>(entries), static_cast<unsigned long long>(named),
              static_cast<unsigned long long>(anonymous), export_bytes / 1048576.0, mean_entry);
  std::fflush(stdout);
  if (args.replay_only) {
    storage::RocksDbStoreOptions store_options;
    store_options.sync = false;
    auto store =
        Must(storage::OpenRocksDbStore(args.cache + "/store", store_options), "open store");
    TimeReplay(args, store.get(), entries);
    return 0;
  }

  // Machine limits, one thread, measured now.
  const std::string mib(1 << 20, 'x');
  const double sha_mb = Rate(1.0, [&] { crypto::Sha256(mib); }) * 1.048576;
  const double entry_hash = Rate(1.0, [&] { ledger::EntryHash(sample_entry); });
  const double leaf_hash = Rate(1.0, [&] { crypto::LeafHash(sample_entry); });
  const std::string h32(32, 'h');
  const double node_hash = Rate(1.0, [&] { crypto::NodeHash(h32, h32); });
  const auto probe = Must(crypto::Ed25519PrivateKey::Generate(), "probe key");
  const std::string message = "gongxin/v1/credential\nm\nf\n" + std::string(64, 'a') + "\n";
  const std::string signature = Must(probe.Sign(message), "sign");
  const auto probe_public = probe.public_key();
  const double ed_verify = Rate(1.0, [&] { (void)probe_public.Verify(message, signature); });
  const auto rsa = Must(crypto::BlindRsaPublicKey::FromPem(token_key_pem), "token key");
  const double rsa_verify = Rate(1.0, [&] {
    Must(crypto::BlindRsaVerify(rsa, sample_anonymous.token_message(),
                                sample_anonymous.token_signature()),
         "sample token");
  });

  // The bound: what one core must spend per entry at these rates.
  const double per_entry_us = 1e6 / entry_hash + 1e6 / leaf_hash + 1e6 / node_hash +
                              (static_cast<double>(named) / entries) * 1e6 / ed_verify +
                              (static_cast<double>(anonymous) / entries) * 1e6 / rsa_verify;
  const double bound1 = 1e6 / per_entry_us;
  const int cores = std::max(1u, std::thread::hardware_concurrency());

  std::printf("| machine limit (this run, 1 thread) | rate |\n|---|---|\n");
  std::printf("| SHA-256, 1 MiB buffers | %.0f MB/s |\n", sha_mb);
  std::printf("| entry hash (DomainHash of a %zu B named-ballot entry) | %.0f /s |\n",
              sample_entry.size(), entry_hash);
  std::printf("| Merkle leaf hash (same entry) | %.0f /s |\n", leaf_hash);
  std::printf("| Merkle node hash (64 B) | %.0f /s |\n", node_hash);
  std::printf("| Ed25519 verify | %.0f /s |\n", ed_verify);
  std::printf("| RSA-2048 PSS verify (RFC 9474 token) | %.0f /s |\n", rsa_verify);
  std::printf("| ⇒ crypto per entry for this mix | %.2f µs → bound %.0f entries/s on 1 core, %.0f "
              "on %d |\n\n",
              per_entry_us, bound1, bound1 * cores, cores);
  std::fflush(stdout);

  std::printf("| VerifyExport | seconds | entries/s | ÷ 1-core bound | ÷ %d-core bound |\n",
              cores);
  std::printf("|---|---|---|---|---|\n");
  std::string root;
  std::vector<unsigned> thread_counts = {1u, 2u};
  if (args.skip_single) thread_counts = {2u};
  for (unsigned threads : thread_counts) {
    double seconds = 0;
    verifier::Verdict v = TimedVerify(export_path, key, threads, &seconds);
    if (v.entries != entries) Fail("verdict covers a different number of entries");
    if (!root.empty() && v.merkle_root != root) Fail("the thread counts disagree on the root");
    root = v.merkle_root;
    const double rate = entries / seconds;
    std::printf("| %u thread%s | %.1f | %.0f | %.2f | %.2f |\n", threads, threads > 1 ? "s" : "",
                seconds, rate, rate / bound1, rate / (bound1 * cores));
    std::fflush(stdout);
  }

  // Proofs from the stored tree, as TransparencyService serves them.
  storage::RocksDbStoreOptions store_options;
  store_options.sync = false;
  auto store = Must(storage::OpenRocksDbStore(args.cache + "/store", store_options), "open store");
  crypto::NodeSource nodes = [&](uint64_t level, uint64_t index) -> absl::StatusOr<std::string> {
    auto hash = store->GetKey(kMeetingId, server::Meeting::TreeNodeKey(level, index));
    if (!hash.ok()) return hash.status();
    if (!hash->has_value()) return absl::DataLossError("missing tree node");
    return **hash;
  };
  const std::string stored_root = Must(crypto::RootHash(entries, nodes), "root");
  if (stored_root != root) Fail("the stored tree's root differs from the verifier's");
  std::mt19937_64 rng(42);
  std::vector<double> inclusion_us, consistency_us;
  for (int i = 0; i < args.proofs; ++i) {
    const uint64_t index = rng() % entries;
    auto start = Clock::now();
    auto proof = Must(crypto::InclusionProof(index, entries, nodes), "inclusion proof");
    inclusion_us.push_back(Seconds(Clock::now() - start) * 1e6);
    const std::string leaf = crypto::LeafHash(Must(store->ReadEntry(kMeetingId, index), "entry"));
    Must(crypto::VerifyInclusion(index, entries, leaf, proof, root), "inclusion proof verifies");

    const uint64_t older = 1 + rng() % (entries - 1);
    start = Clock::now();
    auto consistency = Must(crypto::ConsistencyProof(older, entries, nodes), "consistency proof");
    consistency_us.push_back(Seconds(Clock::now() - start) * 1e6);
    const std::string older_root = Must(crypto::RootHash(older, nodes), "older root");
    Must(crypto::VerifyConsistency(older, entries, older_root, root, consistency),
         "consistency proof verifies");
  }
  const Percentiles inc = Of(inclusion_us), con = Of(consistency_us);
  std::printf("\n| proof at %llu leaves (RocksDB, %d each, all verified) | p50 µs | p99 µs |\n",
              static_cast<unsigned long long>(entries), args.proofs);
  std::printf("|---|---|---|\n");
  std::printf("| inclusion | %.0f | %.0f |\n", inc.p50_us, inc.p99_us);
  std::printf("| consistency (random older size) | %.0f | %.0f |\n", con.p50_us, con.p99_us);

  TimeReplay(args, store.get(), entries);
  std::printf("\nwall time %.0f s; %s; load average %.2f at end\n", Seconds(Clock::now() - t0),
              other_cpu.Report().c_str(), LoadAverage());
  return 0;
}
