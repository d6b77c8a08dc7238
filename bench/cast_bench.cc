// cast_bench: durable named ballots per second through the real server
// (mutual TLS on 127.0.0.1, RocksDB with synced WAL) at each number of
// concurrent kiosks asked for, with the latency a kiosk sees (p50, p99),
// next to the raw RocksDB synced-write rate measured in the same run on
// the same file system. The ratio is the figure that matters: it shows
// what group commit buys over one fsync per ballot.
//
//   cast_bench [--clients N[,N...]] [--etcd [--etcd-members M]] [--seconds S] [--dir DIR]
//              [--verbose]
//
// --etcd keeps the server's ledger on an etcd it starts on 127.0.0.1
// (mutual TLS, Debian's etcd-server; issue 15) — one member, or a cluster
// of M — and measures etcd's own rate of synced one-entry transactions in
// the same run.
//
// --clients defaults to 1,8,64 (repeatable or comma-separated); --seconds
// (default 3) is how long the kiosks cast at each level, after the voters
// they cast for have been checked in. The last line of each level is also
// printed machine-readably ("casts <clients> <casts/s> <p50 ms> <p99 ms>")
// for bench/peer_compare.sh. The server's log goes to /dev/null while it
// runs, unless --verbose.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/bench_common.h"
#include "bench/bench_etcd.h"

namespace {

using namespace gongxin;
using namespace gongxin::bench;

struct CastRun {
  double casts_per_second = 0;
  double checkins_per_second = 0;
  double p50_ms = 0, p99_ms = 0;
  double seconds = 0;  // how long the kiosks cast
  double cpu_us_per_cast = 0;  // this process's CPU time (server and kiosks)
  long casts = 0;
  std::string error;  // first failure, if any
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + i, v.end());
  return v[i];
}

// `clients` kiosks, each with its own connection, check in `per_client`
// voters each, then cast for them until `seconds` have passed (or they run
// out of voters); check-ins and casts are timed separately.
CastRun MeasureCasts(const Fixture& f, int clients, int per_client, double seconds) {
  CastRun run;
  absl::StatusOr<std::string> meeting =
      OpenMeeting(f, clients * per_client, {{"rec", v1::FORM_MODE_NAMED}});
  if (!meeting.ok()) {
    run.error = std::string(meeting.status().message());
    return run;
  }
  std::vector<std::vector<v1::Credential>> creds(clients);
  std::vector<std::unique_ptr<v1::KioskService::Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(v1::KioskService::NewStub(f.Channel("kiosk")));
  FirstError errors;

  double checkin_s = RunOnThreads(clients, [&](int c) {
    for (int i = 0; i < per_client; ++i) {
      v1::CheckInRequest req;
      req.set_meeting_id(*meeting);
      req.set_voter_id(absl::StrCat("v", c * per_client + i));
      v1::CheckInResponse resp;
      grpc::Status s = stubs[c]->CheckIn(Ctx().get(), req, &resp);
      if (s.ok()) {
        creds[c].push_back(resp.credentials(0));
      } else {
        errors.Note("CheckIn: " + s.error_message());
      }
    }
  });
  const v1::Ballot ballot = RecommendBallot("rec");
  std::atomic<long> casts{0};
  std::vector<std::vector<double>> latency_ms(clients);
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  const double cpu_before = ProcessCpuSeconds();
  double cast_s = RunOnThreads(clients, [&](int c) {
    latency_ms[c].reserve(creds[c].size());
    for (const v1::Credential& cred : creds[c]) {
      if (Clock::now() >= deadline) break;
      v1::CastRequest req;
      *req.mutable_credential() = cred;
      *req.mutable_ballot() = ballot;
      v1::CastResponse resp;
      const auto start = Clock::now();
      grpc::Status s = stubs[c]->Cast(Ctx().get(), req, &resp);
      latency_ms[c].push_back(Seconds(Clock::now() - start) * 1000);
      if (s.ok()) {
        ++casts;
      } else {
        errors.Note("Cast: " + s.error_message());
      }
    }
  });
  const double cpu = ProcessCpuSeconds() - cpu_before;
  std::vector<double> all;
  for (const auto& l : latency_ms) all.insert(all.end(), l.begin(), l.end());
  run.p50_ms = Percentile(all, 0.50);
  run.p99_ms = Percentile(all, 0.99);
  run.casts = casts.load();
  run.cpu_us_per_cast = casts.load() > 0 ? cpu * 1e6 / casts.load() : 0;
  run.seconds = cast_s;
  run.casts_per_second = casts.load() / cast_s;
  run.checkins_per_second = clients * per_client / checkin_s;
  if (errors.count() > 0) run.error = absl::StrCat(errors.count(), " failed; first: ", errors.first());
  return run;
}

bool ParseClients(const std::string& list, std::vector<int>* clients) {
  for (absl::string_view part : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1 || n > 1024) return false;
    clients->push_back(n);
  }
  return !clients->empty();
}

}  // namespace

