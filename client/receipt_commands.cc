#include "client/receipt_commands.h"

#include "kiosk/receipt_code.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "client/export_fetch.h"
#include "client/receipt_check.h"
#include "util/cli_lang.h"
#include "verifier/audit_verify.h"
#include "verifier/receipts.h"
#include "verifier/verifier.h"

namespace gongxin::client {
namespace {

using util::T;
using verifier::kExitAuditFailed;
using verifier::kExitFailed;

// The check against a full export: is the ballot behind the receipt in the
// verified record of the meeting?
int ReceiptCheck(const CommandContext& ctx, const std::string& receipt_text,
                 const std::string& meeting, const std::string& trust_path,
                 const std::string& export_path) {
  auto trusted = verifier::LoadTrustedKey(trust_path);
  if (!trusted.ok()) {
    std::cerr << "gongxin: --trust " << trust_path << ": " << trusted.status().message() << "\n";
    return kExitFailed;
  }
  verifier::VerifyOptions options;
  // A receipt code from the kiosk page, or the receipt words of `kiosk cast`.
  absl::Status parsed = absl::OkStatus();
  if (absl::StatusOr<std::string> code = kiosk::ParseReceiptCode(receipt_text); code.ok()) {
    options.receipt_codes.push_back(*std::move(code));
  } else if (receipt_text.size() <= 32 && receipt_text.find_first_of("+/=") == std::string::npos) {
    parsed = code.status();  // looks like a code, but is mistyped: say how
  } else {
    parsed = verifier::ParseReceipts(receipt_text, &options);
  }
  if (parsed.ok() && options.receipts.empty() && options.anonymous_receipts.empty() &&
      options.receipt_codes.empty()) {
    parsed = absl::InvalidArgumentError("no receipt given");
  }
  if (!parsed.ok()) {
    std::cerr << "gongxin: " << parsed.message() << "\n";
    return kExitFailed;
  }
  // Without --export the full export is fetched into memory: it says who
  // chose what, so it never touches a shared directory such as /tmp.
  std::string fetched;
  if (export_path.empty()) {
    absl::StatusOr<Connection> c = ctx.Connect("auditor");
    absl::StatusOr<std::string> exported =
        c.ok() ? FetchExport(*c, meeting, /*public_export=*/false) : c.status();
    if (!exported.ok()) return ReportRefusal(exported.status());
    fetched = *std::move(exported);
  }
  std::ifstream file;
  std::istringstream memory(fetched);
  if (!export_path.empty()) file.open(export_path, std::ios::binary);
  std::istream& in = export_path.empty() ? static_cast<std::istream&>(memory) : file;
  auto verdict = verifier::VerifyExport(in, *trusted, options);
  if (!verdict.ok()) {
    const bool omitted = absl::StrContains(verdict.status().message(), "proof of omission");
    std::cout << (omitted ? "OMITTED: " : "FAILED: ") << verdict.status().message() << "\n";
    return kExitAuditFailed;
  }
  std::cout << (ctx.English() ? "included: the ballot is in the verified record of meeting "
                              : "已计入：选票在经验证的会议记录中，会议 ")
            << verdict->meeting_id << "\n";
  return 0;
}

}  // namespace

void AddReceiptCommands(CLI::App& app, CommandContext& ctx) {
  auto* receipt = app.add_subcommand("receipt", T("依据会议记录核对投票人的回执", "check a voter's receipt against the meeting's record"));
  receipt->require_subcommand(1);

  struct CheckArgs {
    std::string receipt, meeting, trust, export_path;
    // With --trust-note-key: the Merkle-log check of client/receipt_check.h.
    ReceiptProofOptions proof;
  };
  auto args = std::make_shared<CheckArgs>();
  auto* check = receipt->add_subcommand("check", T("已计入，或证明服务器签收的选票缺失", "included, or proof that a ballot the server signed for is missing"));
  check->add_option("receipt", args->receipt, T("投票终端打印的回执（一个词或数行），或投票页面显示的回执码", "the receipt word (or lines) printed by the kiosk, or the receipt code the kiosk page shows"))->required();
  check->add_option("--meeting", args->meeting, T("会议编号（用导出文件核对时）", "the meeting (export check)"));
  check->add_option("--trust", args->trust, T("服务器公钥（PEM）（用导出文件核对时）", "server public key (PEM) (export check)"));
  check->add_option("--export", args->export_path, T("使用此导出文件，不从服务器获取（审计角色）", "use this export instead of fetching one (auditor role)"));
  check->add_option("--trust-note-key", args->proof.note_key,
                    T("服务器检查点的验证密钥：用默克尔日志核对，不用导出文件",
                      "server's checkpoint verifier key: check with the Merkle log, not an export"));
  check->add_option("--checkpoint", args->proof.checkpoint_path, T("之后的签名检查点（离线）", "a later signed checkpoint (offline)"));
  check->add_option("--proof", args->proof.proof_path,
                    T("对 --checkpoint 的包含证明，每行一个 base64 哈希（离线）",
                      "inclusion proof into --checkpoint, one base64 hash per line (offline)"));
  check->add_flag("--online", args->proof.online, T("从服务器获取最新检查点和证明", "fetch the latest checkpoint and proof from the server"));
  check->callback([&ctx, a = args] {
    if (!a->proof.note_key.empty()) {
      a->proof.receipt_text = a->receipt;
      a->proof.english = ctx.English();
      ctx.Exit(ReceiptCheckWithProof(ctx.connection, a->proof));
      return;
    }
    if (a->meeting.empty() || a->trust.empty()) {
      std::cerr << "gongxin: receipt check: --meeting and --trust are required (or "
                   "--trust-note-key for the Merkle-log check)\n";
      ctx.Exit(kExitFailed);
      return;
    }
    ctx.Exit(ReceiptCheck(ctx, a->receipt, a->meeting, a->trust, a->export_path));
  });
}

}  // namespace gongxin::client
