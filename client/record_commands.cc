// `gongxin record add|check`: documents of the selection by hash (003,
// 第五篇). The file never leaves the machine: `add` sends its SHA-256,
// size, base name and kind; `check` reads an export offline and says
// whether a file in hand is one recorded, which entry, when and by whom.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "client/selection_commands.h"
#include "client/selection_export.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
#include "crypto/sha256.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "report/record_messages.h"
#include "report/sections/sections.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"
#include "verifier/audit_verify.h"
#include "verifier/verifier.h"

namespace gongxin::client {

using util::T;
namespace {

struct FileDigest {
  std::string sha256;  // raw
  uint64_t size = 0;
  std::string name;    // base name
};

// Streams the file through SHA-256: a recording may be large.
absl::StatusOr<FileDigest> DigestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("--file ", path, ": ", std::strerror(errno)));
  }
  FileDigest d;
  crypto::Sha256Hasher hasher;
  std::string buffer(1 << 16, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    hasher.Update(absl::string_view(buffer.data(), static_cast<size_t>(n)));
    d.size += static_cast<uint64_t>(n);
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("--file ", path, ": read failed"));
  d.sha256 = hasher.Finish();
  d.name = std::filesystem::path(path).filename().string();
  return d;
}

struct AddArgs {
  std::string meeting_id, kind, file, candidate;
};

absl::Status Add(const CommandContext& ctx, const AddArgs& a) {
  ASSIGN_OR_RETURN(v1::DocumentKind kind, tally::ParseDocumentKind(a.kind));
  ASSIGN_OR_RETURN(FileDigest d, DigestFile(a.file));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  v1::RecordDocumentRequest req;
  req.set_meeting_id(a.meeting_id);
  req.set_kind(kind);
  req.set_sha256(d.sha256);
  req.set_size(d.size);
  req.set_file_name(d.name);
  req.set_candidate_id(a.candidate);
  v1::OfficerInputResponse resp;
  auto stub = v1::RecordService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->RecordDocument(c.NewContext().get(), req, &resp)));
  const report::RecordMessages& rm = report::RecordMessagesFor(ctx.Locale());
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "recorded: $0 $1, $2 bytes, SHA-256 $3"
                                   : "已登记：$0 $1，$2 字节，SHA-256 $3",
                                report::DocumentKindLabel(rm, kind), d.name, d.size,
                                crypto::HexEncode(d.sha256))
            << LandedAt(resp, en) << "\n"
            << (en ? "the file itself stayed on this machine; keep it in the archive\n"
                   : "文件本身没有上传，请存入文书档案\n");
  return absl::OkStatus();
}

struct RecordCheckArgs {
  std::string export_path, file, trust;
};

