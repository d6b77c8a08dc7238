// Meeting's slips for voting by phone: printing (IssueSlips), voiding, and a
// phone's slip checked and redeemed for its voter's credentials and blind
// signatures (docs/threat-model.md, "Slips").
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "ledger/format.h"
#include "server/meeting.h"
#include "server/meeting_txn.h"
#include "tally/spec_lookup.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

constexpr size_t kSlipHashSize = 32;

absl::Status CheckSecret(const std::string& secret) {
  if (secret.size() == ledger::kSlipSecretSize) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "slip_secret: must be ", ledger::kSlipSecretSize, " bytes (got ", secret.size(), ")"));
}

absl::Status RequireOpen(const tally::MeetingState& state, const std::string& meeting_id) {
  if (state.status() != v1::MEETING_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("meeting ", meeting_id,
                                                      " is not open for voting (status ",
                                                      v1::MeetingStatus_Name(state.status()), ")"));
  }
  if (state.closing()) {
    return absl::FailedPreconditionError(
        absl::StrCat("meeting ", meeting_id, " is closing: its urn is joining the chain"));
  }
  return absl::OkStatus();
}

// The forms a slip's redemption carries: the bound voter's, or the
// anonymous forms of the slip's group. Empty for a slip the ledger lacks.
std::vector<std::string> SlipForms(const tally::MeetingState& state,
                                   const tally::MeetingState::Slip* slip) {
  if (slip == nullptr) return {};
  return slip->bound_to.empty() ? state.UnboundSlipForms(slip->group)
                                : state.CheckedInForms(slip->bound_to);
}

v1::Entry RedeemEntry(const tally::MeetingState& state, const std::string& meeting_id,
                      const std::string& hash, const std::vector<std::string>& forms) {
  v1::Entry entry;
  entry.set_meeting_id(meeting_id);
  entry.set_seq(state.size());
  v1::SlipRedeemed* redeemed = entry.mutable_slip_redeemed();
  redeemed->set_slip_hash(hash);
  for (const std::string& f : forms) redeemed->add_form_ids(f);
  return entry;
}

}  // namespace

absl::StatusOr<v1::SlipsResponse> Meeting::IssueSlips(const std::string& group,
                                                      std::vector<std::string> slip_hashes,
                                                      const std::string& actor) {
  if (group.empty()) return absl::InvalidArgumentError("group: required");
  if (slip_hashes.empty()) {
    return absl::InvalidArgumentError("slip_hashes: required (one per slip)");
  }
  if (slip_hashes.size() > static_cast<size_t>(tally::kMaxSlipsPerBatch)) {
    return absl::InvalidArgumentError(absl::StrCat("slip_hashes: at most ",
                                                   tally::kMaxSlipsPerBatch, " slips at once (got ",
                                                   slip_hashes.size(), ")"));
  }
  for (size_t i = 0; i < slip_hashes.size(); ++i) {
    if (slip_hashes[i].size() != kSlipHashSize) {
      return absl::InvalidArgumentError(absl::StrCat("slip_hashes[", i, "]: must be ",
                                                     kSlipHashSize, " bytes (got ",
                                                     slip_hashes[i].size(), ")"));
    }
  }
  std::sort(slip_hashes.begin(), slip_hashes.end());
  if (std::adjacent_find(slip_hashes.begin(), slip_hashes.end()) != slip_hashes.end()) {
    return absl::InvalidArgumentError("slip_hashes: the same slip appears twice");
  }
  absl::StatusOr<v1::OfficerInputResponse> written =
      AppendOfficerEntry([&](const tally::MeetingState&) -> absl::StatusOr<v1::Entry> {
        v1::Entry entry;
        v1::SlipsIssued* issued = entry.mutable_slips_issued();
        issued->set_group(group);
        for (std::string& h : slip_hashes) issued->add_slip_hashes(std::move(h));
        issued->set_at(NowSeconds());
        issued->set_actor(actor);
        return entry;
      });
  if (!written.ok()) {
    return RenameField(RenameField(written.status(), "slips_issued.slip_hashes", "slip_hashes (sorted)"),
                       "slips_issued.group", "group");
  }
  v1::SlipsResponse response;
  response.set_seq(written->seq());
  *response.mutable_head() = written->head();
  response.set_group(group);
  return response;
}

absl::StatusOr<v1::SlipsResponse> Meeting::VoidSlip(const std::string& slip_hash,
                                                    const std::string& actor) {
  if (slip_hash.size() != kSlipHashSize) {
    return absl::InvalidArgumentError(absl::StrCat("slip_hash: must be ", kSlipHashSize,
                                                   " bytes (got ", slip_hash.size(), ")"));
  }
  absl::StatusOr<v1::OfficerInputResponse> written =
      AppendOfficerEntry([&](const tally::MeetingState&) -> absl::StatusOr<v1::Entry> {
        v1::Entry entry;
        v1::SlipVoided* voided = entry.mutable_slip_voided();
        voided->set_slip_hash(slip_hash);
        voided->set_at(NowSeconds());
        voided->set_actor(actor);
        return entry;
      });
  if (!written.ok()) return RenameField(written.status(), "slip_voided.slip_hash", "slip_hash");
  v1::SlipsResponse response;
  response.set_seq(written->seq());
  *response.mutable_head() = written->head();
  absl::ReaderMutexLock lock(&state_mu_);
  if (const tally::MeetingState::Slip* slip = state_.FindSlip(slip_hash)) {
    response.set_group(slip->group);
  }
  return response;
}

