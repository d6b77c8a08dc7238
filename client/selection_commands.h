// The selection around the meeting from the command line (issue 16; docs/
// api.md, "Records, notices and observers"):
//   record add ID --kind KIND --file F [--candidate C]    (officer; --as admin)
//   record check EXPORT --file F [--trust KEY.pem]        (offline)
//   notice publish ID --start D --end D --channel W... --subject C[=POST]...  (admin)
//   notice outcome ID --candidate C --outcome O [--reason R]                  (admin)
//   notice print ID --out F [--results]                   (the 公示 / the 再公示)
//   observer show ID                                      (observer)
//   observer opinion ID (--text T | --text-file F)        (observer)
#ifndef GONGXIN_CLIENT_SELECTION_COMMANDS_H_
#define GONGXIN_CLIENT_SELECTION_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

void AddRecordCommands(CLI::App& app, CommandContext& ctx);    // record_commands.cc
void AddNoticeCommands(CLI::App& app, CommandContext& ctx);    // notice_commands.cc
void AddObserverCommands(CLI::App& app, CommandContext& ctx);  // observer_commands.cc

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SELECTION_COMMANDS_H_
