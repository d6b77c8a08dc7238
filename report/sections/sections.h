// One function per section of the printed documents. Each appends HTML to
// `out`; all text from the spec, the roll or the ballots is escaped inside.
// A new question kind or a new part of TallyResult gets its own function
// here and one call in result_report.cc or announcement.cc.
#ifndef GONGXIN_REPORT_SECTIONS_SECTIONS_H_
#define GONGXIN_REPORT_SECTIONS_SECTIONS_H_

#include <string>
#include <vector>

#include "gongxin/v1/meeting.pb.h"
#include "report/messages.h"
#include "report/result_report.h"

namespace gongxin::report::sections {

// What every section needs: the words, the spec's names, the language.
struct Context {
  const Messages& m;
  const v1::MeetingSpec& spec;
  bool english;
};

// Lookups in the spec; nullptr when absent (the tally then shows ids).
const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id);
const v1::Question* FindQuestion(const v1::Form* form, absl::string_view id);
std::string ModeName(const Context& c, v1::FormMode mode);
std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id);
// What a QuestionTally.rate_basis counts, in words (rule A7); unknown bases
// are shown as written.
std::string BasisName(const Context& c, absl::string_view basis);
// The validity and rate-basis lines under a question (rules A6, A7).
void AppendValidity(const Context& c, const v1::QuestionTally& tally, bool graded,
                    std::string* out);
// The opening of a question's section: <section> and its heading.
void AppendQuestionHeading(const Context& c, const v1::Question* question,
                           const v1::QuestionTally& tally, absl::string_view kind,
                           std::string* out);

// A fact list (<dl>): label, value (escaped), whether the value is a hash.
struct Fact {
  std::string label;
  std::string value;
  bool hash = false;
};
void AppendFacts(const std::vector<Fact>& facts, std::string* out);

// result: turnout.cc
void AppendTurnout(const Context& c, const v1::TallyResult& result, std::string* out);
// result: approval.cc — ranking table, vote-rate bars, validity figures.
void AppendApprovalQuestion(const Context& c, const v1::Question* question,
                            const v1::QuestionTally& tally, std::string* out);
// result: graded.cc — grade matrix and stacked distribution bars.
void AppendGradedQuestion(const Context& c, const v1::Question* question,
                          const v1::QuestionTally& tally, std::string* out);
// result: a question kind this renderer does not know (validity only).
void AppendOtherQuestion(const Context& c, const v1::Question* question,
                         const v1::QuestionTally& tally, std::string* out);
// result: named_choices.cc — full variant only: who chose what on `form`.
void AppendNamedChoices(const Context& c, const v1::Form& form,
                        const std::vector<const NamedBallot*>& ballots, std::string* out);
// result: rules.cc — what the counting rules add (docs/counting-rules.md):
// the form's validity and quorum (A4, A6b, B1), shortlist marks with ties at
// the cut left unbroken (A2, S-8), threshold flags with rule id and text as
// advice (S-1, S-5, S-9, C3; A8), and per-group turnout with suppressed
// groups showing only the reason.
void AppendFormValidity(const Context& c, const v1::FormTally& form_tally, std::string* out);
void AppendShortlist(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, std::string* out);
void AppendFlags(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 std::string* out);
void AppendGroups(const Context& c, const v1::FormTally& form_tally, std::string* out);
// result and announcement: ledger_tie.cc
void AppendLedgerTie(const Context& c, const LedgerTie& tie, std::string* out);

// announcement: announcement_sections.cc
void AppendPosts(const Context& c, std::string* out);
void AppendCandidates(const Context& c, std::string* out);
void AppendForms(const Context& c, std::string* out);
void AppendMarking(const Context& c, std::string* out);
void AppendRules(const Context& c, std::string* out);

}  // namespace gongxin::report::sections

#endif  // GONGXIN_REPORT_SECTIONS_SECTIONS_H_
