// Meeting's records of the selection around the vote (issue 16): documents
// by hash, the 任前公示 and its outcomes, observers' opinions. Each is one
// entry; the state machine decides (tally/selection_records.h), and its
// refusals are renamed to the request's fields.
#include "absl/strings/str_cat.h"
#include "ledger/sample_draw.h"
#include "server/meeting.h"
#include "server/meeting_txn.h"
#include "tally/selection_records.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

// The state's words name the ledger body ("document_recorded.file_name");
// the caller sent "file_name".
absl::StatusOr<v1::Entry> Checked(const tally::MeetingState& state, const std::string& id,
                                  v1::Entry entry, absl::string_view body) {
  v1::Entry probe = entry;
  probe.set_meeting_id(id);
  probe.set_seq(state.size());
  RETURN_IF_ERROR(RenameField(state.Check(probe), absl::StrCat(body, "."), ""));
  return entry;
}

}  // namespace

absl::StatusOr<v1::OfficerInputResponse> Meeting::RecordDocument(
    const v1::RecordDocumentRequest& request, const std::string& role, const std::string& actor) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::DocumentRecorded* doc = entry.mutable_document_recorded();
    doc->set_kind(request.kind());
    doc->set_sha256(request.sha256());
    doc->set_size(request.size());
    doc->set_file_name(request.file_name());
    doc->set_candidate_id(request.candidate_id());
    doc->set_role(role);
    doc->set_actor(actor);
    doc->set_at(NowSeconds());
    return Checked(state, id_, std::move(entry), "document_recorded");
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::PublishNotice(
    const v1::PublishNoticeRequest& request, const std::string& actor) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::NoticePublished* notice = entry.mutable_notice_published();
    notice->set_start_date(request.start_date());
    notice->set_end_date(request.end_date());
    *notice->mutable_channels() = request.channels();
    for (v1::NoticeSubject subject : request.subjects()) {
      if (subject.post().empty()) {
        if (const v1::Candidate* c = tally::FindSpecPerson(state.spec(), subject.candidate_id())) {
          subject.set_post(c->proposed_post());
        }
      }
      *notice->add_subjects() = std::move(subject);
    }
    notice->set_actor(actor);
    notice->set_at(NowSeconds());
    return Checked(state, id_, std::move(entry), "notice_published");
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::RecordOutcome(
    const v1::RecordOutcomeRequest& request, const std::string& actor) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::NoticeOutcomeRecorded* outcome = entry.mutable_notice_outcome_recorded();
    outcome->set_candidate_id(request.candidate_id());
    outcome->set_outcome(request.outcome());
    outcome->set_reason(request.reason());
    outcome->set_actor(actor);
    outcome->set_at(NowSeconds());
    return Checked(state, id_, std::move(entry), "notice_outcome_recorded");
  });
}

absl::StatusOr<v1::DrawSampleResponse> Meeting::DrawSample(const std::string& beacon,
                                                          const std::string& actor) {
  if (roll_ == nullptr) return damage_;
  std::string seed;
  std::vector<std::string> drawn;
  ASSIGN_OR_RETURN(
      v1::OfficerInputResponse written,
      AppendLinkedOfficerEntry([&](const tally::MeetingState& state,
                                   absl::string_view head_hash) -> absl::StatusOr<v1::Entry> {
        v1::Entry entry;
        v1::SampleDrawn* body = entry.mutable_sample_drawn();
        body->set_beacon(beacon);
        body->set_actor(actor);
        body->set_at(NowSeconds());
        // The seed is the chain's up to this entry, whose prev_hash is the
        // head now: fixed after the genesis committed the roll.
        seed = ledger::SampleSeed(head_hash, beacon);
        body->set_seed(seed);
        drawn = state.spec().has_sample()
                    ? ledger::DrawSample(state.spec().sample(), roll_->proto(), seed)
                    : std::vector<std::string>{};
        for (const std::string& id : drawn) body->add_voter_ids(id);
        return Checked(state, id_, std::move(entry), "sample_drawn");
      }));
  absl::ReaderMutexLock lock(&state_mu_);
  v1::DrawSampleResponse response;
  response.set_seq(written.seq());
  response.set_entry_hash(written.entry_hash());
  *response.mutable_head() = written.head();
  response.set_seed(seed);
  for (std::string& id : drawn) response.add_voter_ids(std::move(id));
  response.set_population(static_cast<uint32_t>(roll_->size()));
  response.set_sample_size(state_.due_size());
  return response;
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::RecordOpinion(
    const v1::RecordOpinionRequest& request, const std::string& observer) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::ObserverOpinionRecorded* opinion = entry.mutable_observer_opinion_recorded();
    opinion->set_text(request.text());
    opinion->set_observer(observer);
    opinion->set_at(NowSeconds());
    return Checked(state, id_, std::move(entry), "observer_opinion_recorded");
  });
}

}  // namespace gongxin::server
