// `gongxin code check`: which document of a meeting a printed verification
// code (核验码, ledger/verification_code.h) belongs to, from the meeting's
// verified public export (fetched, or a file for an offline check).
#ifndef GONGXIN_CLIENT_CODE_COMMANDS_H_
#define GONGXIN_CLIENT_CODE_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

void AddCodeCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_CODE_COMMANDS_H_