int main(int argc, char** argv) {
  // --clients is this benchmark's own; the rest are the server benchmarks'.
  std::vector<int> levels;
  bool on_etcd = false;
  int etcd_members = 1;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--etcd") == 0) {
      on_etcd = true;
    } else if (std::strcmp(argv[i], "--etcd-members") == 0 && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &etcd_members) || etcd_members < 1 || etcd_members > 7) {
        std::fprintf(stderr, "cast_bench: --etcd-members takes 1 to 7\n");
        return 2;
      }
    } else if (std::strcmp(argv[i], "--clients") == 0 && i + 1 < argc) {
      if (!ParseClients(argv[++i], &levels)) {
        std::fprintf(stderr, "cast_bench: --clients takes numbers 1 to 1024, e.g. 1,8,64\n");
        return 2;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (levels.empty()) levels = {1, 8, 64};
  BenchArgs args;
  if (!ParseBenchArgs(static_cast<int>(rest.size()), rest.data(), "cast_bench", &args)) {
    std::fprintf(stderr, "       cast_bench also takes --clients N[,N...] and --etcd\n");
    return 2;
  }
  const double seconds = args.seconds;
  const bool verbose = args.verbose;
  const std::string dir = MakeTempDir(args.base);
  if (dir.empty()) return 1;
  const double load_start = LoadAverage();
  const auto t0 = Clock::now();
  const OtherCpu other_cpu;

  double sync1 = RocksDbSyncedWriteRate(dir + "/raw1", 1, std::min(seconds, 3.0));
  double sync8 = RocksDbSyncedWriteRate(dir + "/raw8", 8, std::min(seconds, 3.0));

  // The etcd the ledger goes on, and its own rate in the same run.
  std::filesystem::create_directories(dir + "/etcd");
  testing::EtcdCluster etcd(dir + "/etcd", etcd_members);
  const std::optional<BenchEtcd> on = BenchEtcdIf(on_etcd, etcd, seconds);
  if (!on.has_value()) return 1;
  const storage::EtcdStoreOptions& etcd_options = on->options;
  const double etcd1 = on->one, etcd8 = on->eight;

  StderrSilencer quiet(!verbose);
  Fixture f;
  if (absl::Status s = f.Start(dir, etcd_options); !s.ok()) {
    quiet.Restore();
    std::fprintf(stderr, "cannot start gongxind: %s\n", std::string(s.message()).c_str());
    return 1;
  }

  std::printf("cast_bench --seconds %g: %u hardware threads, %s, load average %.2f at start\n\n",
              seconds, std::thread::hardware_concurrency(), dir.c_str(), load_start);
  std::printf("| machine limit (same run, same file system) | per second |\n");
  std::printf("|---|---|\n");
  std::printf("| RocksDB synced 256 B writes, 1 thread | %.0f |\n", sync1);
  std::printf("| RocksDB synced 256 B writes, 8 threads | %.0f |\n", sync8);
  if (on_etcd) {
    std::printf("| etcd one-entry transactions (256 B), 1 thread, %d member(s) | %.0f |\n",
                etcd_members, etcd1);
    std::printf("| etcd one-entry transactions (256 B), 8 threads, %d member(s) | %.0f |\n",
                etcd_members, etcd8);
    // The ratios below are then to etcd's rates: the ledger is there.
    sync1 = etcd1;
    sync8 = etcd8;
  }
  std::printf("\nledger on %s\n\n",
              on_etcd ? absl::StrCat("etcd (", etcd_members,
                                     " member(s) on 127.0.0.1, mutual TLS)").c_str()
                      : "RocksDB (embedded)");
  std::printf("| concurrent kiosks | durable casts/s | p50 ms | p99 ms | ÷ synced writes/s (1 thread) | ÷ synced writes/s (8 threads) | CPU µs per cast (server + kiosks) | check-ins/s |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::fflush(stdout);
  std::vector<std::string> errors;
  std::vector<std::string> machine_lines;
  for (int clients : levels) {
    // A short first run tells how many voters `seconds` of casting needs;
    // the measured run then checks in half as many again, so the kiosks
    // cast for the whole time rather than running out.
    const CastRun probe = MeasureCasts(f, clients, std::max(20, 400 / clients), 60);
    const double need = std::max(probe.casts_per_second, 100.0) * seconds * 1.5;
    const int per_client = std::clamp(static_cast<int>(need / clients), 20, 150000 / clients);
    CastRun r = MeasureCasts(f, clients, per_client, seconds);
    std::printf("| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |\n", clients,
                r.casts_per_second, r.p50_ms, r.p99_ms, r.casts_per_second / sync1,
                r.casts_per_second / sync8, r.cpu_us_per_cast, r.checkins_per_second);
    std::fflush(stdout);
    machine_lines.push_back(absl::StrFormat("casts %d %.0f %.3f %.3f", clients,
                                            r.casts_per_second, r.p50_ms, r.p99_ms));
    if (r.seconds < seconds * 0.9) {
      errors.push_back(absl::StrCat(clients, " kiosks ran out of voters after ", r.seconds,
                                    " s of ", seconds));
    }
    if (!probe.error.empty()) errors.push_back(absl::StrCat(clients, " kiosks (probe): ", probe.error));
    if (!r.error.empty()) errors.push_back(absl::StrCat(clients, " kiosks: ", r.error));
  }
  f.server.reset();
  for (int i = 0; i < etcd_members; ++i) etcd.Kill(i);
  quiet.Restore();
  std::printf("\nwall time %.0f s; %s\n", Seconds(Clock::now() - t0),
              other_cpu.Report().c_str());
  for (const std::string& line : machine_lines) std::printf("%s\n", line.c_str());
  for (const std::string& e : errors) std::fprintf(stderr, "cast_bench: %s\n", e.c_str());
  std::filesystem::remove_all(dir);
  return errors.empty() ? 0 : 1;
}
