// The selection's records (issue 16: documents by hash, the 任前公示 and its
// outcomes, observers' opinions) read from a meeting's export, for
// `record check`, the notice documents and the full report; and the one
// line every record command prints about where its entry landed.
#ifndef GONGXIN_CLIENT_SELECTION_EXPORT_H_
#define GONGXIN_CLIENT_SELECTION_EXPORT_H_

#include <cstdint>
#include <istream>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "gongxin/v1/service.pb.h"
#include "tally/selection_records.h"

namespace gongxin::client {

struct SelectionFromLedger {
  std::string meeting_id;
  v1::MeetingSpec spec;  // from the genesis entry
  tally::SelectionRecords records;
  // ledger::EntryHash of each selection entry, by seq.
  absl::flat_hash_map<uint64_t, std::string> entry_hashes;
};

// SelectionFromExport replays the selection entries of an export in ledger
// order. It trusts the export's rules (run verifier::VerifyExport first
// when a key is at hand): DATA_LOSS only for bad framing, an entry that
// does not parse, or a record the state machine refuses.
absl::StatusOr<SelectionFromLedger> SelectionFromExport(std::istream& in);

// "（账本第 12 条，条目哈希 3f…）" / " (ledger entry 12, entry hash 3f…)".
std::string LandedAt(const v1::OfficerInputResponse& r, bool english);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SELECTION_EXPORT_H_
