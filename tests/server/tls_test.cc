// The TLS gongxind speaks: a real server on 127.0.0.1 and an OpenSSL client
// in this process that allows only the versions a test names. TLS 1.3 is
// the floor unless --min-tls-version lowers it; mutual TLS and the role from
// the certificate are as before (the service tests run over these
// credentials).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "crypto/x509.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "server/tls_credentials.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

struct Handshake {
  bool ok = false;
  int version = 0;    // TLS1_3_VERSION, ... when ok
  std::string error;  // OpenSSL's reason otherwise
};

// Connects to 127.0.0.1:port as pki/<identity> over TLS versions
// [min_version, max_version], offers HTTP/2 as gRPC clients do, and counts
// the session as accepted once the server has sent its first HTTP/2 frame
// (a server that refuses the client certificate under TLS 1.3 says so only
// after the client's handshake is done).
Handshake ConnectWithOpenSsl(int port, const std::string& pki, const std::string& identity,
                             int min_version, int max_version) {
  Handshake result;
  const auto fail = [&result](absl::string_view what) {
    const unsigned long code = ERR_get_error();
    result.error = absl::StrCat(what, ": ", code != 0 ? ERR_reason_error_string(code) : "");
    ERR_clear_error();
    return result;
  };
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  const std::string cert = pki + "/" + identity + ".pem";
  const std::string key = pki + "/" + identity + ".key";
  const std::string ca = pki + "/ca.pem";
  static const unsigned char kAlpn[] = {2, 'h', '2'};
  if (ctx == nullptr || SSL_CTX_set_min_proto_version(ctx.get(), min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), max_version) != 1 ||
      SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_load_verify_locations(ctx.get(), ca.c_str(), nullptr) != 1 ||
      SSL_CTX_set_alpn_protos(ctx.get(), kAlpn, sizeof(kAlpn)) != 0) {
    return fail("client context");
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);

  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return fail("connect");
  }
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  SSL_set1_host(ssl.get(), "127.0.0.1");
  const bool connected = SSL_connect(ssl.get()) == 1;
  if (connected) {
    // The HTTP/2 client preface and an empty SETTINGS frame; the server
    // answers with its SETTINGS frame (type 4).
    static const char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0";
    char frame[9];
    if (SSL_write(ssl.get(), kPreface, sizeof(kPreface) - 1) > 0 &&
        SSL_read(ssl.get(), frame, sizeof(frame)) == sizeof(frame) && frame[3] == 4) {
      result.ok = true;
      result.version = SSL_version(ssl.get());
    }
  }
  if (!result.ok) fail(connected ? "after the handshake" : "handshake");
  SSL_shutdown(ssl.get());
  ::close(fd);
  return result;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(crypto::CreateLocalPki(Pki())); }

  absl::Status Start(grpc_tls_version min_version) {
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.data_dir = dir_.File("data");
    o.cert_file = Pki() + "/server.pem";
    o.key_file = Pki() + "/server.key";
    o.client_ca_file = Pki() + "/ca.pem";
    o.min_tls_version = min_version;
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(o);
    if (!server.ok()) return server.status();
    server_ = *std::move(server);
    return absl::OkStatus();
  }

  std::string Pki() const { return dir_.File("pki"); }

  testing::TempDir dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsTest, TlsTwelveClientIsRefusedByDefault) {
  ASSERT_OK(Start(grpc_tls_version::TLS1_3));
  const Handshake old = ConnectWithOpenSsl(server_->port(), Pki(), "admin", TLS1_2_VERSION,
                                           TLS1_2_VERSION);
  EXPECT_FALSE(old.ok) << "a TLS 1.2 session was accepted";
  EXPECT_THAT(old.error, HasSubstr("handshake"));
}

TEST_F(TlsTest, TlsThirteenClientIsServed) {
  ASSERT_OK(Start(grpc_tls_version::TLS1_3));
  const Handshake current = ConnectWithOpenSsl(server_->port(), Pki(), "admin", TLS1_2_VERSION,
                                               TLS1_3_VERSION);
  ASSERT_TRUE(current.ok) << current.error;
  EXPECT_EQ(current.version, TLS1_3_VERSION);
}

TEST_F(TlsTest, MinTlsVersionTwelveLetsATlsTwelveClientIn) {
  // The refusal above is the floor's doing, not the client's.
  ASSERT_OK(Start(grpc_tls_version::TLS1_2));
  const Handshake old = ConnectWithOpenSsl(server_->port(), Pki(), "admin", TLS1_2_VERSION,
                                           TLS1_2_VERSION);
  ASSERT_TRUE(old.ok) << old.error;
  EXPECT_EQ(old.version, TLS1_2_VERSION);
}

TEST_F(TlsTest, MutualTlsAndTheRoleFromTheCertificateAreKept) {
  ASSERT_OK(Start(grpc_tls_version::TLS1_3));
  const auto create = [&](const grpc::SslCredentialsOptions& ssl) {
    auto stub = v1::MeetingService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::SslCredentials(ssl)));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::CreateMeetingRequest req;
    v1::CreateMeetingResponse resp;
    return stub->CreateMeeting(&ctx, req, &resp);
  };
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = *crypto::ReadFile(Pki() + "/ca.pem");
  // No client certificate: the handshake fails.
  EXPECT_EQ(create(ssl).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A kiosk may not create meetings; an admin gets past the role check to
  // the empty spec.
  ssl.pem_cert_chain = *crypto::ReadFile(Pki() + "/kiosk.pem");
  ssl.pem_private_key = *crypto::ReadFile(Pki() + "/kiosk.key");
  const grpc::Status kiosk = create(ssl);
  EXPECT_EQ(kiosk.error_code(), grpc::StatusCode::PERMISSION_DENIED) << kiosk.error_message();
  EXPECT_THAT(kiosk.error_message(), HasSubstr("\"kiosk-1\" has role kiosk"));
  ssl.pem_cert_chain = *crypto::ReadFile(Pki() + "/admin.pem");
  ssl.pem_private_key = *crypto::ReadFile(Pki() + "/admin.key");
  EXPECT_EQ(create(ssl).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(TlsVersionTest, OnlyTwelveAndThirteenParse) {
  EXPECT_EQ(ParseTlsVersion("1.3").value(), grpc_tls_version::TLS1_3);
  EXPECT_EQ(ParseTlsVersion("1.2").value(), grpc_tls_version::TLS1_2);
  EXPECT_THAT(ParseTlsVersion("1.1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--min-tls-version")));
}

}  // namespace
}  // namespace gongxin::server
