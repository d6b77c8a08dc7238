// Documents by hash, the 任前公示 and its outcomes, observers' opinions.
#include "tally/selection_records.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr size_t kSha256Size = 32;
constexpr int kMaxChannelChars = 100;
constexpr int kMaxPostChars = 200;

absl::Status RequireActor(absl::string_view path, absl::string_view actor) {
  if (actor.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": required"));
  return absl::OkStatus();
}

// "inspection_report (考察报告), ..." for refusals.
template <typename Names>
std::string Listed(const Names& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(absl::StrCat(n.id, " (", n.zh, ")"));
  return absl::StrJoin(out, ", ");
}

}  // namespace

const std::vector<DocumentKindName>& DocumentKinds() {
  static const auto* kinds = new std::vector<DocumentKindName>{
      {v1::DOCUMENT_KIND_INTERVIEW_RECORD, "interview_record", "个别谈话记录"},
      {v1::DOCUMENT_KIND_MEETING_MINUTES, "meeting_minutes", "会议记录"},
      {v1::DOCUMENT_KIND_DISCIPLINE_OPINION, "discipline_opinion", "征求纪委意见"},
      {v1::DOCUMENT_KIND_INSPECTION_REPORT, "inspection_report", "考察报告"},
  };
  return *kinds;
}

absl::StatusOr<v1::DocumentKind> ParseDocumentKind(absl::string_view text) {
  for (const DocumentKindName& k : DocumentKinds()) {
    if (text == k.id || text == k.zh) return k.kind;
  }
  return absl::InvalidArgumentError(absl::StrCat("kind: ", Quote(text), " is not one of ",
                                                 Listed(DocumentKinds())));
}

std::string DocumentKindId(v1::DocumentKind kind) {
  for (const DocumentKindName& k : DocumentKinds()) {
    if (k.kind == kind) return k.id;
  }
  return "";
}

const std::vector<OutcomeName>& AppointmentOutcomes() {
  static const auto* outcomes = new std::vector<OutcomeName>{
      {v1::APPOINTMENT_OUTCOME_APPOINTED, "appointed", "正式任用"},
      {v1::APPOINTMENT_OUTCOME_DEFERRED, "deferred", "暂缓任用"},
      {v1::APPOINTMENT_OUTCOME_DISQUALIFIED, "disqualified", "取消任职资格"},
  };
  return *outcomes;
}

absl::StatusOr<v1::AppointmentOutcome> ParseAppointmentOutcome(absl::string_view text) {
  for (const OutcomeName& o : AppointmentOutcomes()) {
    if (text == o.id || text == o.zh) return o.outcome;
  }
  return absl::InvalidArgumentError(absl::StrCat("outcome: ", Quote(text), " is not one of ",
                                                 Listed(AppointmentOutcomes())));
}

std::string AppointmentOutcomeId(v1::AppointmentOutcome outcome) {
  for (const OutcomeName& o : AppointmentOutcomes()) {
    if (o.outcome == outcome) return o.id;
  }
  return "";
}

absl::StatusOr<int64_t> NoticeEnd(absl::string_view path, absl::string_view date) {
  absl::CivilDay day;
  // ParseCivilTime also takes "2026-1-5" and years beyond four digits:
  // the ledger keeps one spelling of a date.
  const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-';
  if (!shaped || !absl::ParseCivilTime(date, &day) || absl::FormatCivilTime(day) != date) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", Quote(date), " is not a calendar day as YYYY-MM-DD"));
  }
  return absl::ToUnixSeconds(absl::FromCivil(day + 1, absl::FixedTimeZone(8 * 3600)));
}

const v1::Candidate* FindSpecPerson(const v1::MeetingSpec& spec, absl::string_view id) {
  auto find = [&](const auto& people) -> const v1::Candidate* {
    for (const v1::Candidate& c : people) {
      if (c.id() == id) return &c;
    }
    return nullptr;
  };
  for (const v1::Form& form : spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      const v1::Candidate* found = nullptr;
      if (q.has_approval()) found = find(q.approval().candidates());
      if (q.has_graded()) found = find(q.graded().subjects());
      if (q.has_decision()) found = find(q.decision().candidates());
      if (q.has_element()) found = find(q.element().candidates());
      if (q.has_checklist()) found = find(q.checklist().subjects());
      if (found != nullptr) return found;
    }
  }
  return nullptr;
}

bool SelectionRecords::Handles(const v1::Entry& entry) {
  switch (entry.body_case()) {
    case v1::Entry::kDocumentRecorded:
    case v1::Entry::kNoticePublished:
    case v1::Entry::kNoticeOutcomeRecorded:
    case v1::Entry::kObserverOpinionRecorded:
      return true;
    default:
      return false;
  }
}

