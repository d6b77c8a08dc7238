#include "crypto/x509.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/wait.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/crypto/temp_dir.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_certificates.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const char* const kRoles[] = {"admin", "kiosk", "officer", "auditor"};

class X509Test : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    pki_ = Path("pki");
  }

  std::string PkiFile(absl::string_view name) const {
    return absl::StrCat(pki_, "/", name);
  }

  // OpenSsl runs `openssl <args>` and returns its exit code, its output going
  // to a log file in the temporary directory.
  int OpenSsl(const std::string& args) const {
    const std::string command =
        absl::StrCat("openssl ", args, " >>'", Path("openssl.log"), "' 2>&1");
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Verify runs `openssl verify` of `cert` against the CA in `ca_dir`.
  int Verify(const std::string& ca_dir, const std::string& cert,
             const std::string& flags = "") const {
    return OpenSsl(absl::StrCat("verify ", flags, " -CAfile '", ca_dir,
                                "/ca.pem' '", cert, "'"));
  }

  CertificateInfo Parse(absl::string_view name) const {
    absl::StatusOr<std::string> pem = ReadFile(PkiFile(name));
    EXPECT_OK(pem);
    absl::StatusOr<CertificateInfo> info =
        ParseCertificatePem(pem.value_or(""));
    EXPECT_OK(info);
    return info.value_or(CertificateInfo{});
  }

  std::string pki_;
};

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr LoadCertificate(const std::string& path) {
  X509* cert = nullptr;
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
  }
  return X509Ptr(cert, X509_free);
}

TEST_F(X509Test, CreateLocalPkiWritesEveryFileWithItsMode) {
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_EQ(FileMode(pki_), 0700);
  std::vector<std::string> names = {"ca", "server"};
  names.insert(names.end(), std::begin(kRoles), std::end(kRoles));
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    EXPECT_EQ(FileMode(PkiFile(name + ".pem")), 0644);
    EXPECT_EQ(FileMode(PkiFile(name + ".key")), 0600);
    ASSERT_OK_AND_ASSIGN(std::string key, ReadFile(PkiFile(name + ".key")));
    EXPECT_THAT(key, StartsWith("-----BEGIN " "PRIVATE KEY-----\n"));
    ASSERT_OK_AND_ASSIGN(std::string cert, ReadFile(PkiFile(name + ".pem")));
    EXPECT_THAT(cert, StartsWith("-----BEGIN CERTIFICATE-----\n"));
  }
}

TEST_F(X509Test, OpenSslCliVerifiesEveryCertificateForItsPurpose) {
  ASSERT_OK(CreateLocalPki(pki_));
  for (const char* role : kRoles) {
    EXPECT_EQ(
        Verify(pki_, PkiFile(absl::StrCat(role, ".pem")), "-purpose sslclient"),
        0)
        << role;
  }
  EXPECT_EQ(Verify(pki_, PkiFile("server.pem"),
                   "-purpose sslserver -verify_hostname localhost"),
            0);
  EXPECT_EQ(Verify(pki_, PkiFile("server.pem"),
                   "-purpose sslserver -verify_ip 127.0.0.1"),
            0);
}

TEST_F(X509Test, OpenSslCliRejectsWrongCaPurposeAndHost) {
  ASSERT_OK(CreateLocalPki(pki_));
  const std::string other = Path("other");
  ASSERT_OK(CreateLocalPki(other));
  EXPECT_NE(Verify(pki_, other + "/admin.pem"), 0);
  EXPECT_NE(Verify(pki_, PkiFile("admin.pem"), "-purpose sslserver"), 0);
  EXPECT_NE(Verify(pki_, PkiFile("server.pem"), "-purpose sslclient"), 0);
  EXPECT_NE(Verify(pki_, PkiFile("server.pem"), "-verify_hostname evil.test"),
            0);
  EXPECT_NE(Verify(pki_, PkiFile("server.pem"), "-verify_ip 127.9.9.9"), 0);
}

