// What the benchmarks share: timing, the RocksDB synced-write baseline, a
// real gongxind on 127.0.0.1 with a throw-away PKI, one TLS connection per
// kiosk, meeting specs, a way to keep the server's per-RPC log lines off the
// terminal while measuring, fail-fast helpers, rate loops and the process's
// peak memory.
#ifndef GONGXIN_BENCH_BENCH_COMMON_H_
#define GONGXIN_BENCH_BENCH_COMMON_H_

#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <errno.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "crypto/key_file.h"
#include "crypto/x509.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "rocksdb/db.h"
#include "server/server.h"

namespace gongxin::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// User and system time of this process so far (server and in-process
// kiosks together).
inline double ProcessCpuSeconds() {
  struct rusage u;
  if (::getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
         u.ru_stime.tv_usec / 1e6;
}

// Synced 256-byte puts from `threads` threads for `seconds`.
inline double RocksDbSyncedWriteRate(const std::string& dir, int threads, double seconds) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir, &raw).ok()) return 0;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions w;
  w.sync = true;
  std::atomic<long> writes{0};
  const std::string value(256, 'v');
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (long i = 0; Clock::now() < end; ++i) {
        db->Put(w, absl::StrCat(t, "/", i), value);
        ++writes;
      }
    });
  }
  for (auto& th : pool) th.join();
  return writes.load() / Seconds(Clock::now() - start);
}

// Runs body(0) .. body(n - 1) on n threads; returns the wall time.
template <typename Body>
double RunOnThreads(int n, Body body) {
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) pool.emplace_back([&body, i] { body(i); });
  for (auto& t : pool) t.join();
  return Seconds(Clock::now() - start);
}

// Prints "<program>: <what>" and exits with status 1: a benchmark whose
// input or result is wrong must not print figures as if it had measured.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, what.c_str());
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) Fail(absl::StrCat(what, ": ", v.status().ToString()));
  return *std::move(v);
}
inline void Must(const absl::Status& s, const std::string& what) {
  if (!s.ok()) Fail(absl::StrCat(what, ": ", s.ToString()));
}

// Runs `op` repeatedly for about `seconds`; returns operations per second.
template <typename Op>
double Rate(double seconds, Op op) {
  const auto start = Clock::now();
  long n = 0;
  do {
    for (int i = 0; i < 64; ++i) op();
    n += 64;
  } while (Seconds(Clock::now() - start) < seconds);
  return n / Seconds(Clock::now() - start);
}

// A field of /proc/self/status in KiB ("VmHWM", "VmRSS"), or -1. VmHWM is
// the peak resident set of this process since it started: a phase whose
// peak must be seen alone runs in a fresh process.
inline long ProcStatusKib(const char* field) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kib = -1;
  const size_t n = std::strlen(field);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
      kib = std::strtol(line + n + 1, nullptr, 10);
      break;
    }
  }
  std::fclose(f);
  return kib;
}

// The command line the server benchmarks take.
struct BenchArgs {
  double seconds = 3;
  bool verbose = false;
  std::string base = std::filesystem::temp_directory_path().string();
};

// ParseBenchArgs reads --seconds S, --dir DIR, --verbose; prints usage and
// returns false on anything else.
inline bool ParseBenchArgs(int argc, char** argv, const char* program, BenchArgs* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      args->seconds = std::atof(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      args->base = argv[++i];
    } else if (arg == "--verbose") {
      args->verbose = true;
    } else {
      std::fprintf(stderr, "usage: %s [--seconds S] [--dir DIR] [--verbose]\n", program);
      return false;
    }
  }
  return true;
}

// The flags the ledger benchmarks (verify_bench, count_bench) share:
// --ballots N, --cache DIR, --dir BASE. Consumes argv[*i] (and its value,
// advancing *i) and returns true if it is one of them.
struct LedgerBenchArgs {
  uint64_t ballots = 1000000;
  std::string cache;  // default: BASE/gongxin-<name>-<ballots>
  std::string base = std::filesystem::temp_directory_path().string();
};
inline bool ParseLedgerBenchFlag(int argc, char** argv, int* i, LedgerBenchArgs* a) {
  const std::string arg = argv[*i];
  if (*i + 1 >= argc) return false;
  if (arg == "--ballots") {
    a->ballots = std::strtoull(argv[++*i], nullptr, 10);
  } else if (arg == "--cache") {
    a->cache = argv[++*i];
  } else if (arg == "--dir") {
    a->base = argv[++*i];
  } else {
    return false;
  }
  return true;
}

