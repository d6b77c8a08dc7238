#include "client/audit_commands.h"

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "client/export_fetch.h"
#include "client/output_file.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"
#include "verifier/audit_verify.h"

namespace gongxin::client {
namespace {

using util::T;

absl::Status AuditExport(const CommandContext& ctx, const std::string& id,
                         const std::string& out_path, bool public_export) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("auditor"));
  uint64_t records = 0;
  // A full export holds the openings: who chose what on named forms.
  RETURN_IF_ERROR(WriteOutputFile(
      out_path, public_export ? kPublicFileMode : kPrivateFileMode,
      [&](std::ostream& out) -> absl::Status {
        ASSIGN_OR_RETURN(records, StreamExport(c, id, public_export, out));
        return absl::OkStatus();
      }));
  std::cout << "exported meeting " << id << ": " << records << " records to " << out_path
            << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddAuditCommands(CLI::App& app, CommandContext& ctx) {
  auto* audit = app.add_subcommand("audit", T("导出会议记录并离线核验（审计人员）", "export a meeting's record and verify it offline (auditor)"));
  audit->require_subcommand(1);

  struct ExportArgs {
    std::string id, out;
    bool public_export = false;
  };
  auto export_args = std::make_shared<ExportArgs>();
  auto* exp = audit->add_subcommand("export", T("下载会议的完整记录", "download the full record of a meeting"));
  exp->add_option("id", export_args->id, T("会议编号", "meeting id"))->required();
  exp->add_option("--out", export_args->out, T("导出文件", "export file"))->required();
  exp->add_flag("--public", export_args->public_export,
                T("不含投票人承诺开启值：任何人都可核验，且无人能看出实名票表上谁选了什么",
                  "leave out the voters' openings: verifiable by anyone, and nobody can tell who "
                  "chose what on a named form"));
  exp->callback([&ctx, a = export_args] {
    ctx.Run(AuditExport(ctx, a->id, a->out, a->public_export));
  });

  auto verify_args = std::make_shared<verifier::AuditVerifyArgs>();
  auto* verify = audit->add_subcommand("verify", T("用服务器公钥离线核验导出文件", "verify an export offline against the server's public key"));
  verifier::AddAuditVerifyOptions(*verify, *verify_args);
  verify->callback([&ctx, a = verify_args] {
    ctx.Exit(verifier::AuditVerify(*a, std::cout, std::cerr));
  });
}

}  // namespace gongxin::client
