// Starting and stopping a gongxind instance: the data directory (signing
// key + RocksDB ledger), TLS, the services, health checking and reflection.
// Used by main() and by in-process tests alike.
#ifndef GONGXIN_SERVER_SERVER_H_
#define GONGXIN_SERVER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/server.h"
#include "server/cosignature_book.h"
#include "server/health_watch.h"
#include "server/registry.h"
#include "server/services.h"
#include "server/transparency_service.h"
#include "server/transparency_log_service.h"
#include "server/witness_service.h"
#include "server/record_service.h"
#include "server/archive_service.h"
#include "storage/etcd_store.h"
#include "storage/free_space.h"

namespace gongxin::server {

struct ServerOptions {
  // host:port; port 0 picks a free port (see Server::port()).
  std::string listen = "127.0.0.1:0";
  // Holds signing-key.pem (Ed25519, mode 0600) and ledger/ (RocksDB).
  // Created mode 0700 if missing; refused if it grants group or others any
  // access.
  std::string data_dir;
  // Mutual TLS: the server's certificate and key (refused if the key file
  // grants group or others any access), and the CA that signs client
  // certificates. Required unless `insecure`.
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  // Plaintext, roles from a header: refused unless every address `listen`
  // resolves to is loopback (server/listen_address.h).
  bool insecure = false;
  // The oldest TLS version a client may negotiate (--min-tls-version).
  grpc_tls_version min_tls_version = grpc_tls_version::TLS1_3;
  // Larger requests are refused with RESOURCE_EXHAUSTED before any handler.
  int max_message_bytes = 16 << 20;
  // Threads gRPC keeps waiting for calls (--max-rpc-threads). Its default
  // keeps two and ends every other thread after its call, so with many
  // kiosks a thread was started and ended per cast; about the number of
  // kiosks at the meeting keeps them (docs/performance.md). Also the bound
  // on anonymous casts running at once (named casts use gRPC's callback
  // API and hold no thread while they wait).
  int max_rpc_threads = 256;
  // The signed-note key name of the meetings' checkpoints, and the first part
  // of their origin line "<log_name>/meeting/<meeting_id>".
  std::string log_name = kDefaultLogName;
  // Witnesses whose cosignatures AddCosignature accepts: C2SP cosignature/v1
  // verifier keys (--witness-key, repeatable), and how many distinct ones
  // must have cosigned the current checkpoint before a meeting may be
  // PUBLISHED (--require-cosignatures; 0 = none).
  std::vector<std::string> witness_keys;
  int require_cosignatures = 0;
  // Writes are refused with RESOURCE_EXHAUSTED, writing nothing, while the
  // file system of the ledger has less than this many bytes free (0: no
  // check); they resume by themselves once space is freed. See
  // storage/free_space.h for the default.
  uint64_t min_free_bytes = storage::kDefaultMinFreeBytes;
  // The ledger on an etcd cluster instead of the embedded RocksDB
  // (storage/etcd_store.h) when `etcd.endpoint` is set. The server's key,
  // the meetings' secrets and their urns stay in data_dir.
  storage::EtcdStoreOptions etcd;
  // Where meetings moved out of the store (ArchiveService.MoveOut) are
  // written and read back (--archive-dir; empty: moving out is refused).
  // Created mode 0700 if missing; refused if it grants group or others any
  // access: the files hold the openings of named forms. With replicas on
  // etcd, every replica must read the same files (docs/operations.md).
  std::string archive_dir;
  // How often the health check re-reads whether every store still takes
  // writes (server/health_watch.h).
  absl::Duration health_check_period = absl::Seconds(1);
};

// Paths inside the data directory.
std::string SigningKeyPath(const std::string& data_dir);
std::string LedgerPath(const std::string& data_dir);

class Server {
 public:
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();

  int port() const { return port_; }
  const crypto::Ed25519PublicKey& public_key() const {
    return registry_->key().public_key();
  }
  void Shutdown();
  void Wait() { grpc_server_->Wait(); }

 private:
  Server() = default;

  std::unique_ptr<Registry> registry_;
  std::unique_ptr<MeetingServiceImpl> meeting_service_;
  std::unique_ptr<KioskServiceImpl> kiosk_service_;
  std::unique_ptr<TallyServiceImpl> tally_service_;
  std::unique_ptr<AuditServiceImpl> audit_service_;
  std::unique_ptr<TransparencyServiceImpl> transparency_service_;
  std::unique_ptr<LogEntryServiceImpl> log_entry_service_;
  std::unique_ptr<CosignatureBook> cosignatures_;
  std::unique_ptr<WitnessServiceImpl> witness_service_;
  std::unique_ptr<RecordServiceImpl> record_service_;
  std::unique_ptr<ArchiveServiceImpl> archive_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  // Last: stopped before what it reads goes.
  std::unique_ptr<HealthWatch> health_watch_;
  int port_ = 0;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_SERVER_H_
