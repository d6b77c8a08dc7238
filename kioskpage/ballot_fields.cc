#include "kioskpage/ballot_fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "tally/ballot.h"
#include "tally/text.h"

namespace gongxin::kioskpage {
namespace {

const std::vector<std::string>& Values(const Fields& fields, const std::string& name) {
  static const std::vector<std::string> kNone;
  const auto it = fields.find(name);
  return it == fields.end() ? kNone : it->second;
}

std::string First(const Fields& fields, const std::string& name) {
  const std::vector<std::string>& v = Values(fields, name);
  return v.empty() ? "" : v.front();
}

std::string NameOf(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                   const std::string& id) {
  for (const v1::Candidate& p : people) {
    if (p.id() == id) return p.name();
  }
  return id;
}

v1::DecisionVote VoteOf(const std::string& value) {
  if (value == "agree") return v1::DECISION_VOTE_AGREE;
  if (value == "disagree") return v1::DECISION_VOTE_DISAGREE;
  if (value == "abstain") return v1::DECISION_VOTE_ABSTAIN;
  if (value == "defer") return v1::DECISION_VOTE_DEFER;
  return v1::DECISION_VOTE_UNSPECIFIED;
}

const char* VoteWord(v1::DecisionVote vote, const report::Messages& m) {
  switch (vote) {
    case v1::DECISION_VOTE_AGREE: return m.agree;
    case v1::DECISION_VOTE_DISAGREE: return m.disagree;
    case v1::DECISION_VOTE_ABSTAIN: return m.abstain;
    case v1::DECISION_VOTE_DEFER: return m.defer;
    default: return "";
  }
}

}  // namespace

v1::Answer AnswerFromFields(const v1::Question& q, const Fields& fields) {
  v1::Answer a;
  a.set_question_id(q.id());
  switch (q.kind_case()) {
    case v1::Question::kApproval:
      for (const std::string& id : Values(fields, "choice")) a.add_choices(id);
      for (const std::string& name : Values(fields, "write_in")) {
        // One name, one encoding on the ledger: NFC however it was typed.
        const std::string trimmed(absl::StripAsciiWhitespace(name));
        if (trimmed.empty()) continue;
        // Ill-formed UTF-8 goes as typed, for CheckAnswer to refuse.
        absl::StatusOr<std::string> nfc = tally::ToNfc(trimmed);
        a.add_write_ins(nfc.ok() ? *nfc : trimmed);
      }
      break;
    case v1::Question::kGraded:
      for (const v1::Candidate& s : q.graded().subjects()) {
        const std::string grade = First(fields, absl::StrCat("grade.", s.id()));
        if (grade.empty()) continue;
        v1::GradeChoice* g = a.add_grades();
        g->set_subject_id(s.id());
        g->set_grade_id(grade);
      }
      break;
    case v1::Question::kDecision:
      for (const v1::Candidate& c : q.decision().candidates()) {
        const v1::DecisionVote vote = VoteOf(First(fields, absl::StrCat("decide.", c.id())));
        if (vote == v1::DECISION_VOTE_UNSPECIFIED) continue;
        v1::DecisionMark* d = a.add_decisions();
        d->set_candidate_id(c.id());
        d->set_vote(vote);
      }
      break;
    case v1::Question::kElement:
      for (const v1::Element& e : q.element().elements()) {
        const std::string who = First(fields, absl::StrCat("element.", e.id()));
        if (who.empty()) continue;
        v1::ElementChoice* c = a.add_elements();
        c->set_element_id(e.id());
        c->set_candidate_id(who);
      }
      break;
    case v1::Question::kChecklist:
      for (const v1::Candidate& s : q.checklist().subjects()) {
        const std::vector<std::string>& items = Values(fields, absl::StrCat("tick.", s.id()));
        if (items.empty()) continue;
        v1::Ticks* t = a.add_ticks();
        t->set_subject_id(s.id());
        for (const std::string& item : items) t->add_item_ids(item);
      }
      break;
    case v1::Question::KIND_NOT_SET:
      break;
  }
  return a;
}

std::string CheckAnswer(const v1::Form& form, const v1::Question& q, const v1::Answer& answer,
                        const report::Messages& m) {
  // The over-votes a voter can make, in their words, before the rules'.
  if (q.has_approval()) {
    const int chosen = answer.choices_size() + answer.write_ins_size();
    if (chosen > static_cast<int>(q.approval().max_choices())) {
      return absl::Substitute(m.kiosk_overvote, chosen, q.approval().max_choices());
    }
  }
  if (q.has_decision() && q.decision().competitive()) {
    const uint32_t allowed = q.decision().max_agree() == 0 ? 1 : q.decision().max_agree();
    uint32_t agreed = 0;
    for (const v1::DecisionMark& d : answer.decisions()) {
      agreed += d.vote() == v1::DECISION_VOTE_AGREE ? 1 : 0;
    }
    if (agreed > allowed) return absl::Substitute(m.kiosk_overvote, agreed, allowed);
  }
  v1::Ballot ballot;
  ballot.set_form_id(form.id());
  *ballot.add_answers() = answer;
  absl::StatusOr<std::vector<tally::AnswerStatus>> judged = tally::ClassifyBallot(form, ballot);
  if (!judged.ok()) return absl::Substitute(m.kiosk_not_accepted, judged.status().message());
  for (tally::AnswerStatus s : *judged) {
    if (s == tally::AnswerStatus::kInvalid) {
      return absl::Substitute(m.kiosk_not_accepted, m.named_invalid);
    }
  }
  return "";
}

std::string AnswerSummary(const v1::Question& q, const v1::Answer& a, const report::Messages& m) {
  std::vector<std::string> parts;
  switch (q.kind_case()) {
    case v1::Question::kApproval:
      for (const std::string& id : a.choices()) {
        parts.push_back(NameOf(q.approval().candidates(), id));
      }
      for (const std::string& w : a.write_ins()) parts.push_back(absl::StrCat(w, m.write_in_suffix));
      break;
    case v1::Question::kGraded:
      for (const v1::GradeChoice& g : a.grades()) {
        std::string label = g.grade_id();
        for (const v1::Grade& grade : q.graded().scale()) {
          if (grade.id() == g.grade_id()) label = grade.label();
        }
        parts.push_back(absl::StrCat(NameOf(q.graded().subjects(), g.subject_id()), " ", label));
      }
      break;
    case v1::Question::kDecision:
      for (const v1::DecisionMark& d : a.decisions()) {
        parts.push_back(absl::StrCat(NameOf(q.decision().candidates(), d.candidate_id()), " ",
                                     VoteWord(d.vote(), m)));
      }
      break;
    case v1::Question::kElement:
      for (const v1::ElementChoice& e : a.elements()) {
        std::string label = e.element_id();
        for (const v1::Element& el : q.element().elements()) {
          if (el.id() == e.element_id()) label = el.label();
        }
        parts.push_back(
            absl::StrCat(label, " ", NameOf(q.element().candidates(), e.candidate_id())));
      }
      break;
    case v1::Question::kChecklist:
      for (const v1::Ticks& t : a.ticks()) {
        std::vector<std::string> items;
        for (const std::string& id : t.item_ids()) {
          std::string label = id;
          for (const v1::ChecklistItem& item : q.checklist().items()) {
            if (item.id() == id) label = item.label();
          }
          items.push_back(label);
        }
        parts.push_back(absl::StrCat(NameOf(q.checklist().subjects(), t.subject_id()), " ",
                                     absl::StrJoin(items, m.list_separator)));
      }
      break;
    case v1::Question::KIND_NOT_SET:
      break;
  }
  return absl::StrJoin(parts, m.list_separator);
}

}  // namespace gongxin::kioskpage
