// gongxind's mutual-TLS server credentials: the server's certificate and key,
// client certificates required and verified against one CA, and a floor on
// the TLS version (TLS 1.3 unless the operator lowers it).
#ifndef GONGXIN_SERVER_TLS_CREDENTIALS_H_
#define GONGXIN_SERVER_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"

namespace gongxin::server {

// Parses "1.2" or "1.3" (a --min-tls-version value); INVALID_ARGUMENT
// naming the flag otherwise.
absl::StatusOr<grpc_tls_version> ParseTlsVersion(absl::string_view text);

// MutualTlsServerCredentials returns credentials that require a client
// certificate signed by `client_ca_pem` and negotiate TLS `min_version` or
// later (TLS 1.3 is the latest gRPC 1.51 knows). INVALID_ARGUMENT if a PEM is
// empty; a certificate or key that does not parse fails when the port is
// added (Server::Start reports it).
//
// gRPC 1.51 negotiates TLS 1.2 and 1.3 and has no public setting for the
// floor (TlsCredentialsOptions::set_min_tls_version arrived in 1.60), though
// its SSL server credentials carry one: this sets it through
// grpc_ssl_server_credentials::set_min_tls_version, which libgrpc exports. A
// gRPC without that symbol fails to link, loudly; tests/server/tls_test.cc
// checks that a TLS 1.2 client is refused.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MutualTlsServerCredentials(
    const std::string& cert_pem, const std::string& key_pem, const std::string& client_ca_pem,
    grpc_tls_version min_version = grpc_tls_version::TLS1_3);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_TLS_CREDENTIALS_H_
