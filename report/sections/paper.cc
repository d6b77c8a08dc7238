// Paper ballots beside electronic ones: for a form some voter received on
// paper, each question's figures as paper | electronic | combined, and the
// reconciliation of the paper slips (发出 / 收回 / 录入) with any mismatch
// said in words. The combined column is the form's count shown above; the
// parts are never merged here, only set side by side.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

// The same question's tally in a part, or an empty one if the part lacks it.
const v1::QuestionTally& InPart(const v1::FormTally& part, absl::string_view question_id) {
  for (const v1::QuestionTally& q : part.questions()) {
    if (q.question_id() == question_id) return q;
  }
  return v1::QuestionTally::default_instance();
}

uint32_t CandidateVotes(const v1::QuestionTally& q, absl::string_view id) {
  for (const v1::CandidateTally& t : q.candidates()) {
    if (t.candidate_id() == id) return t.votes();
  }
  return 0;
}

uint32_t WriteInVotes(const v1::QuestionTally& q, absl::string_view name) {
  for (const v1::WriteInTally& t : q.write_ins()) {
    if (t.name() == name) return t.votes();
  }
  return 0;
}

uint32_t GradeCount(const v1::QuestionTally& q, absl::string_view subject,
                    absl::string_view grade) {
  for (const v1::SubjectTally& s : q.subjects()) {
    if (s.subject_id() != subject) continue;
    for (const v1::GradeCount& g : s.grades()) {
      if (g.grade_id() == grade) return g.count();
    }
  }
  return 0;
}

std::string GradeName(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Grade& g : question->graded().scale()) {
      if (g.id() == id) return g.label().empty() ? g.id() : g.label();
    }
  }
  return std::string(id);
}

Row ThreeWay(std::string label, uint32_t paper, uint32_t electronic, uint32_t combined,
             std::string role = {}) {
  return Row{{{std::move(label)},
              {absl::StrCat(paper), true},
              {absl::StrCat(electronic), true},
              {absl::StrCat(combined), true, "", {}, 1, true}},
             std::move(role)};
}

// Machine records of one figure: its paper and electronic parts (the
// combined figure is the form's own record elsewhere).
void AddPartRecords(const Context& c, const v1::Question* question, const v1::QuestionTally& q,
                    std::string kind, std::string id, std::string name, uint32_t paper,
                    uint32_t electronic, Block* out) {
  for (auto [suffix, votes] : {std::pair<const char*, uint32_t>{"_paper", paper},
                               std::pair<const char*, uint32_t>{"_electronic", electronic}}) {
    Record r = QuestionRecord(c, question, q, absl::StrCat(kind, suffix));
    r.candidate_id = id;
    r.name = name;
    r.votes = absl::StrCat(votes);
    out->records.push_back(std::move(r));
  }
}

}  // namespace

