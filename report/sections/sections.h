// One function per section of the documents. The result's sections add
// blocks to the one view of a count (report/view.h), each with the words
// from Messages and the machine records of its figures; the announcement's
// sections append HTML to `out`, escaping all text from the spec or the
// roll. A new question kind or a new part of TallyResult gets its own
// function here and one call in result_report.cc or announcement.cc.
#ifndef GONGXIN_REPORT_SECTIONS_SECTIONS_H_
#define GONGXIN_REPORT_SECTIONS_SECTIONS_H_

#include <map>
#include <string>
#include <vector>

#include "gongxin/v1/meeting.pb.h"
#include "report/messages.h"
#include "report/record_messages.h"
#include "report/result_report.h"
#include "report/view.h"
#include "tally/follow_up.h"
#include "tally/selection_records.h"

namespace gongxin::report::sections {

// What every section needs: the words, the spec's names, the language.
struct Context {
  const Messages& m;
  const v1::MeetingSpec& spec;
  bool english;
  // Per-group tables: smaller type and no charts, so a form with several
  // groups still fits a few A4 pages; the figures are the same.
  bool compact = false;
  // The records' form_id: the form's id, or "form/group" in a group's
  // tables (ids never hold "/").
  std::string form_key = {};
};

// Lookups in the spec; nullptr when absent (the tally then shows ids).
const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id);
const v1::Question* FindQuestion(const v1::Form* form, absl::string_view id);
std::string ModeName(const Context& c, v1::FormMode mode);
std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id);
// What a QuestionTally.rate_basis counts, in words (rule A7); unknown bases
// are shown as written.
std::string BasisName(const Context& c, absl::string_view basis);
// The same for the RateBasis enum (a Rate's or the question's `basis`);
// "—" for UNSPECIFIED.
std::string BasisName(const Context& c, v1::RateBasis basis);
// The name of a candidate or subject of `question` (any kind); the id if
// the spec does not list it.
std::string PersonName(const v1::Question* question, absl::string_view id);
// The rate basis as the tally's rate_basis names it ("due", "returned", …),
// for machines; "" for UNSPECIFIED.
std::string BasisKey(v1::RateBasis basis);
// The validity and rate-basis lines under a question (rules A6, A7); the
// first carries the question's count records (AddCountRecords).
void AppendValidity(const Context& c, const v1::Question* question,
                    const v1::QuestionTally& tally, bool graded, Block* out);
// The question's blank, invalid and valid ballots as records on `out`:
// kind=blank / invalid for an approval question, question_blank /
// question_invalid for the other kinds, then kind=valid with the basis.
void AddCountRecords(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, Block* out);
// A record of one person's figure on the question: `num` of `den` with
// the rate between them (rates, flags, weighted figures, shortlist marks).
Record FigureRecord(const Context& c, const v1::Question* question,
                    const v1::QuestionTally& tally, std::string kind, std::string id,
                    std::string name, uint64_t num, uint64_t den);
// 实到 over 应到 and 收回 over 发出 of a form or a group (form_key "form"
// or "form/group") as kind=turnout and kind=returned records.
void AddTurnoutRecords(const std::string& form_key, uint32_t due, uint32_t issued,
                       uint32_t returned, Block* out);
// A question's section, headed by its title; `kind` is its class.
Block& AddQuestionSection(const Context& c, const v1::Question* question,
                          const v1::QuestionTally& tally, absl::string_view kind, Block* out);
// A machine record of the question's figures: form_id, question_id and
// post (an approval question's) filled in, `kind` as given.
Record QuestionRecord(const Context& c, const v1::Question* question,
                      const v1::QuestionTally& tally, std::string kind);

// A fact list (<dl>) as HTML, values escaped: the announcement's, and the
// view's facts blocks.
void AppendFacts(const std::vector<Fact>& facts, std::string* out);

// result: question.cc — one question's tables as its kind wants them
// (approval, graded, decision, element, checklist, or validity only), with
// its rates, shortlist and flags; shared by the overall and the per-group
// tables.
void AppendQuestion(const Context& c, const v1::Form* form, const v1::QuestionTally& tally,
                    Block* out);

// result: turnout.cc
void AppendTurnout(const Context& c, const v1::TallyResult& result, Block* out);
// result: approval.cc — ranking table, vote-rate bars, validity figures.
void AppendApprovalQuestion(const Context& c, const v1::Question* question,
                            const v1::QuestionTally& tally, Block* out);
// result: graded.cc — grade matrix and stacked distribution bars.
void AppendGradedQuestion(const Context& c, const v1::Question* question,
                          const v1::QuestionTally& tally, Block* out);
// result: rates.cc — each graded subject's rates (excellent, pass, score,
// satisfaction) as exact fractions with their basis (rules C2, C5, A7).
// A rate's label by its id (excellent, pass, score, satisfaction, votes),
// and its exact value: "3/7 = 42.9 %", or "680/10 = 68.0 分" for points.
std::string RateLabel(const Context& c, absl::string_view id);
std::string RateValue(const Context& c, const v1::Question* question, absl::string_view id,
                      uint64_t num, uint64_t den);
// The same figure as a spreadsheet cell: the decimal RateValue shows,
// without unit or fraction ("42.9", "68.0"); "" when `den` is 0.
std::string RateNumber(const v1::Question* question, absl::string_view id, uint64_t num,
                       uint64_t den);
void AppendRates(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 Block* out);
// result: follow_up.cc — 整改前后对比 (rule S-5): per subject of a
// follow-up question, each grade's share before → after and the change in
// percentage points, and the S-5 flags before and after.
void AppendFollowUp(const Context& c, const v1::Question* question,
                    const tally::FollowUpComparison& cmp, Block* out);
