// gongxind: the gongxin ballot server.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "crypto/key_file.h"
#include "server/log.h"
#include "server/server.h"
#include "server/tls_credentials.h"
#include "util/cli_lang.h"

int main(int argc, char** argv) {
  using gongxin::server::ServerOptions;
  // Debian's Abseil checks the lock order on every Mutex acquisition (a
  // graph lookup each time, a few per cent of a cast); the test suite keeps
  // the check, the server does not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  ServerOptions options;
  std::string tls_dir;
  std::string port_file;
  bool print_public_key = false;

  CLI::App app{"gongxind — ballot collection and tallying server for cadre-selection meetings"};
  app.add_option("--listen", options.listen, "host:port to listen on (port 0 picks one)")
      ->capture_default_str();
  app.add_option("--data-dir", options.data_dir,
                 "data directory: signing key and RocksDB ledger")->required();
  app.add_option("--tls-dir", tls_dir,
                 "directory made by `gongxin pki init` (server.pem, server.key, ca.pem)");
  app.add_option("--cert", options.cert_file, "server certificate (PEM)");
  app.add_option("--key", options.key_file, "server private key (PEM)");
  app.add_option("--client-ca", options.client_ca_file, "CA that signs client certificates");
  app.add_flag("--insecure", options.insecure,
               "no TLS; roles from the x-gongxin-role header; loopback only");
  std::string min_tls_version = "1.3";
  app.add_option("--min-tls-version", min_tls_version,
                 "oldest TLS version a client may use: 1.3, or 1.2 for clients that "
                 "cannot do 1.3")
      ->capture_default_str();
  app.add_option("--port-file", port_file, "write the port listened on to this file");
  app.add_option("--max-message-bytes", options.max_message_bytes,
                 "largest request accepted")->capture_default_str();
  app.add_option("--max-rpc-threads", options.max_rpc_threads,
                 "threads kept waiting for calls: about the number of kiosks")
      ->check(CLI::Range(2, 4096))
      ->capture_default_str();
  app.add_option("--log-name", options.log_name,
                 "signed-note key name of the checkpoints; origin lines read "
                 "<log-name>/meeting/<id>")->capture_default_str();
  app.add_option("--witness-key", options.witness_keys,
                 "a witness whose checkpoint cosignatures are accepted: its C2SP "
                 "cosignature/v1 verifier key (name+hex8+base64), from `gongxin audit "
                 "witness-key`; repeat for each witness");
  app.add_option("--require-cosignatures", options.require_cosignatures,
                 "publishing a meeting needs cosignatures of this many distinct "
                 "--witness-key witnesses on its current checkpoint (0 = none)")
      ->capture_default_str();
  app.add_option("--min-free-space", options.min_free_bytes,
                 "refuse writes (RESOURCE_EXHAUSTED, nothing written) while the data "
                 "directory's file system has less than this free, e.g. 64MiB or 1GiB; "
                 "0 turns the check off; writes resume once space is freed")
      ->transform(CLI::AsSizeValue(/*kb_is_1000=*/false))
      ->default_str(gongxin::storage::FormatBytes(gongxin::storage::kDefaultMinFreeBytes));
  app.add_option("--etcd-endpoint", options.etcd.endpoint,
                 "keep the ledger on this etcd member (host:port) instead of the embedded "
                 "RocksDB; the key, secrets and urns stay in --data-dir (docs/operations.md, "
                 "\"The ledger on etcd\")");
  app.add_option("--etcd-prefix", options.etcd.prefix,
                 "prefix of every key gongxind writes to etcd")
      ->capture_default_str();
  app.add_option("--etcd-ca", options.etcd.ca_file, "CA that signs etcd's certificate (PEM)");
  app.add_option("--etcd-cert", options.etcd.cert_file,
                 "client certificate gongxind shows etcd (PEM; mutual TLS)");
  app.add_option("--etcd-key", options.etcd.key_file, "its private key (PEM)");
  app.add_option("--archive-dir", options.archive_dir,
                 "directory for meetings moved out of the ledger (`gongxin meeting move-out`), "
                 "read back from there; on etcd, storage every replica reads (docs/operations.md, "
                 "\"Moving a meeting out\")");
  app.add_flag("--print-public-key", print_public_key,
               "print the server's Ed25519 public key (PEM) for auditors and exit; "
               "creates the key if the data directory has none");
  if (std::optional<int> stop = gongxin::util::ParseCommandLine(app, argc, argv)) return *stop;

  absl::StatusOr<grpc_tls_version> tls_version = gongxin::server::ParseTlsVersion(min_tls_version);
  if (!tls_version.ok()) {
    std::cerr << "gongxind: " << tls_version.status().message() << "\n";
    return 1;
  }
  options.min_tls_version = *tls_version;

  if (!tls_dir.empty()) {
    if (options.cert_file.empty()) options.cert_file = tls_dir + "/server.pem";
    if (options.key_file.empty()) options.key_file = tls_dir + "/server.key";
    if (options.client_ca_file.empty()) options.client_ca_file = tls_dir + "/ca.pem";
  }

  if (print_public_key) {
    absl::Status dir = gongxin::crypto::EnsurePrivateDirectory(options.data_dir);
    if (!dir.ok()) {
      std::cerr << "gongxind: --data-dir: " << dir.message() << "\n";
      return 1;
    }
    auto key = gongxin::crypto::LoadOrCreateEd25519KeyFile(
        gongxin::server::SigningKeyPath(options.data_dir));
    if (!key.ok()) {
      std::cerr << "gongxind: " << key.status().message() << "\n";
      return 1;
    }
    std::cout << key->public_key().ToPem();
    return 0;
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto server = gongxin::server::Server::Start(options);
  if (!server.ok()) {
    std::cerr << "gongxind: " << server.status().message() << "\n";
    return 1;
  }
  gongxin::server::LogInfo("gongxind listening on ", options.listen.substr(0, options.listen.rfind(':')),
                           ":", (*server)->port(), options.insecure ? " (INSECURE)" : " (mutual TLS)");
  if (!port_file.empty()) {
    auto written = gongxin::crypto::WriteFileAtomically(
        port_file, absl::StrCat((*server)->port(), "\n"), 0644);
    if (!written.ok()) {
      std::cerr << "gongxind: " << written.message() << "\n";
      return 1;
    }
  }
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop, &sig);
    gongxin::server::LogInfo("signal ", sig, ": shutting down");
    (*server)->Shutdown();
  });
  (*server)->Wait();
  waiter.join();
  return 0;
}
