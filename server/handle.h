// The common edge of every RPC handler: who is calling, may they, does the
// request hold only fields of its schema, run the body, log one line (RPC,
// role, code — never a payload), convert the status.
#ifndef GONGXIN_SERVER_HANDLE_H_
#define GONGXIN_SERVER_HANDLE_H_

#include <functional>
#include <initializer_list>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "server/auth.h"
#include "server/services.h"

namespace gongxin::server {

inline constexpr std::initializer_list<Role> kAnyRole = {Role::kAdmin, Role::kKiosk,
                                                         Role::kOfficer, Role::kAuditor};
// What an observer may also read: the meeting's state and turnout counts
// (GetMeeting, ListMeetings — what the room's big screen shows), its signed
// head and the server key. Never an export (public or not: it holds the
// ballots), a result before anyone else, or a write but their opinions.
inline constexpr std::initializer_list<Role> kAnyRoleOrObserver = {
    Role::kAdmin, Role::kKiosk, Role::kOfficer, Role::kAuditor, Role::kObserver};

// Whether Handle writes its one line for the call.
enum class CallLog {
  kLine,
  // No line: for anonymous casts, whose times in a log would line up with
  // the check-ins (the meeting logs their total at the close instead).
  kNone,
};

// Handle runs `body` for a caller of an `allowed` role whose `request`
// carries no unknown field at any depth (util::RefuseUnknownFields):
// otherwise UNAUTHENTICATED / PERMISSION_DENIED, or INVALID_ARGUMENT naming
// the field path, e.g. "ballot.answers[0]: unknown field 77 (not in
// gongxin.v1.Answer)". A field the schema does not know would otherwise be
// kept, signed into the ledger and published. It logs one line (RPC, role,
// code) unless `log` is kNone.
grpc::Status Handle(const ServiceContext& c, grpc::ServerContext* ctx,
                    absl::string_view rpc, std::initializer_list<Role> allowed,
                    const google::protobuf::Message& request,
                    const std::function<absl::Status(const Caller&)>& body,
                    CallLog log = CallLog::kLine);

// What a HandleAsync body calls, once, from any thread, with its outcome.
using Finish = std::function<void(absl::Status)>;

// HandleAsync is Handle for a method served through gRPC's callback API,
// where no thread may wait: `body` returns at once and calls `finish` when
// its work is done; `respond` then gets the call's status (after the line
// is logged). A refusal before the body calls `respond` at once.
void HandleAsync(const ServiceContext& c, grpc::ServerContextBase* ctx, absl::string_view rpc,
                 std::initializer_list<Role> allowed, const google::protobuf::Message& request,
                 const std::function<void(const Caller&, Finish)>& body,
                 std::function<void(grpc::Status)> respond, CallLog log = CallLog::kLine);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_HANDLE_H_
