// A real etcd for tests (issue 15): one member on 127.0.0.1, with mutual
// TLS — a CA, a server certificate for 127.0.0.1 and a client certificate
// made at test time by openssl, never committed — and its ports picked free
// at start. Debian's etcd-server (deploy/install-deps.sh installs it).
#ifndef GONGXIN_TESTS_TESTING_ETCD_SERVER_H_
#define GONGXIN_TESTS_TESTING_ETCD_SERVER_H_

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

class EtcdServer {
 public:
  // `dir`: an empty directory for the PKI, the data and the logs.
  explicit EtcdServer(std::string dir) : dir_(std::move(dir)) {}

  // Makes the PKI (once), starts etcd and waits until a store opens on it.
  absl::Status Start() {
    if (::access(kEtcdBinary, X_OK) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          kEtcdBinary, " is missing: install Debian's etcd-server (deploy/install-deps.sh)"));
    }
    if (!pki_made_) {
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
      if (!failed.empty()) return absl::InternalError(failed);
      pki_made_ = true;
      // Another process may take a port between the pick and etcd's bind:
      // a first start tries fresh ports up to three times.
      absl::Status started;
      for (int attempt = 0; attempt < 3; ++attempt) {
        client_port_ = FreeLoopbackPort();
        peer_port_ = FreeLoopbackPort();
        // A member dir left by a failed attempt names the old peer address.
        std::filesystem::remove_all(data_dir());
        started = Run();
        if (started.ok()) return started;
      }
      return started;
    }
    return Run();
  }

 private:
  absl::Status Run() {
    const std::string client = absl::StrCat("https://127.0.0.1:", client_port_);
    const std::string peer = absl::StrCat("http://127.0.0.1:", peer_port_);
    ++runs_;
    process_ = std::make_unique<Process>(
        std::vector<std::string>{
            kEtcdBinary, "--name", "t", "--data-dir", data_dir(), "--listen-client-urls", client,
            "--advertise-client-urls", client, "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer, "--initial-cluster",
            absl::StrCat("t=", peer), "--cert-file", dir_ + "/server.pem", "--key-file",
            dir_ + "/server.key", "--client-cert-auth", "--trusted-ca-file", dir_ + "/ca.pem",
            "--logger", "zap", "--log-level", "warn"},
        absl::StrCat(dir_, "/etcd-", runs_, ".out"), absl::StrCat(dir_, "/etcd-", runs_, ".err"));
    if (!process_->started()) return absl::InternalError("etcd did not start");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    absl::Status last;
    while (std::chrono::steady_clock::now() < deadline) {
      if (process_->Exited()) {
        return absl::InternalError(absl::StrCat("etcd exited: ", process_->Stderr()));
      }
      storage::EtcdStoreOptions o = StoreOptions("gongxin-test-start/");
      o.timeout = absl::Seconds(1);
      absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenEtcdStore(o);
      if (store.ok()) return absl::OkStatus();
      last = store.status();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return absl::DeadlineExceededError(absl::StrCat("etcd did not answer: ", last.message(),
                                                    "\n", process_->Stderr()));
  }

 public:
  // kill -9, as a lost machine.
  void Kill() {
    if (process_ != nullptr) process_->Kill(SIGKILL);
  }

  std::string endpoint() const { return absl::StrCat("127.0.0.1:", client_port_); }
  std::string data_dir() const { return dir_ + "/data"; }
  std::string dir() const { return dir_; }

  // Options for a store under `prefix`, over mutual TLS.
  storage::EtcdStoreOptions StoreOptions(std::string prefix) const {
    storage::EtcdStoreOptions o;
    o.endpoint = endpoint();
    o.prefix = std::move(prefix);
    o.ca_file = dir_ + "/ca.pem";
    o.cert_file = dir_ + "/client.pem";
    o.key_file = dir_ + "/client.key";
    return o;
  }

 private:
  std::string dir_;
  bool pki_made_ = false;
  int client_port_ = 0;
  int peer_port_ = 0;
  int runs_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_ETCD_SERVER_H_
