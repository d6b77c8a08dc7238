// `gongxin officer score|veto` and `gongxin tally approve`: what officers
// enter on the ledger besides the count (rules S-2, S-3) and the approvals
// a count may need. Kept out of main.cc: main makes one call,
// AddOfficerCommands.
#ifndef GONGXIN_CLIENT_OFFICER_COMMANDS_H_
#define GONGXIN_CLIENT_OFFICER_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// Adds
//   officer score ID --candidate C --indicator I --value V [--rule R]
//   officer veto ID --candidate C --reason TEXT [--rule R]
// under `app`, and
//   approve ID
// under `tally`. Each acts as the officer role (pick a certificate with
// --as), prints one confirmation line in Chinese, or English when `lang` is
// "en", and names the ledger entry it became. `connection` and `lang` are
// read when a command runs; `rc` receives 0, or 1 with the refusal on
// stderr (client/refusal.h).
void AddOfficerCommands(CLI::App& app, CLI::App& tally, const ConnectionOptions& connection,
                        const std::string& lang, int& rc);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_OFFICER_COMMANDS_H_
