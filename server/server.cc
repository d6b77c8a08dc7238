#include "server/server.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "crypto/signed_note.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/auth.h"
#include "server/listen_address.h"
#include "server/log.h"
#include "server/tls_credentials.h"
#include "storage/etcd_store.h"
#include "storage/rocksdb_store.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& o) {
  if (o.insecure) return grpc::InsecureServerCredentials();
  if (o.cert_file.empty() || o.key_file.empty() || o.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs --cert, --key and --client-ca (or --tls-dir); --insecure is "
        "only for a loopback demo");
  }
  ASSIGN_OR_RETURN(std::string cert, crypto::ReadFile(o.cert_file));
  ASSIGN_OR_RETURN(std::string key, crypto::ReadPrivateFile(o.key_file));
  absl::Cleanup wipe = [&key] { OPENSSL_cleanse(key.data(), key.size()); };
  ASSIGN_OR_RETURN(std::string ca, crypto::ReadFile(o.client_ca_file));
  return MutualTlsServerCredentials(cert, key, ca, o.min_tls_version);
}

}  // namespace

std::string SigningKeyPath(const std::string& data_dir) {
  return data_dir + "/signing-key.pem";
}
std::string LedgerPath(const std::string& data_dir) { return data_dir + "/ledger"; }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& o) {
  std::string listen = o.listen;
  if (o.insecure) {
    ASSIGN_OR_RETURN(listen, LoopbackListenAddress(o.listen));
  }
  if (o.data_dir.empty()) return absl::InvalidArgumentError("--data-dir: required");
  if (!crypto::IsValidNoteKeyName(o.log_name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--log-name: \"", o.log_name,
        "\" is not a signed-note key name (non-empty UTF-8, no spaces, '+' or control "
        "characters)"));
  }
  ASSIGN_OR_RETURN(auto creds, Credentials(o));
  RETURN_IF_ERROR(crypto::EnsurePrivateDirectory(o.data_dir));
  if (!o.archive_dir.empty()) {
    if (absl::Status s = crypto::EnsurePrivateDirectory(o.archive_dir); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("--archive-dir: ", s.message()));
    }
  }
  bool created = false;
  ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey key,
                   crypto::LoadOrCreateEd25519KeyFile(SigningKeyPath(o.data_dir), &created));
  if (created) LogInfo("created signing key ", SigningKeyPath(o.data_dir));
  storage::RocksDbStoreOptions store_options;
  store_options.min_free_bytes = o.min_free_bytes;
  store_options.log = [](absl::string_view line) { LogWarning("rocksdb: ", line); };
  std::unique_ptr<storage::Store> store;
  if (o.etcd.endpoint.empty()) {
    ASSIGN_OR_RETURN(store, storage::OpenRocksDbStore(LedgerPath(o.data_dir), store_options));
  } else {
    ASSIGN_OR_RETURN(store, storage::OpenEtcdStore(o.etcd));
    LogInfo("ledger on etcd at ", o.etcd.endpoint, " under the prefix \"", o.etcd.prefix, "\"");
  }

  std::unique_ptr<Server> s(new Server());
  // The urns of open meetings take the same reserve and log as the ledger.
  ASSIGN_OR_RETURN(s->registry_,
                   Registry::Open(std::move(store), std::move(key), o.data_dir, store_options,
                                  o.archive_dir));
  ASSIGN_OR_RETURN(s->cosignatures_,
                   CosignatureBook::Create(s->registry_->store(), &s->registry_->key(),
                                           o.log_name, o.witness_keys, o.require_cosignatures));
  ServiceContext context{s->registry_.get(), o.insecure, o.log_name, s->cosignatures_.get(),
                         o.max_rpc_threads};
  s->meeting_service_ = std::make_unique<MeetingServiceImpl>(context);
  s->kiosk_service_ = std::make_unique<KioskServiceImpl>(context);
  s->tally_service_ = std::make_unique<TallyServiceImpl>(context);
  s->audit_service_ = std::make_unique<AuditServiceImpl>(context);
  s->transparency_service_ = std::make_unique<TransparencyServiceImpl>(context, o.log_name);
  s->log_entry_service_ = std::make_unique<LogEntryServiceImpl>(context);
  s->witness_service_ = std::make_unique<WitnessServiceImpl>(context);
  s->record_service_ = std::make_unique<RecordServiceImpl>(context);
  s->archive_service_ = std::make_unique<ArchiveServiceImpl>(context);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, creds, &s->port_);
  builder.SetMaxReceiveMessageSize(o.max_message_bytes);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(2, o.max_rpc_threads));
  builder.RegisterService(s->meeting_service_.get());
  builder.RegisterService(s->kiosk_service_.get());
  builder.RegisterService(s->tally_service_.get());
  builder.RegisterService(s->audit_service_.get());
  builder.RegisterService(s->transparency_service_.get());
  builder.RegisterService(s->log_entry_service_.get());
  builder.RegisterService(s->witness_service_.get());
  builder.RegisterService(s->record_service_.get());
  builder.RegisterService(s->archive_service_.get());
  s->grpc_server_ = builder.BuildAndStart();
  if (s->grpc_server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  grpc::HealthCheckServiceInterface* health = s->grpc_server_->GetHealthCheckService();
  s->health_watch_ = std::make_unique<HealthWatch>(
      o.health_check_period, [registry = s->registry_.get()] { return registry->WriteFailure(); },
      [health](bool serving) { health->SetServingStatus(serving); });
  if (o.insecure) {
    LogWarning("--insecure: no TLS; roles come from the ", kInsecureRoleHeader,
               " header. For a loopback demo only.");
  }
  return s;
}

void Server::Shutdown() {
  health_watch_.reset();
  if (grpc_server_ != nullptr) {
    grpc_server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
}

Server::~Server() { Shutdown(); }

}  // namespace gongxin::server