// The same heading with why there is no comparison (the earlier meeting's
// result was not given, or does not match).
void AppendFollowUpUnavailable(const Context& c, absl::string_view why, Block* out);
// result: weighted.cc — the form's group weights and each question's
// weighted figures beside the unweighted ones, or why there are none.
void AppendWeighted(const Context& c, const v1::Form* form, const v1::FormTally& form_tally,
                    Block* out);
// result: decision.cc — 票决 (rules B1–B7): turnout and quorum, the passing
// rule, per candidate agree / disagree / abstain with the denominator and
// the agree votes needed, the outcome, and a competitive vote's result.
void AppendDecisionQuestion(const Context& c, const v1::Question* question,
                            const v1::QuestionTally& tally, Block* out);
// result: element.cc — 要素推荐 (rule S-6): per element each candidate's
// votes and rank, and the ballots naming nobody.
void AppendElementQuestion(const Context& c, const v1::Question* question,
                           const v1::QuestionTally& tally, Block* out);
// result: checklist.cc — 正反向测评 (rule S-7): per subject each item's count
// and share of the rate denominator, and the ballots ticking nothing.
void AppendChecklistQuestion(const Context& c, const v1::Question* question,
                             const v1::QuestionTally& tally, Block* out);
// result: composite.cc — composite rankings (rules S-2, S-3, S-9) with
// components, vetoes and exclusions, and the officers who approved the count.
void AppendComposites(const Context& c, const v1::TallyResult& result, Block* out);
// result: inspection.cc — under a by_panel rule's heading, the panel's size
// and aggregation and each recusal (public: the spec is); in the full
// variant, each inspector's sheet (their scores in effect per candidate and
// indicator, recused candidates marked); nothing without a panel.
void AppendPanelLines(const Context& c, const v1::CompositeRule& rule, Block* out);
void AppendInspectorSheets(const Context& c, const std::vector<InspectorScore>& scores,
                           Block* out);
// result: posts.cc — the declared posts with seats and qualifications;
// nothing when the spec declares none.
void AppendDeclaredPostsResult(const Context& c, Block* out);
// result and announcement: sample.cc — a sampled survey's groups on the
// roll and drawn, the public value and the seed (or that it is not drawn
// yet); nothing when the spec draws no sample.
void AppendSample(const Context& c, const v1::SampleInfo& sample, Block* out);
// result: corrections.cc — full variant only: each approved correction of
// an officer score with old and new value, reason, proposer and approver;
// nothing when there are none.
void AppendCorrections(const Context& c, const std::vector<ScoreCorrection>& corrections,
                       Block* out);
// result: a question kind this renderer does not know (validity only).
void AppendOtherQuestion(const Context& c, const v1::Question* question,
                         const v1::QuestionTally& tally, Block* out);
// result: named_choices.cc — full variant only: who chose what on `form`.
void AppendNamedChoices(const Context& c, const v1::Form& form,
                        const std::vector<const NamedBallot*>& ballots, Block* out);
// result: rules.cc — what the counting rules add (docs/counting-rules.md):
// the form's validity and quorum (A4, A6b, B1), shortlist marks with ties at
// the cut left unbroken (A2, S-8), threshold flags with rule id and text as
// advice (S-1, S-5, S-9, C3; A8), and per-group turnout with suppressed
// groups showing only the reason, then each shown group's question tables
// (compact; a suppressed group's tables are never printed).
void AppendFormValidity(const Context& c, const v1::FormTally& form_tally, Block* out);
void AppendShortlist(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, Block* out);
void AppendFlags(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 Block* out);
void AppendGroups(const Context& c, const v1::FormTally& form_tally, Block* out);
// result: paper.cc — for a form some voter received on paper, the figures
// as paper | electronic | combined and the slips' reconciliation (发出 /
// 收回 / 录入), a mismatch said in words; nothing for other forms.
void AppendPaper(const Context& c, const v1::Form* form, const v1::FormTally& form_tally,
                 Block* out);
// result (full variant) and the notice documents: selection.cc — documents
// by hash, the 任前公示 with each person's outcome, observers' opinions;
// nothing for what the ledger does not hold.
void AppendSelection(const Context& c, const tally::SelectionRecords& records, Block* out);
// The notice's people, each with the post proposed and the outcome so far.
void AppendNoticeOutcomes(const Context& c, const RecordMessages& rm,
                          const tally::SelectionRecords& records, Block* out);
// "2026-12-05 17:43": unix seconds as a date and time in UTC+8.
std::string ChinaTime(int64_t unix_seconds);
// A person's name as the spec lists it (any question), or the id.
std::string SpecPersonName(const v1::MeetingSpec& spec, const std::string& id);

// result and announcement: ledger_tie.cc
void AppendLedgerTie(const Context& c, const LedgerTie& tie, Block* out);

// announcement: announcement_sections.cc
void AppendPosts(const Context& c, std::string* out);
void AppendCandidates(const Context& c, std::string* out);
void AppendForms(const Context& c, std::string* out);
void AppendMarking(const Context& c, std::string* out);
// `due_by_group`: 应到 per voter group on the roll, from which each
// anonymous form's token keys — and so its per-group counting — follow.
void AppendRules(const Context& c, const std::map<std::string, uint32_t>& due_by_group,
                 std::string* out);

}  // namespace gongxin::report::sections

#endif  // GONGXIN_REPORT_SECTIONS_SECTIONS_H_
