// Who is calling: the role (admin, kiosk, officer, auditor, observer) and name come
// from the client certificate (subject OU and CN) presented over mutual
// TLS. Every RPC handler asks for a Caller and checks the role first.
#ifndef GONGXIN_SERVER_AUTH_H_
#define GONGXIN_SERVER_AUTH_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace gongxin::server {

// kObserver: a party deputy on the 旁听席 (000), who may watch a meeting's
// progress and record opinions, and nothing else (server/handle.h).
enum class Role { kAdmin, kKiosk, kOfficer, kAuditor, kObserver };

absl::string_view RoleName(Role role);
absl::StatusOr<Role> ParseRole(absl::string_view name);

struct Caller {
  Role role;
  std::string name;  // certificate CN, recorded as the actor on the ledger
};

// Metadata key naming the role in --insecure mode (loopback demo only).
inline constexpr char kInsecureRoleHeader[] = "x-gongxin-role";

// IdentifyCaller reads the verified peer certificate (or, when `insecure`,
// the role header) and returns UNAUTHENTICATED when there is none, and
// PERMISSION_DENIED when it is not a client certificate (CA:FALSE,
// extendedKeyUsage clientAuth), or its subject has no OU naming a role, or
// more than one OU or CN.
absl::StatusOr<Caller> IdentifyCaller(const grpc::ServerContextBase& context,
                                      bool insecure);

// RequireRole returns PERMISSION_DENIED naming the RPC and the roles allowed.
absl::Status RequireRole(const Caller& caller, std::initializer_list<Role> allowed,
                         absl::string_view rpc);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_AUTH_H_
