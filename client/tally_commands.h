// `gongxin tally count|show`: an officer counts a closed meeting — the
// server counts, signs and records the result on the ledger — and prints
// it as a table, JSON or CSV (client/result_format.h), with the ledger
// entry it became.
#ifndef GONGXIN_CLIENT_TALLY_COMMANDS_H_
#define GONGXIN_CLIENT_TALLY_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds, each acting as the officer role:
//   tally count ID [--format table|json|csv]
//   tally show ID [--format table|json|csv]
// The other tally verbs are added under `tally` by AddOfficerCommands
// (approve) and AddReportCommands (report), which must come after this.
void AddTallyCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_TALLY_COMMANDS_H_
