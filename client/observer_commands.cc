// `gongxin observer show|opinion`: a party deputy on the 旁听席 (000) with
// an observer certificate watches a meeting's progress — its state and
// turnout, what the room's big screen shows — and records opinions on the
// ledger (征求旁听意见). Everything else refuses the observer role.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/meeting_commands.h"
#include "client/selection_commands.h"
#include "client/selection_export.h"
#include "crypto/key_file.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "kiosk/connection.h"
#include "tally/text.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {

using util::T;
namespace {

constexpr char kRole[] = "observer";

absl::Status Show(const CommandContext& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, kiosk::GetMeeting(c, id));
  PrintInfo(ctx, info);
  return absl::OkStatus();
}

struct OpinionArgs {
  std::string meeting_id, text, text_file;
};

absl::Status Opinion(const CommandContext& ctx, const OpinionArgs& a) {
  std::string text = a.text;
  if (!a.text_file.empty()) {
    ASSIGN_OR_RETURN(text, crypto::ReadFile(a.text_file));
  }
  if (!tally::IsValidUtf8(text)) {
    return absl::InvalidArgumentError("--text-file: the opinion is not UTF-8 text");
  }
  // One spelling of each character on the ledger (tally/text.h).
  ASSIGN_OR_RETURN(text, tally::ToNfc(text));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect(kRole));
  v1::RecordOpinionRequest req;
  req.set_meeting_id(a.meeting_id);
  req.set_text(text);
  v1::OfficerInputResponse resp;
  auto stub = v1::RecordService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->RecordOpinion(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << (en ? "opinion recorded" : "旁听意见已登记") << LandedAt(resp, en) << "\n"
            << (en ? "it is on the ledger, signed, and in the meeting's exports; the full report "
                     "shows it\n"
                   : "意见已签名记入账本，随会议导出文件保存，完整版报告中列出\n");
  return absl::OkStatus();
}

}  // namespace

void AddObserverCommands(CLI::App& app, CommandContext& ctx) {
  auto* observer = app.add_subcommand(
      "observer", T("旁听（observer 证书）：查看会议进度，登记旁听意见",
                    "observers (observer certificate): watch a meeting's progress, record "
                    "opinions"));
  observer->require_subcommand(1);

  auto show_id = std::make_shared<std::string>();
  auto* show = observer->add_subcommand(
      "show", T("会议状态、应到、实到和已投票数（不含任何选票或结果）",
                "state, roll size, check-ins and ballots cast (no ballot, no result)"));
  show->add_option("id", *show_id, T("会议编号", "meeting id"))->required();
  show->callback([&ctx, id = show_id] { ctx.Run(Show(ctx, *id)); });

  auto args = std::make_shared<OpinionArgs>();
  auto* opinion = observer->add_subcommand(
      "opinion", T("登记一条旁听意见（记入账本）", "record an opinion on the ledger"));
  opinion->add_option("id", args->meeting_id, T("会议编号", "meeting id"))->required();
  auto* text = opinion->add_option("--text", args->text, T("意见", "the opinion"));
  auto* file = opinion->add_option("--text-file", args->text_file,
                                   T("从文件读取意见（UTF-8）", "read the opinion from a UTF-8 file"));
  text->excludes(file);
  opinion->callback([&ctx, a = args] {
    if (a->text.empty() && a->text_file.empty()) {
      ctx.Run(absl::InvalidArgumentError("--text or --text-file: required"));
      return;
    }
    ctx.Run(Opinion(ctx, *a));
  });
}

}  // namespace gongxin::client
