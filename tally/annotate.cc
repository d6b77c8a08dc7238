// Rates, validity, shortlists and flags of one form's tally.
#include "tally/annotate.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/fraction.h"
#include "tally/rules_spec.h"

namespace gongxin::tally {
namespace {

const v1::Question* QuestionById(const v1::Form& form, const std::string& id) {
  for (const v1::Question& q : form.questions()) {
    if (q.id() == id) return &q;
  }
  return nullptr;
}

// Σ counts of the grades of `st` for which `pick(grade_index)` holds.
template <typename Pick>
uint64_t SumGrades(const v1::GradedQuestion& q, const v1::SubjectTally& st, Pick pick) {
  uint64_t sum = 0;
  for (int i = 0; i < st.grades_size() && i < q.scale_size(); ++i) {
    if (pick(i)) sum += st.grades(i).count();
  }
  return sum;
}

v1::Rate MakeRate(absl::string_view id, uint64_t num, uint64_t den, v1::RateBasis basis) {
  v1::Rate rate;
  rate.set_id(std::string(id));
  rate.set_num(num);
  rate.set_den(den);
  rate.set_basis(basis);
  return rate;
}

v1::RateBasis Or(v1::RateBasis basis, v1::RateBasis fallback) {
  return basis == v1::RATE_BASIS_UNSPECIFIED ? fallback : basis;
}

// The observed numerator of `rule` on subject `st` of graded question `q`.
uint64_t Observed(const v1::ThresholdRule& rule, const v1::GradedQuestion& q,
                  const v1::SubjectTally& st) {
  switch (rule.measure()) {
    case v1::MEASURE_EXCELLENT:
      return SumGrades(q, st, [&](int i) { return IsExcellentGrade(q, i); });
    case v1::MEASURE_PASS:
      return SumGrades(q, st, [&](int i) { return IsPassGrade(q, i); });
    case v1::MEASURE_GRADES:
      return SumGrades(q, st, [&](int i) {
        return std::find(rule.grades().begin(), rule.grades().end(), q.scale(i).id()) !=
               rule.grades().end();
      });
    default:
      return 0;
  }
}

bool Applies(const v1::ThresholdRule& rule, const v1::Question& q) {
  if (!rule.question_id().empty() && rule.question_id() != q.id()) return false;
  if (rule.measure() == v1::MEASURE_VOTES) return q.has_approval();
  if (!q.has_graded()) return false;
  if (rule.measure() != v1::MEASURE_GRADES) return true;
  for (const std::string& g : rule.grades()) {
    const bool has = std::any_of(q.graded().scale().begin(), q.graded().scale().end(),
                                 [&](const v1::Grade& grade) { return grade.id() == g; });
    if (!has) return false;
  }
  return true;
}

v1::Flag MakeFlag(const v1::ThresholdRule& rule, const std::string& question_id,
                  const std::string& subject_id, uint64_t num, uint64_t den) {
  v1::Flag flag;
  flag.set_rule_id(rule.rule_id());
  flag.set_preset(rule.preset());
  flag.set_text_zh(rule.text_zh());
  flag.set_text_en(rule.text_en());
  flag.set_flag(rule.flag());
  flag.set_kind(rule.kind());
  flag.set_question_id(question_id);
  flag.set_subject_id(subject_id);
  flag.set_observed_num(num);
  flag.set_observed_den(den);
  flag.set_basis(rule.basis());
  flag.set_comparator(rule.comparator());
  *flag.mutable_threshold() = rule.fraction();
  return flag;
}

}  // namespace

std::string BasisName(v1::RateBasis basis) {
  switch (basis) {
    case v1::RATE_BASIS_DUE:
      return "due";
    case v1::RATE_BASIS_PRESENT:
      return "present";
    case v1::RATE_BASIS_RETURNED:
      return "returned";
    case v1::RATE_BASIS_VALID:
      return "valid";
    case v1::RATE_BASIS_ASSESSED:
      return "assessed";
    default:
      return "unspecified";
  }
}

uint64_t BasisCount(v1::RateBasis basis, const v1::FormTally& ft, const v1::QuestionTally& qt,
                    const v1::GradedQuestion* graded, const v1::SubjectTally* st) {
  switch (basis) {
    case v1::RATE_BASIS_DUE:
      return ft.due();
    case v1::RATE_BASIS_PRESENT:
      return ft.issued();
    case v1::RATE_BASIS_RETURNED:
      return ft.returned();
    case v1::RATE_BASIS_VALID:
      return qt.valid();
    case v1::RATE_BASIS_ASSESSED:
      if (graded != nullptr && st != nullptr) {
        return SumGrades(*graded, *st, [&](int i) { return !graded->scale(i).dont_know(); });
      }
      return qt.valid() - std::min(qt.valid(), qt.blank());
    default:
      return 0;
  }
}

void AddRates(const v1::Form& form, v1::FormTally* ft) {
  for (v1::QuestionTally& qt : *ft->mutable_questions()) {
    const v1::Question* q = QuestionById(form, qt.question_id());
    if (q == nullptr) continue;
    if (q->has_approval()) {
      // Rule A7 [I] default: votes ÷ ballots returned; switchable.
      const v1::RateBasis basis = Or(q->approval().rate_basis(), v1::RATE_BASIS_RETURNED);
      qt.set_basis(basis);
      qt.set_rate_basis(BasisName(basis));
      qt.set_rate_denominator(static_cast<uint32_t>(BasisCount(basis, *ft, qt, nullptr, nullptr)));
      continue;
    }
    const v1::GradedQuestion& g = q->graded();
    // Rules C5, D2: rates over valid ballots by default; switchable.
    const v1::RateBasis basis = Or(g.rate_basis(), v1::RATE_BASIS_VALID);
    qt.set_basis(basis);
    qt.set_rate_basis(BasisName(basis));
    // Question-level count; with ASSESSED each subject's rates carry their own.
    qt.set_rate_denominator(static_cast<uint32_t>(BasisCount(basis, *ft, qt, nullptr, nullptr)));
    const bool scored = std::any_of(g.scale().begin(), g.scale().end(),
                                    [](const v1::Grade& x) { return x.has_score(); });
    for (v1::SubjectTally& st : *qt.mutable_subjects()) {
      st.clear_rates();
      const uint64_t den = BasisCount(basis, *ft, qt, &g, &st);
      v1::Rate excellent = MakeRate(
          "excellent", SumGrades(g, st, [&](int i) { return IsExcellentGrade(g, i); }), den, basis);
      v1::Rate pass =
          MakeRate("pass", SumGrades(g, st, [&](int i) { return IsPassGrade(g, i); }), den, basis);
      *st.add_rates() = excellent;
      *st.add_rates() = pass;
      v1::Rate score;
      if (scored) {
        uint64_t points = 0;
        for (int i = 0; i < st.grades_size() && i < g.scale_size(); ++i) {
          points += uint64_t{g.scale(i).score()} * st.grades(i).count();
        }
        score = MakeRate("score", points, den, basis);
        *st.add_rates() = score;
      }
      const v1::Rate* headline = nullptr;
      switch (g.satisfaction_formula()) {
        case v1::SATISFACTION_FORMULA_EXCELLENT:
          headline = &excellent;
          break;
        case v1::SATISFACTION_FORMULA_PASS:
          headline = &pass;
          break;
        case v1::SATISFACTION_FORMULA_SCORE:
          headline = scored ? &score : nullptr;
          break;
        default:
          break;
      }
      if (headline != nullptr) {
        v1::Rate* satisfaction = st.add_rates();
        *satisfaction = *headline;
        satisfaction->set_id("satisfaction");
      }
    }
  }
}

v1::Validity ComputeValidity(const v1::MeetingSpec& spec, const v1::Form& form,
                             const v1::FormTally& ft, uint32_t blank_ballots,
                             uint32_t invalid_ballots) {
  v1::Validity v;
  v.set_due(ft.due());
  v.set_present(ft.issued());
  v.set_issued(ft.issued());
  v.set_returned(ft.returned());
  v.set_blank(blank_ballots);
  v.set_invalid(invalid_ballots);
  v.set_valid(true);
  const v1::QuorumRule quorum = EffectiveQuorum(spec, form);
  if (quorum.disabled()) {
    v.set_quorum_met(true);
  } else {
    // Rules A4, B1: 实到 compared with fraction × 应到, exactly (⌈2N/3⌉).
    const std::optional<uint64_t> least =
        LeastSatisfying(ft.due(), quorum.comparator(), quorum.fraction());
    v.set_quorum_required(least ? static_cast<uint32_t>(*least) : ft.due() + 1);
    v.set_quorum_met(least.has_value() && ft.issued() >= *least);
    if (!v.quorum_met()) {
      v.set_valid(false);
      v.set_reason_zh(absl::StrFormat("实到 %d 人，未达到法定人数 %d 人（应到 %d 人的 %s %d/%d）",
                                      ft.issued(), v.quorum_required(), ft.due(),
                                      ComparatorSymbol(quorum.comparator()),
                                      quorum.fraction().num(), quorum.fraction().den()));
      v.set_reason_en(
          absl::StrFormat("quorum not met: %d present, %d required (%s %d/%d of %d due)",
                          ft.issued(), v.quorum_required(), ComparatorSymbol(quorum.comparator()),
                          quorum.fraction().num(), quorum.fraction().den(), ft.due()));
    }
  }
  // Rule A6b: more ballots back than issued voids the round.
  if (ft.returned() > ft.issued()) {
    v.set_valid(false);
    v.set_reason_zh(
        absl::StrFormat("收回 %d 张多于发出 %d 张，本轮无效", ft.returned(), ft.issued()));
    v.set_reason_en(absl::StrFormat("round void: %d ballots returned, only %d issued",
                                    ft.returned(), ft.issued()));
  }
  return v;
}

void MarkShortlists(const v1::Form& form, v1::FormTally* ft) {
  for (v1::QuestionTally& qt : *ft->mutable_questions()) {
    const v1::Question* q = QuestionById(form, qt.question_id());
    if (q == nullptr || !q->has_approval() || q->approval().shortlist_ratio() == 0) continue;
    const v1::ApprovalQuestion& a = q->approval();
    v1::Shortlist* sl = qt.mutable_shortlist();
    const uint32_t size = a.shortlist_ratio() * a.seats();
    sl->set_size(size);
    if (!ft->validity().valid()) {
      sl->set_resolved(false);
      sl->set_reason_zh("本次计票无效，不确定差额人选");
      sl->set_reason_en("the count is invalid; no shortlist is marked");
      continue;
    }
    const v1::RateBasis basis =
        Or(a.min_vote_rate_basis(), Or(a.rate_basis(), v1::RATE_BASIS_RETURNED));
    const uint64_t den = BasisCount(basis, *ft, qt, nullptr, nullptr);
    const bool has_minimum = a.min_vote_rate().den() != 0;
    // A name enters the shortlist only with at least one vote and, if the
    // question says so, at least the minimum vote rate.
    auto eligible = [&](uint32_t votes) {
      if (votes == 0) return false;
      return !has_minimum || Satisfies(votes, den, v1::COMPARATOR_GE, a.min_vote_rate());
    };
    std::vector<uint32_t> sorted;
    for (const v1::CandidateTally& c : qt.candidates()) {
      if (eligible(c.votes())) sorted.push_back(c.votes());
    }
    for (const v1::WriteInTally& w : qt.write_ins()) {
      if (eligible(w.votes())) sorted.push_back(w.votes());
    }
    std::sort(sorted.begin(), sorted.end(), std::greater<uint32_t>());
    // Everyone eligible fits, or the cut falls at the size-th vote count.
    uint32_t cut = 0;
    bool tie = false;
    if (sorted.size() > size) {
      cut = size == 0 ? UINT32_MAX : sorted[size - 1];
      const size_t above_or_at =
          std::count_if(sorted.begin(), sorted.end(), [&](uint32_t v) { return v >= cut; });
      tie = above_or_at > size;
    }
    auto mark = [&](uint32_t votes, bool* shortlisted, bool* tie_at_cut) {
      if (!eligible(votes)) return;
      if (tie && votes == cut) {
        *tie_at_cut = true;
      } else if (votes >= cut) {
        *shortlisted = true;
      }
    };
    uint32_t marked = 0;
    for (v1::CandidateTally& c : *qt.mutable_candidates()) {
      bool s = false, t = false;
      mark(c.votes(), &s, &t);
      c.set_shortlisted(s);
      c.set_tie_at_cut(t);
      marked += s;
    }
    for (v1::WriteInTally& w : *qt.mutable_write_ins()) {
      bool s = false, t = false;
      mark(w.votes(), &s, &t);
      w.set_shortlisted(s);
      w.set_tie_at_cut(t);
      marked += s;
    }
    sl->set_marked(marked);
    sl->set_resolved(!tie);
    if (tie) {
      // Never broken silently (rules A6 [L], S-8): the organisation decides.
      sl->set_reason_zh(absl::StrFormat("得票 %d 的人选在第 %d 名处并列，差额名单待定", cut, size));
      sl->set_reason_en(absl::StrFormat(
          "tie at the cut: names with %d votes straddle place %d; the shortlist is unresolved", cut,
          size));
    }
  }
}

void RaiseFlags(const v1::Form& form, v1::FormTally* ft) {
  for (v1::QuestionTally& qt : *ft->mutable_questions()) qt.clear_flags();
  // A count whose validity fails shows raw counts only (rules A4, B1).
  if (!ft->validity().valid()) return;
  for (const v1::ThresholdRule& rule : form.rules()) {
    for (v1::QuestionTally& qt : *ft->mutable_questions()) {
      const v1::Question* q = QuestionById(form, qt.question_id());
      if (q == nullptr || !Applies(rule, *q)) continue;
      if (q->has_approval()) {
        for (const v1::CandidateTally& c : qt.candidates()) {
          const uint64_t den = BasisCount(rule.basis(), *ft, qt, nullptr, nullptr);
          if (Satisfies(c.votes(), den, rule.comparator(), rule.fraction())) {
            *qt.add_flags() = MakeFlag(rule, qt.question_id(), c.candidate_id(), c.votes(), den);
          }
        }
        continue;
      }
      for (const v1::SubjectTally& st : qt.subjects()) {
        const uint64_t den = BasisCount(rule.basis(), *ft, qt, &q->graded(), &st);
        const uint64_t num = Observed(rule, q->graded(), st);
        if (Satisfies(num, den, rule.comparator(), rule.fraction())) {
          *qt.add_flags() = MakeFlag(rule, qt.question_id(), st.subject_id(), num, den);
        }
      }
    }
  }
}

}  // namespace gongxin::tally
