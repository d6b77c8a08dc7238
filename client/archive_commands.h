// After a meeting in a room: the room's record into the organisation's
// central gongxind (ArchiveService), and the check the room's wipe makes
// before it deletes anything (deploy/room.sh wipe; docs/operations.md,
// "After the meeting").
#ifndef GONGXIN_CLIENT_ARCHIVE_COMMANDS_H_
#define GONGXIN_CLIENT_ARCHIVE_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds under `meeting`, each acting as the admin role:
//   meeting archive EXPORT --room-key room.pub
//     against the central server (--server): imports the room's full export;
//   meeting move-out ID
//     moves one of the server's own PUBLISHED meetings out of its ledger
//     into an export file under its --archive-dir (ArchiveService.MoveOut);
//   meeting archive-check --central ADDR --central-pki DIR
//     against the room's server (--server): exits 0 only if the central
//     server holds every meeting of the room, archived with the room's key
//     and the same signed head; 1 naming those that are not.
void AddArchiveCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_ARCHIVE_COMMANDS_H_
