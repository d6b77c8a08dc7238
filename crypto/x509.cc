#include "crypto/x509.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "crypto/key_file.h"
#include "crypto/openssl_error.h"
#include "crypto/openssl_handles.h"
#include "crypto/pem.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

constexpr char kOrganization[] = "gongxin";
constexpr char kCaCommonName[] = "gongxin local CA";
constexpr char kServerCommonName[] = "gongxind";

// What distinguishes one certificate from another; the rest is common.
struct CertificateSpec {
  std::vector<std::pair<int, std::string>> subject;  // (NID, value), in order
  bool is_ca = false;
  const char* extended_key_usage = nullptr;  // e.g. "serverAuth"; or none
  std::string subject_alt_names;             // X509v3 config syntax; or none
};

absl::Status InvalidName(absl::string_view what, absl::string_view name,
                         absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, " \"", name, "\" ", why));
}

// Role and client names become file names and certificate subjects.
absl::Status CheckName(absl::string_view what, absl::string_view name) {
  if (name.empty() || name.size() > 64) {
    return InvalidName(what, name, "must be 1-64 characters");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_'))) {
      return InvalidName(what, name,
                         "must be [a-z0-9_-], starting with [a-z0-9]");
    }
  }
  if (name == "ca" || name == "server") {
    return InvalidName(what, name, "is reserved");
  }
  return absl::OkStatus();
}

absl::Status CheckIp(absl::string_view ip) {
  unsigned char buf[sizeof(struct in6_addr)];
  std::string s(ip);
  if (inet_pton(AF_INET, s.c_str(), buf) == 1 ||
      inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return absl::OkStatus();
  }
  return InvalidName("server IP", ip, "is not an IPv4 or IPv6 address");
}

absl::Status CheckDnsName(absl::string_view name) {
  bool ok = !name.empty() && name.size() <= 253 && name.front() != '.' &&
            name.back() != '.';
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '-' || c == '.');
  }
  if (ok) return absl::OkStatus();
  return InvalidName("server DNS name", name, "is not a host name");
}

std::string JoinPath(absl::string_view dir, absl::string_view name) {
  return absl::StrCat(dir, "/", name);
}

// Returns OK if `path` does not exist, ALREADY_EXISTS if it does.
absl::Status CheckAbsent(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) {
    return absl::AlreadyExistsError(absl::StrCat(path, " already exists"));
  }
  if (errno != ENOENT) return absl::ErrnoToStatus(errno, "stat " + path);
  return absl::OkStatus();
}

absl::StatusOr<EvpPkeyPtr> NewP256Key() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, "P-256 key generation");
  }
  return key;
}

absl::Status AddExtension(X509* cert, X509V3_CTX* ctx, int nid,
                          const std::string& value) {
  X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (ext == nullptr || X509_add_ext(cert, ext.get(), -1) != 1) {
    return OpenSslError(
        absl::StatusCode::kInternal,
        absl::StrCat("X.509 extension ", OBJ_nid2sn(nid), "=", value));
  }
  return absl::OkStatus();
}

