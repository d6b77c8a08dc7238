#include "server/handle.h"

#include "absl/status/statusor.h"
#include "server/grpc_status.h"
#include "server/log.h"
#include "util/proto_fields.h"

namespace gongxin::server {

namespace {

// The checks every call passes before its body: a caller, of an allowed
// role, sending only known fields.
absl::Status Admit(const absl::StatusOr<Caller>& caller, absl::string_view rpc,
                   std::initializer_list<Role> allowed, const google::protobuf::Message& request) {
  if (!caller.ok()) return caller.status();
  if (absl::Status s = RequireRole(*caller, allowed, rpc); !s.ok()) return s;
  return util::RefuseUnknownFields(request, "");
}

// The role for the call's line, also when a later check refused it.
absl::string_view RoleOf(const absl::StatusOr<Caller>& caller) {
  return caller.ok() ? RoleName(caller->role) : "-";
}

// The call's one line, then its status for gRPC.
grpc::Status Conclude(absl::string_view rpc, absl::string_view role, const absl::Status& s,
                      CallLog log) {
  if (log == CallLog::kLine) {
    LogInfo("rpc=", rpc, " role=", role, " code=", absl::StatusCodeToString(s.code()));
  }
  return ToGrpcStatus(s);
}

}  // namespace

grpc::Status Handle(const ServiceContext& c, grpc::ServerContext* ctx,
                    absl::string_view rpc, std::initializer_list<Role> allowed,
                    const google::protobuf::Message& request,
                    const std::function<absl::Status(const Caller&)>& body, CallLog log) {
  absl::StatusOr<Caller> caller = IdentifyCaller(*ctx, c.insecure);
  absl::Status s = Admit(caller, rpc, allowed, request);
  if (s.ok()) s = body(*caller);
  return Conclude(rpc, RoleOf(caller), s, log);
}

void HandleAsync(const ServiceContext& c, grpc::ServerContextBase* ctx, absl::string_view rpc,
                 std::initializer_list<Role> allowed, const google::protobuf::Message& request,
                 const std::function<void(const Caller&, Finish)>& body,
                 std::function<void(grpc::Status)> respond, CallLog log) {
  absl::StatusOr<Caller> caller = IdentifyCaller(*ctx, c.insecure);
  auto conclude = [rpc = std::string(rpc), role = std::string(RoleOf(caller)), log,
                   respond = std::move(respond)](absl::Status s) {
    respond(Conclude(rpc, role, s, log));
  };
  if (absl::Status s = Admit(caller, rpc, allowed, request); !s.ok()) {
    conclude(s);
    return;
  }
  body(*caller, std::move(conclude));
}

}  // namespace gongxin::server
