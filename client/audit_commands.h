// `gongxin audit export|verify`: an auditor downloads a meeting's whole
// record and verifies it offline against the server's public key (the
// checks of verifier/, the same as the standalone gongxin-verify).
#ifndef GONGXIN_CLIENT_AUDIT_COMMANDS_H_
#define GONGXIN_CLIENT_AUDIT_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds
//   audit export ID --out FILE [--public]   as the auditor role
//   audit verify ...                         verifier/audit_verify.h; exit 3 if the record is bad
// The other audit verbs are added under `audit` by AddTransparencyCommands,
// AddRegistryCommands and AddCosignCommands, which must come after this.
void AddAuditCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_AUDIT_COMMANDS_H_
