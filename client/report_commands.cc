#include "client/report_commands.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/export_fetch.h"
#include "client/named_ballots.h"
#include "client/score_corrections.h"
#include "client/selection_export.h"
#include "client/output_file.h"
#include "client/pdf_print.h"
#include "client/roll_csv.h"
#include "client/xlsx_file.h"
#include "client/result_format.h"
#include "verifier/verifier.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/verification_code.h"
#include "report/announcement.h"
#include "report/result_report.h"
#include "tally/sample.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {

using kiosk::GetMeeting;

absl::StatusOr<std::string> ServerKey(const Connection& c) {
  auto stub = v1::AuditService::NewStub(c.channel());
  v1::GetServerKeyResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetServerKey(c.NewContext().get(), {}, &resp)));
  return resp.ed25519_public_key();
}

// The latest signed checkpoint of the meeting's Merkle log, or "" when the
// server has none to give: the paper then carries the signed head alone.
std::string CheckpointNote(const Connection& c, const std::string& id) {
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::GetCheckpointRequest req;
  req.set_meeting_id(id);
  v1::Checkpoint resp;
  if (!stub->GetCheckpoint(c.NewContext().get(), req, &resp).ok()) return "";
  return resp.signed_note();
}

report::LedgerTie TieOf(const v1::SignedHead& head, std::string server_key,
                        std::string checkpoint) {
  report::LedgerTie tie;
  tie.head = head;
  tie.signed_text = ledger::HeadMessage(head.meeting_id(), head.size(), head.head_hash());
  tie.server_public_key = std::move(server_key);
  tie.checkpoint_note = std::move(checkpoint);
  return tie;
}

}  // namespace

absl::StatusOr<report::LedgerTie> CurrentLedgerTie(const Connection& c,
                                                   const v1::MeetingInfo& info) {
  ASSIGN_OR_RETURN(std::string server_key, ServerKey(c));
  if (info.has_archive()) server_key = info.archive().room_public_key();
  return TieOf(info.head(), std::move(server_key), CheckpointNote(c, info.meeting_id()));
}

absl::StatusOr<report::ResultReportInput> FetchResultReportInput(const Connection& c,
                                                                 const std::string& id,
                                                                 const std::string& locale) {
  auto tally = v1::TallyService::NewStub(c.channel());
  v1::GetResultRequest req;
  req.set_meeting_id(id);
  v1::CountResponse counted;
  RETURN_IF_ERROR(FromGrpc(tally->GetResult(c.NewContext().get(), req, &counted)));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  ASSIGN_OR_RETURN(std::string server_key, ServerKey(c));
  // An archived meeting's head is signed by the room's server, not this one.
  if (info.has_archive()) server_key = info.archive().room_public_key();
  report::ResultReportInput in;
  in.spec = info.spec();
  in.result = counted.result();
  in.tie = TieOf(counted.head(), server_key, CheckpointNote(c, id));
  in.tie.count_seq = counted.seq();
  in.tie.count_entry_hash = counted.entry_hash();
  in.tie.verification_code = ledger::VerificationCode(id, ledger::DocumentKind::kResult, counted.seq(), counted.entry_hash());
  in.locale = locale;
  in.status = info.status();
  in.sample = info.sample();
  // Rule S-5: a follow-up evaluation's report compares it with the earlier
  // evaluation its link names, as that meeting's count recorded it. A
  // meeting this server cannot give (or recounted since) is left out, and
  // the report says there is no comparison.
  for (const v1::Form& form : in.spec.forms()) {
    if (!form.has_follow_up()) continue;
    const v1::FollowUpLink& link = form.follow_up();
    const bool have = std::any_of(
        in.follow_up_previous.begin(), in.follow_up_previous.end(),
        [&](const report::FollowUpPrevious& p) { return p.meeting_id == link.previous_meeting_id(); });
    if (have) continue;
    v1::GetResultRequest previous_req;
    previous_req.set_meeting_id(link.previous_meeting_id());
    v1::CountResponse previous_count;
    if (!tally->GetResult(c.NewContext().get(), previous_req, &previous_count).ok()) continue;
    if (previous_count.seq() != link.count_seq() ||
        previous_count.entry_hash() != link.count_entry_hash()) {
      continue;
    }
    absl::StatusOr<v1::MeetingInfo> previous_info = GetMeeting(c, link.previous_meeting_id());
    if (!previous_info.ok()) continue;
    report::FollowUpPrevious previous;
    previous.meeting_id = link.previous_meeting_id();
    previous.spec = previous_info->spec();
    previous.result = previous_count.result();
    in.follow_up_previous.push_back(std::move(previous));
  }
  return in;
}

