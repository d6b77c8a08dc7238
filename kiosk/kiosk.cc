#include "kiosk/kiosk.h"

#include <cstdlib>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "kiosk/token.h"
#include "util/status_macros.h"

namespace gongxin::kiosk {
namespace {

// Whether the server refused the check-in as it stands: nothing was signed,
// and resending the same request cannot be signed either (its verdict does
// not depend on an earlier attempt), so the blinding states serve nothing
// and would only keep voter and token side by side on the kiosk's disk.
// Any other failure (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED...)
// may follow a signature the kiosk never received: the states are kept so
// that a retry gets that same signature.
bool RefusedAsItStands(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string DefaultKioskStateDir() {
  if (const char* dir = std::getenv("GONGXIN_KIOSK_STATE"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  const char* home = std::getenv("HOME");
  return absl::StrCat(home != nullptr ? home : ".", "/.local/state/gongxin-kiosk");
}

absl::StatusOr<CheckInResult> Kiosk::CheckIn(const std::string& meeting_id,
                                             const std::string& voter_id) {
  // The token keys come from the meeting's record (entry 0), through the
  // server; a kiosk that knows them from the announcement can compare.
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, GetMeeting(connection_, meeting_id));
  struct Anonymous {
    crypto::BlindRsaPublicKey key;
    PendingToken pending;
    std::string path;
  };
  // By (form, key group): a form given to several groups has a key per
  // group large enough to be counted alone, and the kiosk learns the
  // voter's group only from the answer, so it blinds a token for each key;
  // the server signs the one for the voter's key.
  std::map<std::pair<std::string, std::string>, Anonymous> anonymous;
  v1::CheckInRequest req;
  req.set_meeting_id(meeting_id);
  req.set_voter_id(voter_id);
  for (const v1::TokenKey& k : info.token_keys()) {
    ASSIGN_OR_RETURN(crypto::BlindRsaPublicKey key,
                     crypto::BlindRsaPublicKey::FromDer(k.public_key_der()));
    const std::string path =
        PendingTokenPath(state_dir_, meeting_id, voter_id, k.form_id(), k.group());
    absl::StatusOr<PendingToken> pending = LoadPendingToken(path, key);
    if (!pending.ok() && pending.status().code() != absl::StatusCode::kNotFound) {
      return pending.status();
    }
    if (!pending.ok()) {
      ASSIGN_OR_RETURN(pending, MakePendingToken(meeting_id, k.form_id(), key, k.group()));
      // Saved before it is sent: if the kiosk dies after the server signed,
      // the same blinded token is asked for again and the voter is not
      // locked out.
      RETURN_IF_ERROR(SavePendingToken(path, voter_id, *pending));
    }
    v1::BlindedToken* b = req.add_blinded_tokens();
    b->set_form_id(k.form_id());
    b->set_group(k.group());
    b->set_blinded_message(pending->blinding.blinded_msg());
    anonymous.emplace(std::make_pair(k.form_id(), k.group()),
                      Anonymous{key, *std::move(pending), path});
  }
  // The blinding states link voter and token: gone as soon as they served,
  // or cannot serve any more.
  const auto delete_pending = [&anonymous]() -> absl::Status {
    for (const auto& [form, a] : anonymous) RETURN_IF_ERROR(DeletePendingToken(a.path));
    return absl::OkStatus();
  };
  auto kiosk = v1::KioskService::NewStub(connection_.channel());
  v1::CheckInResponse resp;
  {
    auto ctx = connection_.NewContext();
    // A kiosk waits (within the deadline) for a server that is restarting
    // rather than failing at once: the voter at the booth is not sent away.
    ctx->set_wait_for_ready(true);
    absl::Status called = FromGrpc(kiosk->CheckIn(ctx.get(), req, &resp));
    if (!called.ok()) {
      if (!RefusedAsItStands(called.code())) return called;
      absl::Status deleted = delete_pending();
      if (deleted.ok()) return called;
      return absl::Status(called.code(),
                          absl::StrCat(called.message(), "; and ", deleted.message()));
    }
  }
  CheckInResult result;
  result.voter_name = resp.voter_name();
  result.group = resp.group();
  result.credentials.assign(resp.credentials().begin(), resp.credentials().end());
  for (const v1::BlindSignature& bs : resp.blind_signatures()) {
    auto it = anonymous.find(std::make_pair(bs.form_id(), bs.group()));
    if (it == anonymous.end()) {
      return absl::InternalError(absl::StrCat("the server signed a token for form ", bs.form_id(),
                                              " group \"", bs.group(),
                                              "\" that the kiosk did not ask for"));
    }
    ASSIGN_OR_RETURN(v1::AnonymousToken token,
                     FinishToken(it->second.pending, it->second.key, bs.blind_signature()));
    result.tokens.push_back(std::move(token));
  }
  RETURN_IF_ERROR(delete_pending());
  return result;
}

absl::StatusOr<CheckInResult> Kiosk::CheckInBySlip(const std::string& meeting_id,
                                                   const std::string& voter_id,
                                                   const std::string& slip_secret) {
  v1::CheckInRequest req;
  req.set_meeting_id(meeting_id);
  req.set_voter_id(voter_id);
  req.set_by_slip(true);
  req.set_slip_secret(slip_secret);
  auto kiosk = v1::KioskService::NewStub(connection_.channel());
  v1::CheckInResponse resp;
  auto ctx = connection_.NewContext();
  ctx->set_wait_for_ready(true);
  RETURN_IF_ERROR(FromGrpc(kiosk->CheckIn(ctx.get(), req, &resp)));
  CheckInResult result;
  result.voter_name = resp.voter_name();
  result.group = resp.group();
  return result;
}

absl::StatusOr<SlipInfo> Kiosk::CheckSlip(const std::string& meeting_id,
                                          const std::string& secret) {
  v1::SlipRequest req;
  req.set_meeting_id(meeting_id);
  req.set_slip_secret(secret);
  auto kiosk = v1::KioskService::NewStub(connection_.channel());
  v1::SlipResponse resp;
  auto ctx = connection_.NewContext();
  ctx->set_wait_for_ready(true);
  RETURN_IF_ERROR(FromGrpc(kiosk->CheckSlip(ctx.get(), req, &resp)));
  return SlipInfo{resp.group(), {resp.form_ids().begin(), resp.form_ids().end()}};
}

absl::StatusOr<CheckInResult> Kiosk::RedeemSlip(const std::string& meeting_id,
                                                const std::string& secret,
                                                SlipBlinding* blinding) {
  if (blinding->pending.empty()) {
    ASSIGN_OR_RETURN(const v1::MeetingInfo info, GetMeeting(connection_, meeting_id));
    for (const v1::TokenKey& k : info.token_keys()) {
      ASSIGN_OR_RETURN(crypto::BlindRsaPublicKey key,
                       crypto::BlindRsaPublicKey::FromDer(k.public_key_der()));
      ASSIGN_OR_RETURN(PendingToken pending,
                       MakePendingToken(meeting_id, k.form_id(), key, k.group()));
      blinding->pending.emplace_back(k, std::move(pending));
    }
  }
  v1::SlipRequest req;
  req.set_meeting_id(meeting_id);
  req.set_slip_secret(secret);
  for (const auto& [k, pending] : blinding->pending) {
    v1::BlindedToken* b = req.add_blinded_tokens();
    b->set_form_id(k.form_id());
    b->set_group(k.group());
    b->set_blinded_message(pending.blinding.blinded_msg());
  }
  auto kiosk = v1::KioskService::NewStub(connection_.channel());
  v1::SlipResponse resp;
  {
    auto ctx = connection_.NewContext();
    ctx->set_wait_for_ready(true);
    RETURN_IF_ERROR(FromGrpc(kiosk->RedeemSlip(ctx.get(), req, &resp)));
  }
  CheckInResult result;
  result.group = resp.group();
  result.credentials.assign(resp.credentials().begin(), resp.credentials().end());
  for (const v1::BlindSignature& bs : resp.blind_signatures()) {
    const std::pair<v1::TokenKey, PendingToken>* match = nullptr;
    for (const auto& p : blinding->pending) {
      if (p.first.form_id() == bs.form_id() && p.first.group() == bs.group()) match = &p;
    }
    if (match == nullptr) {
      return absl::InternalError(absl::StrCat("the server signed a token for form ", bs.form_id(),
                                              " group \"", bs.group(),
                                              "\" that the page did not ask for"));
    }
    ASSIGN_OR_RETURN(crypto::BlindRsaPublicKey key,
                     crypto::BlindRsaPublicKey::FromDer(match->first.public_key_der()));
    ASSIGN_OR_RETURN(v1::AnonymousToken token,
                     FinishToken(match->second, key, bs.blind_signature()));
    result.tokens.push_back(std::move(token));
  }
  return result;
}

absl::StatusOr<v1::CastResponse> Kiosk::Cast(const v1::CastRequest& req) {
  auto kiosk = v1::KioskService::NewStub(connection_.channel());
  v1::CastResponse resp;
  auto ctx = connection_.NewContext();
  ctx->set_wait_for_ready(true);  // as at check-in: ride out a restart
  RETURN_IF_ERROR(FromGrpc(kiosk->Cast(ctx.get(), req, &resp)));
  return resp;
}

absl::StatusOr<CastResult> Kiosk::CastNamed(const v1::Credential& credential,
                                            const v1::Ballot& ballot) {
  v1::CastRequest req;
  *req.mutable_credential() = credential;
  *req.mutable_ballot() = ballot;
  ASSIGN_OR_RETURN(v1::CastResponse resp, Cast(req));
  return CastResult{resp.receipt(), std::nullopt};
}

absl::StatusOr<CastResult> Kiosk::CastAnonymous(const v1::AnonymousToken& token,
                                                const v1::Ballot& ballot) {
  v1::CastRequest req;
  *req.mutable_token() = token;
  *req.mutable_ballot() = ballot;
  ASSIGN_OR_RETURN(v1::CastResponse resp, Cast(req));
  return CastResult{std::nullopt, resp.anonymous_receipt()};
}

}  // namespace gongxin::kiosk
