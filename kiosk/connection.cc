#include "kiosk/connection.h"

#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "util/status_macros.h"

namespace gongxin::kiosk {

absl::StatusOr<Connection> Connection::Connect(const ConnectionOptions& o,
                                               const std::string& role) {
  Connection c;
  c.role_ = role;
  c.insecure_ = o.insecure;
  c.timeout_ = o.timeout;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (o.insecure) {
    c.channel_ = grpc::CreateCustomChannel(o.server, grpc::InsecureChannelCredentials(), args);
    return c;
  }
  const std::string identity = o.identity.empty() ? role : o.identity;
  std::string ca = o.ca_file, cert = o.cert_file, key = o.key_file;
  if (!o.pki_dir.empty()) {
    if (ca.empty()) ca = o.pki_dir + "/ca.pem";
    if (cert.empty()) cert = o.pki_dir + "/" + identity + ".pem";
    if (key.empty()) key = o.pki_dir + "/" + identity + ".key";
  }
  if (ca.empty() || cert.empty() || key.empty()) {
    return absl::InvalidArgumentError(
        "no TLS files: pass --pki DIR (from `gongxin pki init DIR`) or "
        "--ca/--cert/--key, or set GONGXIN_PKI");
  }
  grpc::SslCredentialsOptions ssl;
  ASSIGN_OR_RETURN(ssl.pem_root_certs, crypto::ReadFile(ca));
  ASSIGN_OR_RETURN(ssl.pem_cert_chain, crypto::ReadFile(cert));
  ASSIGN_OR_RETURN(ssl.pem_private_key, crypto::ReadFile(key));
  c.channel_ = grpc::CreateCustomChannel(o.server, grpc::SslCredentials(ssl), args);
  return c;
}

std::unique_ptr<grpc::ClientContext> Connection::NewContext() const {
  auto ctx = NewStreamContext();
  ctx->set_deadline(std::chrono::system_clock::now() + timeout_);
  return ctx;
}

std::unique_ptr<grpc::ClientContext> Connection::NewStreamContext() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (insecure_) ctx->AddMetadata("x-gongxin-role", role_);
  return ctx;
}

absl::Status FromGrpc(const grpc::Status& s) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

absl::StatusOr<v1::MeetingInfo> GetMeeting(const Connection& connection,
                                           const std::string& meeting_id) {
  auto stub = v1::MeetingService::NewStub(connection.channel());
  v1::GetMeetingRequest request;
  request.set_meeting_id(meeting_id);
  v1::MeetingInfo info;
  auto ctx = connection.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->GetMeeting(ctx.get(), request, &info)));
  return info;
}

}  // namespace gongxin::kiosk
