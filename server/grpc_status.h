// Conversion of absl::Status to grpc::Status. The codes map one to one, so
// every layer below returns absl::Status and only the RPC edge converts.
#ifndef GONGXIN_SERVER_GRPC_STATUS_H_
#define GONGXIN_SERVER_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace gongxin::server {

inline grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_GRPC_STATUS_H_
