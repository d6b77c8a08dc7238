// `gongxin receipt check`: is the ballot behind a voter's receipt in the
// meeting's record? Either against a full export (fetched, or a file), or
// with --trust-note-key against the Merkle log (client/receipt_check.h).
#ifndef GONGXIN_CLIENT_RECEIPT_COMMANDS_H_
#define GONGXIN_CLIENT_RECEIPT_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds
//   receipt check RECEIPT --meeting ID --trust PEM [--export FILE]
//   receipt check RECEIPT --trust-note-key VKEY [--checkpoint NOTE --proof FILE | --online]
// Exit code 0 included; 1 bad input or an error; 3 the ballot is missing
// or the proof fails ("OMITTED: ..." / "FAILED: ..." on stdout).
void AddReceiptCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_RECEIPT_COMMANDS_H_