absl::Status SelectionRecords::Check(const v1::Entry& entry, const v1::MeetingSpec& spec,
                                     v1::MeetingStatus status) const {
  switch (entry.body_case()) {
    case v1::Entry::kDocumentRecorded:
      return CheckDocument(entry.document_recorded(), spec);
    case v1::Entry::kNoticePublished:
      return CheckNotice(entry.notice_published(), spec, status);
    case v1::Entry::kNoticeOutcomeRecorded:
      return CheckOutcome(entry.notice_outcome_recorded());
    case v1::Entry::kObserverOpinionRecorded: {
      const v1::ObserverOpinionRecorded& body = entry.observer_opinion_recorded();
      if (status == v1::MEETING_STATUS_DRAFT) {
        return absl::FailedPreconditionError(
            "observer_opinion_recorded: the meeting is a draft; there is nothing to observe "
            "before it is announced");
      }
      RETURN_IF_ERROR(ValidateText("observer_opinion_recorded.text", body.text(),
                                   {.required = true,
                                    .max_chars = kMaxOpinionChars,
                                    .multiline = true}));
      return RequireActor("observer_opinion_recorded.observer", body.observer());
    }
    default:
      return absl::InvalidArgumentError("entry: not a selection record");
  }
}

absl::Status SelectionRecords::CheckDocument(const v1::DocumentRecorded& body,
                                             const v1::MeetingSpec& spec) const {
  if (DocumentKindId(body.kind()).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("document_recorded.kind: must be one of ",
                                                   Listed(DocumentKinds())));
  }
  if (body.sha256().size() != kSha256Size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document_recorded.sha256: must be 32 bytes (got ", body.sha256().size(), ")"));
  }
  if (body.size() == 0) {
    return absl::InvalidArgumentError(
        "document_recorded.size: must be at least 1 byte (an empty file names nothing)");
  }
  RETURN_IF_ERROR(ValidateText("document_recorded.file_name", body.file_name(),
                               {.required = true, .max_chars = kMaxFileNameChars}));
  if (absl::StrContains(body.file_name(), "/") || absl::StrContains(body.file_name(), "\\") ||
      body.file_name() == "." || body.file_name() == "..") {
    return absl::InvalidArgumentError(
        absl::StrCat("document_recorded.file_name: ", Quote(body.file_name()),
                     " must be a base name, without a directory"));
  }
  if (!body.candidate_id().empty() && FindSpecPerson(spec, body.candidate_id()) == nullptr) {
    return absl::NotFoundError(absl::StrCat("document_recorded.candidate_id: ",
                                            Quote(body.candidate_id()),
                                            " is no candidate or subject of the spec"));
  }
  if (body.role() != "admin" && body.role() != "officer") {
    return absl::InvalidArgumentError(absl::StrCat("document_recorded.role: ",
                                                   Quote(body.role()),
                                                   " must be admin or officer"));
  }
  RETURN_IF_ERROR(RequireActor("document_recorded.actor", body.actor()));
  if (const Document* earlier = FindDocument(body.sha256())) {
    return absl::AlreadyExistsError(absl::StrCat(
        "document_recorded.sha256: this file was recorded at entry ", earlier->seq, " as ",
        Quote(earlier->body.file_name())));
  }
  return absl::OkStatus();
}

absl::Status SelectionRecords::CheckNotice(const v1::NoticePublished& body,
                                           const v1::MeetingSpec& spec,
                                           v1::MeetingStatus status) const {
  if (status != v1::MEETING_STATUS_COUNTED && status != v1::MEETING_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(
        "notice_published: a 任前公示 follows the count; the meeting is not counted yet");
  }
  if (notice_.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "notice_published: the meeting's notice was recorded at entry ", notice_->seq));
  }
  ASSIGN_OR_RETURN(int64_t start_end, NoticeEnd("notice_published.start_date", body.start_date()));
  ASSIGN_OR_RETURN(int64_t end_end, NoticeEnd("notice_published.end_date", body.end_date()));
  if (start_end > end_end) {
    return absl::InvalidArgumentError(absl::StrCat("notice_published.end_date: ",
                                                   body.end_date(), " is before the start, ",
                                                   body.start_date()));
  }
  if (body.channels().empty() || body.channels_size() > kMaxNoticeChannels) {
    return absl::InvalidArgumentError(absl::StrCat(
        "notice_published.channels: 1 to ", kMaxNoticeChannels,
        " places where the notice was published (got ", body.channels_size(), ")"));
  }
  for (int i = 0; i < body.channels_size(); ++i) {
    RETURN_IF_ERROR(ValidateText(absl::StrCat("notice_published.channels[", i, "]"),
                                 body.channels(i),
                                 {.required = true, .max_chars = kMaxChannelChars}));
  }
  if (body.subjects().empty() || body.subjects_size() > kMaxNoticeSubjects) {
    return absl::InvalidArgumentError(absl::StrCat("notice_published.subjects: 1 to ",
                                                   kMaxNoticeSubjects, " people (got ",
                                                   body.subjects_size(), ")"));
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < body.subjects_size(); ++i) {
    const v1::NoticeSubject& s = body.subjects(i);
    const std::string path = absl::StrCat("notice_published.subjects[", i, "]");
    if (FindSpecPerson(spec, s.candidate_id()) == nullptr) {
      return absl::NotFoundError(absl::StrCat(path, ".candidate_id: ", Quote(s.candidate_id()),
                                              " is no candidate or subject of the spec"));
    }
    if (!seen.insert(s.candidate_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".candidate_id: ", Quote(s.candidate_id()), " is named twice"));
    }
    RETURN_IF_ERROR(ValidateText(absl::StrCat(path, ".post"), s.post(),
                                 {.required = false, .max_chars = kMaxPostChars}));
  }
  return RequireActor("notice_published.actor", body.actor());
}

