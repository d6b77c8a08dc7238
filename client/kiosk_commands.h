// `gongxin kiosk ...`: the polling station's terminal. It checks a voter in
// (a credential per named form, a blinded token per anonymous form), shows
// the forms as the voter sees them and casts the filled ballots, printing
// the receipts — the kiosk protocol of kiosk/kiosk.h, with the marks read
// from flags (client/ballot_input.h).
#ifndef GONGXIN_CLIENT_KIOSK_COMMANDS_H_
#define GONGXIN_CLIENT_KIOSK_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/ballot_input.h"
#include "client/command_context.h"

namespace gongxin::client {

// Adds, each acting as the kiosk role:
//   kiosk [--state-dir DIR] checkin --meeting ID --voter V
//         [--by-slip [--slip CODE] | --by-paper]
//   kiosk form --meeting ID [--form F]
//   kiosk cast --credential C|--token T  MARKS...
//   kiosk [--state-dir DIR] vote --meeting ID --voter V [--form F...] MARKS...
//   kiosk [--state-dir DIR] serve ID [--listen 127.0.0.1:8080] [--roll CSV]
//         [--idle S] [--reset S]   the kiosk page (client/kiosk_serve.h)
// MARKS are --choose, --write-in, --grade, --decide, --element and --tick.
void AddKioskCommands(CLI::App& app, CommandContext& ctx);

// The marks of a ballot as flags (--choose, --grade, ...): the same for
// `kiosk cast`, `kiosk vote` and the officers' paper ballots.
void AddMarkOptions(CLI::App* sub, BallotFlags& flags);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_KIOSK_COMMANDS_H_
