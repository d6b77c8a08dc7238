// gongxin-verify: the auditor's offline check of a meeting's export, built
// and run apart from the service — it links protobuf, OpenSSL, ICU and the
// ledger rules, and no gRPC (tests/verifier/standalone_test.cc checks).
// The same check as `gongxin audit verify`.
#include <iostream>

#include "CLI/CLI.hpp"
#include "util/cli_lang.h"
#include "verifier/audit_verify.h"

int main(int argc, char** argv) {
  using namespace gongxin::verifier;
  gongxin::util::SetCliLanguage(argc, argv);
  CLI::App app{gongxin::util::T(
      "gongxin-verify — 公信 审计核验：用服务器公钥离线核验会议的导出文件"
      "（退出码 0 核验通过，1 输入有误，3 记录有问题）",
      "gongxin-verify — 公信 audit: verify a meeting's export offline against the server's "
      "public key (exit 0 verified, 1 bad input, 3 the record is bad)")};
  gongxin::util::LocaliseApp(app);
  std::string lang;
  app.add_option("--lang", lang, gongxin::util::T("zh-CN（默认）或 en", "zh-CN (default) or en"))
      ->check(CLI::IsMember({"zh-CN", "zh", "en"}));
  AuditVerifyArgs args;
  AddAuditVerifyOptions(app, args);
  CLI11_PARSE(app, argc, argv);
  return AuditVerify(args, std::cout, std::cerr, "gongxin-verify");
}
