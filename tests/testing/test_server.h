// An in-process gongxind over real mutual TLS on 127.0.0.1 (port 0) with a
// real RocksDB data directory, and channels for each role's certificate.
#ifndef GONGXIN_TESTS_TESTING_TEST_SERVER_H_
#define GONGXIN_TESTS_TESTING_TEST_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "crypto/x509.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "server/server.h"

namespace gongxin::testing {

class TestServer {
 public:
  // PKI goes to dir/pki (made once), data to dir/data.
  explicit TestServer(std::string dir) : dir_(std::move(dir)) {}

  absl::Status Start(int max_message_bytes = 16 << 20) {
    if (!pki_made_) {
      absl::Status s = crypto::CreateLocalPki(pki_dir());
      if (!s.ok()) return s;
      pki_made_ = true;
    }
    server::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.data_dir = data_dir();
    o.cert_file = pki_dir() + "/server.pem";
    o.key_file = pki_dir() + "/server.key";
    o.client_ca_file = pki_dir() + "/ca.pem";
    o.max_message_bytes = max_message_bytes;
    o.witness_keys = witness_keys;
    o.require_cosignatures = require_cosignatures;
    auto s = server::Server::Start(o);
    if (!s.ok()) return s.status();
    server_ = *std::move(s);
    return absl::OkStatus();
  }
  void Stop() { server_.reset(); }

  // A channel presenting pki/<identity>.pem (e.g. "admin", "kiosk").
  std::shared_ptr<grpc::Channel> Channel(const std::string& identity) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Read(pki_dir() + "/ca.pem");
    ssl.pem_cert_chain = Read(pki_dir() + "/" + identity + ".pem");
    ssl.pem_private_key = Read(pki_dir() + "/" + identity + ".key");
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    return grpc::CreateCustomChannel(Address(), grpc::SslCredentials(ssl), args);
  }
  // A TLS channel with no client certificate.
  std::shared_ptr<grpc::Channel> AnonymousChannel() const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Read(pki_dir() + "/ca.pem");
    return grpc::CreateChannel(Address(), grpc::SslCredentials(ssl));
  }

  std::string Address() const { return absl::StrCat("127.0.0.1:", server_->port()); }
  std::string pki_dir() const { return dir_ + "/pki"; }
  std::string data_dir() const { return dir_ + "/data"; }
  // The server's signing key, as an attacker with the data directory has it.
  crypto::Ed25519PrivateKey SigningKey() const {
    return *crypto::LoadOrCreateEd25519KeyFile(server::SigningKeyPath(data_dir()));
  }
  server::Server* server() { return server_.get(); }

  // Passed to the server at the next Start (--witness-key,
  // --require-cosignatures).
  std::vector<std::string> witness_keys;
  int require_cosignatures = 0;

 private:
  static std::string Read(const std::string& path) {
    auto text = crypto::ReadFile(path);
    return text.ok() ? *text : std::string();
  }

  std::string dir_;
  bool pki_made_ = false;
  std::unique_ptr<server::Server> server_;
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_TEST_SERVER_H_
