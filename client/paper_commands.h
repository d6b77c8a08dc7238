// `gongxin officer paper-*` and `gongxin kiosk checkin --by-paper`: paper
// ballots beside electronic ones (docs/operations.md, "Paper ballots beside
// electronic ones"). The desk checks a voter in to vote on paper; after the
// close one officer keys each slip in, a second one keys it again to
// confirm it, and each form's returns are recorded.
#ifndef GONGXIN_CLIENT_PAPER_COMMANDS_H_
#define GONGXIN_CLIENT_PAPER_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "client/command_context.h"

namespace gongxin::client {

// Adds, under `officer` (AddOfficerCommands first), each as the officer role:
//   officer paper-enter ID [--form F] [--voter V] [--batch B] MARKS...
//   officer paper-confirm ID --seq N [--form F] [--voter V] MARKS...
//   officer paper-reject ID --seq N --reason TEXT
//   officer paper-returns ID --form F --issued N --returned M
// MARKS as for `kiosk cast` (--choose, --grade, ...). --form may be left
// out when the meeting has one form; --voter is the voter printed on a
// named form's slip.
void AddPaperCommands(CLI::App& app, CommandContext& ctx);

// `kiosk checkin --by-paper`: checks the voter in to vote on paper; nothing
// is handed out but the paper slips.
absl::Status KioskCheckInByPaper(const CommandContext& ctx, const std::string& meeting,
                                 const std::string& voter);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_PAPER_COMMANDS_H_