// Returns a certificate for `key` as `spec` says, valid for `days` (capped at
// the issuer's expiry) and signed by `issuer_key`. With a null `issuer` it is
// self-signed.
absl::StatusOr<X509Ptr> MakeCertificate(const CertificateSpec& spec,
                                        EVP_PKEY* key, const X509* issuer,
                                        EVP_PKEY* issuer_key, int days) {
  X509Ptr cert(X509_new());
  BignumPtr serial(BN_new());
  if (cert == nullptr || serial == nullptr ||
      X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) ==
          nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 60) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr) ==
          nullptr ||
      X509_set_pubkey(cert.get(), key) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "building certificate");
  }
  X509_NAME* subject = X509_get_subject_name(cert.get());
  for (const auto& [nid, value] : spec.subject) {
    if (X509_NAME_add_entry_by_NID(
            subject, nid, MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(value.data()),
            static_cast<int>(value.size()), -1, 0) != 1) {
      return OpenSslError(
          absl::StatusCode::kInvalidArgument,
          absl::StrCat("certificate subject ", OBJ_nid2sn(nid), "=", value));
    }
  }
  if (issuer == nullptr) issuer = cert.get();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "X509_set_issuer_name");
  }
  if (ASN1_TIME_compare(X509_get0_notAfter(cert.get()),
                        X509_get0_notAfter(issuer)) > 0 &&
      X509_set1_notAfter(cert.get(), X509_get0_notAfter(issuer)) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "X509_set1_notAfter");
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, const_cast<X509*>(issuer), cert.get(), nullptr, nullptr,
                 0);
  X509* c = cert.get();
  if (spec.is_ca) {
    RETURN_IF_ERROR(AddExtension(c, &ctx, NID_basic_constraints,
                                 "critical,CA:TRUE,pathlen:0"));
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign"));
    RETURN_IF_ERROR(AddExtension(c, &ctx, NID_subject_key_identifier, "hash"));
  } else {
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_basic_constraints, "critical,CA:FALSE"));
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_key_usage, "critical,digitalSignature"));
    RETURN_IF_ERROR(AddExtension(c, &ctx, NID_subject_key_identifier, "hash"));
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_authority_key_identifier, "keyid:always"));
  }
  if (spec.extended_key_usage != nullptr) {
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_ext_key_usage, spec.extended_key_usage));
  }
  if (!spec.subject_alt_names.empty()) {
    RETURN_IF_ERROR(
        AddExtension(c, &ctx, NID_subject_alt_name, spec.subject_alt_names));
  }
  if (X509_sign(c, issuer_key, EVP_sha256()) <= 0) {
    return OpenSslError(absl::StatusCode::kInternal, "X509_sign");
  }
  return cert;
}

CertificateSpec ClientSpec(const std::string& role,
                           const std::string& common_name) {
  CertificateSpec spec;
  spec.subject = {{NID_organizationName, kOrganization},
                  {NID_organizationalUnitName, role},
                  {NID_commonName, common_name}};
  spec.extended_key_usage = "clientAuth";
  return spec;
}

using WriteFn = absl::Status (*)(const std::string&, absl::string_view, mode_t);

// Writes dir/<name>.key (0600) and then dir/<name>.pem (0644) with `write`.
absl::Status WriteKeyAndCertificate(WriteFn write, const std::string& dir,
                                    const std::string& name,
                                    const EVP_PKEY* key, const X509* cert) {
  ASSIGN_OR_RETURN(std::string key_pem, PrivateKeyToPem(key));
  absl::Cleanup wipe = [&key_pem] {
    OPENSSL_cleanse(key_pem.data(), key_pem.size());
  };
  ASSIGN_OR_RETURN(std::string cert_pem, CertificateToPem(cert));
  RETURN_IF_ERROR(write(JoinPath(dir, name + ".key"), key_pem, 0600));
  return write(JoinPath(dir, name + ".pem"), cert_pem, 0644);
}

// Issues a key and client certificate for (role, common_name) and writes them
// as dir/<file_name>.key and .pem.
absl::Status IssueClient(WriteFn write, const std::string& dir,
                         const std::string& file_name, const std::string& role,
                         const std::string& common_name, const X509* ca,
                         EVP_PKEY* ca_key, int days) {
  ASSIGN_OR_RETURN(EvpPkeyPtr key, NewP256Key());
  ASSIGN_OR_RETURN(X509Ptr cert, MakeCertificate(ClientSpec(role, common_name),
                                                 key.get(), ca, ca_key, days));
  return WriteKeyAndCertificate(write, dir, file_name, key.get(), cert.get());
}

