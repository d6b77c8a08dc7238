// `meeting paper-ballots`: the roll comes from the server's full export (the
// admin's), so the names printed are those the genesis entry committed to.
#include "client/paper_sheet_commands.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "client/export_fetch.h"
#include "client/output_file.h"
#include "kiosk/kiosk.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/verification_code.h"
#include "report/messages.h"
#include "report/paper_ballots.h"
#include "tally/spec_lookup.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using util::T;

struct PaperArgs {
  std::string id, form, out;
  int count = 0;
};

// The roll the export carries.
absl::StatusOr<v1::Roll> RollFromExport(const std::string& exported) {
  std::istringstream in(exported);
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  v1::ExportRecord record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (!record.has_roll()) continue;
    v1::Roll roll;
    if (!roll.ParseFromString(record.roll())) {
      return absl::DataLossError("export: the roll record does not parse");
    }
    return roll;
  }
  return absl::DataLossError("export: no roll record");
}

absl::Status PaperBallots(const CommandContext& ctx, const PaperArgs& a) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, kiosk::GetMeeting(c, a.id));
  const v1::Form* form = nullptr;
  for (const v1::Form& f : info.spec().forms()) {
    if (f.id() == a.form) form = &f;
  }
  if (form == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--form: meeting ", a.id, " has no form \"", a.form, "\""));
  }
  report::PaperBallots ballots;
  ballots.meeting_title = info.spec().title();
  ballots.meeting_id = a.id;
  ballots.form = *form;
  // The same code on every ballot of the meeting (it names the meeting's
  // genesis entry, not the ballot), so it cannot tell one ballot from another.
  ASSIGN_OR_RETURN(const std::string genesis, FetchGenesisEntry(c, a.id));
  ballots.verification_code = ledger::VerificationCode(a.id, ledger::DocumentKind::kPaperBallots,
                                                       0, ledger::EntryHash(genesis));
  if (form->mode() == v1::FORM_MODE_ANONYMOUS) {
    ballots.count = a.count;
  } else {
    if (a.count != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--count: form ", a.form, " is named (实名); it gets one ballot per eligible voter, "
          "each with the voter's name — leave --count out"));
    }
    ASSIGN_OR_RETURN(const std::string exported, FetchExport(c, a.id, /*public_export=*/false));
    ASSIGN_OR_RETURN(const v1::Roll roll, RollFromExport(exported));
    for (const v1::Voter& v : roll.voters()) {
      // The id beside the name: it is what `officer paper-enter --voter`
      // takes when the filled ballot is keyed in after the close.
      if (tally::IsFormOpenToGroup(*form, v.group())) {
        ballots.voter_names.push_back(absl::StrCat(v.name(), "（", v.id(), "）"));
      }
    }
  }
  const report::Messages& m = report::MessagesFor(ctx.Locale());
  ASSIGN_OR_RETURN(const std::string html, report::RenderPaperBallotsHtml(ballots, m));
  RETURN_IF_ERROR(WriteOutputFile(a.out, kPrivateFileMode, html));
  const size_t n = ballots.count > 0 ? static_cast<size_t>(ballots.count) : ballots.voter_names.size();
  std::cout << absl::Substitute(T("表 $0：$1 张纸质票，打印文件：$2",
                                  "form $0: $1 paper ballots, to print: $2"),
                                a.form, n, a.out)
            << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddPaperSheetCommands(CLI::App& meeting, CommandContext& ctx) {
  auto args = std::make_shared<PaperArgs>();
  auto* paper = meeting.add_subcommand(
      "paper-ballots",
      T("打印一张票表的纸质票：实名票印投票人姓名，无记名票不印姓名",
        "print a form's paper ballots: a named form's carry the voter's name, an anonymous "
        "form's none"));
  paper->add_option("id", args->id, T("会议编号", "meeting id"))->required();
  paper->add_option("--form", args->form, T("票表（规格中的 id）", "form (its id in the spec)"))
      ->required();
  paper->add_option("--out", args->out, T("要写出的打印文件（HTML）", "document to write (HTML)"))
      ->required();
  paper->add_option("--count", args->count,
                    T("无记名票表的张数（1 至 5000）", "how many ballots of an anonymous form (1 to 5000)"));
  paper->callback([&ctx, a = args] { ctx.Run(PaperBallots(ctx, *a)); });
}

}  // namespace gongxin::client