TEST_F(X509Test, ParseCertificatePemReadsRoleNameAndSans) {
  ASSERT_OK(CreateLocalPki(pki_));
  for (const char* role : kRoles) {
    CertificateInfo info = Parse(absl::StrCat(role, ".pem"));
    EXPECT_EQ(info.organizational_unit, role);
    EXPECT_EQ(info.common_name, absl::StrCat(role, "-1"));
    EXPECT_THAT(info.ip_sans, IsEmpty());
    EXPECT_THAT(info.dns_sans, IsEmpty());
  }
  CertificateInfo server = Parse("server.pem");
  EXPECT_EQ(server.common_name, "gongxind");
  EXPECT_EQ(server.organizational_unit, "");
  EXPECT_THAT(server.ip_sans, ElementsAre("127.0.0.1"));
  EXPECT_THAT(server.dns_sans, ElementsAre("localhost"));
  EXPECT_EQ(Parse("ca.pem").common_name, "gongxin local CA");
}

TEST_F(X509Test, ServerSansFollowOptions) {
  LocalPkiOptions options;
  options.roles = {"kiosk"};
  options.server_ips = {"127.0.0.1", "127.0.0.5", "::1"};
  options.server_dns = {"localhost", "vote.example.org"};
  ASSERT_OK(CreateLocalPki(pki_, options));
  CertificateInfo server = Parse("server.pem");
  EXPECT_THAT(server.ip_sans, ElementsAre("127.0.0.1", "127.0.0.5", "::1"));
  EXPECT_THAT(server.dns_sans, ElementsAre("localhost", "vote.example.org"));
  EXPECT_EQ(
      Verify(pki_, PkiFile("server.pem"), "-verify_hostname vote.example.org"),
      0);
  EXPECT_EQ(FileMode(PkiFile("admin.pem")), -1);  // only the listed roles
  EXPECT_EQ(FileMode(PkiFile("kiosk.pem")), 0644);
}

TEST_F(X509Test, CertificatesHaveTheDocumentedProfile) {
  ASSERT_OK(CreateLocalPki(pki_));
  X509Ptr ca = LoadCertificate(PkiFile("ca.pem"));
  X509Ptr server = LoadCertificate(PkiFile("server.pem"));
  X509Ptr admin = LoadCertificate(PkiFile("admin.pem"));
  ASSERT_TRUE(ca && server && admin);

  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  int critical = 0;
  BASIC_CONSTRAINTS* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(ca.get(), NID_basic_constraints, &critical, nullptr));
  ASSERT_NE(bc, nullptr);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(critical, 1);
  BASIC_CONSTRAINTS_free(bc);
  EXPECT_EQ(X509_get_key_usage(ca.get()), KU_KEY_CERT_SIGN | KU_CRL_SIGN);

  EXPECT_EQ(X509_check_ca(server.get()), 0);
  EXPECT_EQ(X509_check_ca(admin.get()), 0);
  EXPECT_EQ(X509_get_extended_key_usage(server.get()), XKU_SSL_SERVER);
  EXPECT_EQ(X509_get_extended_key_usage(admin.get()), XKU_SSL_CLIENT);

  for (X509* cert : {ca.get(), server.get(), admin.get()}) {
    EXPECT_EQ(X509_get_signature_nid(cert), NID_ecdsa_with_SHA256);
    EXPECT_TRUE(EVP_PKEY_is_a(X509_get0_pubkey(cert), "EC"));
    int days = 0, seconds = 0;
    // notBefore is an hour in the past, allowing for clock skew.
    ASSERT_EQ(
        ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), nullptr), 1);
    EXPECT_EQ(days, 0);
    EXPECT_NEAR(seconds, 3600, 120);
    ASSERT_EQ(
        ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)), 1);
    // 825 days from issuance, less the seconds the test has run since (on
    // a loaded machine the PKI takes a few seconds to make).
    const int64_t left = int64_t{days} * 86400 + seconds;
    EXPECT_LE(left, int64_t{825} * 86400) << days << " days " << seconds << " s";
    EXPECT_GE(left, int64_t{825} * 86400 - 300) << days << " days " << seconds << " s";
  }
  EXPECT_EQ(X509_NAME_cmp(X509_get_issuer_name(admin.get()),
                          X509_get_subject_name(ca.get())),
            0);
}

