// Decision votes: rules B1 (quorum), B2 (passing over 应到会), B3 (defer),
// B4 (recusal), B5/B6/D4 (no write-ins), B7 (competitive decision).
#include "tally/kinds/decision.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/people.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "tally/wire_size.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr int kMaxDecisionCandidates = 1000;

v1::PassFraction MakeFraction(uint32_t num, uint32_t den, bool inclusive) {
  v1::PassFraction f;
  f.set_numerator(num);
  f.set_denominator(den);
  f.set_inclusive(inclusive);
  return f;
}

// An unset fraction (denominator 0) means the rule's default.
v1::PassFraction OrDefault(const v1::PassFraction& f, const v1::PassFraction& fallback) {
  return f.denominator() == 0 ? fallback : f;
}

absl::Status ValidateFraction(const std::string& path,
                              bool has, const v1::PassFraction& f) {
  if (!has) return absl::OkStatus();
  if (f.denominator() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".denominator: must be at least 1"));
  }
  if (f.numerator() > f.denominator()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %d/%d is more than the whole", path, f.numerator(), f.denominator()));
  }
  return absl::OkStatus();
}

const char* VoteName(v1::DecisionVote v) {
  switch (v) {
    case v1::DECISION_VOTE_AGREE:
      return "agree";
    case v1::DECISION_VOTE_DISAGREE:
      return "disagree";
    case v1::DECISION_VOTE_ABSTAIN:
      return "abstain";
    case v1::DECISION_VOTE_DEFER:
      return "defer";
    default:
      return "unspecified";
  }
}

}  // namespace

v1::PassFraction DefaultQuorum() { return MakeFraction(2, 3, /*inclusive=*/true); }
v1::PassFraction DefaultPass() { return MakeFraction(1, 2, /*inclusive=*/false); }

uint32_t FewestMeeting(const v1::PassFraction& f, uint32_t base) {
  const uint64_t product = uint64_t{f.numerator()} * base;
  const uint64_t den = f.denominator();
  // Inclusive: c·den ≥ product → c = ⌈product/den⌉. Strict: c·den > product
  // → c = ⌊product/den⌋ + 1.
  const uint64_t c = f.inclusive() ? (product + den - 1) / den : product / den + 1;
  return static_cast<uint32_t>(c);
}

namespace {

// ValidateDecision checks a decision question at `path` (e.g.
// "spec.forms[0].questions[1].decision") of `form`. INVALID_ARGUMENT, naming
// the field, when: candidates are not 1 to 1000 valid people; a fraction is
// set with a zero denominator or is above 1 (numerator > denominator);
// pass_basis is unknown; a recused voter id is invalid or repeated on a
// candidate; recusals are listed on an anonymous form (rule B4 cannot be
// enforced at cast without linking the ballot to its voter); recusals leave
// the denominator with pass_basis PRESENT (who of the recused attended is
// not on the ledger); max_agree or post is set on a non-competitive
// question; a competitive question has fewer than 2 candidates, allows
// defer, or max_agree not below the number of candidates; post is over
// 200 characters.
absl::Status ValidateDecision(const std::string& path, const v1::Form& form,
                              const v1::DecisionQuestion& q) {
  RETURN_IF_ERROR(ValidatePeople(path + ".candidates", q.candidates(), kMaxDecisionCandidates,
                                 /*decision=*/true));
  RETURN_IF_ERROR(ValidateFraction(path + ".quorum", q.has_quorum(), q.quorum()));
  RETURN_IF_ERROR(ValidateFraction(path + ".pass", q.has_pass(), q.pass()));
  if (!v1::DecisionBasis_IsValid(q.pass_basis())) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".pass_basis: unknown value ", q.pass_basis()));
  }
  bool any_recusal = false;
  for (int i = 0; i < q.candidates_size(); ++i) {
    const v1::Candidate& c = q.candidates(i);
    absl::flat_hash_map<absl::string_view, int> first;
    for (int j = 0; j < c.recused_voter_ids_size(); ++j) {
      const std::string rpath =
          absl::StrCat(path, ".candidates[", i, "].recused_voter_ids[", j, "]");
      RETURN_IF_ERROR(ValidateId(rpath, c.recused_voter_ids(j)));
      auto [it, inserted] = first.try_emplace(c.recused_voter_ids(j), j);
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrCat(rpath, ": voter ",
                                                       Quote(c.recused_voter_ids(j)),
                                                       " listed twice (first at [", it->second,
                                                       "])"));
      }
      any_recusal = true;
    }
    if (any_recusal && form.mode() == v1::FORM_MODE_ANONYMOUS) {
      // Rule B4 on a secret ballot: refusing a recused member's mark would
      // need the server to know whose ballot it is, which is exactly what
      // an anonymous form must not know.
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".candidates[", i,
          "].recused_voter_ids: recusal (rule B4) needs a named form; an anonymous ballot "
          "cannot be tied to its voter to refuse the mark"));
    }
  }
  if (any_recusal && q.recused_leave_denominator() &&
      q.pass_basis() == v1::DECISION_BASIS_PRESENT) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".recused_leave_denominator: only with pass_basis DUE; which recused members "
              "attended is not on the ledger"));
  }
  RETURN_IF_ERROR(ValidateText(path + ".post", q.post(), {.required = false, .max_chars = 200}));
  if (!q.competitive()) {
    if (q.max_agree() != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".max_agree: only for a competitive decision (rule B7)"));
    }
    if (!q.post().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".post: only for a competitive decision (rule B7); a candidate's post is its "
                "proposed_post"));
    }
    return absl::OkStatus();
  }
  if (q.candidates_size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".candidates: a competitive decision (rule B7) needs at least 2 candidates (got ",
        q.candidates_size(), ")"));
  }
  if (q.allow_defer()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".allow_defer: a competitive decision (rule B7) takes agree marks only"));
  }
  const uint32_t k = q.max_agree() == 0 ? 1 : q.max_agree();
  if (k >= static_cast<uint32_t>(q.candidates_size())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.max_agree: must be below the number of candidates (%d) for a competitive "
        "decision (got %d)",
        path, q.candidates_size(), k));
  }
  return absl::OkStatus();
}