absl::Status Check(const CommandContext& ctx, const RecordCheckArgs& a) {
  const bool en = ctx.English();
  ASSIGN_OR_RETURN(std::string exported, crypto::ReadFile(a.export_path));
  std::string verified;
  if (!a.trust.empty()) {
    ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key, verifier::LoadTrustedKey(a.trust));
    std::istringstream verify_in(exported);
    ASSIGN_OR_RETURN(verifier::Verdict verdict, verifier::VerifyExport(verify_in, key));
    verified = en ? absl::StrCat("the export verified against ", a.trust, " (", verdict.entries,
                                 " entries)")
                  : absl::StrCat("导出文件已用 ", a.trust, " 核验（", verdict.entries, " 条）");
  } else {
    verified = en ? "the export's signatures were NOT checked (give --trust with the server's "
                    "public key)"
                  : "未核验导出文件的签名（加 --trust 服务器公钥 可核验）";
  }
  ASSIGN_OR_RETURN(FileDigest d, DigestFile(a.file));
  std::istringstream in(exported);
  ASSIGN_OR_RETURN(SelectionFromLedger ledger, SelectionFromExport(in));
  const tally::SelectionRecords::Document* doc = ledger.records.FindDocument(d.sha256);
  if (doc == nullptr) {
    return absl::NotFoundError(absl::Substitute(
        en ? "NOT RECORDED: $0 (SHA-256 $1, $2 bytes) is not a document recorded for meeting "
             "$3 ($4 recorded); $5"
           : "未登记：$0（SHA-256 $1，$2 字节）不是会议 $3 登记的任何文书（共登记 $4 份）；$5",
        a.file, crypto::HexEncode(d.sha256), d.size, ledger.meeting_id,
        ledger.records.documents().size(), verified));
  }
  const v1::DocumentRecorded& b = doc->body;
  const report::RecordMessages& rm = report::RecordMessagesFor(ctx.Locale());
  std::cout << absl::Substitute(
                   en ? "RECORDED: $0 is the $1 \"$2\" of meeting $3, ledger entry $4, entry hash "
                        "$5, recorded $6 (UTC+8) by $7 ($8)"
                      : "已登记：$0 就是会议 $3 的$1「$2」，账本第 $4 条，条目哈希 $5，"
                        "$6（北京时间）由 $7（$8）登记",
                   a.file, report::DocumentKindLabel(rm, b.kind()), b.file_name(),
                   ledger.meeting_id, doc->seq, crypto::HexEncode(ledger.entry_hashes[doc->seq]),
                   report::sections::ChinaTime(b.at()), b.actor(), b.role())
            << "\n";
  if (!b.candidate_id().empty()) {
    std::cout << (en ? "about: " : "涉及人选：")
              << report::sections::SpecPersonName(ledger.spec, b.candidate_id()) << "\n";
  }
  std::cout << verified << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddRecordCommands(CLI::App& app, CommandContext& ctx) {
  auto* record = app.add_subcommand(
      "record", T("按哈希登记文书（个别谈话记录、会议记录、征求纪委意见、考察报告），核对手中的文件",
                  "record documents by hash (interview records, minutes, discipline opinions, "
                  "inspection reports) and check a file against the record"));
  record->require_subcommand(1);

  auto add_args = std::make_shared<AddArgs>();
  auto* add = record->add_subcommand(
      "add", T("登记一份文书的 SHA-256、大小、文件名和类别（文件本身不上传；officer 证书，或 --as admin）",
               "record a document's SHA-256, size, file name and kind (the file is not "
               "uploaded; officer certificate, or --as admin)"));
  add->add_option("id", add_args->meeting_id, T("会议编号", "meeting id"))->required();
  add->add_option("--kind", add_args->kind,
                  T("类别：个别谈话记录、会议记录、征求纪委意见、考察报告（或 interview_record、"
                    "meeting_minutes、discipline_opinion、inspection_report）",
                    "kind: interview_record, meeting_minutes, discipline_opinion, "
                    "inspection_report (or the Chinese names)"))
      ->required();
  add->add_option("--file", add_args->file, T("文件", "the file"))->required();
  add->add_option("--candidate", add_args->candidate,
                  T("文书涉及的人选编号（可选）", "the candidate the document is about (optional)"));
  add->callback([&ctx, a = add_args] { ctx.Run(Add(ctx, *a)); });

  auto check_args = std::make_shared<RecordCheckArgs>();
  auto* check = record->add_subcommand(
      "check", T("离线核对：手中的文件是否就是导出文件中登记的那一份，哪一条、何时、由谁登记",
                 "offline: is this file one recorded in the export — which entry, when, by "
                 "whom"));
  check->add_option("export", check_args->export_path, T("导出文件", "export file"))->required();
  check->add_option("--file", check_args->file, T("要核对的文件", "the file to check"))->required();
  check->add_option("--trust", check_args->trust,
                    T("服务器公钥（PEM）：先核验导出文件", "server public key (PEM): verify the export first"));
  check->callback([&ctx, a = check_args] { ctx.Run(Check(ctx, *a)); });
}

}  // namespace gongxin::client