namespace {

absl::Status TallyReport(const CommandContext& ctx, const std::string& id,
                         const std::string& format, const std::string& variant_name,
                         const std::string& out_path) {
  ASSIGN_OR_RETURN(report::Variant variant, report::ParseVariant(variant_name));
  const bool full = variant == report::Variant::kFull;
  if (full && (format == "csv" || format == "xlsx")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format ", format, ": the ", format == "csv" ? "CSV" : "workbook",
        " carries the counts only; the full variant (named choices) is html, pdf or json"));
  }
  // The full variant names who chose what: only the organisation
  // department's admin certificate may fetch the openings behind it.
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(full ? "admin" : "officer"));
  ASSIGN_OR_RETURN(report::ResultReportInput in, FetchResultReportInput(c, id, ctx.Locale()));
  if (format == "csv") {
    return WriteOutputFile(out_path, kPublicFileMode,
                           FormatTallyResult(in.result, in.spec, ResultFormat::kCsv, ctx.Locale()));
  }
  if (format == "xlsx") {
    // The CSV's rows, from the same view of the count without its ledger tie.
    report::ResultReportInput counts = in;
    counts.tie = {};
    ASSIGN_OR_RETURN(const report::ResultView view, report::BuildResultView(counts));
    ASSIGN_OR_RETURN(const std::string book, XlsxBytes({ResultSheet(view)}));
    RETURN_IF_ERROR(WriteOutputFile(out_path, kPublicFileMode, book));
    std::cout << out_path << "\n";
    return absl::OkStatus();
  }
  in.variant = variant;
  const std::string server_key = in.tie.server_public_key;
  if (full) {
    ASSIGN_OR_RETURN(std::string exported, FetchExport(c, id, /*public_export=*/false));
    // The named choices must be the ones the signed chain holds and the
    // count was made from: verify before reading them.
    ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key, crypto::Ed25519PublicKey::FromRaw(server_key));
    std::istringstream verify_in(exported);
    ASSIGN_OR_RETURN(verifier::Verdict verdict, verifier::VerifyExport(verify_in, key));
    if (!verdict.count.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat("meeting ", id, ": the export holds no count"));
    }
    std::istringstream read_in(exported);
    ASSIGN_OR_RETURN(in.named_ballots, NamedBallotsFromExport(read_in));
    std::istringstream corrections_in(exported);
    ASSIGN_OR_RETURN(in.corrections, CorrectionsFromExport(corrections_in));
    std::istringstream sheets_in(exported);
    ASSIGN_OR_RETURN(in.inspector_scores, InspectorScoresFromExport(sheets_in, in.spec));
    std::istringstream selection_in(exported);
    ASSIGN_OR_RETURN(SelectionFromLedger selection, SelectionFromExport(selection_in));
    in.selection = std::move(selection.records);
  }
  std::string text;
  if (format == "json") {
    ASSIGN_OR_RETURN(text, report::RenderResultJson(in));
  } else {
    ASSIGN_OR_RETURN(text, report::RenderResultHtml(in));
  }
  if (format == "pdf") {
    ASSIGN_OR_RETURN(text, PrintHtmlToPdf(text));
  }
  // The full variant names who chose what.
  RETURN_IF_ERROR(WriteOutputFile(out_path, full ? kPrivateFileMode : kPublicFileMode, text));
  std::cout << out_path << "\n";
  return absl::OkStatus();
}

absl::Status MeetingAnnouncement(const CommandContext& ctx, const std::string& id,
                                 const std::string& format, const std::string& out_path) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  ASSIGN_OR_RETURN(std::string server_key, ServerKey(c));
  // An archived meeting's head is signed by the room's server, not this one.
  if (info.has_archive()) server_key = info.archive().room_public_key();
  // The public export carries the roll (for 应到 per group) and the genesis
  // entry's exact bytes, whose hash is what the paper cites.
  ASSIGN_OR_RETURN(std::string exported, FetchExport(c, id, /*public_export=*/true));
  std::istringstream in_stream(exported);
  ledger::ExportReader reader(&in_stream);
  RETURN_IF_ERROR(reader.ReadMagic());
  report::AnnouncementInput in;
  in.meeting_id = id;
  in.spec = info.spec();
  in.status = info.status();
  in.locale = ctx.Locale();
  in.tie = TieOf(info.head(), server_key, CheckpointNote(c, id));
  in.sample = info.sample();
  v1::ExportRecord record;
  bool have_genesis = false;
  while (!have_genesis) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (record.has_roll()) {
      v1::Roll roll;
      if (!roll.ParseFromString(record.roll())) {
        return absl::DataLossError("export: the roll record does not parse");
      }
      // 应到 per group: who takes part (a sampled survey's sample sizes).
      for (const auto& [group, n] :
           tally::ParticipantsByGroup(info.spec(), tally::GroupCounts(roll))) {
        in.due_by_group[group] = n;
      }
    } else if (record.has_entry()) {
      v1::Entry entry;
      if (!entry.ParseFromString(record.entry()) || !entry.has_meeting_created()) {
        return absl::DataLossError("export: the first entry is not the meeting's genesis entry");
      }
      in.genesis_hash = ledger::EntryHash(record.entry());
      in.verification_code = ledger::VerificationCode(id, ledger::DocumentKind::kAnnouncement, 0, in.genesis_hash);
      in.roll_digest = entry.meeting_created().roll_digest();
      in.created_at = entry.meeting_created().created_at();
      have_genesis = true;
    }
  }
  if (!have_genesis) return absl::DataLossError("export: no genesis entry");
  std::string text = report::RenderAnnouncementHtml(in);
  if (format == "pdf") {
    ASSIGN_OR_RETURN(text, PrintHtmlToPdf(text));
  }
  RETURN_IF_ERROR(WriteOutputFile(out_path, kPublicFileMode, text));
  std::cout << out_path << "\n";
  return absl::OkStatus();
}

