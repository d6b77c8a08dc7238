// Verification codes: see verification_code.h.
#include "ledger/verification_code.h"

#include "crypto/sha256.h"
#include "util/typed_code.h"

namespace gongxin::ledger {
namespace {

std::string BigEndian64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
  return out;
}

}  // namespace

absl::string_view DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kAnnouncement:
      return "announcement";
    case DocumentKind::kResult:
      return "result";
    case DocumentKind::kPaperBallots:
      return "paper-ballots";
    case DocumentKind::kNotice:
      return "notice";
    case DocumentKind::kNoticeResults:
      return "notice-results";
  }
  return "";
}

std::string VerificationCodeBytes(absl::string_view meeting_id, DocumentKind kind, uint64_t seq,
                                  absl::string_view entry_hash) {
  return crypto::DomainHash(kVerificationCodeTag,
                            {meeting_id, DocumentKindName(kind), BigEndian64(seq), entry_hash})
      .substr(0, util::kTypedCodeBytes);
}

std::string VerificationCode(absl::string_view meeting_id, DocumentKind kind, uint64_t seq,
                             absl::string_view entry_hash) {
  return util::EncodeTypedCode(VerificationCodeBytes(meeting_id, kind, seq, entry_hash));
}

absl::StatusOr<std::string> ParseVerificationCode(absl::string_view typed) {
  return util::ParseTypedCode(typed, "verification code");
}

}  // namespace gongxin::ledger