// ClassifyDecision classifies `answer` to decision `question` of `form`.
// Blank when it marks nothing. Fails with NOT_FOUND for an unknown
// candidate, INVALID_ARGUMENT for a candidate marked twice, a vote that is
// unspecified or unknown, DEFER where not allowed, any mark other than
// agree on a competitive question, and — unless the form's overvote policy
// is SPOIL, which makes the answer kInvalid — more agree marks than
// max_agree on a competitive question (rule B7.1). Fields of another kind
// (write-ins are never allowed, rules B5, B6, D4) are refused before, by
// ClassifyBallot.
absl::StatusOr<AnswerStatus> ClassifyDecision(const std::string& path, const v1::Form& form,
                                              const v1::Question& question,
                                              const v1::Answer& answer) {
  const v1::DecisionQuestion& q = question.decision();
  absl::flat_hash_map<absl::string_view, int> first;
  uint32_t agrees = 0;
  for (int j = 0; j < answer.decisions_size(); ++j) {
    const v1::DecisionMark& mark = answer.decisions(j);
    const std::string mpath = absl::StrCat(path, ".decisions[", j, "]");
    if (!HasPerson(q.candidates(), mark.candidate_id())) {
      return absl::NotFoundError(absl::StrCat(mpath, ".candidate_id: unknown candidate ",
                                              Quote(mark.candidate_id()), " for question ",
                                              question.id()));
    }
    auto [it, inserted] = first.try_emplace(mark.candidate_id(), j);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(mpath, ".candidate_id: candidate ",
                                                     mark.candidate_id(),
                                                     " marked twice (first at decisions[",
                                                     it->second, "])"));
    }
    switch (mark.vote()) {
      case v1::DECISION_VOTE_AGREE:
        ++agrees;
        break;
      case v1::DECISION_VOTE_DISAGREE:
      case v1::DECISION_VOTE_ABSTAIN:
        break;
      case v1::DECISION_VOTE_DEFER:
        if (!q.allow_defer()) {
          return absl::InvalidArgumentError(absl::StrCat(
              mpath, ".vote: question ", question.id(), " does not offer defer (缓议, rule B3)"));
        }
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat(mpath, ".vote: must be agree, disagree, abstain",
                         q.allow_defer() ? " or defer" : "", " (got ",
                         static_cast<int>(mark.vote()), ")"));
    }
    if (q.competitive() && mark.vote() != v1::DECISION_VOTE_AGREE) {
      return absl::InvalidArgumentError(absl::StrCat(
          mpath, ".vote: question ", question.id(),
          " is a competitive decision (rule B7); mark agree on the candidates you choose and "
          "leave the others unmarked (got ",
          VoteName(mark.vote()), ")"));
    }
  }
  if (answer.decisions().empty()) return AnswerStatus::kBlank;
  const uint32_t k = q.max_agree() == 0 ? 1 : q.max_agree();
  if (q.competitive() && agrees > k) {
    // Rule A6a as for approval questions: refused by a kiosk, or void for
    // this question when the form mirrors paper (SPOIL).
    if (form.overvote_policy() == v1::OVERVOTE_POLICY_SPOIL) return AnswerStatus::kInvalid;
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", agrees,
                                                   " candidates marked agree exceed max_agree ",
                                                   k, " for question ", question.id(),
                                                   " (rule B7)"));
  }
  return AnswerStatus::kValid;
}

}  // namespace

