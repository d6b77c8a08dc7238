// Lookups and small building blocks shared by the sections.
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "tally/spec_lookup.h"

namespace gongxin::report::sections {

const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id) {
  for (const v1::Form& f : spec.forms()) {
    if (f.id() == id) return &f;
  }
  return nullptr;
}

const v1::Question* FindQuestion(const v1::Form* form, absl::string_view id) {
  if (form == nullptr) return nullptr;
  for (const v1::Question& q : form->questions()) {
    if (q.id() == id) return &q;
  }
  return nullptr;
}

std::string ModeName(const Context& c, v1::FormMode mode) {
  if (mode == v1::FORM_MODE_NAMED) return c.m.named;
  if (mode == v1::FORM_MODE_ANONYMOUS) return c.m.anonymous;
  return "";
}

std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id) {
  return tally::GroupName(spec, id);
}

std::string BasisName(const Context& c, absl::string_view basis) {
  return report::BasisName(c.m, basis);
}

std::string BasisName(const Context& c, v1::RateBasis basis) {
  switch (basis) {
    case v1::RATE_BASIS_DUE: return c.m.basis_due;
    case v1::RATE_BASIS_PRESENT: return c.m.basis_present;
    case v1::RATE_BASIS_RETURNED: return c.m.basis_returned;
    case v1::RATE_BASIS_VALID: return c.m.basis_valid;
    case v1::RATE_BASIS_ASSESSED: return c.m.basis_assessed;
    default: return "—";
  }
}

std::string PersonName(const v1::Question* question, absl::string_view id) {
  if (question == nullptr) return std::string(id);
  for (const auto* people :
       {&question->approval().candidates(), &question->graded().subjects(),
        &question->decision().candidates(), &question->element().candidates(),
        &question->checklist().subjects()}) {
    for (const v1::Candidate& p : *people) {
      if (p.id() == id) return p.name().empty() ? p.id() : p.name();
    }
  }
  return std::string(id);
}

std::string BasisKey(v1::RateBasis basis) {
  switch (basis) {
    case v1::RATE_BASIS_DUE: return "due";
    case v1::RATE_BASIS_PRESENT: return "present";
    case v1::RATE_BASIS_RETURNED: return "returned";
    case v1::RATE_BASIS_VALID: return "valid";
    case v1::RATE_BASIS_ASSESSED: return "assessed";
    default: return "";
  }
}

Record QuestionRecord(const Context& c, const v1::Question* question,
                      const v1::QuestionTally& tally, std::string kind) {
  Record r;
  r.form_id = c.form_key;
  r.question_id = tally.question_id();
  r.post = question != nullptr ? question->approval().post() : "";
  r.kind = std::move(kind);
  return r;
}

Record FigureRecord(const Context& c, const v1::Question* question,
                    const v1::QuestionTally& tally, std::string kind, std::string id,
                    std::string name, uint64_t num, uint64_t den) {
  Record r = QuestionRecord(c, question, tally, std::move(kind));
  r.candidate_id = std::move(id);
  r.name = std::move(name);
  r.votes = absl::StrCat(num);
  r.rate_denominator = absl::StrCat(den);
  r.vote_rate = PercentNumber(num, den);
  return r;
}

void AddCountRecords(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, Block* out) {
  // Blank and invalid ballots are rows of their own, not made-up names such
  // as "(blank)", which a voter could write in; an approval question's sit
  // beside its candidates (kind blank / invalid), other kinds' say
  // question_blank / question_invalid.
  const bool approval =
      question != nullptr ? question->has_approval()
                          : !tally.has_decision() && tally.elements().empty() &&
                                tally.checklist().empty() && tally.subjects().empty();
  const uint32_t den = tally.rate_denominator();
  out->records.push_back(FigureRecord(c, question, tally, approval ? "blank" : "question_blank",
                                      "", "", tally.blank(), den));
  out->records.push_back(FigureRecord(c, question, tally,
                                      approval ? "invalid" : "question_invalid", "", "",
                                      tally.invalid(), den));
  Record valid = FigureRecord(c, question, tally, "valid", "", "", tally.valid(), den);
  valid.grade_id = !tally.rate_basis().empty() ? tally.rate_basis() : BasisKey(tally.basis());
  out->records.push_back(std::move(valid));
}

void AppendValidity(const Context& c, const v1::Question* question,
                    const v1::QuestionTally& tally, bool graded, Block* out) {
  AddCountRecords(c, question, tally,
                  &AddParagraph(out, "validity",
                                absl::Substitute(c.m.validity, tally.valid(), tally.blank(),
                                                 tally.invalid())));
  // The basis by name, or by the enum when only that is set (rule A7).
  const std::string basis_name =
      !tally.rate_basis().empty() ? BasisName(c, tally.rate_basis())
      : tally.basis() != v1::RATE_BASIS_UNSPECIFIED ? BasisName(c, tally.basis())
                                                     : "";
  const std::string basis =
      basis_name.empty()
          ? absl::Substitute(graded ? c.m.share_basis_unnamed : c.m.rate_basis_unnamed,
                             tally.rate_denominator())
          : absl::Substitute(graded ? c.m.share_basis : c.m.rate_basis, tally.rate_denominator(),
                             basis_name);
  AddParagraph(out, "basis", basis);
}

// 实到 over 应到 (and 收回 over 发出) of a form or a group, for machines.
void AddTurnoutRecords(const std::string& form_key, uint32_t due, uint32_t issued,
                       uint32_t returned, Block* out) {
  Record turnout;
  turnout.form_id = form_key;
  turnout.kind = "turnout";
  turnout.votes = absl::StrCat(issued);
  turnout.rate_denominator = absl::StrCat(due);
  turnout.vote_rate = PercentNumber(issued, due);
  out->records.push_back(turnout);
  Record back = turnout;
  back.kind = "returned";
  back.votes = absl::StrCat(returned);
  back.rate_denominator = absl::StrCat(issued);
  back.vote_rate = PercentNumber(returned, issued);
  out->records.push_back(std::move(back));
}

Block& AddQuestionSection(const Context& c, const v1::Question* question,
                          const v1::QuestionTally& tally, absl::string_view kind, Block* out) {
  const std::string title = question != nullptr && !question->title().empty()
                                ? question->title()
                                : tally.question_id();
  Block& section = AddSection(out, absl::StrCat("question ", kind), title);
  section.data.push_back({"question", tally.question_id()});
  return section;
}

void AppendFacts(const std::vector<Fact>& facts, std::string* out) {
  absl::StrAppend(out, "<dl class=\"facts\">\n");
  for (const Fact& f : facts) {
    absl::StrAppend(out, "<dt>", Escape(f.label), "</dt><dd", f.hash ? " class=\"hash\"" : "",
                    ">", Escape(f.value), "</dd>\n");
  }
  absl::StrAppend(out, "</dl>\n");
}

}  // namespace gongxin::report::sections
