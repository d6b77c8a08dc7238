// Client certificates of unusual profiles, issued at test time by the
// `openssl` command under a `gongxin pki init` CA, so that no key is ever
// committed: a CA certificate, one without extendedKeyUsage, one with two
// OUs. TLS verification accepts all of them; gongxind must not.
#ifndef GONGXIN_TESTS_TESTING_TEST_CERTIFICATES_H_
#define GONGXIN_TESTS_TESTING_TEST_CERTIFICATES_H_

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace gongxin::testing {

// IssueTestCertificate writes pki_dir/<name>.key and pki_dir/<name>.pem: a
// fresh P-256 key and a certificate for `subject` (OpenSSL's "/O=.../OU=..."
// form) signed by pki_dir/ca.pem, with the X.509v3 `extensions` given in
// openssl.cnf syntax, one per line (e.g. "basicConstraints=critical,CA:TRUE").
// Returns "" on success, else what failed with openssl's output.
inline std::string IssueTestCertificate(const std::string& pki_dir, const std::string& name,
                                        const std::string& subject,
                                        const std::string& extensions) {
  const std::string base = absl::StrCat(pki_dir, "/", name);
  std::ofstream(base + ".ext") << "[ext]\n" << extensions << "\n";
  const std::string log = base + ".openssl.log";
  const std::string command = absl::StrCat(
      "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '", subject,
      "' -keyout '", base, ".key' -out '", base, ".csr' >'", log, "' 2>&1 && ",
      "openssl x509 -req -in '", base, ".csr' -CA '", pki_dir, "/ca.pem' -CAkey '", pki_dir,
      "/ca.key' -set_serial 0x", std::rand(), std::rand(), " -days 1 -sha256 -extfile '", base,
      ".ext' -extensions ext -out '", base, ".pem' >>'", log, "' 2>&1");
  const int status = std::system(command.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  std::ifstream in(log);
  return absl::StrCat("openssl failed for ", name, ": ",
                      std::string(std::istreambuf_iterator<char>(in), {}));
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_TEST_CERTIFICATES_H_
