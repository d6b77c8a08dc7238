// Counting: the per-question figures every kind shares, each kind's own
// count (tally/kinds/), then what the counting rules add (rules A4–A7).
#include "tally/count.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/annotate.h"
#include "tally/groups.h"
#include "tally/kinds/registry.h"
#include "tally/rules_spec.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"

namespace gongxin::tally {

Counter::Counter(const v1::MeetingSpec& spec) : spec_(spec) {
  forms_.reserve(spec.forms_size());
  for (const v1::Form& form : spec.forms()) {
    FormCount& fc = forms_.emplace_back();
    fc.id = form.id();
    for (const v1::Question& question : form.questions()) {
      QuestionCount& qc = fc.questions.emplace_back();
      qc.id = question.id();
      if (const QuestionKind* kind = KindFor(question)) {
        qc.kind = OwnedCount(kind->NewCount(question));
      }
    }
  }
  group_forms_.assign(spec.groups_size(), forms_);
}

void Counter::SetPooledGroups(absl::string_view form_id, std::vector<std::string> pooled) {
  if (const std::optional<size_t> position = FormPosition(form_id)) {
    forms_[*position].pooled = std::move(pooled);
  }
}

std::optional<size_t> Counter::FormPosition(absl::string_view form_id) const {
  for (size_t i = 0; i < forms_.size(); ++i) {
    if (forms_[i].id == form_id) return i;
  }
  return std::nullopt;
}

absl::Status Counter::AddBallot(const v1::Ballot& ballot, const std::vector<AnswerStatus>& statuses,
                                absl::string_view group) {
  const std::optional<size_t> position = FormPosition(ballot.form_id());
  if (!position) {
    return absl::InvalidArgumentError(
        absl::StrCat("ballot.form_id: no form ", Quote(ballot.form_id()), " in the spec"));
  }
  FormCount& fc = forms_[*position];
  if (statuses.size() != fc.questions.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("statuses: %d given for the %d questions of form %s", statuses.size(),
                        fc.questions.size(), fc.id));
  }
  CountInto(fc, ballot, statuses);
  int g = 0;
  while (g < spec_.groups_size() && spec_.groups(g).id() != group) ++g;
  if (group.empty() || g == spec_.groups_size()) {
    ++fc.ungrouped;
  } else {
    CountInto(group_forms_[g][*position], ballot, statuses);
  }
  return absl::OkStatus();
}

void Counter::CountInto(FormCount& fc, const v1::Ballot& ballot,
                        const std::vector<AnswerStatus>& statuses) {
  ++fc.returned;
  bool all_blank = true;
  bool any_invalid = false;
  for (size_t q = 0; q < statuses.size(); ++q) {
    QuestionCount& qc = fc.questions[q];
    switch (statuses[q]) {
      case AnswerStatus::kValid:
        ++qc.answered;
        all_blank = false;
        break;
      case AnswerStatus::kBlank:
        ++qc.blank;
        break;
      case AnswerStatus::kInvalid:
        ++qc.invalid;
        all_blank = false;
        any_invalid = true;
        break;
    }
  }
  fc.blank_ballots += all_blank;
  fc.invalid_ballots += any_invalid;
  for (const v1::Answer& answer : ballot.answers()) {
    auto q = std::find_if(fc.questions.begin(), fc.questions.end(),
                          [&](const QuestionCount& qc) { return qc.id == answer.question_id(); });
    if (q == fc.questions.end() || statuses[q - fc.questions.begin()] != AnswerStatus::kValid) {
      continue;
    }
    if (KindCount* count = q->kind.get()) count->Add(answer);
  }
}

uint32_t Counter::returned(absl::string_view form_id) const {
  const std::optional<size_t> position = FormPosition(form_id);
  return position ? forms_[*position].returned : 0;
}

