// A real etcd for tests (issue 15): one member or a cluster of several, on
// 127.0.0.1, with mutual TLS — a CA, a server certificate for 127.0.0.1 and
// a client certificate made at test time by openssl, never committed — and
// ports picked free at start. Debian's etcd-server (deploy/install-deps.sh
// installs it).
#ifndef GONGXIN_TESTS_TESTING_ETCD_SERVER_H_
#define GONGXIN_TESTS_TESTING_ETCD_SERVER_H_

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "storage/etcd_store.h"
#include "tests/testing/process.h"
#include "tests/testing/test_certificates.h"

namespace gongxin::testing {

inline constexpr char kEtcdBinary[] = "/usr/bin/etcd";

// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick).
inline int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

class EtcdCluster {
 public:
  // `dir`: an empty directory for the PKI, the members' data and logs.
  EtcdCluster(std::string dir, int members) : dir_(std::move(dir)), members_(members) {}

  // Makes the PKI and picks the ports (once), starts every member and
  // waits until a store over all of them opens.
  absl::Status Start() {
    if (::access(kEtcdBinary, X_OK) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          kEtcdBinary, " is missing: install Debian's etcd-server (deploy/install-deps.sh)"));
    }
    if (!ports_.empty()) return StartAll();
    if (absl::Status s = MakePki(); !s.ok()) return s;
    // Another process may take a port between the pick and etcd's bind:
    // a first start tries fresh ports up to three times.
    absl::Status started;
    for (int attempt = 0; attempt < 3; ++attempt) {
      ports_.clear();
      for (int i = 0; i < members_; ++i) {
        ports_.push_back({FreeLoopbackPort(), FreeLoopbackPort()});
        // A member dir left by a failed attempt names the old peer address.
        std::filesystem::remove_all(data_dir(i));
      }
      started = StartAll();
      if (started.ok()) return started;
      for (int i = 0; i < members_; ++i) Kill(i);
    }
    return started;
  }

  // kill -9 of member `i`, as a lost machine.
  void Kill(int i) {
    if (i < static_cast<int>(processes_.size()) && processes_[i] != nullptr) {
      processes_[i]->Kill(SIGKILL);
    }
  }
  // Starts member `i` again on its data (it rejoins the cluster).
  absl::Status Restart(int i) {
    Launch(i);
    return processes_[i]->started() ? absl::OkStatus() : absl::InternalError("etcd did not start");
  }

  // The member that leads now (asking each live one), or -1.
  int Leader() const {
    for (int i = 0; i < members_; ++i) {
      etcdserverpb::StatusResponse status;
      if (!MemberStatus(i, &status)) continue;
      if (status.leader() == status.header().member_id()) return i;
    }
    return -1;
  }
  // Whether member `i` runs and answers, knowing a leader (after a restart:
  // it has rejoined the cluster).
  bool Answers(int i) const {
    etcdserverpb::StatusResponse status;
    return MemberStatus(i, &status) && status.leader() != 0;
  }

  int members() const { return members_; }
  std::string endpoint(int i) const { return absl::StrCat("127.0.0.1:", ports_[i].client); }
  // Every member's address, comma-separated (EtcdStoreOptions.endpoint).
  std::string endpoints() const {
    std::vector<std::string> all;
    for (int i = 0; i < members_; ++i) all.push_back(endpoint(i));
    return absl::StrJoin(all, ",");
  }
  std::string data_dir(int i) const { return absl::StrCat(dir_, "/member-", i); }
  std::string dir() const { return dir_; }

  // Options for a store under `prefix` over every member, mutual TLS.
  storage::EtcdStoreOptions StoreOptions(std::string prefix) const {
    storage::EtcdStoreOptions o;
    o.endpoint = endpoints();
    o.prefix = std::move(prefix);
    o.ca_file = dir_ + "/ca.pem";
    o.cert_file = dir_ + "/client.pem";
    o.key_file = dir_ + "/client.key";
    return o;
  }

 private:
  struct Ports {
    int client;
    int peer;
  };

  bool MemberStatus(int i, etcdserverpb::StatusResponse* status) const {
    if (i >= static_cast<int>(processes_.size()) || processes_[i] == nullptr ||
        !processes_[i]->running()) {
      return false;
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadWholeFile(dir_ + "/ca.pem");
    ssl.pem_cert_chain = ReadWholeFile(dir_ + "/client.pem");
    ssl.pem_private_key = ReadWholeFile(dir_ + "/client.key");
    auto stub = etcdserverpb::Maintenance::NewStub(
        grpc::CreateChannel(endpoint(i), grpc::SslCredentials(ssl)));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    return stub->Status(&ctx, {}, status).ok();
  }

  absl::Status MakePki() {
    const std::string ca = absl::StrCat(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-subj /CN=etcd-test-ca -days 1 -addext basicConstraints=critical,CA:TRUE "
        "-addext keyUsage=critical,keyCertSign -keyout '", dir_, "/ca.key' -out '", dir_,
        "/ca.pem' >'", dir_, "/ca.log' 2>&1");
    if (std::system(ca.c_str()) != 0) return absl::InternalError("openssl: the etcd test CA");
    std::string failed = IssueTestCertificate(
        dir_, "server", "/CN=127.0.0.1",
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1");
    if (failed.empty()) {
      failed = IssueTestCertificate(dir_, "client", "/CN=gongxind",
                                    "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth");
    }
    return failed.empty() ? absl::OkStatus() : absl::InternalError(failed);
  }

  void Launch(int i) {
    std::vector<std::string> cluster;
    for (int m = 0; m < members_; ++m) {
      cluster.push_back(absl::StrCat("m", m, "=http://127.0.0.1:", ports_[m].peer));
    }
    const std::string client = absl::StrCat("https://127.0.0.1:", ports_[i].client);
    const std::string peer = absl::StrCat("http://127.0.0.1:", ports_[i].peer);
    ++runs_;
    if (static_cast<int>(processes_.size()) < members_) processes_.resize(members_);
    processes_[i] = std::make_unique<Process>(
        std::vector<std::string>{
            kEtcdBinary, "--name", absl::StrCat("m", i), "--data-dir", data_dir(i),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", absl::StrJoin(cluster, ","), "--initial-cluster-token",
            "gongxin-test", "--cert-file", dir_ + "/server.pem", "--key-file",
            dir_ + "/server.key", "--client-cert-auth", "--trusted-ca-file", dir_ + "/ca.pem",
            "--logger", "zap", "--log-level", "warn"},
        absl::StrCat(dir_, "/etcd-", i, "-", runs_, ".out"),
        absl::StrCat(dir_, "/etcd-", i, "-", runs_, ".err"));
  }

  absl::Status StartAll() {
    for (int i = 0; i < members_; ++i) Launch(i);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    absl::Status last;
    while (std::chrono::steady_clock::now() < deadline) {
      for (int i = 0; i < members_; ++i) {
        if (processes_[i]->Exited()) {
          return absl::InternalError(
              absl::StrCat("etcd member ", i, " exited: ", processes_[i]->Stderr()));
        }
      }
      storage::EtcdStoreOptions o = StoreOptions("gongxin-test-start/");
      o.timeout = absl::Seconds(1);
      absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenEtcdStore(o);
      if (store.ok()) return absl::OkStatus();
      last = store.status();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return absl::DeadlineExceededError(absl::StrCat("etcd did not answer: ", last.message(),
                                                    "\n", processes_[0]->Stderr()));
  }

  std::string dir_;
  int members_;
  std::vector<Ports> ports_;
  int runs_ = 0;
  std::vector<std::unique_ptr<Process>> processes_;
};

// One member: what most tests need.
class EtcdServer : public EtcdCluster {
 public:
  explicit EtcdServer(std::string dir) : EtcdCluster(std::move(dir), 1) {}
  void Kill() { EtcdCluster::Kill(0); }
  std::string endpoint() const { return EtcdCluster::endpoint(0); }
  std::string data_dir() const { return EtcdCluster::data_dir(0); }
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_ETCD_SERVER_H_