// A server's subjectAltNames: what a TLS client (gRPC, a phone's browser)
// checks the address it dialled against.
absl::Status CheckServerNames(const std::vector<std::string>& ips,
                              const std::vector<std::string>& dns_names) {
  for (const std::string& ip : ips) RETURN_IF_ERROR(CheckIp(ip));
  for (const std::string& dns : dns_names) RETURN_IF_ERROR(CheckDnsName(dns));
  if (ips.empty() && dns_names.empty()) {
    return absl::InvalidArgumentError(
        "the server certificate needs at least one IP or DNS name");
  }
  return absl::OkStatus();
}

CertificateSpec ServerSpec(const std::string& common_name,
                           const std::vector<std::string>& ips,
                           const std::vector<std::string>& dns_names) {
  std::vector<std::string> sans;
  for (const std::string& ip : ips) sans.push_back("IP:" + ip);
  for (const std::string& dns : dns_names) sans.push_back("DNS:" + dns);
  CertificateSpec spec;
  spec.subject = {{NID_commonName, common_name}};
  spec.extended_key_usage = "serverAuth";
  spec.subject_alt_names = absl::StrJoin(sans, ",");
  return spec;
}

absl::Status CheckOptions(const LocalPkiOptions& options) {
  if (options.days < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("days must be >= 1, got ", options.days));
  }
  std::set<absl::string_view> seen;
  for (const std::string& role : options.roles) {
    RETURN_IF_ERROR(CheckName("role", role));
    if (!seen.insert(role).second) {
      return InvalidName("role", role, "is listed twice");
    }
  }
  return CheckServerNames(options.server_ips, options.server_dns);
}

absl::Status MakeDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return absl::OkStatus();
  if (errno != EEXIST) return absl::ErrnoToStatus(errno, "mkdir " + dir);
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    return absl::ErrnoToStatus(errno, "stat " + dir);
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(dir + " is not a directory");
  }
  return absl::OkStatus();
}

// Returns the text of the only `nid` attribute of `name`, "" if it has none.
absl::StatusOr<std::string> UniqueNameEntry(const X509_NAME* name, int nid) {
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return std::string();
  if (X509_NAME_get_index_by_NID(name, nid, index) >= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "certificate subject has more than one ", OBJ_nid2sn(nid)));
  }
  const ASN1_STRING* data =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        absl::StrCat("certificate subject ", OBJ_nid2sn(nid)));
  }
  std::string text(reinterpret_cast<const char*>(utf8), size);
  OPENSSL_free(utf8);
  if (text.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "certificate subject ", OBJ_nid2sn(nid), " contains a 0x00 byte"));
  }
  return text;
}

// Returns ALREADY_EXISTS if a certificate dir/*.pem has CN `common_name`.
absl::Status CheckCommonNameUnused(const std::string& dir,
                                   const std::string& common_name) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string path = entry.path().string();
    if (!absl::EndsWith(path, ".pem")) continue;
    absl::StatusOr<std::string> pem = ReadFile(path);
    if (!pem.ok()) continue;
    absl::StatusOr<CertificateInfo> info = ParseCertificatePem(*pem);
    if (info.ok() && info->common_name == common_name) {
      return absl::AlreadyExistsError(
          absl::StrCat(path, " already has CN=", common_name));
    }
  }
  if (error) {
    return absl::Status(absl::ErrnoToStatusCode(error.value()),
                        absl::StrCat("list ", dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> IpToString(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN];
  int length = ASN1_STRING_length(ip);
  int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : AF_UNSPEC;
  if (family == AF_UNSPEC || inet_ntop(family, ASN1_STRING_get0_data(ip), text,
                                       sizeof(text)) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "subjectAltName IP address has ", length, " bytes, want 4 or 16"));
  }
  return std::string(text);
}

// The CA that signs further certificates, from dir/ca.pem and dir/ca.key.
struct IssuingCa {
  X509Ptr cert;
  EvpPkeyPtr key;
};

