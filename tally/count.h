// Counting: aggregates classified ballots into the published tally
// (per question: valid, blank, invalid; for approval questions votes and
// ranks per candidate and per written-in name; for graded questions counts
// per subject and grade). Memory grows with the spec and the distinct
// write-ins, never with the number of ballots.
#ifndef GONGXIN_TALLY_COUNT_H_
#define GONGXIN_TALLY_COUNT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/ballot.h"
#include "tally/kinds/kind.h"

namespace gongxin::tally {

// Rule A7 default denominator of vote rates: ballots returned (收回).
inline constexpr absl::string_view kRateBasisReturned = "returned";

// One voter group's turnout for a form.
struct GroupTurnout {
  uint32_t due = 0;
  uint32_t issued = 0;
};

// Per-form turnout that ballots alone cannot show.
struct FormTurnout {
  uint32_t due = 0;     // 应到: voters on the roll who receive the form
  uint32_t issued = 0;  // 发出: of those, checked in with the form
  // By group id; a group missing here has due = issued = 0.
  absl::flat_hash_map<std::string, GroupTurnout> groups = {};
  // Paper slips of the form: handed out (part of `issued`) and counted from
  // the box. More back than handed out voids the form (rule A6b): electronic
  // ballots cannot exceed their credentials, so only the box can, and a
  // stuffed box must not hide behind electronic abstentions in the total.
  uint32_t paper_issued = 0;
  uint32_t paper_returned = 0;
};

// Meeting turnout, from the roll and the check-ins.
struct TurnoutFigures {
  uint32_t due = 0;      // 应到: voters on the roll
  uint32_t present = 0;  // 实到: voters checked in
  // By form id; a form missing here is reported with due = issued = 0.
  absl::flat_hash_map<std::string, FormTurnout> forms = {};
};

// Counter accumulates ballots of one meeting. The result depends only on the
// multiset of ballots added, never on their order. Thread-compatible.
class Counter {
 public:
  // `spec` must pass ValidateSpec; the counter keeps what it needs of it.
  explicit Counter(const v1::MeetingSpec& spec);

  // AddBallot counts `ballot`, whose `statuses` must be what
  // ClassifyBallot(form, ballot) returned. Fails with INVALID_ARGUMENT, and
  // counts nothing, when ballot.form_id is not a form of the spec or
  // `statuses` does not have one entry per question of the form. Any other
  // disagreement with ClassifyBallot is a caller bug: a mark whose question,
  // candidate, subject or grade is unknown is not counted, and of a subject
  // graded twice in one answer only the first grade is.
  //
  // `group` is the voter group the ballot is counted under for the per-group
  // tallies, or empty when it is not known (an anonymous ballot of a form
  // given to several groups; see docs/threat-model.md). An undeclared group
  // counts as unknown.
  absl::Status AddBallot(const v1::Ballot& ballot, const std::vector<AnswerStatus>& statuses,
                         absl::string_view group = "");

  // SetPooledGroups records that the anonymous ballots of the groups
  // `pooled` of form `form_id` are signed with the form's shared token key
  // and so come without a group (tally::PooledGroups). Tally then lists
  // those groups as not shown, with the reason, and counts the form's
  // ungrouped ballots as theirs. Unknown forms are ignored.
  void SetPooledGroups(absl::string_view form_id, std::vector<std::string> pooled);

  // returned returns the number of ballots added for `form_id` (0 if unknown).
  uint32_t returned(absl::string_view form_id) const;

  // Tally returns the result over the ballots added so far, forms and
  // questions and candidates in spec order. Candidates carry competition
  // ranks (equal votes share a rank: 1, 2, 2, 4); write-ins are sorted by
  // votes (descending) then name (byte order) and ranked the same way among
  // themselves. Vote rates are over ballots returned for the form (rule A7).
  //
  // A graded question (rules C2, D2, D3) lists no candidates and no
  // write-ins; instead `subjects`, in spec order, each with one GradeCount
  // per grade in scale order (zeros included) and `blank`: the valid
  // ballots on which that subject got no grade, including those that left
  // the whole question blank. So for every subject the grade counts plus
  // blank equal the question's `valid`, which is the form's `returned`, since
  // a graded question is never invalid.
  //
  // Then, from the rules frozen in the spec (tally/annotate.h): vote-rate
  // bases and graded rates, each form's validity (A4, A6b, B1), shortlists
  // (A2, S-8), flags (C3, S-1, S-5, S-9; none when the form's count is
  // invalid), and per-group tallies with small-group suppression and
  // weighted figures (tally/groups.h). Per-group tallies are listed for the
  // groups the form is given to, in spec order, unless a ballot of the form
  // came without a group and no group is pooled (groups_reason_* then says
  // why). Each shown group's questions carry the rates and the flags of its
  // own ballots, under the form's validity; shortlists are marked overall
  // only, since the 差额 list is one list drawn from all voters (rule A2).
  v1::TallyResult Tally(absl::string_view meeting_id, uint64_t ledger_size,
                        const TurnoutFigures& turnout) const;

 private:
  // Owns a question's KindCount. Copies clone it: a copied Counter (a
  // trial MeetingState) must count on its own.
  class OwnedCount {
   public:
    OwnedCount() = default;
    explicit OwnedCount(std::unique_ptr<KindCount> count) : count_(std::move(count)) {}
    OwnedCount(const OwnedCount& other) : count_(Clone(other)) {}
    OwnedCount& operator=(const OwnedCount& other) {
      count_ = Clone(other);
      return *this;
    }
    OwnedCount(OwnedCount&&) = default;
    OwnedCount& operator=(OwnedCount&&) = default;

    // Null only for a question of no kind, which ValidateSpec refuses.
    KindCount* get() const { return count_.get(); }

   private:
    static std::unique_ptr<KindCount> Clone(const OwnedCount& other) {
      return other.count_ ? other.count_->Clone() : nullptr;
    }
    std::unique_ptr<KindCount> count_;
  };

  struct QuestionCount {
    std::string id;
    OwnedCount kind;  // the question's kind's count of its valid answers
    uint32_t blank = 0;
    uint32_t invalid = 0;
    uint32_t answered = 0;  // kValid
  };

  struct FormCount {
    std::string id;
    std::vector<QuestionCount> questions;  // form order
    uint32_t returned = 0;
    uint32_t blank_ballots = 0;    // every question blank
    uint32_t invalid_ballots = 0;  // some question invalid
    uint32_t ungrouped = 0;        // added without a known group
    std::vector<std::string> pooled;  // SetPooledGroups
  };

  // Counts one classified ballot into `fc`.
  static void CountInto(FormCount& fc, const v1::Ballot& ballot,
                        const std::vector<AnswerStatus>& statuses);
  // The raw per-question tallies of `fc` into `ft`.
  static void FillQuestions(const FormCount& fc, v1::FormTally* ft);

  // Position of form `form_id` in forms_, if any.
  std::optional<size_t> FormPosition(absl::string_view form_id) const;

  v1::MeetingSpec spec_;
  std::vector<FormCount> forms_;  // spec order
  // group_forms_[g][f]: form f counted over the ballots of spec.groups[g].
  std::vector<std::vector<FormCount>> group_forms_;
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_COUNT_H_
