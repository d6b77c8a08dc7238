// The slips for voting by phone from the command line: the admin prints a
// group's slips (the secrets made here, only their hashes sent), voids one,
// or reprints one; the sign-in desk checks in a voter who votes by phone.
// The codes exist only on the printed sheet: the ledger names a slip by
// ledger::SlipHash.
#ifndef GONGXIN_CLIENT_SLIP_COMMANDS_H_
#define GONGXIN_CLIENT_SLIP_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `meeting`, each acting as the admin role:
//   meeting slips ID --group G --count N --out F --page URL [--ca-cert PEM]
//   meeting void-slip ID CODE
//   meeting reprint-slip ID CODE --out F --page URL [--ca-cert PEM]
void AddSlipCommands(CLI::App& meeting, CommandContext& ctx);

// `kiosk checkin --by-slip [--slip CODE]`: checks in a voter who votes by
// phone (nothing is handed out at the desk). `slip_code` is the slip scanned
// for a voter who receives a named form, empty for one of anonymous forms
// only, who takes a slip at random from the group's stack.
absl::Status KioskCheckInBySlip(const CommandContext& ctx, const std::string& meeting,
                                const std::string& voter, const std::string& slip_code,
                                const std::string& state_dir);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SLIP_COMMANDS_H_
