// The kiosk's side of an anonymous token (RFC 9474): make a token text,
// prepare and blind it for the form's key, and unblind the server's blind
// signature into a token only the voter's ballot will carry. The pending
// state (which can link the token to the voter) can be kept in a 0600 file
// so a kiosk crash does not lose the token, and is deleted once finished.
#ifndef GONGXIN_KIOSK_TOKEN_H_
#define GONGXIN_KIOSK_TOKEN_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "crypto/blind_rsa.h"
#include "gongxin/v1/secrets.pb.h"
#include "gongxin/v1/service.pb.h"

namespace gongxin::kiosk {

struct PendingToken {
  std::string meeting_id;
  std::string form_id;
  std::string group;  // TokenKey.group of the key it is blinded for
  std::string prepared_message;
  crypto::BlindRsaBlindingState blinding;
};

// MakePendingToken draws a fresh token for `form_id` and blinds it for
// `key`, the form's TokenKey of `group`.
absl::StatusOr<PendingToken> MakePendingToken(const std::string& meeting_id,
                                              const std::string& form_id,
                                              const crypto::BlindRsaPublicKey& key,
                                              const std::string& group = "");

// FinishToken unblinds `blind_signature`; UNAUTHENTICATED if the server's
// answer does not verify under the form's published key.
absl::StatusOr<v1::AnonymousToken> FinishToken(const PendingToken& pending,
                                               const crypto::BlindRsaPublicKey& key,
                                               absl::string_view blind_signature);

// Persistence for crash recovery: one file per meeting, voter, form and
// key group. SavePendingToken creates `dir` (and its parents) as needed.
std::string PendingTokenPath(const std::string& dir, const std::string& meeting_id,
                             const std::string& voter_id, const std::string& form_id,
                             const std::string& group = "");
absl::Status SavePendingToken(const std::string& path, const std::string& voter_id,
                              const PendingToken& pending);
// NOT_FOUND when there is no saved state.
absl::StatusOr<PendingToken> LoadPendingToken(const std::string& path,
                                              const crypto::BlindRsaPublicKey& key);
absl::Status DeletePendingToken(const std::string& path);

}  // namespace gongxin::kiosk

#endif  // GONGXIN_KIOSK_TOKEN_H_
