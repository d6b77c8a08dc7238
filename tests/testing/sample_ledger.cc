#include "tests/testing/sample_ledger.h"

#include <string>
#include <utility>

namespace gongxin::testing {
namespace {

// `body` as the entry at `seq` of meeting kSampleMeetingId.
v1::Entry Numbered(uint64_t seq, v1::Entry body) {
  body.set_meeting_id(std::string(kSampleMeetingId));
  body.set_seq(seq);
  return body;
}

}  // namespace

v1::Entry MeetingCreated(const v1::MeetingSpec& spec, uint32_t roll_size) {
  v1::Entry entry;
  v1::MeetingCreated* body = entry.mutable_meeting_created();
  *body->mutable_spec() = spec;
  body->set_roll_digest(std::string(32, 'd'));
  body->set_roll_size(roll_size);
  body->set_created_at(1700000000);
  body->set_actor("admin");
  for (const v1::Form& form : spec.forms()) {
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    v1::TokenKey* key = body->add_token_keys();
    key->set_form_id(form.id());
    key->set_public_key_der("test-only key " + form.id());
  }
  return entry;
}

v1::Entry StateChanged(v1::MeetingStatus from, v1::MeetingStatus to) {
  v1::Entry entry;
  entry.mutable_state_changed()->set_from(from);
  entry.mutable_state_changed()->set_to(to);
  entry.mutable_state_changed()->set_actor("admin");
  return entry;
}

v1::Entry CheckedIn(std::string commitment, std::string group,
                    const std::vector<std::string>& form_ids) {
  v1::Entry entry;
  v1::CheckedIn* body = entry.mutable_checked_in();
  body->set_voter_commitment(std::move(commitment));
  for (const std::string& id : form_ids) body->add_form_ids(id);
  body->set_group(std::move(group));
  body->set_kiosk("kiosk-1");
  return entry;
}

v1::Entry BallotCast(std::string commitment, std::string credential_signature,
                     v1::Ballot ballot) {
  v1::Entry entry;
  v1::BallotCast* body = entry.mutable_ballot_cast();
  body->set_voter_commitment(std::move(commitment));
  body->set_credential_signature(std::move(credential_signature));
  *body->mutable_ballot() = std::move(ballot);
  return entry;
}

std::string Commitment(int voter) { return std::string(31, 'c') + static_cast<char>(voter); }
std::string Signature() { return std::string(64, 's'); }

v1::Entry EntryAt(uint64_t seq) { return Numbered(seq, v1::Entry()); }

v1::Entry MeetingCreatedEntry(const v1::MeetingSpec& spec, uint32_t roll_size) {
  return Numbered(0, MeetingCreated(spec, roll_size));
}

v1::Entry StateChangedEntry(uint64_t seq, v1::MeetingStatus from, v1::MeetingStatus to) {
  return Numbered(seq, StateChanged(from, to));
}

v1::Entry CheckedInEntry(uint64_t seq, int voter, const std::vector<std::string>& form_ids) {
  return Numbered(seq, CheckedIn(Commitment(voter), VoterGroup(voter), form_ids));
}

v1::Entry BallotCastEntry(uint64_t seq, int voter, v1::Ballot ballot) {
  return Numbered(seq, BallotCast(Commitment(voter), Signature(), std::move(ballot)));
}

v1::Entry CountRecordedEntry(uint64_t seq, v1::TallyResult result) {
  v1::Entry entry = EntryAt(seq);
  *entry.mutable_count_recorded()->mutable_result() = std::move(result);
  entry.mutable_count_recorded()->set_actor("officer");
  return entry;
}

v1::Entry OfficerScoreEntry(uint64_t seq, const std::string& candidate,
                            const std::string& indicator, const std::string& value,
                            const std::string& officer, const std::string& rule) {
  v1::Entry e = EntryAt(seq);
  v1::OfficerScoreEntered* s = e.mutable_officer_score_entered();
  s->set_rule_id(rule);
  s->set_candidate_id(candidate);
  s->set_indicator_id(indicator);
  s->set_value(value);
  s->set_officer(officer);
  return e;
}

}  // namespace gongxin::testing
