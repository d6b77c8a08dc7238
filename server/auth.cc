#include "server/auth.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_join.h"
#include "crypto/x509.h"
#include "grpcpp/security/auth_context.h"

namespace gongxin::server {

namespace {

// Parsing a PEM certificate costs OpenSSL 3 a decoder lookup — more than the
// rest of a Cast together — and a kiosk presents the same certificate on
// every call, so parsed certificates are remembered. The key is the
// certificate gRPC already verified against the CA; the cache only saves the
// parse. Bounded: cleared when full.
class CertificateCache {
 public:
  absl::StatusOr<crypto::CertificateInfo> Parse(absl::string_view pem) {
    {
      absl::MutexLock lock(&mu_);
      auto it = parsed_.find(pem);
      if (it != parsed_.end()) return it->second;
    }
    absl::StatusOr<crypto::CertificateInfo> info = crypto::ParseCertificatePem(pem);
    if (!info.ok()) return info;
    absl::MutexLock lock(&mu_);
    if (parsed_.size() >= kMaxEntries) parsed_.clear();
    parsed_.emplace(std::string(pem), *info);
    return info;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, crypto::CertificateInfo> parsed_ ABSL_GUARDED_BY(mu_);
};

CertificateCache& Certificates() {
  static CertificateCache* cache = new CertificateCache();
  return *cache;
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kKiosk:
      return "kiosk";
    case Role::kOfficer:
      return "officer";
    case Role::kAuditor:
      return "auditor";
    case Role::kObserver:
      return "observer";
  }
  return "?";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role r : {Role::kAdmin, Role::kKiosk, Role::kOfficer, Role::kAuditor, Role::kObserver}) {
    if (name == RoleName(r)) return r;
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "role \"", name, "\" is not one of admin, kiosk, officer, auditor, observer"));
}

absl::StatusOr<Caller> IdentifyCaller(const grpc::ServerContextBase& context,
                                      bool insecure) {
  if (insecure) {
    auto it = context.client_metadata().find(kInsecureRoleHeader);
    if (it == context.client_metadata().end()) {
      return absl::UnauthenticatedError(absl::StrCat(
          "insecure mode: the request has no ", kInsecureRoleHeader, " header"));
    }
    absl::string_view role_name(it->second.data(), it->second.size());
    auto role = ParseRole(role_name);
    if (!role.ok()) return role.status();
    return Caller{*role, absl::StrCat("insecure-", role_name)};
  }
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("no verified client certificate");
  }
  std::vector<grpc::string_ref> pems = auth->FindPropertyValues("x509_pem_cert");
  if (pems.empty()) {
    return absl::UnauthenticatedError("no client certificate presented");
  }
  // TLS verified the certificate against the CA: the caller is who it
  // says, but a certificate that names no single role, or was not issued
  // to a client, grants nothing.
  auto info = Certificates().Parse(
      absl::string_view(pems.front().data(), pems.front().size()));
  if (!info.ok()) {
    return absl::PermissionDeniedError(
        absl::StrCat("client certificate: ", info.status().message()));
  }
  if (absl::Status profile = crypto::CheckClientCertificate(*info); !profile.ok()) {
    return absl::PermissionDeniedError(absl::StrCat("client ", profile.message()));
  }
  auto role = ParseRole(info->organizational_unit);
  if (!role.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "client certificate \"", info->common_name,
        "\": subject OU names no role (", role.status().message(), ")"));
  }
  return Caller{*role, info->common_name};
}

absl::Status RequireRole(const Caller& caller, std::initializer_list<Role> allowed,
                         absl::string_view rpc) {
  std::vector<std::string> names;
  for (Role r : allowed) {
    if (r == caller.role) return absl::OkStatus();
    names.emplace_back(RoleName(r));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      rpc, " is for the ", absl::StrJoin(names, " or "), " role; \"",
      caller.name, "\" has role ", RoleName(caller.role)));
}

}  // namespace gongxin::server
