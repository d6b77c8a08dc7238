// `gongxin audit checkpoint|verifier-key|prove|watch`: a meeting's Merkle log as
// TransparencyService serves it (auditor role). Kept out of main.cc: main
// makes one call, AddTransparencyCommands, in its `audit` section.
#ifndef GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_
#define GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// Adds under `audit`:
//   checkpoint ID                          the signed checkpoint note, exactly as signed
//   verifier-key                           the note verifier key (name+hex8+base64)
//   prove inclusion ID --index N [--size S]
//   prove consistency ID --from A --to B   the proof, one base64 hash per line
//   watch --meeting ID... --state DIR --trust-note-key VKEY
//                                          log monitor: each meeting's latest
//                                          checkpoint must extend the one seen
//                                          last (kept in DIR/<ID>.checkpoint)
// `connection` is read when a command runs (after parsing); `rc` receives
// the exit code: 0, or 1 with the refusal on stderr (client/refusal.h); `watch`
// also 3 (FORK DETECTED, both signed checkpoints on stdout).
void AddTransparencyCommands(CLI::App& audit, const ConnectionOptions& connection, int& rc);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_TRANSPARENCY_COMMANDS_H_