// The 1-minute load average, or -1.
inline double LoadAverage() {
  double load[1];
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

// CPU time spent on the machine by everything else than this process and
// its children (e.g. `openssl speed`), between construction and Report():
// tells whether a run shared the cores with someone else. Kernel threads
// count as others, including those writing this process's fsyncs back.
class OtherCpu {
 public:
  OtherCpu() : machine_(MachineBusySeconds()), self_(SelfSeconds()), start_(Clock::now()) {}

  // "other processes used 0.4 CPU-seconds in 61 s (0.3% of 2 cores)".
  std::string Report() const {
    const double wall = Seconds(Clock::now() - start_);
    const double other = std::max(0.0, (MachineBusySeconds() - machine_) - (SelfSeconds() - self_));
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    char line[200];
    std::snprintf(line, sizeof line,
                  "other processes used %.1f CPU-seconds in %.0f s (%.1f%% of %d cores)", other,
                  wall, 100 * other / (wall * cores), cores);
    return line;
  }

 private:
  // Non-idle time of all CPUs, from /proc/stat.
  static double MachineBusySeconds() {
    FILE* f = std::fopen("/proc/stat", "r");
    if (f == nullptr) return 0;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                       steal = 0;
    const int got = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice,
                                &system, &idle, &iowait, &irq, &softirq, &steal);
    std::fclose(f);
    if (got < 7) return 0;
    return static_cast<double>(user + nice + system + irq + softirq + steal) /
           ::sysconf(_SC_CLK_TCK);
  }
  static double SelfSeconds() {
    double total = 0;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
      struct rusage u;
      if (::getrusage(who, &u) != 0) continue;
      total += u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
               u.ru_stime.tv_usec / 1e6;
    }
    return total;
  }

  double machine_;
  double self_;
  Clock::time_point start_;
};

// Sends stderr (gongxind logs a line per RPC there) to /dev/null until
// Restore() or destruction. Restore before printing an error.
class StderrSilencer {
 public:
  explicit StderrSilencer(bool enabled) {
    if (!enabled) return;
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ < 0 || null < 0 || ::dup2(null, STDERR_FILENO) < 0) {
      if (null >= 0) ::close(null);
      Restore();
      return;
    }
    ::close(null);
  }
  ~StderrSilencer() { Restore(); }
  StderrSilencer(const StderrSilencer&) = delete;
  StderrSilencer& operator=(const StderrSilencer&) = delete;

  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }

 private:
  int saved_ = -1;
};

// Keeps the first error message of a phase (reported after the table).
class FirstError {
 public:
  void Note(const std::string& what) {
    ++count_;
    std::lock_guard<std::mutex> lock(mu_);
    if (first_.empty()) first_ = what;
  }
  long count() const { return count_.load(); }
  std::string first() const {
    std::lock_guard<std::mutex> lock(mu_);
    return first_;
  }

 private:
  std::atomic<long> count_{0};
  mutable std::mutex mu_;
  std::string first_;
};

inline std::string Read(const std::string& path) { return *crypto::ReadFile(path); }

// A private directory under `base` ("" on failure).
inline std::string MakeTempDir(const std::string& base) {
  std::string pattern = base + "/gongxin-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return "";
  }
  return pattern;
}

struct Fixture {
  std::string pki;
  std::unique_ptr<server::Server> server;
  std::string address;

