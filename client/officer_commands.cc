// Officer inputs from the command line: one RPC each, one line printed.
#include "client/officer_commands.h"

#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {

constexpr char kRole[] = "officer";

// "… (ledger entry 42, head 3f…)": where the input landed, for the record.
std::string Where(const v1::OfficerInputResponse& r, bool english) {
  const std::string hash = crypto::HexEncode(r.entry_hash()).substr(0, 16);
  return english ? absl::StrCat(" (ledger entry ", r.seq(), ", hash ", hash, ")")
                 : absl::StrCat("（账本第 ", r.seq(), " 条，哈希 ", hash, "）");
}

struct Inputs {
  std::string meeting_id, rule_id, candidate, indicator, value, reason;
};

absl::Status Score(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
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
            << Where(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Veto(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
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
            << Where(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Approve(const CommandContext& ctx, const Inputs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::ApproveCountRequest req;
  req.set_meeting_id(in.meeting_id);
  v1::OfficerInputResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->ApproveCount(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "count approved: $0 of $1 required approvals"
                                   : "已审批计票：已有 $0 名，需 $1 名",
                                resp.approvals(), resp.approvals_required())
            << Where(resp, en) << "\n";
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

  auto veto_args = std::make_shared<Inputs>();
  auto* veto = officer->add_subcommand("veto", T("对人选一票否决，并说明理由", "one-vote veto (一票否决) of a candidate, with a reason"));
  veto->add_option("id", veto_args->meeting_id, T("会议编号", "meeting"))->required();
  veto->add_option("--candidate", veto_args->candidate, T("人选编号（规格中的 id）", "candidate id (as in the spec)"))->required();
  veto->add_option("--reason", veto_args->reason, T("理由；随结果公布", "why; published with the result"))->required();
  veto->add_option("--rule", veto_args->rule_id, T("综合规则（会议有多个时必填）", "composite rule (needed when the meeting has several)"));
  veto->callback([&ctx, a = veto_args] { ctx.Run(Veto(ctx, *a)); });

  auto approve_args = std::make_shared<Inputs>();
  auto* approve = app.get_subcommand("tally")->add_subcommand(
      "approve", T("批准计票（规格可要求两名不同的计票人员）", "approve the count (the spec may require two distinct officers)"));
  approve->add_option("id", approve_args->meeting_id, T("会议编号", "meeting"))->required();
  approve->callback([&ctx, a = approve_args] { ctx.Run(Approve(ctx, *a)); });
}

}  // namespace gongxin::client
