// What the commands of the gongxin CLI share: the connection and the
// language that the global options set (read when a command runs, after
// parsing), and the exit code of the command that ran. Every group of verbs
// is added by `void Add<Group>Commands(CLI::App& app, CommandContext& ctx)`
// in client/<group>_commands.h; docs/design.md, "Adding a verb".
#ifndef GONGXIN_CLIENT_COMMAND_CONTEXT_H_
#define GONGXIN_CLIENT_COMMAND_CONTEXT_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/refusal.h"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

struct CommandContext {
  // Defaults from the environment: $GONGXIN_SERVER, $GONGXIN_PKI, and the
  // language of util/cli_lang.h (--lang, else $GONGXIN_LANG, else Chinese),
  // which must be known before any help text is declared.
  static CommandContext FromEnvironment(int argc, char** argv);

  bool English() const { return lang == "en"; }
  // The locale that report/ and result_format.h speak: "en" or "zh-CN".
  std::string Locale() const { return English() ? "en" : "zh-CN"; }
  // A connection to gongxind as `role` (admin, kiosk, officer, auditor).
  absl::StatusOr<Connection> Connect(const std::string& role) const {
    return Connection::Connect(connection, role);
  }

  // Ends a command with `s`: exit code 0, or 1 with the refusal on stderr.
  void Run(const absl::Status& s) { exit_code = ReportRefusal(s); }
  // Ends a command whose exit code says more than done or refused (3: the
  // check found the record bad).
  void Exit(int code) { exit_code = code; }

  ConnectionOptions connection;
  std::string lang = "zh-CN";
  int exit_code = 0;
};

// Adds the global options (--server, --pki, --as, --ca, --cert, --key,
// --insecure, --lang), bound to `ctx`.
void AddGlobalOptions(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_COMMAND_CONTEXT_H_