TEST_F(X509Test, SerialsAreRandom128BitAndDistinct) {
  ASSERT_OK(CreateLocalPki(pki_));
  std::set<std::string> serials;
  for (const char* name :
       {"ca", "server", "admin", "kiosk", "officer", "auditor"}) {
    X509Ptr cert = LoadCertificate(PkiFile(absl::StrCat(name, ".pem")));
    ASSERT_TRUE(cert);
    BIGNUM* bn =
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr);
    ASSERT_NE(bn, nullptr);
    EXPECT_EQ(BN_num_bits(bn), 128) << name;
    EXPECT_FALSE(BN_is_negative(bn));
    char* hex = BN_bn2hex(bn);
    serials.insert(hex);
    OPENSSL_free(hex);
    BN_free(bn);
  }
  EXPECT_EQ(serials.size(), 6u);
}

TEST_F(X509Test, SecondCreateLocalPkiIsAlreadyExistsAndChangesNothing) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK_AND_ASSIGN(std::string ca_before, ReadFile(PkiFile("ca.pem")));
  ASSERT_OK_AND_ASSIGN(std::string key_before, ReadFile(PkiFile("admin.key")));
  EXPECT_THAT(CreateLocalPki(pki_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("ca.pem")));
  ASSERT_OK_AND_ASSIGN(std::string ca_after, ReadFile(PkiFile("ca.pem")));
  ASSERT_OK_AND_ASSIGN(std::string key_after, ReadFile(PkiFile("admin.key")));
  EXPECT_EQ(ca_after, ca_before);
  EXPECT_EQ(key_after, key_before);
}

TEST_F(X509Test, CreateLocalPkiRejectsBadOptionsWritingNothing) {
  auto with = [](auto change) {
    LocalPkiOptions options;
    change(options);
    return options;
  };
  const LocalPkiOptions bad[] = {
      with([](LocalPkiOptions& o) { o.roles = {"../evil"}; }),
      with([](LocalPkiOptions& o) { o.roles = {"ca"}; }),
      with([](LocalPkiOptions& o) { o.roles = {"server"}; }),
      with([](LocalPkiOptions& o) { o.roles = {""}; }),
      with([](LocalPkiOptions& o) { o.roles = {"Admin"}; }),
      with([](LocalPkiOptions& o) {
        o.roles = {"admin", "admin"};
      }),
      with([](LocalPkiOptions& o) { o.server_ips = {"localhost"}; }),
      with([](LocalPkiOptions& o) { o.server_ips = {"1.2.3.4,DNS:x"}; }),
      with([](LocalPkiOptions& o) { o.server_dns = {"a,IP:1.2.3.4"}; }),
      with([](LocalPkiOptions& o) { o.server_dns = {""}; }),
      with([](LocalPkiOptions& o) {
        o.server_ips.clear();
        o.server_dns.clear();
      }),
      with([](LocalPkiOptions& o) { o.days = 0; }),
  };
  for (const LocalPkiOptions& options : bad) {
    EXPECT_THAT(CreateLocalPki(pki_, options),
                StatusIs(absl::StatusCode::kInvalidArgument));
  }
  EXPECT_EQ(FileMode(pki_), -1);
}

TEST_F(X509Test, CreateLocalPkiUsesExistingDirectory) {
  ASSERT_EQ(::mkdir(pki_.c_str(), 0750), 0);
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_EQ(FileMode(PkiFile("ca.pem")), 0644);
}

