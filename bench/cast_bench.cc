// cast_bench: durable ballots per second through the real server (mutual
// TLS on 127.0.0.1, RocksDB with synced WAL) at 1, 8 and 64 concurrent
// kiosks, next to the raw RocksDB synced-write rate measured in the same
// run on the same file system. The ratio is the figure that matters: it
// shows what group commit buys over one fsync per ballot.
//
//   cast_bench [--seconds S] [--dir DIR] [--verbose]
//
// The server's log (a line per RPC on stderr) goes to /dev/null while it
// runs, unless --verbose.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/bench_common.h"

namespace {

using namespace gongxin;
using namespace gongxin::bench;

struct CastRun {
  double casts_per_second = 0;
  double checkins_per_second = 0;
  long casts = 0;
  std::string error;  // first failure, if any
};

// `clients` kiosks, each with its own connection, check in and cast
// `per_client` voters; check-in and cast are timed separately.
CastRun MeasureCasts(const Fixture& f, int clients, int per_client) {
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
  double cast_s = RunOnThreads(clients, [&](int c) {
    for (const v1::Credential& cred : creds[c]) {
      v1::CastRequest req;
      *req.mutable_credential() = cred;
      *req.mutable_ballot() = ballot;
      v1::CastResponse resp;
      grpc::Status s = stubs[c]->Cast(Ctx().get(), req, &resp);
      if (s.ok()) {
        ++casts;
      } else {
        errors.Note("Cast: " + s.error_message());
      }
    }
  });
  run.casts = casts.load();
  run.casts_per_second = casts.load() / cast_s;
  run.checkins_per_second = clients * per_client / checkin_s;
  if (errors.count() > 0) run.error = absl::StrCat(errors.count(), " failed; first: ", errors.first());
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  BenchArgs args;
  if (!ParseBenchArgs(argc, argv, "cast_bench", &args)) return 2;
  const double seconds = args.seconds;
  const bool verbose = args.verbose;
  const std::string base = args.base;
  const std::string dir = MakeTempDir(base);
  if (dir.empty()) return 1;
  const double load_start = LoadAverage();
  const auto t0 = Clock::now();
  const OtherCpu other_cpu;

  const double sync1 = RocksDbSyncedWriteRate(dir + "/raw1", 1, seconds);
  const double sync8 = RocksDbSyncedWriteRate(dir + "/raw8", 8, seconds);

  StderrSilencer quiet(!verbose);
  Fixture f;
  if (absl::Status s = f.Start(dir); !s.ok()) {
    quiet.Restore();
    std::fprintf(stderr, "cannot start gongxind: %s\n", std::string(s.message()).c_str());
    return 1;
  }

  std::printf("cast_bench --seconds %g: %u hardware threads, %s, load average %.2f at start\n\n",
              seconds, std::thread::hardware_concurrency(), dir.c_str(), load_start);
  std::printf("| machine limit (same run, same file system) | per second |\n");
  std::printf("|---|---|\n");
  std::printf("| RocksDB synced 256 B writes, 1 thread | %.0f |\n", sync1);
  std::printf("| RocksDB synced 256 B writes, 8 threads | %.0f |\n\n", sync8);
  std::printf("| concurrent kiosks | durable casts/s | ÷ synced writes/s (1 thread) | ÷ synced writes/s (8 threads) | check-ins/s |\n");
  std::printf("|---|---|---|---|---|\n");
  std::fflush(stdout);
  std::vector<std::string> errors;
  for (int clients : {1, 8, 64}) {
    // Enough ballots per level to run for roughly `seconds`.
    const int per_client = std::max(20, static_cast<int>(seconds * 1500 / clients));
    CastRun r = MeasureCasts(f, clients, per_client);
    std::printf("| %d | %.0f | %.2f | %.2f | %.0f |\n", clients, r.casts_per_second,
                r.casts_per_second / sync1, r.casts_per_second / sync8, r.checkins_per_second);
    std::fflush(stdout);
    if (!r.error.empty()) errors.push_back(absl::StrCat(clients, " kiosks: ", r.error));
  }
  f.server.reset();
  quiet.Restore();
  std::printf("\nwall time %.0f s; %s\n", Seconds(Clock::now() - t0),
              other_cpu.Report().c_str());
  for (const std::string& e : errors) std::fprintf(stderr, "cast_bench: %s\n", e.c_str());
  std::filesystem::remove_all(dir);
  return errors.empty() ? 0 : 1;
}
