// Officer inputs from the command line: one RPC each, one line printed.
#include "client/officer_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {


struct Inputs {
  std::string meeting_id, rule_id, candidate, indicator, value, reason;
  std::string inspector;  // correct: whose score, in a rule scored by the inspectors' panel
  std::string file;       // sheet: the CSV of one inspector's scores
  uint64_t seq = 0;  // correct: the score entry superseded (0: the one in effect)
};

absl::Status Score(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::EnterScoreRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_rule_id(in.rule_id);
  req.set_candidate_id(in.candidate);
  req.set_indicator_id(in.indicator);
  req.set_value(in.value);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->EnterScore(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "recorded: $0 scored $1 on $2" : "已记录：$0 的 $2 评分为 $1",
                                in.candidate, in.value, in.indicator)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

// One inspector's whole sheet (考察人评分表): a CSV of candidate,indicator,value
// rows (a header row naming those columns is skipped), each entered as one
// score under the caller's certificate. Stops at the first refusal, naming
// its row; the rows before it stay entered (each is its own ledger entry),
// so the inspector fixes the row and enters the rest.
absl::Status EnterScoreSheet(const CommandContext& ctx, const Inputs& in) {
  std::ifstream file(in.file, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("--file: cannot read ", in.file));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  int line_no = 0;
  std::vector<int> line_of;
  while (std::getline(file, line)) {
    ++line_no;
    if (line_no == 1 && absl::StartsWith(line, "\xEF\xBB\xBF")) line.erase(0, 3);
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || (rows.empty() && absl::StartsWith(text, "candidate"))) continue;
    std::vector<std::string> cells = absl::StrSplit(text, ',');
    for (std::string& cell : cells) cell = std::string(absl::StripAsciiWhitespace(cell));
    if (cells.size() != 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          in.file, ":", line_no, ": expected 3 columns candidate,indicator,value (got ",
          cells.size(), ")"));
    }
    rows.push_back(std::move(cells));
    line_of.push_back(line_no);
  }
  if (rows.empty()) return absl::InvalidArgumentError(absl::StrCat(in.file, ": no scores"));
  for (size_t i = 0; i < rows.size(); ++i) {
    Inputs one = in;
    one.candidate = rows[i][0];
    one.indicator = rows[i][1];
    one.value = rows[i][2];
    if (absl::Status s = Score(ctx, one); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(in.file, ":", line_of[i], ": ", s.message(),
                                                 ctx.English()
                                                     ? absl::StrCat(" (", i, " rows before it entered)")
                                                     : absl::StrCat("（此前 ", i, " 行已录入）")));
    }
  }
  return absl::OkStatus();
}