TEST_F(X509Test, CreateLocalPkiRefusesRegularFileAsDirectory) {
  ASSERT_OK(WriteFileAtomically(pki_, "not a directory", 0600));
  EXPECT_THAT(CreateLocalPki(pki_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(X509Test, IssueClientCertificateAddsSecondOfficer) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK(IssueClientCertificate(pki_, "officer", "officer-2"));
  EXPECT_EQ(FileMode(PkiFile("officer-2.pem")), 0644);
  EXPECT_EQ(FileMode(PkiFile("officer-2.key")), 0600);
  CertificateInfo info = Parse("officer-2.pem");
  EXPECT_EQ(info.organizational_unit, "officer");
  EXPECT_EQ(info.common_name, "officer-2");
  EXPECT_EQ(Verify(pki_, PkiFile("officer-2.pem"), "-purpose sslclient"), 0);
}

TEST_F(X509Test, IssueClientCertificateRefusesExistingFileName) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK_AND_ASSIGN(std::string before, ReadFile(PkiFile("officer.pem")));
  EXPECT_THAT(
      IssueClientCertificate(pki_, "officer", "officer"),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("officer.key")));
  ASSERT_OK_AND_ASSIGN(std::string after, ReadFile(PkiFile("officer.pem")));
  EXPECT_EQ(after, before);
}

TEST_F(X509Test, IssueClientCertificateRefusesCommonNameAlreadyIssued) {
  // officer.pem already carries CN=officer-1: two people must not share it.
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_THAT(
      IssueClientCertificate(pki_, "officer", "officer-1"),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("officer.pem")));
  EXPECT_EQ(FileMode(PkiFile("officer-1.pem")), -1);
  ASSERT_OK(IssueClientCertificate(pki_, "officer", "officer-2"));
  EXPECT_THAT(IssueClientCertificate(pki_, "auditor", "officer-2"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(X509Test, IssueClientCertificateRejectsBadNames) {
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_THAT(IssueClientCertificate(pki_, "officer", "../officer-2"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(IssueClientCertificate(pki_, "officer", "ca"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(IssueClientCertificate(pki_, "off/icer", "officer-2"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(X509Test, IssueClientCertificateRefusesExposedCaKey) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_EQ(::chmod(PkiFile("ca.key").c_str(), 0644), 0);
  EXPECT_THAT(
      IssueClientCertificate(pki_, "officer", "officer-2"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ca.key")));
  EXPECT_EQ(FileMode(PkiFile("officer-2.pem")), -1);
}

TEST_F(X509Test, IssueClientCertificateRefusesMismatchedCaKey) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK_AND_ASSIGN(std::string other_key, ReadFile(PkiFile("server.key")));
  ASSERT_OK(WriteFileAtomically(PkiFile("ca.key"), other_key, 0600));
  EXPECT_THAT(IssueClientCertificate(pki_, "officer", "officer-2"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("does not match")));
}

TEST_F(X509Test, IssueClientCertificateWithoutPkiIsNotFound) {
  ASSERT_EQ(::mkdir(pki_.c_str(), 0700), 0);
  EXPECT_THAT(IssueClientCertificate(pki_, "officer", "officer-2"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("ca.pem")));
}

TEST_F(X509Test, IssueServerCertificateNamesItsHosts) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK(IssueServerCertificate(pki_, "phone-page", {"127.0.0.1", "::1"},
                                   {"vote.example.org"}));
  EXPECT_EQ(FileMode(PkiFile("phone-page.pem")), 0644);
  EXPECT_EQ(FileMode(PkiFile("phone-page.key")), 0600);
  CertificateInfo info = Parse("phone-page.pem");
  EXPECT_EQ(info.common_name, "phone-page");
  EXPECT_THAT(info.ip_sans, ElementsAre("127.0.0.1", "::1"));
  EXPECT_THAT(info.dns_sans, ElementsAre("vote.example.org"));
  EXPECT_EQ(info.ca, std::optional<bool>(false));
  EXPECT_TRUE(info.server_auth);
  EXPECT_FALSE(info.client_auth);
  EXPECT_EQ(Verify(pki_, PkiFile("phone-page.pem"),
                   "-purpose sslserver -verify_ip 127.0.0.1"),
            0);
  EXPECT_EQ(Verify(pki_, PkiFile("phone-page.pem"),
                   "-purpose sslserver -verify_hostname vote.example.org"),
            0);
  EXPECT_NE(Verify(pki_, PkiFile("phone-page.pem"), "-purpose sslclient"), 0);
  EXPECT_NE(Verify(pki_, PkiFile("phone-page.pem"), "-verify_ip 127.9.9.9"),
            0);
}

TEST_F(X509Test, IssueServerCertificateRefusals) {
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-page", {}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at least one IP or DNS name")));
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-page", {"192.0.2.300"}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("192.0.2.300")));
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-page", {}, {"a b"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(IssueServerCertificate(pki_, "server", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reserved")));
  EXPECT_THAT(IssueServerCertificate(pki_, "../x", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FileMode(PkiFile("phone-page.pem")), -1);

  // An existing file, or a CN another certificate here carries.
  ASSERT_OK_AND_ASSIGN(std::string before, ReadFile(PkiFile("kiosk.pem")));
  EXPECT_THAT(IssueServerCertificate(pki_, "kiosk", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("kiosk.key")));
  ASSERT_OK_AND_ASSIGN(std::string after, ReadFile(PkiFile("kiosk.pem")));
  EXPECT_EQ(after, before);
  EXPECT_THAT(IssueServerCertificate(pki_, "kiosk-1", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("kiosk.pem")));
  ASSERT_OK(IssueServerCertificate(pki_, "phone-page", {"127.0.0.1"}, {}));
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-page", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kAlreadyExists));

  // The CA as IssueClientCertificate wants it.
  ASSERT_EQ(::chmod(PkiFile("ca.key").c_str(), 0644), 0);
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-2", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ca.key")));
  EXPECT_EQ(FileMode(PkiFile("phone-2.pem")), -1);
  const std::string empty = Path("empty");
  ASSERT_EQ(::mkdir(empty.c_str(), 0700), 0);
  EXPECT_THAT(IssueServerCertificate(empty, "phone-page", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("ca.pem")));
}

