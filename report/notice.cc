#include "report/notice.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/record_messages.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report {
namespace {

using Notice = tally::SelectionRecords::Notice;

absl::StatusOr<const Notice*> RequireNotice(const NoticeInput& input) {
  if (!input.records.notice().has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", input.meeting_id, " has no 任前公示 on its ledger (gongxin notice publish)"));
  }
  return &*input.records.notice();
}

// Title, unit, trial mark, the notice's period and channels.
std::string Head(const Messages& m, const RecordMessages& rm, const NoticeInput& input,
                 const Notice& notice, const std::string& title) {
  std::string body = absl::StrCat("<header class=\"doc\">\n<h1>", Escape(title), "</h1>\n");
  if (!input.spec.unit().empty()) {
    absl::StrAppend(&body, "<div class=\"unit\">", Escape(input.spec.unit()), "</div>\n");
  }
  absl::StrAppend(&body, "</header>\n");
  if (input.spec.trial()) absl::StrAppend(&body, "<p class=\"warning\">", Escape(m.trial_note), "</p>\n");
  std::vector<Fact> facts = {{m.meeting_id, input.meeting_id, false}};
  if (!input.verification_code.empty()) {
    facts.push_back({m.verification_code, input.verification_code, true});
  }
  facts.push_back({rm.notice_period,
                   absl::Substitute(rm.notice_period_value, notice.body.start_date(),
                                    notice.body.end_date()),
                   false});
  facts.push_back(
      {rm.notice_channels, absl::StrJoin(notice.body.channels(), rm.notice_list_separator), false});
  sections::AppendFacts(facts, &body);
  return body;
}

// The notice's entry and the signed head, then the footer.
void Tail(const sections::Context& c, const RecordMessages& rm, const NoticeInput& input,
          const Notice& notice, std::string* body) {
  absl::StrAppend(body, "<section id=\"notice-entry\">\n<h2>", Escape(rm.notice_entry), "</h2>\n");
  sections::AppendFacts({{rm.entry_seq, absl::StrCat(notice.seq), false},
                         {rm.entry_hash, GroupedHex(input.notice_entry_hash), true}},
                        body);
  if (!input.verification_code.empty()) {
    absl::StrAppend(body, "<p class=\"small\">", Escape(c.m.verification_code_howto), "</p>\n");
  }
  absl::StrAppend(body, "</section>\n");
  if (!input.tie.head.head_hash().empty()) {
    Block tie;
    sections::AppendLedgerTie(c, input.tie, &tie);
    for (const Block& b : tie.children) absl::StrAppend(body, RenderBlockHtml(b, 1));
  }
  absl::StrAppend(body, "<footer class=\"doc\"><p>", Escape(c.m.generated_by),
                  "</p></footer>\n");
}

}  // namespace

absl::StatusOr<std::string> RenderNoticeHtml(const NoticeInput& input) {
  absl::StatusOr<const Notice*> notice = RequireNotice(input);
  if (!notice.ok()) return notice.status();
  const Messages& m = MessagesFor(input.locale);
  const RecordMessages& rm = RecordMessagesFor(input.locale);
  const sections::Context c{m, input.spec, IsEnglish(input.locale)};
  const std::string title = absl::Substitute(rm.notice_title, MeetingTitle(m, input.spec));
  std::string body = Head(m, rm, input, **notice, title);
  absl::StrAppend(&body, "<p>", Escape(rm.notice_intro), "</p>\n");
  Block section;
  Block& table = AddTable(&section, "notice");
  table.table.header = {{rm.subject_name}, {rm.subject_current}, {rm.subject_post}};
  for (const v1::NoticeSubject& s : (*notice)->body.subjects()) {
    const v1::Candidate* person = tally::FindSpecPerson(input.spec, s.candidate_id());
    Row row;
    row.data.push_back({"candidate", s.candidate_id()});
    row.cells = {{sections::SpecPersonName(input.spec, s.candidate_id())},
                 {person == nullptr ? "" : person->current_post()},
                 {s.post()}};
    table.table.rows.push_back(std::move(row));
  }
  for (const Block& b : section.children) absl::StrAppend(&body, RenderBlockHtml(b, 1));
  Tail(c, rm, input, **notice, &body);
  return Page(m.html_lang, title, body);
}

absl::StatusOr<std::string> RenderNoticeResultsHtml(const NoticeInput& input) {
  absl::StatusOr<const Notice*> notice = RequireNotice(input);
  if (!notice.ok()) return notice.status();
  const Messages& m = MessagesFor(input.locale);
  const RecordMessages& rm = RecordMessagesFor(input.locale);
  const sections::Context c{m, input.spec, IsEnglish(input.locale)};
  const std::string title = absl::Substitute(rm.results_title, MeetingTitle(m, input.spec));
  std::string body = Head(m, rm, input, **notice, title);
  if (input.now < (*notice)->ends_at) {
    absl::StrAppend(&body, "<p class=\"warning\">",
                    Escape(absl::Substitute(rm.running_note, (*notice)->body.end_date())), "</p>\n");
  }
  absl::StrAppend(&body, "<p>", Escape(absl::Substitute(rm.results_intro, (*notice)->body.end_date())),
                  "</p>\n");
  int counts[4] = {0, 0, 0, 0};  // pending, appointed, deferred, disqualified
  for (const v1::NoticeSubject& s : (*notice)->body.subjects()) {
    const auto* o = input.records.FindOutcome(s.candidate_id());
    ++counts[o == nullptr ? 0 : static_cast<int>(o->body.outcome())];
  }
  absl::StrAppend(&body, "<p class=\"summary\"><strong>",
                  Escape(absl::Substitute(rm.results_summary, (*notice)->body.subjects_size(),
                                          counts[1], counts[2], counts[3], counts[0])),
                  "</strong></p>\n");
  Block section;
  sections::AppendNoticeOutcomes(c, rm, input.records, &section);
  for (const Block& b : section.children) absl::StrAppend(&body, RenderBlockHtml(b, 1));
  Tail(c, rm, input, **notice, &body);
  return Page(m.html_lang, title, body);
}

}  // namespace gongxin::report