// Needs no server: the template is the roll's header and notes.
absl::Status RollTemplate(bool english, const std::string& format,
                          const std::vector<std::string>& groups, const std::string& out_path) {
  if (format == "csv") {
    // With a byte-order mark, so that Excel opens the Chinese header right.
    RETURN_IF_ERROR(WriteOutputFile(out_path, kPublicFileMode,
                                    absl::StrCat("\xEF\xBB\xBF",
                                                 absl::StrJoin(RollHeader(english), ","), "\r\n")));
  } else {
    ASSIGN_OR_RETURN(const std::string book, XlsxBytes(RollTemplateSheets(english, groups)));
    RETURN_IF_ERROR(WriteOutputFile(out_path, kPublicFileMode, book));
  }
  std::cout << out_path << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddReportCommands(CLI::App& app, CommandContext& ctx) {
  struct ReportArgs {
    std::string id, out, format = "html", variant = "public";
  };
  auto report_args = std::make_shared<ReportArgs>();
  auto* rep = app.get_subcommand("tally")->add_subcommand(
      "report", T("将计票结果写成可打印文件：html（图表、表格、签名的账本头）、json 或 csv", "write the count as a printable document: html (charts, tables, the signed "
                "ledger head), json or csv"));
  rep->add_option("id", report_args->id, T("会议编号", "meeting id"))->required();
  rep->add_option("--out", report_args->out, T("输出文件", "output file"))->required();
  rep->add_option("--format", report_args->format,
                  T("html、pdf（经 Chromium 打印，嵌入中文字体）、json、csv 或 xlsx（Excel 工作簿，与 csv 同样的行）",
                    "html, pdf (printed by Chromium, CJK font embedded), json, csv or xlsx (an "
                    "Excel workbook with the CSV's rows)"))
      ->check(CLI::IsMember({"html", "pdf", "json", "csv", "xlsx"}))
      ->capture_default_str();
  rep->add_option("--variant", report_args->variant,
                  T("public（公开版，只有票数）或 full（完整版，含实名票明细；需管理员证书）", "public (counts only) or full (adds who chose what on named forms; admin "
                  "certificate)"))
      ->check(CLI::IsMember({"public", "full"}))
      ->capture_default_str();
  rep->callback([&ctx, a = report_args] {
    ctx.Run(TallyReport(ctx, a->id, a->format, a->variant, a->out));
  });

  struct AnnouncementArgs {
    std::string id, out, format = "html";
  };
  auto announcement_args = std::make_shared<AnnouncementArgs>();
  auto* ann = app.get_subcommand("meeting")->add_subcommand(
      "announcement", T("将会前公告（职位、人选、票表、规则、各类别应到人数、登记条目哈希）写成可打印的 HTML", "write the pre-vote announcement (posts, candidates, forms, rules, groups "
                      "due, genesis hash) as printable HTML"));
  ann->add_option("id", announcement_args->id, T("会议编号", "meeting id"))->required();
  ann->add_option("--out", announcement_args->out, T("输出文件", "output file"))->required();
  ann->add_option("--format", announcement_args->format,
                  T("html 或 pdf（经 Chromium 打印，嵌入中文字体）",
                    "html or pdf (printed by Chromium, CJK font embedded)"))
      ->check(CLI::IsMember({"html", "pdf"}))
      ->capture_default_str();
  ann->callback([&ctx, a = announcement_args] {
    ctx.Run(MeetingAnnouncement(ctx, a->id, a->format, a->out));
  });

  struct TemplateArgs {
    std::string out, format = "xlsx";
    std::vector<std::string> groups;
  };
  auto template_args = std::make_shared<TemplateArgs>();
  auto* tpl = app.get_subcommand("meeting")->add_subcommand(
      "roll-template", T("写出应到人员名册模板（xlsx 或 csv），填好后另存为 CSV 作为 --roll",
                         "write a roll template (xlsx or csv) to fill in and save as the CSV "
                         "--roll reads"));
  tpl->add_option("--out", template_args->out, T("输出文件", "output file"))->required();
  tpl->add_option("--format", template_args->format, T("xlsx 或 csv", "xlsx or csv"))
      ->check(CLI::IsMember({"xlsx", "csv"}))
      ->capture_default_str();
  tpl->add_option("--groups", template_args->groups,
                  T("类别编号（逗号分隔），作为类别列的下拉选项", "group ids (comma-separated): the group "
                    "column's drop-down"))
      ->delimiter(',');
  tpl->callback([&ctx, a = template_args] {
    ctx.Run(RollTemplate(ctx.English(), a->format, a->groups, a->out));
  });
}

}  // namespace gongxin::client