void Counter::FillQuestions(const FormCount& fc, v1::FormTally* ft) {
  for (const QuestionCount& qc : fc.questions) {
    v1::QuestionTally* qt = ft->add_questions();
    qt->set_question_id(qc.id);
    qt->set_valid(qc.answered + qc.blank);
    qt->set_blank(qc.blank);
    qt->set_invalid(qc.invalid);
    qt->set_rate_denominator(fc.returned);
    qt->set_rate_basis(std::string(kRateBasisReturned));

    if (const KindCount* count = qc.kind.get()) {
      // due and present are the form's (or the group's) 应到 and 实到, for
      // the kinds that need them (decision questions, rules B1, B2).
      KindContext context{.valid = qc.answered + qc.blank};
      context.due = ft->due();
      context.present = ft->issued();
      count->Fill(context, qt);
    }
  }
}

v1::TallyResult Counter::Tally(absl::string_view meeting_id, uint64_t ledger_size,
                               const TurnoutFigures& turnout) const {
  v1::TallyResult result;
  result.set_meeting_id(std::string(meeting_id));
  result.set_ledger_size(ledger_size);
  result.set_due(turnout.due);
  result.set_present(turnout.present);
  const uint32_t min_group = EffectiveMinGroupSize(spec_);
  for (size_t f = 0; f < forms_.size(); ++f) {
    const FormCount& fc = forms_[f];
    const v1::Form& form = spec_.forms(static_cast<int>(f));
    v1::FormTally* ft = result.add_forms();
    ft->set_form_id(fc.id);
    const FormTurnout* form_turnout = nullptr;
    if (auto it = turnout.forms.find(fc.id); it != turnout.forms.end()) {
      form_turnout = &it->second;
      ft->set_due(it->second.due);
      ft->set_issued(it->second.issued);
    }
    ft->set_returned(fc.returned);
    FillQuestions(fc, ft);
    AddRates(form, ft);
    *ft->mutable_validity() =
        ComputeValidity(spec_, form, *ft, fc.blank_ballots, fc.invalid_ballots);
    if (form_turnout != nullptr && form_turnout->paper_returned > form_turnout->paper_issued) {
      v1::Validity& v = *ft->mutable_validity();
      v.set_valid(false);
      v.set_reason_zh(absl::StrFormat("纸质选票收回 %d 张多于发出 %d 张，本轮无效（规则 A6b）",
                                      form_turnout->paper_returned, form_turnout->paper_issued));
      v.set_reason_en(absl::StrFormat(
          "round void: %d paper slips returned, only %d issued (rule A6b)",
          form_turnout->paper_returned, form_turnout->paper_issued));
    }
    MarkShortlists(form, ft);
    RaiseFlags(form, ft);

    if (fc.ungrouped > 0 && fc.pooled.empty()) {
      ft->set_groups_reason_zh(
          "本表有选票未关联分组（向多个分组发放的无记名表），不提供分组结果");
      ft->set_groups_reason_en(
          "some ballots of this form carry no group (an anonymous form given to several "
          "groups): no per-group tally");
    } else {
      for (int g = 0; g < spec_.groups_size(); ++g) {
        const std::string& group = spec_.groups(g).id();
        if (!IsFormOpenToGroup(form, group)) continue;
        v1::GroupTally* gt = ft->add_groups();
        gt->set_group(group);
        if (form_turnout != nullptr) {
          if (auto it = form_turnout->groups.find(group); it != form_turnout->groups.end()) {
            gt->set_due(it->second.due);
            gt->set_issued(it->second.issued);
          }
        }
        if (std::find(fc.pooled.begin(), fc.pooled.end(), group) != fc.pooled.end()) {
          MarkPooled(min_group, gt);
          continue;
        }
        const FormCount& gc = group_forms_[g][f];
        v1::FormTally gft;
        gft.set_due(gt->due());
        gft.set_issued(gt->issued());
        gft.set_returned(gc.returned);
        FillQuestions(gc, &gft);
        AddRates(form, &gft);
        // A group's flags are judged under the form's validity: quorum is a
        // property of the meeting, not of a group (rules A4, B1).
        *gft.mutable_validity() = ft->validity();
        RaiseFlags(form, &gft);
        gt->set_returned(gc.returned);
        gt->mutable_questions()->Swap(gft.mutable_questions());
      }
      // Applied to named forms too: a public tally must not show what a
      // one-person group chose (named choices never reach a public export).
      SuppressSmallGroups(min_group, fc.ungrouped, ft);
    }
    AddWeighted(form, ft);
  }
  return result;
}

}  // namespace gongxin::tally