bool FormHasRecusals(const v1::Form& form) {
  for (const v1::Question& q : form.questions()) {
    for (const v1::Candidate& c : q.decision().candidates()) {
      if (!c.recused_voter_ids().empty()) return true;
    }
  }
  return false;
}

absl::Status CheckRecusal(const v1::Form& form, const v1::Ballot& ballot,
                          absl::string_view voter_id) {
  for (int i = 0; i < ballot.answers_size(); ++i) {
    const v1::Answer& answer = ballot.answers(i);
    const v1::Question* question = FindQuestion(form, answer.question_id());
    if (question == nullptr || !question->has_decision()) continue;
    for (int j = 0; j < answer.decisions_size(); ++j) {
      const std::string& cid = answer.decisions(j).candidate_id();
      for (const v1::Candidate& c : question->decision().candidates()) {
        if (c.id() != cid) continue;
        for (const std::string& recused : c.recused_voter_ids()) {
          if (recused == voter_id) {
            return absl::InvalidArgumentError(absl::StrCat(
                "ballot.answers[", i, "].decisions[", j, "].candidate_id: voter ", voter_id,
                " is recused (回避, rule B4) on candidate ", cid, " of question ",
                question->id(), " and must leave it unmarked"));
          }
        }
      }
    }
  }
  return absl::OkStatus();
}

namespace {

// DecisionCount accumulates the valid answers to one decision question.
class DecisionCount final : public KindCount {
 public:
  explicit DecisionCount(const v1::DecisionQuestion& q);

  // Add counts one kValid answer; marks on unknown candidates are ignored.
  void Add(const v1::Answer& answer) override;

  // Fill writes the question's DecisionTally, with the form's due and
  // present (rules B1, B2).
  void Fill(const KindContext& context, v1::QuestionTally* out) const override {
    FillDecision(context.due, context.present, context.valid, out->mutable_decision());
  }

  std::unique_ptr<KindCount> Clone() const override {
    return std::make_unique<DecisionCount>(*this);
  }

 private:
  struct Row {
    std::string id;
    uint32_t recused = 0;  // recused voters leaving the denominator
    uint32_t agree = 0, disagree = 0, abstain = 0, defer = 0;
  };

  // FillDecision writes the question's DecisionTally: `due` members receive
  // the form (应到会), `present` were checked in with it (实到), `valid`
  // ballots answered the question validly (including blank).
  void FillDecision(uint32_t due, uint32_t present, uint32_t valid, v1::DecisionTally* out) const;