TEST_F(X509Test, IssueServerCertificateRefusesMismatchedCaKey) {
  // The CA loading is shared: a mismatched key stops both kinds of issue.
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK_AND_ASSIGN(std::string other_key, ReadFile(PkiFile("server.key")));
  ASSERT_OK(WriteFileAtomically(PkiFile("ca.key"), other_key, 0600));
  EXPECT_THAT(IssueServerCertificate(pki_, "phone-page", {"127.0.0.1"}, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("does not match")));
}

TEST_F(X509Test, FingerprintIsWhatOpenSslShows) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_OK_AND_ASSIGN(std::string pem, ReadFile(PkiFile("ca.pem")));
  ASSERT_OK_AND_ASSIGN(std::string fingerprint,
                       CertificateFingerprintSha256(pem));
  EXPECT_EQ(fingerprint.size(), 32u * 3 - 1);
  const std::string out = Path("fingerprint.txt");
  ASSERT_EQ(OpenSsl(absl::StrCat("x509 -noout -fingerprint -sha256 -in '",
                                 PkiFile("ca.pem"), "' -out '", out, "'")),
            0);
  ASSERT_OK_AND_ASSIGN(std::string shown, ReadFile(out));
  // "sha256 Fingerprint=AB:…" (the prefix's case varies by version).
  EXPECT_THAT(shown, HasSubstr("=" + fingerprint + "\n"));
  ASSERT_OK_AND_ASSIGN(std::string server, ReadFile(PkiFile("server.pem")));
  EXPECT_NE(CertificateFingerprintSha256(server).value_or(""), fingerprint);
  EXPECT_THAT(CertificateFingerprintSha256("not a certificate"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseCertificatePemTest, RejectsGarbage) {
  EXPECT_THAT(ParseCertificatePem("not a certificate"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCertificatePem(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(X509Test, ParseCertificatePemRejectsAmbiguousRole) {
  // A certificate with two OUs must not yield either of them as the role.
  ASSERT_EQ(OpenSsl(absl::StrCat(
                "req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                "-nodes -subj /OU=kiosk/OU=admin/CN=x -days 1 -keyout '",
                Path("two-ou.key"), "' -out '", Path("two-ou.pem"), "'")),
            0);
  ASSERT_OK_AND_ASSIGN(std::string pem, ReadFile(Path("two-ou.pem")));
  EXPECT_THAT(ParseCertificatePem(pem),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("OU")));
}

TEST_F(X509Test, ParseCertificatePemReadsTheClientProfile) {
  ASSERT_OK(CreateLocalPki(pki_));
  const CertificateInfo admin = Parse("admin.pem");
  EXPECT_EQ(admin.ca, std::optional<bool>(false));
  EXPECT_TRUE(admin.client_auth);
  EXPECT_OK(CheckClientCertificate(admin));

  const CertificateInfo ca = Parse("ca.pem");
  EXPECT_EQ(ca.ca, std::optional<bool>(true));
  EXPECT_FALSE(ca.client_auth);
  EXPECT_THAT(CheckClientCertificate(ca),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"gongxin local CA\" is a CA certificate")));

  const CertificateInfo server = Parse("server.pem");
  EXPECT_FALSE(server.client_auth) << "serverAuth only";
  EXPECT_THAT(CheckClientCertificate(server),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no extendedKeyUsage clientAuth")));
}

TEST_F(X509Test, CheckClientCertificateWantsBasicConstraintsAndClientAuth) {
  ASSERT_OK(CreateLocalPki(pki_));
  ASSERT_EQ(testing::IssueTestCertificate(pki_, "bare", "/O=gongxin/OU=admin/CN=bare",
                                          "keyUsage=critical,digitalSignature"),
            "");
  const CertificateInfo bare = Parse("bare.pem");
  EXPECT_EQ(bare.organizational_unit, "admin");
  EXPECT_EQ(bare.ca, std::nullopt);
  EXPECT_FALSE(bare.client_auth);
  EXPECT_THAT(CheckClientCertificate(bare),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no basicConstraints extension; a client certificate must say "
                                 "CA:FALSE")));
  ASSERT_EQ(testing::IssueTestCertificate(pki_, "both", "/O=gongxin/OU=admin/CN=both",
                                          "basicConstraints=CA:FALSE\n"
                                          "extendedKeyUsage=serverAuth,clientAuth"),
            "");
  EXPECT_OK(CheckClientCertificate(Parse("both.pem")));
}

// --- An in-process mutual-TLS handshake, as gRPC's OpenSSL stack does it ---

using SslCtxPtr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;

SslCtxPtr MakeTlsContext(bool server, const std::string& dir,
                         const std::string& name, const std::string& ca_dir) {
  SslCtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()),
                SSL_CTX_free);
  const std::string cert = dir + "/" + name + ".pem";
  const std::string key = dir + "/" + name + ".key";
  const std::string ca = ca_dir + "/ca.pem";
  if (ctx == nullptr ||
      SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) !=
          1 ||
      SSL_CTX_check_private_key(ctx.get()) != 1 ||
      SSL_CTX_load_verify_locations(ctx.get(), ca.c_str(), nullptr) != 1) {
    ADD_FAILURE() << "cannot set up TLS context for " << cert;
    return SslCtxPtr(nullptr, SSL_CTX_free);
  }
  SSL_CTX_set_verify(
      ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return ctx;
}

