#include "server/handle.h"

#include "absl/status/statusor.h"
#include "server/grpc_status.h"
#include "server/log.h"
#include "util/proto_fields.h"

namespace gongxin::server {

grpc::Status Handle(const ServiceContext& c, grpc::ServerContext* ctx,
                    absl::string_view rpc, std::initializer_list<Role> allowed,
                    const google::protobuf::Message& request,
                    const std::function<absl::Status(const Caller&)>& body, CallLog log) {
  absl::StatusOr<Caller> caller = IdentifyCaller(*ctx, c.insecure);
  absl::Status s = caller.status();
  if (s.ok()) s = RequireRole(*caller, allowed, rpc);
  if (s.ok()) s = util::RefuseUnknownFields(request, "");
  if (s.ok()) s = body(*caller);
  if (log == CallLog::kNone) return ToGrpcStatus(s);
  LogInfo("rpc=", rpc, " role=", caller.ok() ? RoleName(caller->role) : "-",
          " code=", absl::StatusCodeToString(s.code()));
  return ToGrpcStatus(s);
}

void HandleAsync(const ServiceContext& c, grpc::ServerContextBase* ctx, absl::string_view rpc,
                 std::initializer_list<Role> allowed, const google::protobuf::Message& request,
                 const std::function<void(const Caller&, Finish)>& body,
                 std::function<void(grpc::Status)> respond, CallLog log) {
  absl::StatusOr<Caller> caller = IdentifyCaller(*ctx, c.insecure);
  absl::Status s = caller.status();
  if (s.ok()) s = RequireRole(*caller, allowed, rpc);
  if (s.ok()) s = util::RefuseUnknownFields(request, "");
  std::string role(caller.ok() ? RoleName(caller->role) : absl::string_view("-"));
  auto conclude = [rpc = std::string(rpc), role = std::move(role), log,
                   respond = std::move(respond)](absl::Status s) {
    if (log == CallLog::kLine) {
      LogInfo("rpc=", rpc, " role=", role, " code=", absl::StatusCodeToString(s.code()));
    }
    respond(ToGrpcStatus(s));
  };
  if (!s.ok()) {
    conclude(s);
    return;
  }
  body(*caller, std::move(conclude));
}

}  // namespace gongxin::server
