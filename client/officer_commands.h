// `gongxin officer score|veto` and `gongxin tally approve`: what officers
// enter on the ledger besides the count (rules S-2, S-3) and the approvals
// a count may need.
#ifndef GONGXIN_CLIENT_OFFICER_COMMANDS_H_
#define GONGXIN_CLIENT_OFFICER_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "client/command_context.h"
#include "gongxin/v1/service.pb.h"

namespace gongxin::client {

// Adds
//   officer score ID --candidate C --indicator I --value V [--rule R]
//   officer veto ID --candidate C --reason TEXT [--rule R]
// and, under `tally` (AddTallyCommands first),
//   tally approve ID
// Each acts as the officer role (pick a certificate with --as), prints one
// confirmation line naming the ledger entry it became.
void AddOfficerCommands(CLI::App& app, CommandContext& ctx);

// Where an officer's input landed, for its confirmation line: " (ledger
// entry 12, hash 0123…)" or "（账本第 12 条，哈希 0123…）".
std::string LedgerPlace(const v1::OfficerInputResponse& r, bool english);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_OFFICER_COMMANDS_H_