absl::StatusOr<IssuingCa> LoadCa(const std::string& dir) {
  const std::string ca_path = JoinPath(dir, "ca.pem");
  ASSIGN_OR_RETURN(std::string ca_pem, ReadFile(ca_path));
  absl::StatusOr<X509Ptr> ca = CertificateFromPem(ca_pem);
  if (!ca.ok()) {
    return absl::Status(ca.status().code(),
                        absl::StrCat(ca_path, ": ", ca.status().message()));
  }
  const std::string ca_key_path = JoinPath(dir, "ca.key");
  ASSIGN_OR_RETURN(std::string ca_key_pem, ReadPrivateFile(ca_key_path));
  absl::Cleanup wipe = [&ca_key_pem] {
    OPENSSL_cleanse(ca_key_pem.data(), ca_key_pem.size());
  };
  absl::StatusOr<EvpPkeyPtr> ca_key = PrivateKeyFromPem(ca_key_pem);
  if (!ca_key.ok()) {
    return absl::Status(
        ca_key.status().code(),
        absl::StrCat(ca_key_path, ": ", ca_key.status().message()));
  }
  if (X509_check_private_key(ca->get(), ca_key->get()) != 1) {
    ClearOpenSslErrors();
    return absl::FailedPreconditionError(
        absl::StrCat(ca_key_path, " does not match ", ca_path));
  }
  return IssuingCa{std::move(*ca), std::move(*ca_key)};
}

// A certificate issued into an existing PKI never replaces a file, and its
// name stays unique among the certificates there.
absl::Status CheckNewCertificate(const std::string& dir,
                                 const std::string& common_name) {
  RETURN_IF_ERROR(CheckAbsent(JoinPath(dir, common_name + ".key")));
  RETURN_IF_ERROR(CheckAbsent(JoinPath(dir, common_name + ".pem")));
  return CheckCommonNameUnused(dir, common_name);
}

}  // namespace

absl::StatusOr<CertificateInfo> ParseCertificatePem(absl::string_view pem) {
  ASSIGN_OR_RETURN(X509Ptr cert, CertificateFromPem(pem));
  CertificateInfo info;
  const X509_NAME* subject = X509_get_subject_name(cert.get());
  ASSIGN_OR_RETURN(info.common_name, UniqueNameEntry(subject, NID_commonName));
  ASSIGN_OR_RETURN(info.organizational_unit,
                   UniqueNameEntry(subject, NID_organizationalUnitName));

  // Both computed from the extensions OpenSSL has already decoded.
  const uint32_t flags = X509_get_extension_flags(cert.get());
  if ((flags & EXFLAG_BCONS) != 0) info.ca = (flags & EXFLAG_CA) != 0;
  const uint32_t xku = (flags & EXFLAG_XKUSAGE) != 0 ? X509_get_extended_key_usage(cert.get()) : 0;
  info.client_auth = (xku & XKU_SSL_CLIENT) != 0;
  info.server_auth = (xku & XKU_SSL_SERVER) != 0;

  int critical = 0;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, &critical, nullptr)));
  if (names == nullptr) {
    if (critical == -1) return info;  // no subjectAltName
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "malformed or repeated subjectAltName");
  }
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      info.dns_sans.emplace_back(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
          ASN1_STRING_length(dns));
    } else if (name->type == GEN_IPADD) {
      ASSIGN_OR_RETURN(std::string ip, IpToString(name->d.iPAddress));
      info.ip_sans.push_back(std::move(ip));
    }
  }
  return info;
}

absl::Status CheckClientCertificate(const CertificateInfo& info) {
  const std::string who = absl::StrCat("certificate \"", info.common_name, "\"");
  if (!info.ca.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, " has no basicConstraints extension; a client certificate must say CA:FALSE"));
  }
  if (*info.ca) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, " is a CA certificate (basicConstraints CA:TRUE), not a client certificate"));
  }
  if (!info.client_auth) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, " has no extendedKeyUsage clientAuth: it was not issued to a TLS client"));
  }
  return absl::OkStatus();
}

