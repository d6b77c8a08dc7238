// `gongxin meeting draw-sample ID --beacon TEXT`: one sample_drawn entry,
// then the drawn voters by group, for the statistics office to reach.
#include "client/sample_commands.h"

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/meeting_commands.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "kiosk/connection.h"
#include "tally/sample.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {

using util::T;
namespace {

struct DrawArgs {
  std::string meeting_id, beacon;
};


absl::Status Draw(const CommandContext& ctx, const DrawArgs& a) {
  // The beacon is typed from an announcement: one spelling of each
  // character, so that anyone typing it again gets the same seed.
  ASSIGN_OR_RETURN(const std::string beacon, tally::ToNfc(a.beacon));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, kiosk::GetMeeting(c, a.meeting_id));
  v1::DrawSampleRequest req;
  req.set_meeting_id(a.meeting_id);
  req.set_beacon(beacon);
  v1::DrawSampleResponse resp;
  auto stub = v1::MeetingService::NewStub(c.channel());
  RETURN_IF_ERROR(FromGrpc(stub->DrawSample(c.NewContext().get(), req, &resp)));

  const bool en = ctx.English();
  const v1::MeetingSpec& spec = info.spec();
  std::cout << (en ? "sample drawn at ledger entry " : "已抽样，账本第 ") << resp.seq()
            << (en ? "" : " 条") << "\n"
            << (en ? "beacon:  " : "公开随机数：") << spec.sample().beacon_source() << " = "
            << beacon << "\n"
            << (en ? "seed:    " : "种子：      ") << crypto::HexEncode(resp.seed()) << "\n"
            << (en ? "takes part: " : "应到：      ") << resp.sample_size()
            << (en ? " of the " : " 人（总体 ") << resp.population()
            << (en ? " on the roll\n" : " 人）\n");
  // The response lists the draw stratum by stratum, in spec order.
  int next = 0;
  for (const v1::SampleStratum& stratum : spec.sample().strata()) {
    std::vector<std::string> ids;
    while (next < resp.voter_ids_size() && ids.size() < stratum.size()) {
      ids.push_back(resp.voter_ids(next++));
    }
    std::cout << "  " << tally::GroupName(spec, stratum.group()) << " (" << stratum.group() << "): "
              << ids.size() << (en ? " drawn: " : " 人：") << absl::StrJoin(ids, ", ") << "\n";
  }
  for (const v1::VoterGroup& g : spec.groups()) {
    if (tally::FindStratum(spec, g.id()) == nullptr) {
      std::cout << "  " << tally::GroupName(spec, g.id()) << " (" << g.id() << "): "
                << (en ? "taken whole\n" : "全体参加\n");
    }
  }
  std::cout << (en ? "anyone can redraw it from the meeting's export: gongxin audit verify\n"
                   : "任何人都可用会议导出文件重新抽取核对：gongxin audit verify\n");
  return absl::OkStatus();
}

}  // namespace

void AddSampleCommands(CLI::App& meeting, CommandContext& ctx) {
  auto args = std::make_shared<DrawArgs>();
  auto* draw = meeting.add_subcommand(
      "draw-sample",
      T("抽样调查：用规格指定的公开随机数抽取受访者（会议开始前，一次）",
        "a sampled survey: draw the respondents with the public value the spec named (before "
        "the meeting opens, once)"));
  draw->add_option("id", args->meeting_id, T("会议编号", "meeting id"))->required();
  draw->add_option("--beacon", args->beacon,
                   T("规格 sample.beacon_source 所指的公开值，公布后照录，例如开奖号码",
                     "the value spec.sample.beacon_source names, as announced, e.g. the "
                     "lottery draw"))
      ->required();
  draw->callback([&ctx, a = args] { ctx.Run(Draw(ctx, *a)); });
}

}  // namespace gongxin::client
