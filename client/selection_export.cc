#include "client/selection_export.h"

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::StatusOr<SelectionFromLedger> SelectionFromExport(std::istream& in) {
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  SelectionFromLedger out;
  v1::ExportRecord record;
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (record.has_header()) out.meeting_id = record.header().meeting_id();
    if (!record.has_entry()) continue;
    v1::Entry entry;
    if (!entry.ParseFromString(record.entry())) {
      return absl::DataLossError(
          absl::StrCat("export: record ", reader.records_read(), " is not an entry"));
    }
    if (entry.has_meeting_created()) {
      out.spec = entry.meeting_created().spec();
      status = v1::MEETING_STATUS_DRAFT;
    } else if (entry.has_state_changed()) {
      status = entry.state_changed().to();
    } else if (entry.has_count_recorded()) {
      status = v1::MEETING_STATUS_COUNTED;
    }
    if (!tally::SelectionRecords::Handles(entry)) continue;
    if (absl::Status s = out.records.Check(entry, out.spec, status); !s.ok()) {
      return absl::DataLossError(absl::StrCat("export: entry ", entry.seq(), ": ", s.message()));
    }
    out.records.Apply(entry);
    out.entry_hashes[entry.seq()] = ledger::EntryHash(record.entry());
  }
  return out;
}

std::string LandedAt(const v1::OfficerInputResponse& r, bool english) {
  const std::string hash = crypto::HexEncode(r.entry_hash());
  return english ? absl::StrCat(" (ledger entry ", r.seq(), ", entry hash ", hash, ")")
                 : absl::StrCat("（账本第 ", r.seq(), " 条，条目哈希 ", hash, "）");
}

}  // namespace gongxin::client
