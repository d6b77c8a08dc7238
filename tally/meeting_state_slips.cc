// The meeting state machine's slips for voting by phone: which slips were
// printed for which group, which are void, used or bound to a voter, and
// the bound that keeps slips used within the voters checked in by slip.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tally/meeting_state.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr size_t kSlipHashSize = 32;

absl::Status RequireHash(absl::string_view path, absl::string_view hash) {
  if (hash.size() == kSlipHashSize) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: must be %d bytes (got %d)", path, kSlipHashSize, hash.size()));
}

}  // namespace

bool MeetingState::CheckedInBySlip(absl::string_view voter_commitment) const {
  const VoterForms* voter = FindVoter(voter_commitment);
  return voter != nullptr && voter->by_slip;
}

const MeetingState::Slip* MeetingState::FindSlip(absl::string_view slip_hash) const {
  auto it = slips_.find(slip_hash);
  return it == slips_.end() ? nullptr : &it->second;
}

std::vector<std::string> MeetingState::UnboundSlipForms(absl::string_view group) const {
  std::vector<std::string> forms;
  for (const v1::Form& form : spec_.forms()) {
    if (form.mode() == v1::FORM_MODE_ANONYMOUS && IsFormOpenToGroup(form, group)) {
      forms.push_back(form.id());
    }
  }
  return forms;
}

absl::StatusOr<const MeetingState::Slip*> MeetingState::UsableSlip(absl::string_view path,
                                                                  absl::string_view hash,
                                                                  bool allow_bound) const {
  RETURN_IF_ERROR(RequireHash(path, hash));
  const Slip* slip = FindSlip(hash);
  if (slip == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ": no slip of this meeting has this code"));
  }
  if (slip->voided) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": the slip is void"));
  }
  if (slip->redeemed) {
    return absl::AlreadyExistsError(absl::StrCat(path, ": the slip has already been used"));
  }
  if (!allow_bound && !slip->bound_to.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": the slip is already bound to a voter checked in with it"));
  }
  return slip;
}

absl::Status MeetingState::CheckSlipsIssued(const v1::SlipsIssued& body) const {
  if (status_ != v1::MEETING_STATUS_DRAFT && status_ != v1::MEETING_STATUS_ANNOUNCED &&
      status_ != v1::MEETING_STATUS_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat("slips_issued: meeting is ", v1::MeetingStatus_Name(status_),
                     "; slips are printed before the close"));
  }
  if (!IsGroupDeclared(spec_, body.group())) {
    return absl::InvalidArgumentError(absl::StrCat("slips_issued.group: ", Quote(body.group()),
                                                   " is not a group declared in the spec"));
  }
  bool receives = false;
  for (const v1::Form& form : spec_.forms()) receives |= IsFormOpenToGroup(form, body.group());
  if (!receives) {
    return absl::InvalidArgumentError(
        absl::StrCat("slips_issued.group: group ", body.group(), " receives no form"));
  }
  if (body.slip_hashes().empty() || body.slip_hashes_size() > kMaxSlipsPerBatch) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "slips_issued.slip_hashes: must hold 1 to %d slips (got %d)", kMaxSlipsPerBatch,
        body.slip_hashes_size()));
  }
  for (int i = 0; i < body.slip_hashes_size(); ++i) {
    const std::string path = absl::StrCat("slips_issued.slip_hashes[", i, "]");
    RETURN_IF_ERROR(RequireHash(path, body.slip_hashes(i)));
    if (i > 0 && body.slip_hashes(i - 1) >= body.slip_hashes(i)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": not above the one before (the hashes are sorted and distinct)"));
    }
    if (FindSlip(body.slip_hashes(i)) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(path, ": this slip was issued before"));
    }
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckSlipVoided(const v1::SlipVoided& body) const {
  if (status_ != v1::MEETING_STATUS_DRAFT && status_ != v1::MEETING_STATUS_ANNOUNCED &&
      status_ != v1::MEETING_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat(
        "slip_voided: meeting is ", v1::MeetingStatus_Name(status_), "; nothing to void"));
  }
  return UsableSlip("slip_voided.slip_hash", body.slip_hash(), /*allow_bound=*/false).status();
}

