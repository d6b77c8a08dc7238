#include "client/code_commands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "absl/strings/substitute.h"
#include "client/export_fetch.h"
#include "client/refusal.h"
#include "crypto/encoding.h"
#include "ledger/verification_code.h"
#include "report/messages.h"
#include "util/cli_lang.h"
#include "util/typed_code.h"
#include "verifier/audit_verify.h"
#include "verifier/code_check.h"

namespace gongxin::client {
namespace {

using util::T;
using verifier::kExitAuditFailed;
using verifier::kExitFailed;

struct CodeArgs {
  std::string code, meeting, trust, export_path;
};

std::string KindName(ledger::DocumentKind kind, bool en) {
  switch (kind) {
    case ledger::DocumentKind::kAnnouncement:
      return en ? "the announcement" : "会前公告";
    case ledger::DocumentKind::kResult:
      return en ? "a result report" : "结果报告";
    case ledger::DocumentKind::kPaperBallots:
      return en ? "the printed paper ballots" : "纸质选票";
    case ledger::DocumentKind::kNotice:
      return en ? "the pre-appointment notice" : "任前公示";
    case ledger::DocumentKind::kNoticeResults:
      return en ? "the notice's outcome" : "任前公示结果（再公示）";
  }
  return "";
}

// Exit codes as `audit verify`: 0 the code names a document of the verified
// record, 1 bad input, 3 the record failed verification or the code names
// nothing in it.
int CodeCheck(const CommandContext& ctx, const CodeArgs& a) {
  const bool en = ctx.English();
  absl::StatusOr<std::string> code = ledger::ParseVerificationCode(a.code);
  if (!code.ok()) {
    std::cerr << "gongxin: " << code.status().message() << "\n";
    return kExitFailed;
  }
  if (a.meeting.empty() == a.export_path.empty()) {
    std::cerr << "gongxin: code check: give --meeting (fetch the public export) or --export "
                 "FILE (offline), one of them\n";
    return kExitFailed;
  }
  absl::StatusOr<crypto::Ed25519PublicKey> trusted = verifier::LoadTrustedKey(a.trust);
  if (!trusted.ok()) {
    std::cerr << "gongxin: --trust " << a.trust << ": " << trusted.status().message() << "\n";
    return kExitFailed;
  }
  std::string exported;
  if (!a.export_path.empty()) {
    std::ifstream file(a.export_path, std::ios::binary);
    if (!file) {
      std::cerr << "gongxin: --export " << a.export_path << ": cannot open\n";
      return kExitFailed;
    }
    exported.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } else {
    // The public export: a code is checked by anyone, and needs no opening.
    absl::StatusOr<Connection> c = ctx.Connect("auditor");
    absl::StatusOr<std::string> fetched =
        c.ok() ? FetchExport(*c, a.meeting, /*public_export=*/true) : c.status();
    if (!fetched.ok()) return ReportRefusal(fetched.status());
    exported = *std::move(fetched);
  }
  absl::StatusOr<verifier::CodeCheck> check =
      verifier::CheckVerificationCode(exported, *trusted, *code);
  if (!check.ok()) {
    std::cout << "FAILED: " << check.status().message() << "\n";
    return kExitAuditFailed;
  }
  const std::string printed = util::EncodeTypedCode(*code);
  const verifier::Verdict& v = check->verdict;
  const std::string title = report::MeetingTitle(report::MessagesFor(ctx.Locale()), v.spec);
  if (!check->match.has_value()) {
    std::cout << absl::Substitute(
        en ? "NOT FOUND: $0 is the code of no document of meeting $1 \"$2\" (tried the "
             "announcement, the paper ballots and $3 result(s) in a verified record of $4 "
             "entries). Check it was typed right, or ask for the export of the meeting the "
             "document names.\n"
           : "未找到：$0 不是会议 $1「$2」任何文件的核验码（已核对会前公告、纸质选票和 $3 "
             "份计票结果，记录共 $4 条且已验证）。请核对是否抄错，或索取文件所属会议的导出文件。\n",
        printed, v.meeting_id, title, check->counts_seen, v.entries);
    return kExitAuditFailed;
  }
  const verifier::CodeMatch& m = *check->match;
  std::cout << absl::Substitute(
      en ? "VALID: $0 is the code of $1 of meeting $2 \"$3\", presenting ledger entry $4 "
           "(hash $5…); the record it belongs to verified: $6 entries, every hash link and "
           "signature.\n"
         : "有效：$0 是会议 $2「$3」$1的核验码，所据账本第 $4 条（哈希 $5…）；"
           "所属记录已验证：共 $6 条，每一哈希链接和签名均无误。\n",
      printed, KindName(m.kind, en), v.meeting_id, title, m.seq,
      crypto::HexEncode(m.entry_hash).substr(0, 16), v.entries);
  return 0;
}

}  // namespace

void AddCodeCommands(CLI::App& app, CommandContext& ctx) {
  auto* code = app.add_subcommand(
      "code", T("核对打印文件上的核验码", "check the verification code printed on a document"));
  code->require_subcommand(1);
  auto args = std::make_shared<CodeArgs>();
  auto* check = code->add_subcommand(
      "check", T("核验码属于哪份文件：会前公告、结果报告或纸质选票",
                 "which document a verification code belongs to: announcement, result or "
                 "paper ballots"));
  check->add_option("code", args->code, T("核验码，如 ABCD-EFGH-IJKL-MNOP-Q（大小写、短横线不限）",
                                          "the code, e.g. ABCD-EFGH-IJKL-MNOP-Q (any case, dashes optional)"))
      ->required();
  check->add_option("--meeting", args->meeting, T("会议编号：从服务器获取公开导出文件", "meeting id: fetch its public export from the server"));
  check->add_option("--export", args->export_path, T("离线：使用此导出文件", "offline: use this export file"));
  check->add_option("--trust", args->trust, T("服务器公钥（PEM），独立取得", "server public key (PEM), obtained independently"))
      ->required();
  check->callback([&ctx, a = args] { ctx.Exit(CodeCheck(ctx, *a)); });
}

}  // namespace gongxin::client