  v1::DecisionQuestion question_;  // settings only: candidates cleared
  std::vector<Row> rows_;          // spec order
};

DecisionCount::DecisionCount(const v1::DecisionQuestion& q) : question_(q) {
  question_.clear_candidates();
  for (const v1::Candidate& c : q.candidates()) {
    Row& row = rows_.emplace_back();
    row.id = c.id();
    if (q.recused_leave_denominator()) row.recused = c.recused_voter_ids_size();
  }
}

void DecisionCount::Add(const v1::Answer& answer) {
  for (const v1::DecisionMark& mark : answer.decisions()) {
    auto row = std::find_if(rows_.begin(), rows_.end(),
                            [&](const Row& r) { return r.id == mark.candidate_id(); });
    if (row == rows_.end()) continue;
    switch (mark.vote()) {
      case v1::DECISION_VOTE_AGREE:
        ++row->agree;
        break;
      case v1::DECISION_VOTE_DISAGREE:
        ++row->disagree;
        break;
      case v1::DECISION_VOTE_ABSTAIN:
        ++row->abstain;
        break;
      case v1::DECISION_VOTE_DEFER:
        ++row->defer;
        break;
      default:
        break;
    }
  }
}

void DecisionCount::FillDecision(uint32_t due, uint32_t present, uint32_t valid,
                                 v1::DecisionTally* out) const {
  const v1::PassFraction quorum = OrDefault(question_.quorum(), DefaultQuorum());
  const v1::PassFraction pass = OrDefault(question_.pass(), DefaultPass());
  out->set_due(due);
  out->set_present(present);
  // Rule B1: quorum is taken of the members due, counting those present.
  out->set_quorum_needed(FewestMeeting(quorum, due));
  const bool quorum_met = present >= out->quorum_needed();
  out->set_quorum_met(quorum_met);

  std::vector<uint32_t> sorted;
  for (const Row& row : rows_) sorted.push_back(row.agree);
  std::sort(sorted.begin(), sorted.end(), std::greater<uint32_t>());
  for (const Row& row : rows_) {
    v1::DecisionCandidateTally* t = out->add_candidates();
    t->set_candidate_id(row.id);
    t->set_agree(row.agree);
    t->set_disagree(row.disagree);
    t->set_abstain(row.abstain);
    t->set_defer(row.defer);
    const uint32_t marked = row.agree + row.disagree + row.abstain + row.defer;
    t->set_blank(valid - std::min(valid, marked));
    // Rule B2: the denominator is everyone due, so absences and
    // abstentions work as "not agree"; rule B4 [I]: recused members stay in
    // unless the spec says they leave.
    const uint32_t denominator = question_.pass_basis() == v1::DECISION_BASIS_PRESENT
                                     ? present
                                     : due - std::min(due, row.recused);
    t->set_pass_denominator(denominator);
    t->set_pass_needed(FewestMeeting(pass, denominator));
    if (!quorum_met) {
      t->set_outcome(v1::DECISION_OUTCOME_NO_QUORUM);
    } else {
      t->set_outcome(row.agree >= t->pass_needed() ? v1::DECISION_OUTCOME_PASSED
                                                   : v1::DECISION_OUTCOME_NOT_PASSED);
    }
    if (question_.competitive()) {
      t->set_rank(static_cast<uint32_t>(
                      std::lower_bound(sorted.begin(), sorted.end(), row.agree,
                                       std::greater<uint32_t>()) -
                      sorted.begin()) +
                  1);
    }
  }
  if (!question_.competitive()) return;

  // Rule B7: the winner has the most agree votes and passes; a tie at the
  // top among passing candidates is a revote among the tied; if the top
  // does not pass, nobody does (postpone or revote).
  if (!quorum_met) {
    out->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_NO_QUORUM);
    return;
  }
  const uint32_t top = sorted.empty() ? 0 : sorted.front();
  std::vector<int> leaders;
  bool leader_passes = false;
  for (int i = 0; i < out->candidates_size(); ++i) {
    if (out->candidates(i).agree() != top) continue;
    leaders.push_back(i);
    if (out->candidates(i).outcome() == v1::DECISION_OUTCOME_PASSED) leader_passes = true;
  }
  for (v1::DecisionCandidateTally& t : *out->mutable_candidates()) {
    // Only the winner passes a competitive decision; set below.
    t.set_outcome(v1::DECISION_OUTCOME_NOT_PASSED);
  }
  if (top == 0 || !leader_passes) {
    out->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_NONE_PASSED);
  } else if (leaders.size() > 1) {
    out->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_TIE_REVOTE);
    for (int i : leaders) out->add_tied_ids(out->candidates(i).candidate_id());
  } else {
    out->set_competitive_outcome(v1::COMPETITIVE_OUTCOME_WINNER);
    out->set_winner_id(out->candidates(leaders.front()).candidate_id());
    out->mutable_candidates(leaders.front())->set_outcome(v1::DECISION_OUTCOME_PASSED);
  }
}

constexpr AnswerField kDecisionAnswerFields[] = {
    {"decisions", [](const v1::Answer& a) { return !a.decisions().empty(); }},
};

class Decision final : public QuestionKind {
 public:
  v1::Question::KindCase kind_case() const override { return v1::Question::kDecision; }
  absl::string_view name() const override { return "decision"; }
  absl::string_view phrase() const override { return "a decision"; }
  absl::Span<const AnswerField> answer_fields() const override { return kDecisionAnswerFields; }
  bool foreign_fields_first() const override { return true; }

  absl::Status Validate(const std::string& path, const v1::Form& form,
                        const v1::Question& question) const override {
    return ValidateDecision(path, form, question.decision());
  }

  absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                        const v1::Question& question,
                                        const v1::Answer& answer) const override {
    return ClassifyDecision(path, form, question, answer);
  }

  size_t MaxMarkBytes(const v1::Question& question) const override {
    size_t bytes = 0;
    // The vote is an enum: a tag and a one-byte varint (values below 128;
    // ClassifyDecision refuses any other).
    for (const v1::Candidate& c : question.decision().candidates()) {
      bytes += Delimited(Delimited(c.id().size()) + 2);
    }
    return bytes;
  }

  std::unique_ptr<KindCount> NewCount(const v1::Question& question) const override {
    return std::make_unique<DecisionCount>(question.decision());
  }
};

}  // namespace

const QuestionKind& DecisionKind() {
  static const Decision kind;
  return kind;
}

}  // namespace gongxin::tally