absl::Status Veto(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::EnterVetoRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_rule_id(in.rule_id);
  req.set_candidate_id(in.candidate);
  req.set_reason(in.reason);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->EnterVeto(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "recorded: veto of $0: $1" : "已记录：对 $0 一票否决，理由：$1",
                                in.candidate, in.reason)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Approve(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::ApproveCountRequest req;
  req.set_meeting_id(in.meeting_id);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->ApproveCount(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "count approved: $0 of $1 required approvals"
                                   : "已审批计票：已有 $0 名，需 $1 名",
                                resp.approvals(), resp.approvals_required())
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Correct(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::ProposeCorrectionRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_rule_id(in.rule_id);
  req.set_candidate_id(in.candidate);
  req.set_indicator_id(in.indicator);
  req.set_value(in.value);
  req.set_reason(in.reason);
  req.set_superseded_seq(in.seq);
  req.set_inspector(in.inspector);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->ProposeCorrection(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(
                   en ? "correction proposed: $0's $2 to $1; another officer approves it with "
                        "`gongxin officer approve-correction $3 --seq $4`"
                      : "已提出更正：$0 的 $2 改为 $1；须由另一名计票人员执行 "
                        "`gongxin officer approve-correction $3 --seq $4` 批准后生效",
                   in.candidate, in.value, in.indicator, in.meeting_id, resp.seq())
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status ApproveCorrection(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::ApproveCorrectionRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_proposal_seq(in.seq);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->ApproveCorrection(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "correction at ledger entry $0 approved: it is in effect"
                                   : "已批准账本第 $0 条的更正，已生效",
                                in.seq)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddOfficerCommands(CLI::App& app, CommandContext& ctx) {
  auto* officer = app.add_subcommand(
      "officer", T("为综合排名录入评分和一票否决（计票人员）", "enter scores and one-vote vetoes for composite rankings (officer)"));
  officer->require_subcommand(1);
  auto score_args = std::make_shared<Inputs>();
  auto* score = officer->add_subcommand("score", T("录入人选在一项指标上的得分", "record a candidate's score on an indicator"));
  score->add_option("id", score_args->meeting_id, T("会议编号", "meeting"))->required();
  score->add_option("--candidate", score_args->candidate, T("人选编号（规格中的 id）", "candidate id (as in the spec)"))->required();
  score->add_option("--indicator", score_args->indicator, T("例如 basic_quality、performance", "e.g. basic_quality, performance"))->required();
  score->add_option("--value", score_args->value, T("按该指标分制的精确小数，例如 87.5", "exact decimal on the indicator's scale, e.g. 87.5"))
      ->required();
  score->add_option("--rule", score_args->rule_id, T("综合规则（会议有多个时必填）", "composite rule (needed when the meeting has several)"));
  score->callback([&ctx, a = score_args] { ctx.Run(Score(ctx, *a)); });

  auto sheet_args = std::make_shared<Inputs>();
  auto* sheet = officer->add_subcommand(
      "sheet", T("考察人以本人证书录入整张评分表（CSV：candidate,indicator,value）",
                 "an inspector enters their whole score sheet under their own certificate (CSV: "
                 "candidate,indicator,value)"));
  sheet->add_option("id", sheet_args->meeting_id, T("会议编号", "meeting"))->required();
  sheet->add_option("--file", sheet_args->file, T("评分表 CSV（UTF-8）", "the sheet as CSV (UTF-8)"))
      ->required();
  sheet->add_option("--rule", sheet_args->rule_id, T("综合规则（会议有多个时必填）", "composite rule (needed when the meeting has several)"));
  sheet->callback([&ctx, a = sheet_args] { ctx.Run(EnterScoreSheet(ctx, *a)); });

  auto veto_args = std::make_shared<Inputs>();
  auto* veto = officer->add_subcommand("veto", T("对人选一票否决，并说明理由", "one-vote veto (一票否决) of a candidate, with a reason"));
  veto->add_option("id", veto_args->meeting_id, T("会议编号", "meeting"))->required();
  veto->add_option("--candidate", veto_args->candidate, T("人选编号（规格中的 id）", "candidate id (as in the spec)"))->required();
  veto->add_option("--reason", veto_args->reason, T("理由；随结果公布", "why; published with the result"))->required();
  veto->add_option("--rule", veto_args->rule_id, T("综合规则（会议有多个时必填）", "composite rule (needed when the meeting has several)"));
  veto->callback([&ctx, a = veto_args] { ctx.Run(Veto(ctx, *a)); });

  auto correct_args = std::make_shared<Inputs>();
  auto* correct = officer->add_subcommand(
      "correct", T("提出更正一项已录入的评分（须另一名计票人员批准）",
                   "propose correcting a score already entered (another officer approves it)"));
  correct->add_option("id", correct_args->meeting_id, T("会议编号", "meeting"))->required();
  correct->add_option("--candidate", correct_args->candidate, T("人选编号（规格中的 id）", "candidate id (as in the spec)"))->required();
  correct->add_option("--indicator", correct_args->indicator, T("被更正的指标", "the indicator whose score is corrected"))->required();
  correct->add_option("--value", correct_args->value, T("更正后的得分（精确小数）", "the corrected score (exact decimal)"))->required();
  correct->add_option("--reason", correct_args->reason, T("更正理由；记入账本并列入完整版报告", "why; on the ledger and in the full report"))->required();
  correct->add_option("--rule", correct_args->rule_id, T("综合规则（会议有多个时必填）", "composite rule (needed when the meeting has several)"));
  correct->add_option("--inspector", correct_args->inspector,
                      T("考察组评分时：被更正的是哪位考察人的评分（证书名）",
                        "for a rule scored by the inspectors' panel: whose score (certificate name)"));
  correct->add_option("--supersedes", correct_args->seq,
                      T("被更正的评分所在账本条目（默认：现行评分）",
                        "ledger entry of the score corrected (default: the score in effect)"));
  correct->callback([&ctx, a = correct_args] { ctx.Run(Correct(ctx, *a)); });

  auto approve_correction_args = std::make_shared<Inputs>();
  auto* approve_correction = officer->add_subcommand(
      "approve-correction", T("批准另一名计票人员提出的评分更正",
                              "approve a score correction another officer proposed"));
  approve_correction->add_option("id", approve_correction_args->meeting_id, T("会议编号", "meeting"))->required();
  approve_correction->add_option("--seq", approve_correction_args->seq,
                                 T("更正提议所在账本条目", "ledger entry of the proposed correction"))
      ->required();
  approve_correction->callback(
      [&ctx, a = approve_correction_args] { ctx.Run(ApproveCorrection(ctx, *a)); });

  auto approve_args = std::make_shared<Inputs>();
  auto* approve = app.get_subcommand("tally")->add_subcommand(
      "approve", T("批准计票（规格可要求两名不同的计票人员）", "approve the count (the spec may require two distinct officers)"));
  approve->add_option("id", approve_args->meeting_id, T("会议编号", "meeting"))->required();
  approve->callback([&ctx, a = approve_args] { ctx.Run(Approve(ctx, *a)); });
}

std::string LedgerPlace(const v1::OfficerInputResponse& r, bool english) {
  const std::string hash = crypto::HexEncode(r.entry_hash()).substr(0, 16);
  return english ? absl::StrCat(" (ledger entry ", r.seq(), ", hash ", hash, ")")
                 : absl::StrCat("（账本第 ", r.seq(), " 条，哈希 ", hash, "）");
}

}  // namespace gongxin::client
