// Verification codes (核验码): 17 characters printed on a document made from
// the ledger — the announcement, the result report, the printed paper
// ballots, the 任前公示 and its 再公示 — that a reader types into `gongxin code check` (or compares with
// the room's big screen) instead of a 64-digit hash. A code names one
// document of one meeting: the meeting id, the kind of document and the
// ledger entry the document presents (the genesis entry for the
// announcement, the CountRecorded entry for a result), by position and
// hash. Because an entry's hash commits to every entry before it, a code
// that matches an export's entry ties the page to that whole chain; the
// checker then verifies the chain as `audit verify` does.
//
// The code carries the first 80 bits of DomainHash("gongxin/v1/
// verification-code", {meeting id, kind, seq as 8 big-endian bytes, entry
// hash}) in the format of a receipt code (util/typed_code.h: 16 base32
// characters and a check character, "ABCD-EFGH-IJKL-MNOP-Q"), so a
// mistyped code is told apart from one that names nothing, and a forger
// needs about 2^80 tries to match a given document.
#ifndef GONGXIN_LEDGER_VERIFICATION_CODE_H_
#define GONGXIN_LEDGER_VERIFICATION_CODE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::ledger {

inline constexpr absl::string_view kVerificationCodeTag = "gongxin/v1/verification-code";

// What a printed document is; its name is part of the hash.
enum class DocumentKind {
  kAnnouncement,  // "announcement": the 会前公告, anchored at entry 0
  kResult,        // "result": a result report, anchored at its CountRecorded entry
  kPaperBallots,  // "paper-ballots": printed 纸质票, anchored at entry 0
  kNotice,        // "notice": the 任前公示, anchored at its NoticePublished entry
  kNoticeResults, // "notice-results": the 再公示, anchored at the last outcome
                  // entry before it was printed (the notice's, before any)
};
absl::string_view DocumentKindName(DocumentKind kind);

// The util::kTypedCodeBytes bytes a code carries for document `kind` of
// meeting `meeting_id`, presenting the entry at `seq` whose
// ledger::EntryHash is `entry_hash` (raw bytes).
std::string VerificationCodeBytes(absl::string_view meeting_id, DocumentKind kind, uint64_t seq,
                                  absl::string_view entry_hash);

// The same as printed: "ABCD-EFGH-IJKL-MNOP-Q".
std::string VerificationCode(absl::string_view meeting_id, DocumentKind kind, uint64_t seq,
                             absl::string_view entry_hash);

// The bytes of a code as a person typed it (util::ParseTypedCode):
// INVALID_ARGUMENT, starting "verification code:", for a wrong length, a
// character outside the alphabet or a check character that does not match.
absl::StatusOr<std::string> ParseVerificationCode(absl::string_view typed);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_VERIFICATION_CODE_H_
