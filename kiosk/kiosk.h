// What a voting kiosk does, over gRPC: check a voter in — asking for a
// credential per named form and a blind signature per anonymous form, with
// the blinding state kept on disk until the token is finished — and cast
// filled ballots with them.
#ifndef GONGXIN_KIOSK_KIOSK_H_
#define GONGXIN_KIOSK_KIOSK_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "kiosk/connection.h"
#include "kiosk/token.h"
#include "gongxin/v1/service.grpc.pb.h"

namespace gongxin::kiosk {

struct CheckInResult {
  std::string voter_name;
  std::string group;
  std::vector<v1::Credential> credentials;  // named forms
  std::vector<v1::AnonymousToken> tokens;   // anonymous forms
};

// What a cast returns: a receipt for a named ballot, or one for an
// anonymous ballot (exactly one is set).
struct CastResult {
  std::optional<v1::Receipt> receipt;
  std::optional<v1::AnonymousReceipt> anonymous_receipt;
};

// What a phone's slip may vote for now (Kiosk::CheckSlip).
struct SlipInfo {
  std::string group;
  std::vector<std::string> form_ids;
};

// The tokens a slip's redemption asks for, blinded once and kept in memory
// only (never on disk, where they would sit beside the slip), so that a
// redemption whose answer was lost is asked for again with the same ones.
struct SlipBlinding {
  std::vector<std::pair<v1::TokenKey, PendingToken>> pending;
};

class Kiosk {
 public:
  // `state_dir` keeps blinding state between check-in and token (0700).
  Kiosk(const Connection& connection, std::string state_dir)
      : connection_(connection), state_dir_(std::move(state_dir)) {}

  // CheckIn checks the voter in. For anonymous forms it blinds a fresh token
  // — or, after a crash, the one saved for this voter — and finishes it with
  // the server's blind signature, checked against the form's published key.
  absl::StatusOr<CheckInResult> CheckIn(const std::string& meeting_id,
                                        const std::string& voter_id);
  // CheckInBySlip checks in a voter who votes by phone: nothing is handed
  // out here. `slip_secret` is the slip scanned at the desk for a voter who
  // receives a named form, empty otherwise.
  absl::StatusOr<CheckInResult> CheckInBySlip(const std::string& meeting_id,
                                              const std::string& voter_id,
                                              const std::string& slip_secret);
  // CheckSlip asks whether a phone's slip may vote now (nothing written).
  absl::StatusOr<SlipInfo> CheckSlip(const std::string& meeting_id, const std::string& secret);
  // RedeemSlip spends the slip for its voter's credentials and tokens,
  // blinding the tokens into `blinding` on the first call and sending the
  // same ones on a retry. The result has no voter name.
  absl::StatusOr<CheckInResult> RedeemSlip(const std::string& meeting_id,
                                           const std::string& secret, SlipBlinding* blinding);
  absl::StatusOr<CastResult> CastNamed(const v1::Credential& credential, const v1::Ballot& ballot);
  absl::StatusOr<CastResult> CastAnonymous(const v1::AnonymousToken& token,
                                           const v1::Ballot& ballot);

 private:
  absl::StatusOr<v1::CastResponse> Cast(const v1::CastRequest& request);

  const Connection& connection_;
  std::string state_dir_;
};

// Default kiosk state directory: $GONGXIN_KIOSK_STATE, else
// $HOME/.local/state/gongxin-kiosk.
std::string DefaultKioskStateDir();

}  // namespace gongxin::kiosk

#endif  // GONGXIN_KIOSK_KIOSK_H_
