// cast_bench: durable ballots per second through the real server (mutual
// TLS on 127.0.0.1, RocksDB with synced WAL) at 1, 8 and 64 concurrent
// kiosks, next to the raw RocksDB synced-write rate measured in the same
// run on the same file system. The ratio is the figure that matters: it
// shows what group commit buys over one fsync per ballot.
//
//   cast_bench [--seconds S] [--dir DIR]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "crypto/x509.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "rocksdb/db.h"
#include "server/server.h"
#include "crypto/key_file.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Synced 256-byte puts from `threads` threads for `seconds`.
double RocksDbSyncedWriteRate(const std::string& dir, int threads, double seconds) {
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

std::string Read(const std::string& path) { return *gongxin::crypto::ReadFile(path); }

struct Fixture {
  std::string pki;
  std::unique_ptr<gongxin::server::Server> server;
  std::string address;
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

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return c;
}

// Creates and opens a meeting with `voters` voters and one named form.
std::string OpenMeeting(const Fixture& f, int voters) {
  using namespace gongxin;
  auto admin = v1::MeetingService::NewStub(f.Channel("admin"));
  v1::CreateMeetingRequest req;
  v1::MeetingSpec* spec = req.mutable_spec();
  spec->set_title("基准测试会议");
  spec->set_unit("基准测试");
  auto* g = spec->add_groups();
  g->set_id("staff");
  g->set_name("一般干部");
  v1::Form* form = spec->add_forms();
  form->set_id("rec");
  form->set_title("民主推荐票");
  form->set_mode(v1::FORM_MODE_NAMED);
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
  for (int i = 0; i < voters; ++i) {
    auto* v = req.mutable_roll()->add_voters();
    v->set_id(absl::StrCat("v", i));
    v->set_name(absl::StrCat("投票人", i));
    v->set_group("staff");
  }
  v1::CreateMeetingResponse created;
  if (!admin->CreateMeeting(Ctx().get(), req, &created).ok()) return "";
  for (auto target : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
    v1::TransitionMeetingRequest t;
    t.set_meeting_id(created.meeting_id());
    t.set_target(target);
    v1::TransitionMeetingResponse r;
    admin->TransitionMeeting(Ctx().get(), t, &r);
  }
  return created.meeting_id();
}

struct CastRun {
  double casts_per_second = 0;
  double checkins_per_second = 0;
  long casts = 0;
};

// `clients` kiosks, each with its own connection, check in and cast
// `per_client` voters; check-in and cast are timed separately.
CastRun MeasureCasts(const Fixture& f, int clients, int per_client) {
  using namespace gongxin;
  CastRun run;
  const std::string meeting = OpenMeeting(f, clients * per_client);
  std::vector<std::vector<v1::Credential>> creds(clients);
  std::vector<std::unique_ptr<v1::KioskService::Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(v1::KioskService::NewStub(f.Channel("kiosk")));

  auto phase = [&](auto body) {
    std::vector<std::thread> pool;
    auto start = Clock::now();
    for (int c = 0; c < clients; ++c) pool.emplace_back([&, c] { body(c); });
    for (auto& t : pool) t.join();
    return Seconds(Clock::now() - start);
  };
  double checkin_s = phase([&](int c) {
    for (int i = 0; i < per_client; ++i) {
      v1::CheckInRequest req;
      req.set_meeting_id(meeting);
      req.set_voter_id(absl::StrCat("v", c * per_client + i));
      v1::CheckInResponse resp;
      if (stubs[c]->CheckIn(Ctx().get(), req, &resp).ok()) creds[c].push_back(resp.credentials(0));
    }
  });
  std::atomic<long> casts{0};
  double cast_s = phase([&](int c) {
    for (const v1::Credential& cred : creds[c]) {
      v1::CastRequest req;
      *req.mutable_credential() = cred;
      req.mutable_ballot()->set_form_id("rec");
      auto* a = req.mutable_ballot()->add_answers();
      a->set_question_id("head");
      a->add_choices("c1");
      v1::CastResponse resp;
      if (stubs[c]->Cast(Ctx().get(), req, &resp).ok()) ++casts;
    }
  });
  run.casts = casts.load();
  run.casts_per_second = casts.load() / cast_s;
  run.checkins_per_second = clients * per_client / checkin_s;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::string base = std::filesystem::temp_directory_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--dir") == 0) base = argv[i + 1];
  }
  char pattern[4096];
  std::snprintf(pattern, sizeof pattern, "%s/gongxin-bench-XXXXXX", base.c_str());
  if (mkdtemp(pattern) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string dir = pattern;

  const double sync1 = RocksDbSyncedWriteRate(dir + "/raw1", 1, seconds);
  const double sync8 = RocksDbSyncedWriteRate(dir + "/raw8", 8, seconds);

  Fixture f;
  f.pki = dir + "/pki";
  if (!gongxin::crypto::CreateLocalPki(f.pki).ok()) return 1;
  gongxin::server::ServerOptions o;
  o.data_dir = dir + "/data";
  o.cert_file = f.pki + "/server.pem";
  o.key_file = f.pki + "/server.key";
  o.client_ca_file = f.pki + "/ca.pem";
  auto server = gongxin::server::Server::Start(o);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  f.server = *std::move(server);
  f.address = absl::StrCat("127.0.0.1:", f.server->port());

  std::printf("RocksDB synced 256 B writes: %.0f/s (1 thread), %.0f/s (8 threads)\n\n", sync1,
              sync8);
  std::printf("| concurrent kiosks | durable casts/s | ÷ synced writes/s (1 thread) | ÷ synced writes/s (8 threads) | check-ins/s |\n");
  std::printf("|---|---|---|---|---|\n");
  for (int clients : {1, 8, 64}) {
    // Enough ballots per level to run for roughly `seconds`.
    const int per_client = std::max(20, static_cast<int>(seconds * 1500 / clients));
    CastRun r = MeasureCasts(f, clients, per_client);
    std::printf("| %d | %.0f | %.2f | %.2f | %.0f |\n", clients, r.casts_per_second,
                r.casts_per_second / sync1, r.casts_per_second / sync8, r.checkins_per_second);
    std::fflush(stdout);
  }
  f.server.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
