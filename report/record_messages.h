// The words of the selection's records (issue 16) — documents by hash, the
// 任前公示 and its 再公示, observers' opinions — in the result report's full
// variant and the notice documents. A table of their own beside
// report/messages.h, Chinese and English in the same order.
#ifndef GONGXIN_REPORT_RECORD_MESSAGES_H_
#define GONGXIN_REPORT_RECORD_MESSAGES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"

namespace gongxin::report {

// Strings with $0, $1… are absl::Substitute patterns; arguments are noted.
struct RecordMessages {
  // Documents by hash (full report).
  const char* documents_heading;
  const char* documents_note;
  const char* doc_kind;
  const char* doc_file;
  const char* doc_size;
  const char* doc_candidate;
  const char* doc_by;            // who recorded it (role, name)
  const char* doc_at;
  const char* doc_entry;         // the ledger entry
  const char* kind_interview_record;
  const char* kind_meeting_minutes;
  const char* kind_discipline_opinion;
  const char* kind_inspection_report;
  // Observers' opinions (full report).
  const char* opinions_heading;
  const char* opinions_note;
  const char* opinion_text;
  const char* opinion_by;
  // The 任前公示 and its 再公示.
  const char* notice_title;      // $0 meeting title
  const char* notice_intro;
  const char* notice_period;
  const char* notice_period_value;  // $0 start, $1 end
  const char* notice_channels;
  const char* notice_list_separator;
  const char* subject_name;
  const char* subject_current;
  const char* subject_post;
  const char* notice_entry;      // the notice's ledger entry, seq and hash
  const char* entry_seq;
  const char* entry_hash;
  const char* results_title;     // $0 meeting title
  const char* results_intro;     // $0 end date
  const char* results_summary;   // $0 named, $1 appointed, $2 deferred, $3 disqualified, $4 open
  const char* outcome;
  const char* outcome_reason;
  const char* outcome_pending;
  const char* outcome_appointed;
  const char* outcome_deferred;
  const char* outcome_disqualified;
  const char* outcomes_heading;  // full report
  const char* running_note;      // the 再公示 printed while the notice runs: $0 end date
};

const RecordMessages& RecordMessagesFor(absl::string_view locale);

std::string DocumentKindLabel(const RecordMessages& m, v1::DocumentKind kind);
std::string OutcomeLabel(const RecordMessages& m, v1::AppointmentOutcome outcome);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_RECORD_MESSAGES_H_
