#include "server/tls_credentials.h"

#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"
#include "grpc/grpc_security.h"

// gRPC core's SSL server credentials (src/core/lib/security/credentials/ssl/
// ssl_credentials.h, not installed). Only this member function is declared:
// it is exported by libgrpc.so and called by its mangled name, on the object
// grpc_ssl_server_credentials_create_ex returns (grpc_ssl_server_credentials
// derives from grpc_server_credentials alone, so the pointers are equal).
class grpc_ssl_server_credentials {
 public:
  void set_min_tls_version(grpc_tls_version min_tls_version);
};

namespace gongxin::server {
namespace {

// The C++ face of C-core server credentials, as grpc::SslServerCredentials
// makes (src/cpp/server/secure_server_credentials.h): it owns the core object
// and adds the listening port with it.
class CoreServerCredentials final : public grpc::ServerCredentials {
 public:
  explicit CoreServerCredentials(grpc_server_credentials* creds) : creds_(creds) {}
  ~CoreServerCredentials() override { grpc_server_credentials_release(creds_); }
  CoreServerCredentials(const CoreServerCredentials&) = delete;
  CoreServerCredentials& operator=(const CoreServerCredentials&) = delete;

  // gongxind authorises in its handlers (server/auth.h), not in a processor.
  void SetAuthMetadataProcessor(
      const std::shared_ptr<grpc::AuthMetadataProcessor>& /*processor*/) override {}

 private:
  int AddPortToServer(const std::string& addr, grpc_server* server) override {
    return grpc_server_add_http2_port(server, addr.c_str(), creds_);
  }

  grpc_server_credentials* const creds_;
};

}  // namespace

absl::StatusOr<grpc_tls_version> ParseTlsVersion(absl::string_view text) {
  if (text == "1.3") return grpc_tls_version::TLS1_3;
  if (text == "1.2") return grpc_tls_version::TLS1_2;
  return absl::InvalidArgumentError(
      absl::StrCat("--min-tls-version: \"", text, "\" is not 1.2 or 1.3"));
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MutualTlsServerCredentials(
    const std::string& cert_pem, const std::string& key_pem, const std::string& client_ca_pem,
    grpc_tls_version min_version) {
  if (cert_pem.empty() || key_pem.empty() || client_ca_pem.empty()) {
    return absl::InvalidArgumentError(
        "mutual TLS needs a server certificate, its key and the client CA, none empty");
  }
  grpc_ssl_pem_key_cert_pair pair = {key_pem.c_str(), cert_pem.c_str()};
  grpc_server_credentials* creds = grpc_ssl_server_credentials_create_ex(
      client_ca_pem.c_str(), &pair, 1, GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY,
      nullptr);
  if (creds == nullptr) {
    return absl::InvalidArgumentError("gRPC refused the TLS server certificate, key or CA");
  }
  auto owned = std::make_shared<CoreServerCredentials>(creds);
  reinterpret_cast<grpc_ssl_server_credentials*>(creds)->set_min_tls_version(min_version);
  return owned;
}

}  // namespace gongxin::server
