// `gongxin notice publish|outcome|print`: the 任前公示 (000: its period and
// where it was published, then per person 正式任用 / 暂缓任用 / 取消任职资格
// with the reason) and its two printed documents, the 公示 and the 再公示.
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "client/export_fetch.h"
#include "client/output_file.h"
#include "client/pdf_print.h"
#include "client/report_commands.h"
#include "client/selection_commands.h"
#include "client/selection_export.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "kiosk/connection.h"
#include "ledger/verification_code.h"
#include "report/notice.h"
#include "report/record_messages.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {

using util::T;
namespace {

constexpr char kRole[] = "admin";

struct PublishArgs {
  std::string meeting_id, start, end;
  std::vector<std::string> channels, subjects;
};

absl::Status Publish(const CommandContext& ctx, const PublishArgs& a) {
  v1::PublishNoticeRequest req;
  req.set_meeting_id(a.meeting_id);
  req.set_start_date(a.start);
  req.set_end_date(a.end);
  for (const std::string& ch : a.channels) req.add_channels(ch);
  // "c1" or "c1=副局长": the post defaults to the candidate's proposed post.
  for (const std::string& s : a.subjects) {
    std::vector<std::string> parts = absl::StrSplit(s, absl::MaxSplits('=', 1));
    v1::NoticeSubject* subject = req.add_subjects();
    subject->set_candidate_id(parts[0]);
    if (parts.size() > 1) subject->set_post(parts[1]);
  }
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  v1::OfficerInputResponse resp;
  auto stub = v1::RecordService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->PublishNotice(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "notice recorded: $0 to $1, $2 people"
                                   : "已登记任前公示：$0 至 $1，共 $2 人",
                                a.start, a.end, a.subjects.size())
            << LandedAt(resp, en) << "\n"
            << absl::Substitute(en ? "print it: gongxin notice print $0 --out notice.html"
                                   : "打印公示：gongxin notice print $0 --out notice.html",
                                a.meeting_id)
            << "\n";
  return absl::OkStatus();
}

struct OutcomeArgs {
  std::string meeting_id, candidate, outcome, reason;
};

absl::Status Outcome(const CommandContext& ctx, const OutcomeArgs& a) {
  ASSIGN_OR_RETURN(v1::AppointmentOutcome outcome, tally::ParseAppointmentOutcome(a.outcome));
  v1::RecordOutcomeRequest req;
  req.set_meeting_id(a.meeting_id);
  req.set_candidate_id(a.candidate);
  req.set_outcome(outcome);
  req.set_reason(a.reason);
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  v1::OfficerInputResponse resp;
  auto stub = v1::RecordService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->RecordOutcome(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "outcome recorded: $0 $1" : "已登记公示结果：$0 $1",
                                a.candidate,
                                report::OutcomeLabel(report::RecordMessagesFor(ctx.Locale()), outcome))
            << LandedAt(resp, en) << "\n";
  return absl::OkStatus();
}

struct PrintArgs {
  std::string meeting_id, out, format = "html";
  bool results = false;
};

absl::Status Print(const CommandContext& ctx, const PrintArgs& a) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, kiosk::GetMeeting(c, a.meeting_id));
  // The public export: the notice and its outcomes are entries like any other.
  ASSIGN_OR_RETURN(std::string exported, FetchExport(c, a.meeting_id, /*public_export=*/true));
  std::istringstream in(exported);
  ASSIGN_OR_RETURN(SelectionFromLedger selection, SelectionFromExport(in));
  report::NoticeInput input;
  input.meeting_id = a.meeting_id;
  input.spec = info.spec();
  input.records = std::move(selection.records);
  if (input.records.notice().has_value()) {
    const uint64_t notice_seq = input.records.notice()->seq;
    input.notice_entry_hash = selection.entry_hashes[notice_seq];
    // The notice is its own entry; the 再公示 presents every outcome on the
    // ledger now, so it is anchored at the last of them.
    uint64_t anchor = notice_seq;
    if (a.results) {
      for (const auto& o : input.records.outcomes()) anchor = std::max(anchor, o.seq);
    }
    input.verification_code = ledger::VerificationCode(
        a.meeting_id,
        a.results ? ledger::DocumentKind::kNoticeResults : ledger::DocumentKind::kNotice, anchor,
        selection.entry_hashes[anchor]);
  }
  ASSIGN_OR_RETURN(input.tie, CurrentLedgerTie(c, info));
  input.locale = ctx.Locale();
  input.now = absl::ToUnixSeconds(absl::Now());
  std::string html;
  if (a.results) {
    ASSIGN_OR_RETURN(html, report::RenderNoticeResultsHtml(input));
  } else {
    ASSIGN_OR_RETURN(html, report::RenderNoticeHtml(input));
  }
  if (a.format == "pdf") {
    ASSIGN_OR_RETURN(html, PrintHtmlToPdf(html));
  }
  RETURN_IF_ERROR(WriteOutputFile(a.out, kPublicFileMode, html));
  std::cout << a.out << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddNoticeCommands(CLI::App& app, CommandContext& ctx) {
  auto* notice = app.add_subcommand(
      "notice", T("任前公示：登记公示期和公示方式、每人的公示结果，打印公示和再公示",
                  "pre-appointment notice: record its period and where it ran, each person's "
                  "outcome; print the notice and its outcome"));
  notice->require_subcommand(1);

  auto pub = std::make_shared<PublishArgs>();
  auto* publish = notice->add_subcommand(
      "publish", T("登记任前公示（计票之后；admin 证书）",
                   "record the pre-appointment notice (after the count; admin certificate)"));
  publish->add_option("id", pub->meeting_id, T("会议编号", "meeting id"))->required();
  publish->add_option("--start", pub->start, T("公示开始日期 YYYY-MM-DD（北京时间）",
                                               "first day, YYYY-MM-DD (UTC+8)"))
      ->required();
  publish->add_option("--end", pub->end, T("公示结束日期 YYYY-MM-DD（含当日）",
                                           "last day, YYYY-MM-DD (inclusive)"))
      ->required();
  publish->add_option("--channel", pub->channels,
                      T("公示方式，例如 南漳党建网（可重复）", "where it was published (repeatable)"))
      ->required();
  publish->add_option("--subject", pub->subjects,
                      T("公示对象：人选编号，或 编号=拟任职务（可重复）",
                        "a person on the notice: candidate id, or id=proposed post (repeatable)"))
      ->required();
  publish->callback([&ctx, a = pub] { ctx.Run(Publish(ctx, *a)); });

  auto out = std::make_shared<OutcomeArgs>();
  auto* outcome = notice->add_subcommand(
      "outcome", T("登记一人的公示结果（公示期结束后；admin 证书）",
                   "record one person's outcome (after the notice period; admin certificate)"));
  outcome->add_option("id", out->meeting_id, T("会议编号", "meeting id"))->required();
  outcome->add_option("--candidate", out->candidate, T("人选编号", "candidate id"))->required();
  outcome->add_option("--outcome", out->outcome,
                      T("正式任用、暂缓任用 或 取消任职资格（appointed、deferred、disqualified）",
                        "appointed, deferred or disqualified (or the Chinese words)"))
      ->required();
  outcome->add_option("--reason", out->reason,
                      T("理由（调查处理情况）；暂缓任用和取消任职资格必填",
                        "reason (findings); required unless appointed"));
  outcome->callback([&ctx, a = out] { ctx.Run(Outcome(ctx, *a)); });

  auto print_args = std::make_shared<PrintArgs>();
  auto* print = notice->add_subcommand(
      "print", T("将任前公示（或加 --results 的再公示）写成可打印的 HTML 或 PDF，附核验码",
                 "write the notice (or, with --results, its outcome) as printable HTML or PDF, "
                 "with its verification code"));
  print->add_option("id", print_args->meeting_id, T("会议编号", "meeting id"))->required();
  print->add_option("--out", print_args->out, T("输出文件", "output file"))->required();
  print->add_option("--format", print_args->format,
                    T("html 或 pdf（经 Chromium 打印，嵌入中文字体）",
                      "html or pdf (printed by Chromium, CJK font embedded)"))
      ->check(CLI::IsMember({"html", "pdf"}))
      ->capture_default_str();
  print->add_flag("--results", print_args->results,
                  T("再公示：每人的公示结果", "the outcome: each person's result"));
  print->callback([&ctx, a = print_args] { ctx.Run(Print(ctx, *a)); });
}

}  // namespace gongxin::client
