// gongxin-verify: the auditor's offline check of a meeting's export, built
// and run apart from the service — it links protobuf, OpenSSL, ICU and the
// ledger rules, and no gRPC (tests/verifier/standalone_test.cc checks).
// The same check as `gongxin audit verify`.
#include <iostream>

#include "CLI/CLI.hpp"
#include "verifier/audit_verify.h"

int main(int argc, char** argv) {
  using namespace gongxin::verifier;
  CLI::App app{
      "gongxin-verify — 公信 审计核验: verify a meeting's export offline against the server's "
      "public key (exit 0 verified, 1 bad input, 3 the record is bad)"};
  AuditVerifyArgs args;
  AddAuditVerifyOptions(app, args);
  CLI11_PARSE(app, argc, argv);
  return AuditVerify(args, std::cout, std::cerr, "gongxin-verify");
}