absl::Status SelectionRecords::CheckOutcome(const v1::NoticeOutcomeRecorded& body) const {
  if (!notice_.has_value()) {
    return absl::FailedPreconditionError(
        "notice_outcome_recorded: no 任前公示 is recorded for this meeting");
  }
  bool named = false;
  for (const v1::NoticeSubject& s : notice_->body.subjects()) named |= s.candidate_id() == body.candidate_id();
  if (!named) {
    return absl::NotFoundError(absl::StrCat("notice_outcome_recorded.candidate_id: ",
                                            Quote(body.candidate_id()),
                                            " is not named by the notice"));
  }
  if (AppointmentOutcomeId(body.outcome()).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "notice_outcome_recorded.outcome: must be one of ", Listed(AppointmentOutcomes())));
  }
  if (body.reason().empty() && body.outcome() != v1::APPOINTMENT_OUTCOME_APPOINTED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "notice_outcome_recorded.reason: required for ", AppointmentOutcomeId(body.outcome()),
        " (say what the notice brought to light and how it was examined)"));
  }
  RETURN_IF_ERROR(ValidateText("notice_outcome_recorded.reason", body.reason(),
                               {.required = false,
                                .max_chars = kMaxOutcomeReasonChars,
                                .multiline = true}));
  RETURN_IF_ERROR(RequireActor("notice_outcome_recorded.actor", body.actor()));
  if (body.at() < notice_->ends_at) {
    return absl::FailedPreconditionError(absl::StrCat(
        "notice_outcome_recorded: the notice runs until ", notice_->body.end_date(),
        " (UTC+8); its outcomes are recorded after it ends"));
  }
  if (const Outcome* earlier = FindOutcome(body.candidate_id())) {
    return absl::AlreadyExistsError(absl::StrCat(
        "notice_outcome_recorded.candidate_id: ", Quote(body.candidate_id()),
        " already has an outcome (entry ", earlier->seq, ")"));
  }
  return absl::OkStatus();
}

void SelectionRecords::Apply(const v1::Entry& entry) {
  switch (entry.body_case()) {
    case v1::Entry::kDocumentRecorded:
      document_by_hash_[entry.document_recorded().sha256()] = documents_.size();
      documents_.push_back({entry.seq(), entry.document_recorded()});
      break;
    case v1::Entry::kNoticePublished: {
      // Checked: the end date parses.
      const int64_t ends_at = *NoticeEnd("", entry.notice_published().end_date());
      notice_ = Notice{entry.seq(), entry.notice_published(), ends_at};
      break;
    }
    case v1::Entry::kNoticeOutcomeRecorded:
      outcome_by_candidate_[entry.notice_outcome_recorded().candidate_id()] = outcomes_.size();
      outcomes_.push_back({entry.seq(), entry.notice_outcome_recorded()});
      break;
    case v1::Entry::kObserverOpinionRecorded:
      opinions_.push_back({entry.seq(), entry.observer_opinion_recorded()});
      break;
    default:
      break;
  }
}

const SelectionRecords::Document* SelectionRecords::FindDocument(absl::string_view sha256) const {
  auto it = document_by_hash_.find(sha256);
  return it == document_by_hash_.end() ? nullptr : &documents_[it->second];
}

const SelectionRecords::Outcome* SelectionRecords::FindOutcome(
    absl::string_view candidate_id) const {
  auto it = outcome_by_candidate_.find(candidate_id);
  return it == outcome_by_candidate_.end() ? nullptr : &outcomes_[it->second];
}

}  // namespace gongxin::tally
