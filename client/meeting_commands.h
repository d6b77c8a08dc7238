// `gongxin meeting ...`: an admin registers a meeting from its spec and
// roll, moves it through its states and watches its progress; and writes
// the spec of a progressive recommendation's next round (rules S-8, A9).
#ifndef GONGXIN_CLIENT_MEETING_COMMANDS_H_
#define GONGXIN_CLIENT_MEETING_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

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

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_MEETING_COMMANDS_H_