void AppendPaper(const Context& c, const v1::Form* form, const v1::FormTally& ft, Block* out) {
  if (!ft.has_paper_reconciliation()) return;
  const std::string title = form != nullptr && !form->title().empty() ? form->title() : ft.form_id();
  Block& section = AddSection(out, "paper", absl::Substitute(c.m.paper_heading, title));
  section.data.push_back({"form", ft.form_id()});

  const v1::PaperReconciliation& r = ft.paper_reconciliation();
  Block& slips = AddTable(&section, "paper-slips");
  slips.table.header = {{c.m.paper_slips},
                        {c.m.issued, true},
                        {c.m.returned, true},
                        {c.m.paper_entered, true},
                        {c.m.paper_confirmed, true},
                        {c.m.paper_rejected, true}};
  const std::string verdict =
      r.consistent() ? c.m.paper_consistent
                     : absl::Substitute(c.m.paper_mismatch,
                                        c.english ? r.reason_en() : r.reason_zh());
  Row row{{{verdict, false, r.consistent() ? "" : "mismatch"},
           {absl::StrCat(r.issued()), true},
           {r.returns_recorded() ? absl::StrCat(r.returned()) : c.m.paper_not_recorded, true},
           {absl::StrCat(r.entered()), true},
           {absl::StrCat(r.confirmed()), true},
           {absl::StrCat(r.rejected()), true}},
          r.consistent() ? "" : "mismatch"};
  row.data.push_back({"consistent", r.consistent() ? "true" : "false"});
  slips.table.rows.push_back(std::move(row));
  using Figure = std::pair<const char*, uint32_t>;
  for (const auto& [kind, n] : {Figure{"paper_issued", r.issued()},
                                Figure{"paper_returned", r.returned()},
                                Figure{"paper_entered", r.entered()},
                                Figure{"paper_confirmed", r.confirmed()}}) {
    Record rec;
    rec.form_id = c.form_key.empty() ? ft.form_id() : c.form_key;
    rec.kind = kind;
    rec.votes = absl::StrCat(n);
    slips.records.push_back(std::move(rec));
  }

  const v1::FormTally& paper = ft.paper();
  const v1::FormTally& electronic = ft.electronic();
  Block& votes = AddTable(&section, "paper-votes");
  votes.table.header = {{""},
                        {c.m.paper_part, true},
                        {c.m.electronic_part, true},
                        {c.m.combined_part, true}};
  votes.table.rows.push_back(
      ThreeWay(c.m.returned, paper.returned(), electronic.returned(), ft.returned(), "returned"));
  for (const v1::QuestionTally& q : ft.questions()) {
    const v1::Question* question = FindQuestion(form, q.question_id());
    const std::string qt =
        question != nullptr && !question->title().empty() ? question->title() : q.question_id();
    const v1::QuestionTally& pq = InPart(paper, q.question_id());
    const v1::QuestionTally& eq = InPart(electronic, q.question_id());
    auto line = [&](absl::string_view what) { return absl::StrCat(qt, " · ", what); };
    for (const v1::CandidateTally& t : q.candidates()) {
      const std::string name = PersonName(question, t.candidate_id());
      const uint32_t p = CandidateVotes(pq, t.candidate_id());
      const uint32_t e = CandidateVotes(eq, t.candidate_id());
      Row& added = votes.table.rows.emplace_back(ThreeWay(line(name), p, e, t.votes()));
      added.data.push_back({"candidate", t.candidate_id()});
      AddPartRecords(c, question, q, "votes", t.candidate_id(), name, p, e, &votes);
    }
    for (const v1::WriteInTally& t : q.write_ins()) {
      const std::string name = absl::StrCat(t.name(), c.m.write_in_suffix);
      votes.table.rows.push_back(ThreeWay(line(name), WriteInVotes(pq, t.name()),
                                          WriteInVotes(eq, t.name()), t.votes(), "write-in"));
    }
    for (const v1::SubjectTally& s : q.subjects()) {
      const std::string subject = PersonName(question, s.subject_id());
      for (const v1::GradeCount& g : s.grades()) {
        votes.table.rows.push_back(
            ThreeWay(absl::StrCat(qt, " · ", subject, " · ", GradeName(question, g.grade_id())),
                     GradeCount(pq, s.subject_id(), g.grade_id()),
                     GradeCount(eq, s.subject_id(), g.grade_id()), g.count()));
      }
    }
    votes.table.rows.push_back(ThreeWay(line(c.m.paper_valid), pq.valid(), eq.valid(), q.valid()));
    votes.table.rows.push_back(
        ThreeWay(line(c.m.blank), pq.blank(), eq.blank(), q.blank(), "blank"));
    votes.table.rows.push_back(
        ThreeWay(line(c.m.paper_invalid), pq.invalid(), eq.invalid(), q.invalid(), "invalid"));
  }
  AddParagraph(&section, "note", c.m.paper_note);
}

}  // namespace gongxin::report::sections
