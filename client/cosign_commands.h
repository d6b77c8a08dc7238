// `gongxin audit witness-key generate|show` and `gongxin audit cosign`: an
// auditor running a witness (C2SP tlog-witness, cosignature/v1). The witness
// cosigns a meeting's checkpoint only after checking that it extends the
// last one it cosigned for that meeting (the `audit watch` check, shared via
// checkpoint_history.h), then submits the cosignature to the server
// (WitnessService.AddCosignature).
#ifndef GONGXIN_CLIENT_COSIGN_COMMANDS_H_
#define GONGXIN_CLIENT_COSIGN_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `audit` (AddAuditCommands first):
//   witness-key generate --name NAME --out FILE   new witness key (0600), prints its vkey
//   witness-key show --key FILE                    prints the vkey of a witness key
//   cosign --meeting ID --key FILE --state DIR --trust-note-key VKEY
// Each acts as the auditor role. Exit code 0; 1 with the refusal on
// stderr; for cosign also 3 (the served checkpoint does not extend the one
// cosigned before: nothing is signed, both notes are printed).
void AddCosignCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_COSIGN_COMMANDS_H_
