// `gongxin audit witness-key generate|show` and `gongxin audit cosign`: an
// auditor running a witness (C2SP tlog-witness, cosignature/v1). The witness
// cosigns a meeting's checkpoint only after checking that it extends the
// last one it cosigned for that meeting (the `audit watch` check, shared via
// checkpoint_history.h), then submits the cosignature to the server
// (WitnessService.AddCosignature). main.cc makes one call,
// AddCosignCommands, in its `audit` section.
#ifndef GONGXIN_CLIENT_COSIGN_COMMANDS_H_
#define GONGXIN_CLIENT_COSIGN_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// Adds under `audit`:
//   witness-key generate --name NAME --out FILE   new witness key (0600), prints its vkey
//   witness-key show --key FILE                    prints the vkey of a witness key
//   cosign --meeting ID --key FILE --state DIR --trust-note-key VKEY
// `rc` receives the exit code: 0; 1 with the refusal (client/refusal.h) on
// stderr; for cosign also 3 (the served checkpoint does not extend the one
// cosigned before: nothing is signed, both notes are printed).
void AddCosignCommands(CLI::App& audit, const ConnectionOptions& connection, int& rc);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_COSIGN_COMMANDS_H_
