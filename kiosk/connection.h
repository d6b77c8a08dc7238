// How the gongxin CLI reaches gongxind: address, mutual-TLS files picked by
// role from a `gongxin pki init` directory, or the loopback --insecure mode.
#ifndef GONGXIN_KIOSK_CONNECTION_H_
#define GONGXIN_KIOSK_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gongxin/v1/service.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace gongxin::kiosk {

struct ConnectionOptions {
  std::string server = "127.0.0.1:7443";
  // Directory with ca.pem and <identity>.pem/.key; `identity` defaults to
  // the role the command needs (admin, kiosk, officer, auditor).
  std::string pki_dir;
  std::string identity;
  // Explicit files override the directory.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  bool insecure = false;
  std::chrono::seconds timeout{30};
};

class Connection {
 public:
  // Connect builds the channel; `role` is the role the command acts as.
  static absl::StatusOr<Connection> Connect(const ConnectionOptions& options,
                                            const std::string& role);

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // NewContext sets the deadline and, in insecure mode, the role header.
  std::unique_ptr<grpc::ClientContext> NewContext() const;
  // For long streams (exports): no deadline.
  std::unique_ptr<grpc::ClientContext> NewStreamContext() const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string role_;
  bool insecure_ = false;
  std::chrono::seconds timeout_{30};
};

absl::Status FromGrpc(const grpc::Status& s);

// GetMeeting asks the server for the meeting's status, spec, progress and
// token keys (MeetingService.GetMeeting, any role).
absl::StatusOr<v1::MeetingInfo> GetMeeting(const Connection& connection,
                                           const std::string& meeting_id);

}  // namespace gongxin::kiosk

#endif  // GONGXIN_KIOSK_CONNECTION_H_
