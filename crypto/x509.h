// X.509 certificates for mutual TLS: a local PKI for a quick start (a CA, the
// gongxind server certificate, one client certificate per role), issuing
// further client certificates, and reading the identity and role that a
// client certificate carries.
//
// A client's role is the OU of its certificate subject, its name the CN:
// O=gongxin, OU=<role>, CN=<name> (e.g. OU=officer, CN=officer-2).
// Keys are ECDSA P-256, certificates are signed with ECDSA-SHA256, and all of
// them work with gRPC's OpenSSL-backed TLS.
#ifndef GONGXIN_CRYPTO_X509_H_
#define GONGXIN_CRYPTO_X509_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

// kDefaultCertificateDays is the validity of issued certificates, in days
// (825: the most that some TLS clients accept for a server certificate).
inline constexpr int kDefaultCertificateDays = 825;

// CertificateInfo holds the identity fields of a certificate. An attribute
// that the certificate lacks is an empty string / empty list.
struct CertificateInfo {
  std::string common_name;            // subject CN
  std::string organizational_unit;    // subject OU: the role of a client
  std::vector<std::string> ip_sans;   // subjectAltName IPs, e.g. "127.0.0.1"
  std::vector<std::string> dns_sans;  // subjectAltName DNS names
  // basicConstraints: CA:TRUE or CA:FALSE; nullopt without the extension.
  std::optional<bool> ca;
  // extendedKeyUsage lists clientAuth (false without the extension).
  bool client_auth = false;
  // extendedKeyUsage lists serverAuth (false without the extension).
  bool server_auth = false;
};

// ParseCertificatePem returns the identity fields of the first certificate in
// `pem`. It does not verify the certificate: only trust what TLS verified.
// Errors: INVALID_ARGUMENT if there is no parsable certificate, if the subject
// has more than one CN or OU or one containing a 0x00 byte (a role must be
// unambiguous), or if the subjectAltName extension is malformed.
absl::StatusOr<CertificateInfo> ParseCertificatePem(absl::string_view pem);

// CheckClientCertificate returns OK if `info` is a client certificate's:
// basicConstraints CA:FALSE and extendedKeyUsage clientAuth, as
// IssueClientCertificate makes them. TLS verification alone also accepts a
// CA certificate, or one with no extendedKeyUsage, presented by a client.
// INVALID_ARGUMENT naming the certificate's CN and what is missing.
absl::Status CheckClientCertificate(const CertificateInfo& info);

// LocalPkiOptions configures CreateLocalPki.
struct LocalPkiOptions {
  // One client certificate per role. Each role is a file name: 1-64 of
  // [a-z0-9_-], starting with a letter or digit, not "ca" or "server".
  std::vector<std::string> roles = {"admin", "kiosk", "officer", "auditor", "observer"};
  // The server certificate's subjectAltNames; at least one in total.
  std::vector<std::string> server_ips = {"127.0.0.1"};
  std::vector<std::string> server_dns = {"localhost"};
  // Validity of the CA and of every certificate, in days (>= 1).
  int days = kDefaultCertificateDays;
};

// CreateLocalPki creates directory `dir` (mode 0700) if missing and writes
// into it, with fresh keys:
//   ca.pem, ca.key          CA "CN=gongxin local CA" (CA:TRUE, pathlen 0;
//                           keyCertSign, cRLSign)
//   server.pem, server.key  "CN=gongxind", SANs from `options`, serverAuth
//   <role>.pem, <role>.key  "O=gongxin, OU=<role>, CN=<role>-1", clientAuth
// Certificates (mode 0644) are PEM, signed by the CA with ECDSA-SHA256, with
// random 128-bit serials and notBefore an hour in the past (clock skew); keys
// are unencrypted PKCS#8 PEM with mode 0600. Each file is written atomically
// and ca.pem last, so an interrupted run can simply be repeated. Not safe to
// run concurrently on the same `dir`.
// Errors: INVALID_ARGUMENT for bad options; ALREADY_EXISTS if dir/ca.pem
// exists (the PKI is never replaced); FAILED_PRECONDITION if `dir` is not a
// directory; I/O errors as for WriteFileAtomically.
absl::Status CreateLocalPki(const std::string& dir,
                            const LocalPkiOptions& options = {});

// IssueClientCertificate writes a new client key and certificate
// dir/<common_name>.key and dir/<common_name>.pem for subject
// "O=gongxin, OU=<role>, CN=<common_name>", signed by dir/ca.pem + dir/ca.key
// (e.g. role "officer", common_name "officer-2" for a second officer). The
// certificate expires after kDefaultCertificateDays or with the CA, whichever
// is first. `role` and `common_name` follow the rules of
// LocalPkiOptions::roles.
// Errors: INVALID_ARGUMENT for bad names; ALREADY_EXISTS if either file
// exists or a certificate dir/*.pem already has this CN (each person's name
// is unique; note CreateLocalPki's dir/<role>.pem has CN <role>-1);
// NOT_FOUND if the CA files are missing; FAILED_PRECONDITION if ca.key grants
// group or others access or does not match ca.pem.
absl::Status IssueClientCertificate(const std::string& dir,
                                    const std::string& role,
                                    const std::string& common_name);

// IssueServerCertificate writes a new key and TLS server certificate
// dir/<common_name>.key (0600) and dir/<common_name>.pem (0644) for subject
// "CN=<common_name>", serverAuth, with subjectAltNames `ips` and
// `dns_names` (at least one in total), signed by dir/ca.pem + dir/ca.key —
// e.g. for the page phones open to vote with a slip, at the room's Wi-Fi
// address. `common_name` follows the rules of LocalPkiOptions::roles.
// Errors as IssueClientCertificate's; INVALID_ARGUMENT also for an address
// or host name that is not one, or no name at all.
absl::Status IssueServerCertificate(const std::string& dir,
                                    const std::string& common_name,
                                    const std::vector<std::string>& ips,
                                    const std::vector<std::string>& dns_names);

// CertificateFingerprintSha256 returns the SHA-256 of the first certificate
// in `pem` (its DER) as browsers show it: uppercase hex pairs joined by
// colons, "AB:12:…" (95 characters). Printed where people compare it with
// what a browser says it trusts. INVALID_ARGUMENT if `pem` has no
// certificate.
absl::StatusOr<std::string> CertificateFingerprintSha256(absl::string_view pem);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_X509_H_
