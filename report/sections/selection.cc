// The selection's records in the full variant (issue 16): documents by hash,
// the 任前公示 with each person's outcome, and observers' opinions — each
// row naming its ledger entry, so a reader can find it in the export.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "report/html.h"
#include "report/record_messages.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {

std::string ChinaTime(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(unix_seconds),
                          absl::FixedTimeZone(8 * 3600));
}

std::string SpecPersonName(const v1::MeetingSpec& spec, const std::string& id) {
  const v1::Candidate* c = tally::FindSpecPerson(spec, id);
  return c == nullptr || c->name().empty() ? id : c->name();
}

void AppendNoticeOutcomes(const Context& c, const RecordMessages& rm,
                          const tally::SelectionRecords& records, Block* out) {
  const auto& notice = records.notice();
  if (!notice.has_value()) return;
  Block& table = AddTable(out, "outcomes");
  table.table.header = {{rm.subject_name}, {rm.subject_post}, {rm.outcome},
                        {rm.outcome_reason}, {rm.doc_entry, true}};
  for (const v1::NoticeSubject& s : notice->body.subjects()) {
    const tally::SelectionRecords::Outcome* o = records.FindOutcome(s.candidate_id());
    Row row;
    row.data.push_back({"candidate", s.candidate_id()});
    const std::string label =
        OutcomeLabel(rm, o == nullptr ? v1::APPOINTMENT_OUTCOME_UNSPECIFIED : o->body.outcome());
    row.cells = {{SpecPersonName(c.spec, s.candidate_id())},
                 {s.post()},
                 {label},
                 {o == nullptr ? "" : o->body.reason()},
                 {o == nullptr ? "—" : absl::StrCat(o->seq), true}};
    if (o == nullptr) row.role = "pending";
    table.table.rows.push_back(std::move(row));
    Record r;
    r.kind = "notice_outcome";
    r.candidate_id = s.candidate_id();
    r.name = SpecPersonName(c.spec, s.candidate_id());
    r.post = s.post();
    r.grade_id = o == nullptr ? "" : tally::AppointmentOutcomeId(o->body.outcome());
    r.grade = o == nullptr ? "" : o->body.reason();
    r.rank = o == nullptr ? "" : absl::StrCat(o->seq);
    table.records.push_back(std::move(r));
  }
}

void AppendSelection(const Context& c, const tally::SelectionRecords& records, Block* out) {
  const RecordMessages& rm = RecordMessagesFor(c.english ? "en" : "zh-CN");
  if (!records.documents().empty()) {
    Block& section = AddSection(out, "", rm.documents_heading);
    section.id = "documents";
    AddParagraph(&section, "note", rm.documents_note);
    Block& table = AddTable(&section, "documents");
    table.table.header = {{rm.doc_kind},      {rm.doc_file},  {rm.doc_size, true},
                          {rm.doc_candidate}, {rm.doc_by},    {rm.doc_at},
                          {rm.doc_entry, true}};
    for (const auto& d : records.documents()) {
      const v1::DocumentRecorded& b = d.body;
      Row row;
      row.data.push_back({"sha256", Hex(b.sha256())});
      row.cells = {{DocumentKindLabel(rm, b.kind())},
                   {b.file_name(), false, "", {}, 1, false},
                   {absl::StrCat(b.size()), true},
                   {b.candidate_id().empty() ? "" : SpecPersonName(c.spec, b.candidate_id())},
                   {absl::StrCat(b.actor(), " (", b.role(), ")")},
                   {ChinaTime(b.at())},
                   {absl::StrCat(d.seq), true}};
      table.table.rows.push_back(std::move(row));
      // For machines: kind in grade_id, SHA-256 in grade, size in votes.
      Record r;
      r.kind = "document";
      r.candidate_id = b.candidate_id();
      r.name = b.file_name();
      r.grade_id = tally::DocumentKindId(b.kind());
      r.grade = Hex(b.sha256());
      r.votes = absl::StrCat(b.size());
      r.post = absl::StrCat(b.actor(), " (", b.role(), ")");
      r.rank = absl::StrCat(d.seq);
      table.records.push_back(std::move(r));
    }
    // Each hash in full, under the table: a reader compares it aloud.
    std::vector<Fact> hashes;
    for (const auto& d : records.documents()) {
      hashes.push_back({absl::StrCat(d.body.file_name(), " · SHA-256"), GroupedHex(d.body.sha256()),
                        true});
    }
    AddFacts(&section, std::move(hashes));
  }
  if (records.notice().has_value()) {
    const auto& notice = *records.notice();
    Block& section = AddSection(out, "", rm.outcomes_heading);
    section.id = "notice";
    AddFacts(&section,
             {{rm.notice_period,
               absl::Substitute(rm.notice_period_value, notice.body.start_date(),
                                notice.body.end_date()),
               false},
              {rm.notice_channels, absl::StrJoin(notice.body.channels(), rm.notice_list_separator),
               false},
              {rm.notice_entry, absl::StrCat(notice.seq), false}});
    AppendNoticeOutcomes(c, rm, records, &section);
  }
  if (!records.opinions().empty()) {
    Block& section = AddSection(out, "", rm.opinions_heading);
    section.id = "opinions";
    AddParagraph(&section, "note", rm.opinions_note);
    Block& table = AddTable(&section, "opinions");
    table.table.header = {{rm.opinion_by}, {rm.doc_at}, {rm.opinion_text}, {rm.doc_entry, true}};
    for (const auto& o : records.opinions()) {
      Row row;
      row.cells = {{o.body.observer()},
                   {ChinaTime(o.body.at())},
                   {o.body.text()},
                   {absl::StrCat(o.seq), true}};
      table.table.rows.push_back(std::move(row));
      Record r;
      r.kind = "opinion";
      r.name = o.body.observer();
      r.grade = o.body.text();
      r.rank = absl::StrCat(o.seq);
      table.records.push_back(std::move(r));
    }
  }
}

}  // namespace gongxin::report::sections
