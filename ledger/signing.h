// The server's signatures over chain heads, named-ballot credentials and
// receipts, and their verification by kiosks, voters and auditors.
#ifndef GONGXIN_LEDGER_SIGNING_H_
#define GONGXIN_LEDGER_SIGNING_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"

namespace gongxin::ledger {

absl::StatusOr<v1::SignedHead> SignHead(const crypto::Ed25519PrivateKey& key,
                                        absl::string_view meeting_id,
                                        uint64_t size,
                                        absl::string_view head_hash);
// VerifyHead fails with UNAUTHENTICATED when the signature does not verify.
absl::Status VerifyHead(const crypto::Ed25519PublicKey& key,
                        const v1::SignedHead& head);

absl::StatusOr<v1::Credential> SignCredential(
    const crypto::Ed25519PrivateKey& key, absl::string_view meeting_id,
    absl::string_view form_id, absl::string_view voter_commitment);
absl::Status VerifyCredential(const crypto::Ed25519PublicKey& key,
                              const v1::Credential& credential);

absl::StatusOr<v1::Receipt> SignReceipt(const crypto::Ed25519PrivateKey& key,
                                        absl::string_view meeting_id,
                                        absl::string_view form_id,
                                        uint64_t seq,
                                        absl::string_view entry_hash,
                                        absl::string_view leaf_hash = {});
absl::Status VerifyReceipt(const crypto::Ed25519PublicKey& key,
                           const v1::Receipt& receipt);

absl::StatusOr<v1::AnonymousReceipt> SignAnonymousReceipt(
    const crypto::Ed25519PrivateKey& key, absl::string_view meeting_id,
    absl::string_view form_id, absl::string_view ballot_hash);
absl::Status VerifyAnonymousReceipt(const crypto::Ed25519PublicKey& key,
                                    const v1::AnonymousReceipt& receipt);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_SIGNING_H_
