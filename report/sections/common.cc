// Lookups and small building blocks shared by the sections.
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"

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
  for (const v1::VoterGroup& g : spec.groups()) {
    if (g.id() == id) return g.name().empty() ? g.id() : g.name();
  }
  return std::string(id);
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

void AppendValidity(const Context& c, const v1::QuestionTally& tally, bool graded,
                    std::string* out) {
  absl::StrAppend(out, "<p class=\"validity\">",
                  Escape(absl::Substitute(c.m.validity, tally.valid(), tally.blank(),
                                          tally.invalid())),
                  "</p>\n");
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
  absl::StrAppend(out, "<p class=\"basis\">", Escape(basis), "</p>\n");
}

void AppendQuestionHeading(const Context& c, const v1::Question* question,
                           const v1::QuestionTally& tally, absl::string_view kind,
                           std::string* out) {
  const std::string title = question != nullptr && !question->title().empty()
                                ? question->title()
                                : tally.question_id();
  absl::StrAppend(out, "<section class=\"question ", kind, "\" data-question=\"",
                  Escape(tally.question_id()), "\">\n<h3>", Escape(title), "</h3>\n");
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
