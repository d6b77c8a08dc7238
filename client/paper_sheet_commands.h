// Printed paper ballots from the command line (report/paper_ballots.h).
#ifndef GONGXIN_CLIENT_PAPER_SHEET_COMMANDS_H_
#define GONGXIN_CLIENT_PAPER_SHEET_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `meeting`, acting as the admin role:
//   meeting paper-ballots ID --form F --out FILE [--count N]
// A named form: one ballot per eligible voter on the meeting's roll (read
// from a full export), the voter's name printed on it. An anonymous form:
// --count identical ballots with no name.
void AddPaperSheetCommands(CLI::App& meeting, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_PAPER_SHEET_COMMANDS_H_
