// `gongxin tally report` and `gongxin meeting announcement`: the printable
// documents of report/, with the data fetched from gongxind and the signed
// ledger head (and checkpoint) embedded so the paper ties to the ledger.
// Kept out of main.cc: main makes one call, AddReportCommands.
#ifndef GONGXIN_CLIENT_REPORT_COMMANDS_H_
#define GONGXIN_CLIENT_REPORT_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// Adds
//   under `tally`:   report ID --out FILE [--format html|json|csv]
//                           [--variant public|full]
//   under `meeting`: announcement ID --out FILE
// `connection` and `lang` (the global --lang) are read when a command runs;
// `rc` receives the exit code: 0, or 1 with the refusal on stderr (client/refusal.h).
void AddReportCommands(CLI::App& tally, CLI::App& meeting, const ConnectionOptions& connection,
                       const std::string& lang, int& rc);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_REPORT_COMMANDS_H_
