#include "client/tally_commands.h"

#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "client/result_format.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using kiosk::GetMeeting;
using util::T;

absl::Status PrintResult(const CommandContext& ctx, const Connection& c, const std::string& id,
                         const v1::CountResponse& resp, const std::string& format) {
  ASSIGN_OR_RETURN(ResultFormat f, ParseResultFormat(format));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  std::cout << FormatTallyResult(resp.result(), info.spec(), f, ctx.Locale());
  if (f == ResultFormat::kTable) {
    const bool en = ctx.English();
    std::cout << (en ? "count recorded at ledger entry " : "计票结果记入账本第 ")
              << resp.seq() << (en ? ", hash " : " 条，哈希 ")
              << crypto::HexEncode(resp.entry_hash()) << "\n"
              << (en ? "signed ledger head: " : "服务器签名的账本头：")
              << resp.head().size() << " / " << crypto::HexEncode(resp.head().head_hash())
              << "\n";
  }
  return absl::OkStatus();
}

// `tally count` has the server count, sign and record the result; `tally
// show` reads the result recorded. Both print it the same way.
enum class Fetch { kCount, kRecorded };

absl::Status TallyResult(const CommandContext& ctx, Fetch fetch, const std::string& id,
                         const std::string& format) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::CountResponse resp;
  auto rpc = c.NewContext();
  if (fetch == Fetch::kCount) {
    v1::CountRequest req;
    req.set_meeting_id(id);
    RETURN_IF_ERROR(FromGrpc(stub->Count(rpc.get(), req, &resp)));
  } else {
    v1::GetResultRequest req;
    req.set_meeting_id(id);
    RETURN_IF_ERROR(FromGrpc(stub->GetResult(rpc.get(), req, &resp)));
  }
  return PrintResult(ctx, c, id, resp, format);
}

}  // namespace

void AddTallyCommands(CLI::App& app, CommandContext& ctx) {
  auto* tally = app.add_subcommand("tally", T("对已结束的会议计票并显示结果（计票人员）", "count a closed meeting and show the result (officer)"));
  tally->require_subcommand(1);

  struct ResultArgs {
    std::string id, format = "table";
  };
  auto count_args = std::make_shared<ResultArgs>();
  auto* count = tally->add_subcommand("count", T("计票、签名并将结果记入账本", "count, sign and record the result on the ledger"));
  count->add_option("id", count_args->id, T("会议编号", "meeting id"))->required();
  count->add_option("--format", count_args->format, T("table（表格）、json 或 csv", "table, json or csv"))->check(CLI::IsMember({"table", "json", "csv"}));
  count->callback([&ctx, a = count_args] { ctx.Run(TallyResult(ctx, Fetch::kCount, a->id, a->format)); });

  auto show_args = std::make_shared<ResultArgs>();
  auto* show = tally->add_subcommand("show", T("显示已记录的计票结果", "show the recorded count"));
  show->add_option("id", show_args->id, T("会议编号", "meeting id"))->required();
  show->add_option("--format", show_args->format, T("table（表格）、json 或 csv", "table, json or csv"))->check(CLI::IsMember({"table", "json", "csv"}));
  show->callback([&ctx, a = show_args] { ctx.Run(TallyResult(ctx, Fetch::kRecorded, a->id, a->format)); });
}

}  // namespace gongxin::client
