// `gongxin meeting ...`: an admin registers a meeting from its spec and
// roll, moves it through its states and watches its progress; and writes
// the spec of a progressive recommendation's next round (rules S-8, A9).
#ifndef GONGXIN_CLIENT_MEETING_COMMANDS_H_
#define GONGXIN_CLIENT_MEETING_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"
#include "gongxin/v1/service.pb.h"

namespace gongxin::client {

// Adds
//   meeting create --spec FILE [--roll CSV]   prints the new meeting's id
//   meeting announce|open|close|publish ID
//   meeting show ID [--format table|json]
//   meeting next-round ID --form F [--question Q] --top N [--roll CSV] --out FILE
//   meeting list
//   meeting slips|void-slip|reprint-slip ...  slips for voting by phone
//                                             (client/slip_commands.h)
// each acting as the admin role.
void AddMeetingCommands(CLI::App& app, CommandContext& ctx);

// PrintInfo prints what `meeting show` prints of `info`: the state, 应到,
// 实到, ballots cast, per form issued and returned, and the ledger head —
// progress only, never a result.
void PrintInfo(const CommandContext& ctx, const v1::MeetingInfo& info);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_MEETING_COMMANDS_H_
