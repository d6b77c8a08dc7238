// gongxin: the command line for admins, kiosks, tally officers and auditors.
// Each group of verbs lives in client/<group>_commands.h and is added by one
// call below (docs/design.md, "Adding a verb"); main only parses.
#include <optional>

#include "CLI/CLI.hpp"
#include "client/archive_commands.h"
#include "client/audit_commands.h"
#include "client/command_context.h"
#include "client/code_commands.h"
#include "client/health_commands.h"
#include "client/cosign_commands.h"
#include "client/kiosk_commands.h"
#include "client/meeting_commands.h"
#include "client/officer_commands.h"
#include "client/paper_commands.h"
#include "client/selection_commands.h"
#include "client/pki_commands.h"
#include "client/receipt_commands.h"
#include "client/registry_commands.h"
#include "client/report_commands.h"
#include "client/tally_commands.h"
#include "client/transparency_commands.h"
#include "util/cli_lang.h"

int main(int argc, char** argv) {
  using namespace gongxin::client;
  using gongxin::util::T;
  // Exit codes: 0 success, 1 refused or failed, 2 usage (CLI11), 3 a check
  // found the record bad.
  CommandContext ctx = CommandContext::FromEnvironment(argc, argv);

  CLI::App app{T("gongxin — 公信：干部选拔任用会议的投票、计票与审计（管理员、投票终端、计票人员、审计人员）", "gongxin — 公信: ballots for cadre-selection meetings (admin, kiosk, officer, auditor)")};
  gongxin::util::LocaliseApp(app);
  app.require_subcommand(1);
  // Global options may also follow the subcommand (`gongxin tally show ID --lang en`).
  app.fallthrough();
  AddGlobalOptions(app, ctx);

  // In the order of --help. A group that adds verbs under another group's
  // command (tally approve, meeting announcement, audit watch...) comes
  // after it.
  AddPkiCommands(app, ctx);
  AddMeetingCommands(app, ctx);
  AddKioskCommands(app, ctx);
  AddReceiptCommands(app, ctx);
  AddCodeCommands(app, ctx);          // code check (核验码)
  AddTallyCommands(app, ctx);
  AddOfficerCommands(app, ctx);       // officer score|veto, tally approve
  AddPaperCommands(app, ctx);         // officer paper-enter|confirm|reject|returns
  AddReportCommands(app, ctx);        // tally report, meeting announcement
  AddAuditCommands(app, ctx);         // audit export|verify
  AddTransparencyCommands(app, ctx);  // audit checkpoint|verifier-key|prove|watch
  AddRegistryCommands(app, ctx);      // audit registry|entries
  AddCosignCommands(app, ctx);        // audit witness-key|cosign
  AddArchiveCommands(app, ctx);       // meeting archive|archive-check
  AddRecordCommands(app, ctx);        // record add|check (documents by hash)
  AddNoticeCommands(app, ctx);        // notice publish|outcome|print (任前公示)
  AddObserverCommands(app, ctx);      // observer show|opinion
  AddHealthCommands(app, ctx);        // health (probes: deploy/kubernetes/)

  gongxin::util::LocaliseSubcommandGroups(app);
  if (std::optional<int> stop = gongxin::util::ParseCommandLine(app, argc, argv)) return *stop;
  return ctx.exit_code;
}