// Runs a TLS handshake between a client (client_dir/client_name, trusting
// client_dir's CA, expecting `host`) and the server of `server_dir`. Returns
// the client certificate the server verified, as PEM, or "" on failure.
std::string MutualTlsHandshake(const std::string& server_dir,
                               const std::string& client_dir,
                               const std::string& client_name,
                               const std::string& host) {
  SslCtxPtr server_ctx = MakeTlsContext(true, server_dir, "server", server_dir);
  SslCtxPtr client_ctx =
      MakeTlsContext(false, client_dir, client_name, client_dir);
  if (!server_ctx || !client_ctx) return "";
  SslPtr server(SSL_new(server_ctx.get()), SSL_free);
  SslPtr client(SSL_new(client_ctx.get()), SSL_free);
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  if (!server || !client ||
      BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) != 1) {
    ADD_FAILURE() << "cannot create SSL objects";
    return "";
  }
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(server.get());
  SSL_set_tlsext_host_name(client.get(), host.c_str());
  SSL_set1_host(client.get(), host.c_str());

  bool client_done = false, server_done = false;
  for (int round = 0; round < 20 && !(client_done && server_done); ++round) {
    for (SSL* ssl : {client.get(), server.get()}) {
      bool& done = ssl == client.get() ? client_done : server_done;
      if (done) continue;
      int rc = SSL_do_handshake(ssl);
      if (rc == 1) {
        done = true;
      } else {
        int err = SSL_get_error(ssl, rc);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
          ERR_clear_error();
          return "";
        }
      }
    }
  }
  // TLS 1.3 checks the client certificate after the client finishes; make the
  // server's verdict final by exchanging application data.
  char byte = 'x';
  if (!client_done || !server_done || SSL_write(client.get(), &byte, 1) != 1 ||
      SSL_read(server.get(), &byte, 1) != 1 ||
      SSL_get_verify_result(server.get()) != X509_V_OK ||
      SSL_get_verify_result(client.get()) != X509_V_OK) {
    ERR_clear_error();
    return "";
  }
  X509* peer = SSL_get0_peer_certificate(server.get());
  if (peer == nullptr) return "";
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(out, peer);
  char* data = nullptr;
  long size = BIO_get_mem_data(out, &data);
  std::string pem(data, size);
  BIO_free(out);
  return pem;
}