absl::StatusOr<v1::SlipResponse> Meeting::CheckSlip(const std::string& secret) const {
  RETURN_IF_ERROR(CheckSecret(secret));
  if (roll_ == nullptr) return damage_;
  const std::string hash = ledger::SlipHash(id_, secret);
  absl::ReaderMutexLock lock(&state_mu_);
  RETURN_IF_ERROR(RequireOpen(state_, id_));
  const tally::MeetingState::Slip* slip = state_.FindSlip(hash);
  const std::vector<std::string> forms = SlipForms(state_, slip);
  // Exactly the refusal a redemption would meet now.
  RETURN_IF_ERROR(RenameField(state_.Check(RedeemEntry(state_, id_, hash, forms)),
                              "slip_redeemed.slip_hash", "slip_secret"));
  v1::SlipResponse response;
  response.set_group(slip->group);
  for (const std::string& f : forms) response.add_form_ids(f);
  return response;
}

absl::StatusOr<v1::SlipResponse> Meeting::RedeemSlip(
    const std::string& secret, const std::vector<v1::BlindedToken>& blinded_tokens) {
  RETURN_IF_ERROR(CheckSecret(secret));
  if (roll_ == nullptr) return damage_;
  const std::string hash = ledger::SlipHash(id_, secret);
  const std::string holder = absl::StrCat("slip:", crypto::HexEncode(hash));
  absl::flat_hash_map<TokenKeyId, std::string> blinded;
  for (size_t i = 0; i < blinded_tokens.size(); ++i) {
    const v1::BlindedToken& t = blinded_tokens[i];
    if (!blinded.emplace(TokenKeyId{t.form_id(), t.group()}, t.blinded_message()).second) {
      return absl::InvalidArgumentError(absl::StrCat("blinded_tokens[", i, "]: form ",
                                                     t.form_id(), " group \"", t.group(),
                                                     "\" appears twice"));
    }
  }
  std::vector<ToSign> to_sign;
  std::vector<std::string> named_forms;
  std::string commitment;
  std::string group;
  Op op;
  op.prepare = [&](Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
    to_sign.clear();
    named_forms.clear();
    commitment.clear();
    tally::MeetingState& state = txn.state();
    RETURN_IF_ERROR(RequireOpen(state, id_));
    const tally::MeetingState::Slip* slip = state.FindSlip(hash);
    const std::vector<std::string> forms = SlipForms(state, slip);
    const bool repeat = slip != nullptr && slip->redeemed && !slip->voided;
    if (slip != nullptr) {
      group = slip->group;
      commitment = slip->bound_to;
    }
    // Which token each anonymous form takes; on a repeat, only the very
    // blinded tokens issued before (the page resuming after a lost answer).
    std::vector<std::pair<std::string, std::string>> first_issues;  // form, digest
    for (const std::string& form_id : forms) {
      const v1::Form* form = tally::FindForm(state.spec(), form_id);
      if (form->mode() == v1::FORM_MODE_NAMED) {
        if (!state.HasCast(commitment, form_id)) named_forms.push_back(form_id);
        continue;
      }
      const TokenKeyId id{form_id, state.TokenKeyGroup(form_id, group)};
      auto it = blinded.find(id);
      if (it == blinded.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blinded_tokens: form ", form_id, " is anonymous; the page must send a blinded "
            "token for it under ",
            id.second.empty() ? std::string("its shared key")
                              : absl::StrCat("the key of group ", id.second)));
      }
      auto key = token_public_keys_.find(id);
      if (key == token_public_keys_.end() || it->second.size() != key->second.modulus_bytes()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blinded_tokens: the blinded token for form ", form_id, " is not one for its key"));
      }
      const std::string digest = crypto::Sha256(it->second);
      if (repeat) {
        auto issued = blinded_issued_.find(absl::StrCat(form_id, "/", holder));
        if (issued == blinded_issued_.end() ||
            !crypto::ConstantTimeEquals(issued->second, digest)) {
          return absl::AlreadyExistsError("slip_secret: the slip has already been used");
        }
      } else {
        first_issues.emplace_back(form_id, digest);
      }
      auto signer = token_signers_.find(id);
      if (signer == token_signers_.end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("form ", form_id, " issues no more tokens"));
      }
      to_sign.push_back({form_id, id.second, signer->second, it->second});
    }
    if (repeat) {
      // Only the holder of the first answer's blinded tokens may repeat:
      // a slip of named forms only is not handed out twice.
      if (to_sign.empty()) return absl::AlreadyExistsError("slip_secret: the slip has already been used");
      return absl::OkStatus();
    }
    absl::StatusOr<ledger::SealedEntry> appended =
        txn.Append(RedeemEntry(state, id_, hash, forms));
    if (!appended.ok()) {
      return RenameField(appended.status(), "slip_redeemed.slip_hash", "slip_secret");
    }
    for (auto& [form_id, digest] : first_issues) {
      txn.CreateKey(BlindedKey(form_id, holder), digest);
      blinded_issued_[absl::StrCat(form_id, "/", holder)] = std::move(digest);
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(Submit(&op));

  v1::SlipResponse response;
  response.set_group(group);
  RETURN_IF_ERROR(Issue(named_forms, commitment, to_sign, response.mutable_credentials(),
                        response.mutable_blind_signatures()));
  return response;
}

}  // namespace gongxin::server
