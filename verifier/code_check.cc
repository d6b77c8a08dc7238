// Finding a verification code's document in an export: see code_check.h.
#include "verifier/code_check.h"

#include <sstream>

#include "absl/strings/str_cat.h"
#include "gongxin/v1/ledger.pb.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::verifier {

absl::StatusOr<CodeCheck> CheckVerificationCode(const std::string& export_bytes,
                                                const crypto::Ed25519PublicKey& server_key,
                                                const std::string& code_bytes) {
  CodeCheck out;
  {
    std::istringstream in(export_bytes);
    ASSIGN_OR_RETURN(out.verdict, VerifyExport(in, server_key));
  }
  std::istringstream in(export_bytes);
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  const std::string& meeting_id = out.verdict.meeting_id;
  auto try_code = [&](ledger::DocumentKind kind, uint64_t seq, const std::string& hash) {
    if (out.match.has_value()) return;
    if (ledger::VerificationCodeBytes(meeting_id, kind, seq, hash) == code_bytes) {
      out.match = CodeMatch{kind, seq, hash};
    }
  };
  v1::ExportRecord record;
  uint64_t seq = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (!record.has_entry()) continue;
    const std::string hash = ledger::EntryHash(record.entry());
    if (seq == 0) {
      try_code(ledger::DocumentKind::kAnnouncement, 0, hash);
      try_code(ledger::DocumentKind::kPaperBallots, 0, hash);
    } else {
      v1::Entry entry;
      // The verifier has parsed every entry already; a failure here cannot
      // happen for a verified export, and would only mean no match.
      if (entry.ParseFromString(record.entry())) {
        if (entry.has_count_recorded()) {
          ++out.counts_seen;
          try_code(ledger::DocumentKind::kResult, seq, hash);
        } else if (entry.has_notice_published()) {
          try_code(ledger::DocumentKind::kNotice, seq, hash);
          try_code(ledger::DocumentKind::kNoticeResults, seq, hash);
        } else if (entry.has_notice_outcome_recorded()) {
          try_code(ledger::DocumentKind::kNoticeResults, seq, hash);
        }
      }
    }
    ++seq;
  }
  return out;
}

}  // namespace gongxin::verifier