TEST_F(X509Test, CertificatesCompleteMutualTlsHandshake) {
  ASSERT_OK(CreateLocalPki(pki_));
  std::string peer = MutualTlsHandshake(pki_, pki_, "admin", "localhost");
  ASSERT_FALSE(peer.empty()) << "handshake failed";
  ASSERT_OK_AND_ASSIGN(CertificateInfo info, ParseCertificatePem(peer));
  EXPECT_EQ(info.organizational_unit, "admin");
  EXPECT_EQ(info.common_name, "admin-1");
}

TEST_F(X509Test, MutualTlsRefusesClientOfAnotherPki) {
  ASSERT_OK(CreateLocalPki(pki_));
  const std::string other = Path("other");
  ASSERT_OK(CreateLocalPki(other));
  // The foreign client trusts our CA but holds a certificate from its own.
  ASSERT_OK_AND_ASSIGN(std::string our_ca, ReadFile(PkiFile("ca.pem")));
  ASSERT_OK(WriteFileAtomically(other + "/ca.pem", our_ca, 0644));
  EXPECT_EQ(MutualTlsHandshake(pki_, other, "admin", "localhost"), "");
  EXPECT_NE(MutualTlsHandshake(pki_, pki_, "admin", "localhost"), "");
}

TEST_F(X509Test, MutualTlsRefusesServerUnderWrongHostName) {
  ASSERT_OK(CreateLocalPki(pki_));
  EXPECT_EQ(MutualTlsHandshake(pki_, pki_, "admin", "evil.test"), "");
}

}  // namespace
}  // namespace gongxin::crypto
