#include "ledger/format.h"

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"

namespace gongxin::ledger {

std::string EntryHash(absl::string_view entry_bytes) {
  return crypto::DomainHash(kEntryTag, {entry_bytes});
}

std::string RollDigest(absl::string_view roll_bytes) {
  return crypto::DomainHash(kRollTag, {roll_bytes});
}

std::string VoterCommitment(absl::string_view meeting_id,
                            absl::string_view voter_id,
                            absl::string_view salt) {
  return crypto::DomainHash(kVoterTag, {meeting_id, voter_id, salt});
}

std::string HeadMessage(absl::string_view meeting_id, uint64_t size,
                        absl::string_view head_hash) {
  return absl::StrCat("gongxin/v1/head\n", meeting_id, "\n", size, "\n",
                      crypto::HexEncode(head_hash), "\n");
}

std::string CredentialMessage(absl::string_view meeting_id,
                              absl::string_view form_id,
                              absl::string_view voter_commitment) {
  return absl::StrCat("gongxin/v1/credential\n", meeting_id, "\n", form_id,
                      "\n", crypto::HexEncode(voter_commitment), "\n");
}

std::string ReceiptMessage(absl::string_view meeting_id,
                           absl::string_view form_id, uint64_t seq,
                           absl::string_view entry_hash) {
  return absl::StrCat("gongxin/v1/receipt\n", meeting_id, "\n", form_id, "\n",
                      seq, "\n", crypto::HexEncode(entry_hash), "\n");
}

}  // namespace gongxin::ledger
