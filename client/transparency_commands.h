// `gongxin audit checkpoint|verifier-key|prove|watch`: a meeting's Merkle log as
// TransparencyService serves it (auditor role).
#ifndef GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_
#define GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `audit` (AddAuditCommands first):
//   checkpoint ID                          the signed checkpoint note, exactly as signed
//   verifier-key                           the note verifier key (name+hex8+base64)
//   prove inclusion ID --index N [--size S]
//   prove consistency ID --from A --to B   the proof, one base64 hash per line
//   watch --meeting ID... --state DIR --trust-note-key VKEY
//                                          log monitor: each meeting's latest
//                                          checkpoint must extend the one seen
//                                          last (kept in DIR/<ID>.checkpoint)
// Each acts as the auditor role. Exit code 0, or 1 with the refusal on
// stderr; `watch` also 3 (FORK DETECTED, both signed checkpoints on stdout).
void AddTransparencyCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_