  // Starts gongxind on 127.0.0.1 with a fresh PKI and data under `dir`;
  // its ledger on etcd when `etcd.endpoint` is set.
  absl::Status Start(const std::string& dir, const storage::EtcdStoreOptions& etcd = {}) {
    // As gongxind's main() does (server/main.cc).
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
    pki = dir + "/pki";
    if (absl::Status s = crypto::CreateLocalPki(pki); !s.ok()) return s;
    server::ServerOptions o;
    o.data_dir = dir + "/data";
    o.cert_file = pki + "/server.pem";
    o.key_file = pki + "/server.key";
    o.client_ca_file = pki + "/ca.pem";
    if (!etcd.endpoint.empty()) o.etcd = etcd;
    auto started = server::Server::Start(o);
    if (!started.ok()) return started.status();
    server = *std::move(started);
    address = absl::StrCat("127.0.0.1:", server->port());
    return absl::OkStatus();
  }

  std::shared_ptr<grpc::Channel> Channel(const std::string& who) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Read(pki + "/ca.pem");
    ssl.pem_cert_chain = Read(pki + "/" + who + ".pem");
    ssl.pem_private_key = Read(pki + "/" + who + ".key");
    grpc::ChannelArguments args;
    // Separate connections per kiosk, as separate kiosks would have.
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    args.SetString("gongxin.bench.kiosk", who + std::to_string(rand()));
    return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), args);
  }
};

inline std::unique_ptr<grpc::ClientContext> Ctx() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return c;
}

// An approval question (one seat, three candidates) for a benchmark form.
inline void AddRecommendQuestion(v1::Form* form) {
  v1::Question* q = form->add_questions();
  q->set_id("head");
  q->set_title("局长人选");
  auto* a = q->mutable_approval();
  a->set_post("局长");
  a->set_seats(1);
  a->set_max_choices(1);
  for (int i = 1; i <= 3; ++i) {
    auto* c = a->add_candidates();
    c->set_id(absl::StrCat("c", i));
    c->set_name(absl::StrCat("候选人", i));
  }
}

// A ballot for a form made with AddRecommendQuestion.
inline v1::Ballot RecommendBallot(const std::string& form_id) {
  v1::Ballot ballot;
  ballot.set_form_id(form_id);
  auto* a = ballot.add_answers();
  a->set_question_id("head");
  a->add_choices("c1");
  return ballot;
}

struct FormOfBench {
  std::string id;
  v1::FormMode mode;
};

// Creates and opens a meeting with voters v0 .. v<voters-1>, all in one
// group, and the given forms (each with the recommendation question).
inline absl::StatusOr<std::string> OpenMeeting(const Fixture& f, int voters,
                                               const std::vector<FormOfBench>& forms) {
  auto admin = v1::MeetingService::NewStub(f.Channel("admin"));
  v1::CreateMeetingRequest req;
  v1::MeetingSpec* spec = req.mutable_spec();
  spec->set_title("基准测试会议");
  spec->set_unit("基准测试");
  auto* g = spec->add_groups();
  g->set_id("staff");
  g->set_name("一般干部");
  for (const FormOfBench& fb : forms) {
    v1::Form* form = spec->add_forms();
    form->set_id(fb.id);
    form->set_title(fb.mode == v1::FORM_MODE_ANONYMOUS ? "民主测评票" : "民主推荐票");
    form->set_mode(fb.mode);
    AddRecommendQuestion(form);
  }
  for (int i = 0; i < voters; ++i) {
    auto* v = req.mutable_roll()->add_voters();
    v->set_id(absl::StrCat("v", i));
    v->set_name(absl::StrCat("投票人", i));
    v->set_group("staff");
  }
  v1::CreateMeetingResponse created;
  grpc::Status s = admin->CreateMeeting(Ctx().get(), req, &created);
  if (!s.ok()) return absl::UnknownError(absl::StrCat("CreateMeeting: ", s.error_message()));
  for (auto target : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
    v1::TransitionMeetingRequest t;
    t.set_meeting_id(created.meeting_id());
    t.set_target(target);
    v1::TransitionMeetingResponse r;
    s = admin->TransitionMeeting(Ctx().get(), t, &r);
    if (!s.ok()) return absl::UnknownError(absl::StrCat("TransitionMeeting: ", s.error_message()));
  }
  return created.meeting_id();
}

}  // namespace gongxin::bench

#endif  // GONGXIN_BENCH_BENCH_COMMON_H_