absl::Status MeetingState::CheckCheckInSlip(const v1::CheckedIn& body, uint64_t forms) const {
  if (!body.by_slip()) {
    if (!body.slip_hash().empty()) {
      return absl::InvalidArgumentError(
          "checked_in.slip_hash: set on a voter who does not vote by slip");
    }
    return absl::OkStatus();
  }
  std::string named;
  for (int i = 0; i < spec_.forms_size(); ++i) {
    if ((forms & (uint64_t{1} << i)) && spec_.forms(i).mode() == v1::FORM_MODE_NAMED) {
      named = spec_.forms(i).id();
      break;
    }
  }
  if (body.slip_hash().empty()) {
    if (named.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        "checked_in.slip_hash: required: the voter receives named form ", named,
        ", so the slip must be bound to the voter at check-in"));
  }
  ASSIGN_OR_RETURN(const Slip* slip,
                   UsableSlip("checked_in.slip_hash", body.slip_hash(), /*allow_bound=*/false));
  if (slip->group != body.group()) {
    return absl::InvalidArgumentError(absl::StrCat("checked_in.slip_hash: the slip is of group ",
                                                   slip->group, ", the voter of group ",
                                                   body.group()));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckSlipRedeemed(const v1::SlipRedeemed& body) const {
  RETURN_IF_ERROR(RequireStatus("slip_redeemed", v1::MEETING_STATUS_OPEN));
  ASSIGN_OR_RETURN(const Slip* slip,
                   UsableSlip("slip_redeemed.slip_hash", body.slip_hash(), /*allow_bound=*/true));
  std::vector<std::string> want;
  if (!slip->bound_to.empty()) {
    want = CheckedInForms(slip->bound_to);
  } else {
    want = UnboundSlipForms(slip->group);
    if (want.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "slip_redeemed.slip_hash: group ", slip->group,
          " receives no anonymous form, so its slips work only once bound at check-in"));
    }
    auto it = slip_tallies_.find(slip->group);
    const SlipTally none;
    const SlipTally& tally = it == slip_tallies_.end() ? none : it->second;
    if (tally.redeemed_unbound >= tally.checked_in_unbound) {
      return absl::FailedPreconditionError(absl::StrCat(
          "slip_redeemed: group ", slip->group, " has ", tally.checked_in_unbound,
          " voters checked in by slip and ", tally.redeemed_unbound,
          " slips used already; a slip is used only after its voter has signed in"));
    }
  }
  const std::vector<std::string> got(body.form_ids().begin(), body.form_ids().end());
  if (got != want) {
    return absl::InvalidArgumentError(
        absl::StrCat("slip_redeemed.form_ids: expected [", absl::StrJoin(want, ", "), "], got [",
                     absl::StrJoin(got, ", "), "]"));
  }
  return absl::OkStatus();
}

void MeetingState::ApplySlipEntry(const v1::Entry& entry) {
  switch (entry.body_case()) {
    case v1::Entry::kSlipsIssued: {
      const v1::SlipsIssued& body = entry.slips_issued();
      for (const std::string& hash : body.slip_hashes()) slips_[hash].group = body.group();
      slip_tallies_[body.group()].issued += body.slip_hashes_size();
      break;
    }
    case v1::Entry::kSlipVoided: {
      Slip& slip = slips_[entry.slip_voided().slip_hash()];
      slip.voided = true;
      ++slip_tallies_[slip.group].voided;
      break;
    }
    case v1::Entry::kSlipRedeemed: {
      Slip& slip = slips_[entry.slip_redeemed().slip_hash()];
      slip.redeemed = true;
      SlipTally& tally = slip_tallies_[slip.group];
      ++tally.redeemed;
      if (slip.bound_to.empty()) ++tally.redeemed_unbound;
      break;
    }
    case v1::Entry::kCheckedIn: {
      const v1::CheckedIn& body = entry.checked_in();
      SlipTally& tally = slip_tallies_[body.group()];
      ++tally.checked_in;
      if (body.slip_hash().empty()) {
        ++tally.checked_in_unbound;
      } else {
        slips_[body.slip_hash()].bound_to = body.voter_commitment();
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace gongxin::tally