absl::Status CreateLocalPki(const std::string& dir,
                            const LocalPkiOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  RETURN_IF_ERROR(MakeDirectory(dir));
  RETURN_IF_ERROR(CheckAbsent(JoinPath(dir, "ca.pem")));

  ASSIGN_OR_RETURN(EvpPkeyPtr ca_key, NewP256Key());
  CertificateSpec ca_spec;
  ca_spec.subject = {{NID_commonName, kCaCommonName}};
  ca_spec.is_ca = true;
  ASSIGN_OR_RETURN(X509Ptr ca, MakeCertificate(ca_spec, ca_key.get(), nullptr,
                                               ca_key.get(), options.days));

  ASSIGN_OR_RETURN(EvpPkeyPtr server_key, NewP256Key());
  ASSIGN_OR_RETURN(
      X509Ptr server,
      MakeCertificate(ServerSpec(kServerCommonName, options.server_ips,
                                 options.server_dns),
                      server_key.get(), ca.get(), ca_key.get(), options.days));

  // ca.pem goes last: until it exists, a rerun may overwrite everything.
  ASSIGN_OR_RETURN(std::string ca_key_pem, PrivateKeyToPem(ca_key.get()));
  absl::Cleanup wipe = [&ca_key_pem] {
    OPENSSL_cleanse(ca_key_pem.data(), ca_key_pem.size());
  };
  RETURN_IF_ERROR(
      WriteFileAtomically(JoinPath(dir, "ca.key"), ca_key_pem, 0600));
  RETURN_IF_ERROR(WriteKeyAndCertificate(WriteFileAtomically, dir, "server",
                                         server_key.get(), server.get()));
  for (const std::string& role : options.roles) {
    RETURN_IF_ERROR(IssueClient(WriteFileAtomically, dir, role, role,
                                role + "-1", ca.get(), ca_key.get(),
                                options.days));
  }
  ASSIGN_OR_RETURN(std::string ca_pem, CertificateToPem(ca.get()));
  return WriteFileAtomically(JoinPath(dir, "ca.pem"), ca_pem, 0644);
}

absl::Status IssueClientCertificate(const std::string& dir,
                                    const std::string& role,
                                    const std::string& common_name) {
  RETURN_IF_ERROR(CheckName("role", role));
  RETURN_IF_ERROR(CheckName("common name", common_name));
  RETURN_IF_ERROR(CheckNewCertificate(dir, common_name));
  ASSIGN_OR_RETURN(const IssuingCa ca, LoadCa(dir));
  return IssueClient(CreateFileAtomically, dir, common_name, role, common_name,
                     ca.cert.get(), ca.key.get(), kDefaultCertificateDays);
}

absl::Status IssueServerCertificate(const std::string& dir,
                                    const std::string& common_name,
                                    const std::vector<std::string>& ips,
                                    const std::vector<std::string>& dns_names) {
  RETURN_IF_ERROR(CheckName("common name", common_name));
  RETURN_IF_ERROR(CheckServerNames(ips, dns_names));
  RETURN_IF_ERROR(CheckNewCertificate(dir, common_name));
  ASSIGN_OR_RETURN(const IssuingCa ca, LoadCa(dir));
  ASSIGN_OR_RETURN(EvpPkeyPtr key, NewP256Key());
  ASSIGN_OR_RETURN(X509Ptr cert,
                   MakeCertificate(ServerSpec(common_name, ips, dns_names),
                                   key.get(), ca.cert.get(), ca.key.get(),
                                   kDefaultCertificateDays));
  return WriteKeyAndCertificate(CreateFileAtomically, dir, common_name,
                                key.get(), cert.get());
}

absl::StatusOr<std::string> CertificateFingerprintSha256(absl::string_view pem) {
  ASSIGN_OR_RETURN(X509Ptr cert, CertificateFromPem(pem));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest, &size) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "X509_digest");
  }
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i > 0) out += ':';
    out += kDigits[digest[i] >> 4];
    out += kDigits[digest[i] & 0xf];
  }
  return out;
}

}  // namespace gongxin::crypto
