// `gongxin tally report` and `gongxin meeting announcement`: the printable
// documents of report/, with the data fetched from gongxind and the signed
// ledger head (and checkpoint) embedded so the paper ties to the ledger.
#ifndef GONGXIN_CLIENT_REPORT_COMMANDS_H_
#define GONGXIN_CLIENT_REPORT_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"
#include "gongxin/v1/service.pb.h"
#include "report/result_report.h"

namespace gongxin::client {

// Adds, after AddTallyCommands and AddMeetingCommands made the commands
// they go under,
//   tally report ID --out FILE [--format html|pdf|json|csv|xlsx] [--variant public|full]
//   meeting announcement ID --out FILE [--format html|pdf]
//   meeting roll-template --out FILE [--format xlsx|csv] [--groups ID,...]
// in the language of the global --lang (pdf: client/pdf_print.h; xlsx:
// client/xlsx_file.h).
void AddReportCommands(CLI::App& app, CommandContext& ctx);

// The count of meeting `id` as report/ renders it, tied to the ledger: the
// result, the spec, the signed head, the server key and the checkpoint, in
// `locale`, for the public variant. The connection's role must be one that
// may read the result (officer, admin, auditor).
absl::StatusOr<report::ResultReportInput> FetchResultReportInput(const Connection& c,
                                                                 const std::string& id,
                                                                 const std::string& locale);

// The tie of a paper about `info`'s meeting made now: its signed head and
// the text signed, the key that signed it (the room's, for an archive) and
// the latest checkpoint note, if the server gives one.
absl::StatusOr<report::LedgerTie> CurrentLedgerTie(const Connection& c,
                                                   const v1::MeetingInfo& info);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_REPORT_COMMANDS_H_
