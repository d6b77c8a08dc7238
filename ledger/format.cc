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

std::string SlipHash(absl::string_view meeting_id, absl::string_view secret) {
  return crypto::DomainHash(kSlipTag, {meeting_id, secret});
}

std::string AnonymousBallotHash(absl::string_view anonymous_ballot_bytes) {
  return crypto::DomainHash(kAnonymousBallotTag, {anonymous_ballot_bytes});
}

std::string TokenText(absl::string_view meeting_id, absl::string_view form_id,
                      absl::string_view nonce) {
  return absl::StrCat("gongxin/v1/token\n", meeting_id, "\n", form_id, "\n",
                      crypto::HexEncode(nonce), "\n");
}

absl::Status CheckTokenMessage(absl::string_view prepared_message, absl::string_view meeting_id,
                               absl::string_view form_id) {
  constexpr size_t kPrefix = 32;  // RFC 9474 randomized variants
  const std::string expected_head = absl::StrCat("gongxin/v1/token\n", meeting_id, "\n", form_id, "\n");
  const size_t expected_size = kPrefix + expected_head.size() + 2 * kTokenNonceSize + 1;
  if (prepared_message.size() != expected_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "token.message: not a token for meeting ", meeting_id, " form ", form_id, " (",
        prepared_message.size(), " bytes; such a token has ", expected_size, ")"));
  }
  absl::string_view text = prepared_message.substr(kPrefix);
  if (text.substr(0, expected_head.size()) != expected_head) {
    return absl::InvalidArgumentError(absl::StrCat(
        "token.message: not a token for meeting ", meeting_id, " form ", form_id));
  }
  absl::string_view nonce = text.substr(expected_head.size(), 2 * kTokenNonceSize);
  if (!crypto::HexDecode(nonce).ok() || text.back() != '\n' ||
      crypto::HexEncode(*crypto::HexDecode(nonce)) != nonce) {
    return absl::InvalidArgumentError("token.message: the nonce is not lowercase hex");
  }
  return absl::OkStatus();
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
                           absl::string_view entry_hash,
                           absl::string_view leaf_hash) {
  std::string text = absl::StrCat("gongxin/v1/receipt\n", meeting_id, "\n", form_id, "\n",
                                  seq, "\n", crypto::HexEncode(entry_hash), "\n");
  // Older receipts sign no leaf hash; their text stays exactly as it was.
  if (!leaf_hash.empty()) absl::StrAppend(&text, crypto::HexEncode(leaf_hash), "\n");
  return text;
}

}  // namespace gongxin::ledger

namespace gongxin::ledger {

std::string AnonymousReceiptMessage(absl::string_view meeting_id, absl::string_view form_id,
                                    absl::string_view ballot_hash) {
  return absl::StrCat("gongxin/v1/anonymous-receipt\n", meeting_id, "\n", form_id, "\n",
                      crypto::HexEncode(ballot_hash), "\n");
}

}  // namespace gongxin::ledger
