// Paper ballots from the command line: one RPC each, one line printed.
#include "client/paper_commands.h"

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "client/ballot_input.h"
#include "client/kiosk_commands.h"
#include "client/officer_commands.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "kiosk/kiosk.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {

using util::T;
namespace {


struct PaperArgs {
  std::string meeting_id, form, voter, batch, reason;
  uint64_t seq = 0;
  uint32_t issued = 0, returned = 0;
  BallotFlags marks;
};

// The slip as keyed in: the marks on the one form named (or the only one).
absl::StatusOr<v1::Ballot> KeyedBallot(const Connection& c, const PaperArgs& in) {
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, kiosk::GetMeeting(c, in.meeting_id));
  std::string form = in.form;
  if (form.empty()) {
    if (info.spec().forms_size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat("--form: required: meeting ", in.meeting_id,
                                                     " has ", info.spec().forms_size(),
                                                     " forms"));
    }
    form = info.spec().forms(0).id();
  }
  ASSIGN_OR_RETURN(auto ballots, BuildBallots(info.spec(), {form}, in.marks));
  return ballots[form];
}

absl::Status Enter(const CommandContext& ctx, const PaperArgs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  v1::EnterPaperBallotRequest req;
  req.set_meeting_id(in.meeting_id);
  ASSIGN_OR_RETURN(*req.mutable_ballot(), KeyedBallot(c, in));
  req.set_voter_id(in.voter);
  req.set_batch(in.batch);
  v1::OfficerInputResponse resp;
  auto stub = v1::TallyService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->EnterPaperBallot(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(
                   en ? "entered: paper ballot of form $0, not counted until confirmed"
                      : "已录入：表 $0 的纸质票，经第二人确认后计入",
                   req.ballot().form_id())
            << LedgerPlace(resp, en) << "\n"
            << absl::Substitute(en ? "write $0 on the slip; a second officer keys it again: "
                                     "gongxin officer paper-confirm $1 --seq $0 ..."
                                   : "请在选票上注明 $0；由第二名工作人员再次录入确认："
                                     "gongxin officer paper-confirm $1 --seq $0 ...",
                                resp.seq(), in.meeting_id)
            << "\n";
  return absl::OkStatus();
}

absl::Status Confirm(const CommandContext& ctx, const PaperArgs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  v1::ConfirmPaperBallotRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_seq(in.seq);
  ASSIGN_OR_RETURN(*req.mutable_ballot(), KeyedBallot(c, in));
  req.set_voter_id(in.voter);
  v1::OfficerInputResponse resp;
  auto stub = v1::TallyService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->ConfirmPaperBallot(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "confirmed: paper ballot $0 matches and now counts"
                                   : "已确认：第 $0 条纸质票核对一致，计入结果",
                                in.seq)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Reject(const CommandContext& ctx, const PaperArgs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  v1::RejectPaperBallotRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_seq(in.seq);
  req.set_reason(in.reason);
  v1::OfficerInputResponse resp;
  auto stub = v1::TallyService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->RejectPaperBallot(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "withdrawn: paper ballot $0 ($1); enter the slip again"
                                   : "已撤回：第 $0 条纸质票录入（$1），请重新录入该选票",
                                in.seq, in.reason)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

absl::Status Returns(const CommandContext& ctx, const PaperArgs& in) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  v1::RecordPaperReturnsRequest req;
  req.set_meeting_id(in.meeting_id);
  req.set_form_id(in.form);
  req.set_issued(in.issued);
  req.set_returned(in.returned);
  v1::OfficerInputResponse resp;
  auto stub = v1::TallyService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->RecordPaperReturns(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << absl::Substitute(en ? "recorded: form $0, $1 paper slips issued, $2 returned"
                                   : "已登记：表 $0 纸质选票发出 $1 张，收回 $2 张",
                                in.form, in.issued, in.returned)
            << LedgerPlace(resp, en) << "\n";
  return absl::OkStatus();
}

}  // namespace

absl::Status KioskCheckInByPaper(const CommandContext& ctx, const std::string& meeting,
                                 const std::string& voter) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
  v1::CheckInRequest req;
  req.set_meeting_id(meeting);
  req.set_voter_id(voter);
  req.set_by_paper(true);
  v1::CheckInResponse resp;
  auto stub = v1::KioskService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->CheckIn(c.NewContext().get(), req, &resp)));
  std::cout << absl::Substitute(T("已签到（纸质投票）：$0（$1），请发给纸质选票",
                                  "checked in to vote on paper: $0 ($1): hand over the paper "
                                  "ballots"),
                                resp.voter_name(), resp.group())
            << "\n";
  return absl::OkStatus();
}

void AddPaperCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* officer = app.get_subcommand("officer");

  auto enter_args = std::make_shared<PaperArgs>();
  auto* enter = officer->add_subcommand(
      "paper-enter", T("计票结束后录入一张纸质选票（经第二人确认后计入）",
                       "key in one paper ballot after the close (counted once a second officer "
                       "confirms it)"));
  enter->add_option("id", enter_args->meeting_id, T("会议编号", "meeting"))->required();
  enter->add_option("--form", enter_args->form, T("票表（会议只有一张时可省略）", "form (may be left out when the meeting has one)"));
  enter->add_option("--voter", enter_args->voter, T("实名票表：选票上署名的投票人编号", "named form: the voter id printed on the slip"));
  enter->add_option("--batch", enter_args->batch, T("票箱或批次，例如 box1", "box or pile, e.g. box1"));
  AddMarkOptions(enter, enter_args->marks);
  enter->callback([&ctx, a = enter_args] { ctx.Run(Enter(ctx, *a)); });

  auto confirm_args = std::make_shared<PaperArgs>();
  auto* confirm = officer->add_subcommand(
      "paper-confirm", T("第二名工作人员再次录入同一张纸质选票；一致才确认",
                         "a second officer keys the same paper ballot again; confirmed only if "
                         "it matches"));
  confirm->add_option("id", confirm_args->meeting_id, T("会议编号", "meeting"))->required();
  confirm->add_option("--seq", confirm_args->seq, T("录入时的账本条目号", "the ledger entry the slip was entered as"))->required();
  confirm->add_option("--form", confirm_args->form, T("票表（会议只有一张时可省略）", "form (may be left out when the meeting has one)"));
  confirm->add_option("--voter", confirm_args->voter, T("实名票表：选票上署名的投票人编号", "named form: the voter id printed on the slip"));
  AddMarkOptions(confirm, confirm_args->marks);
  confirm->callback([&ctx, a = confirm_args] { ctx.Run(Confirm(ctx, *a)); });

  auto reject_args = std::make_shared<PaperArgs>();
  auto* reject = officer->add_subcommand(
      "paper-reject", T("撤回一条未确认的纸质票录入（录错时）", "withdraw an unconfirmed paper ballot entry (a keying slip)"));
  reject->add_option("id", reject_args->meeting_id, T("会议编号", "meeting"))->required();
  reject->add_option("--seq", reject_args->seq, T("录入时的账本条目号", "the ledger entry the slip was entered as"))->required();
  reject->add_option("--reason", reject_args->reason, T("理由；记入账本", "why; on the ledger"))->required();
  reject->callback([&ctx, a = reject_args] { ctx.Run(Reject(ctx, *a)); });

  auto returns_args = std::make_shared<PaperArgs>();
  auto* returns = officer->add_subcommand(
      "paper-returns", T("登记一张票表纸质选票的发出与收回张数", "record a form's paper slips issued and returned"));
  returns->add_option("id", returns_args->meeting_id, T("会议编号", "meeting"))->required();
  returns->add_option("--form", returns_args->form, T("票表", "form"))->required();
  returns->add_option("--issued", returns_args->issued, T("发出张数（须与纸质签到人数一致）", "slips handed out (must equal the paper check-ins)"))->required();
  returns->add_option("--returned", returns_args->returned, T("票箱中收回的张数", "slips found in the box"))->required();
  returns->callback([&ctx, a = returns_args] { ctx.Run(Returns(ctx, *a)); });
}

}  // namespace gongxin::client
