#include "verifier/audit_verify.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "absl/strings/strip.h"
#include "crypto/cosignature.h"
#include "crypto/key_file.h"
#include "util/status_macros.h"
#include "verifier/progress_bar.h"
#include "verifier/receipts.h"
#include "verifier/verifier.h"
#include "util/cli_lang.h"

namespace gongxin::verifier {

using util::T;

void AddAuditVerifyOptions(CLI::App& verify, AuditVerifyArgs& args) {
  verify.add_option("file", args.export_path, T("要核验的导出文件", "the export to verify"))
      ->required()
      ->check(CLI::ExistingFile);
  verify.add_option("--trust", args.trust_path,
                    T("服务器公钥（PEM），由 `gongxind --print-public-key` 取得", "server public key (PEM) from `gongxind --print-public-key`"))
      ->required();
  verify.add_option("--receipts", args.receipts_path,
                    T("回执文件（每行一个），这些回执必须在账本中", "file of receipts (one per line) that must be in the ledger"));
  verify.add_flag("--progress", args.progress,
                  T("在标准错误输出显示进度：终端上为进度条，否则每 5 秒一行", "show progress on stderr: a bar on a terminal, a line every 5 s otherwise"));
  verify.add_option("--threads", args.threads,
                    T("核验所用线程数（默认：全部核心；1 = 单线程）", "threads to verify with (default: all cores; 1 = single-threaded)"));
  verify.add_option("--witness-key", args.witness_keys,
                    T("受信任见证人的验证密钥（cosignature/v1）；核验其对公布检查点的联署（每个见证人重复一次）", "a trusted witness's verifier key (cosignature/v1); its cosignature of the "
                    "published checkpoint is checked (repeat for each witness)"));
  verify.add_option("--require-cosignatures", args.required_cosignatures,
                    T("公布须带有这么多个不同 --witness-key 见证人的有效联署", "the publication must carry valid cosignatures of this many distinct "
                    "--witness-key witnesses"));
  verify.add_option("--previous", args.previous_path,
                    T("上一轮的导出文件：据此核对本会议的轮次关联", "export of the previous round: check this meeting's round link against it"))
      ->check(CLI::ExistingFile);
}

absl::StatusOr<crypto::Ed25519PublicKey> LoadTrustedKey(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, crypto::ReadFile(path));
  return crypto::Ed25519PublicKey::FromPem(text);
}

int AuditVerify(const AuditVerifyArgs& args, std::ostream& out, std::ostream& err,
                const std::string& program) {
  auto trusted = LoadTrustedKey(args.trust_path);
  if (!trusted.ok()) {
    err << program << ": --trust " << args.trust_path << ": " << trusted.status().message()
        << "\n";
    return kExitFailed;
  }
  VerifyOptions options;
  for (const std::string& vkey : args.witness_keys) {
    auto witness = crypto::ParseCosignerVerifierKey(absl::StripAsciiWhitespace(vkey));
    if (!witness.ok()) {
      err << program << ": --witness-key " << vkey << ": " << witness.status().message() << "\n";
      return kExitFailed;
    }
    options.witnesses.push_back(*std::move(witness));
  }
  if (args.required_cosignatures < 0 ||
      static_cast<size_t>(args.required_cosignatures) > options.witnesses.size()) {
    err << program << ": --require-cosignatures: " << args.required_cosignatures
        << " must be between 0 and the number of --witness-key witnesses ("
        << options.witnesses.size() << ")\n";
    return kExitFailed;
  }
  options.required_cosignatures = args.required_cosignatures;
  if (!args.receipts_path.empty()) {
    auto text = crypto::ReadFile(args.receipts_path);
    if (!text.ok()) {
      err << program << ": " << text.status().message() << "\n";
      return kExitFailed;
    }
    absl::Status parsed = ParseReceipts(*text, &options);
    if (!parsed.ok()) {
      err << program << ": " << args.receipts_path << ": " << parsed.message() << "\n";
      return kExitFailed;
    }
  }
  options.threads = args.threads;
  std::optional<ProgressBar> bar;
  if (args.progress) {
    std::error_code size_error;
    const uintmax_t size = std::filesystem::file_size(args.export_path, size_error);
    bar.emplace(std::cerr, ::isatty(STDERR_FILENO) != 0, size_error ? 0 : size);
    options.progress = [&bar](uint64_t entries, uint64_t bytes) { bar->Update(entries, bytes); };
  }
  std::ifstream in(args.export_path, std::ios::binary);
  if (!in) {
    err << program << ": cannot read " << args.export_path << "\n";
    return kExitFailed;
  }
  auto verdict = VerifyExport(in, *trusted, options);
  if (bar.has_value()) bar->Finish();
  if (!verdict.ok()) {
    out << "FAILED: " << args.export_path << ": " << verdict.status().message() << "\n";
    return kExitAuditFailed;
  }
  out << verdict->Summary() << "\n";
  if (args.previous_path.empty()) return 0;
  // Rules S-8, A9: the previous round's export must verify too, and the
  // link in this meeting's genesis must name its count and its top N.
  std::ifstream prev_in(args.previous_path, std::ios::binary);
  if (!prev_in) {
    err << program << ": cannot read " << args.previous_path << "\n";
    return kExitFailed;
  }
  auto previous = VerifyExport(prev_in, *trusted, {});
  if (!previous.ok()) {
    out << "FAILED: " << args.previous_path << ": " << previous.status().message() << "\n";
    return kExitAuditFailed;
  }
  out << previous->Summary() << "\n";
  // Rule S-5: a follow-up evaluation links to the earlier evaluation as a
  // round links to the previous round; the same export checks either.
  if (HasFollowUpLink(*verdict, previous->meeting_id)) {
    absl::Status linked = CheckFollowUpLinks(*verdict, *previous);
    if (!linked.ok()) {
      out << "FAILED: follow-up link: " << linked.message() << "\n";
      return kExitAuditFailed;
    }
    out << "follow-up link: meeting " << verdict->meeting_id
        << " re-evaluates, after rectification, the recorded evaluation of meeting "
        << previous->meeting_id << "\n";
    return 0;
  }
  absl::Status linked = CheckRoundLinks(*verdict, *previous);
  if (!linked.ok()) {
    out << "FAILED: round link: " << linked.message() << "\n";
    return kExitAuditFailed;
  }
  out << "round link: meeting " << verdict->meeting_id << " is the next round of meeting "
      << previous->meeting_id << ", with its recorded top\n";
  return 0;
}

}  // namespace gongxin::verifier
