// Positive/negative checklists (rule S-7).
#include "tally/kinds/checklist.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/people.h"
#include "tally/text.h"
#include "tally/wire_size.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

int ChecklistIndexOf(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

// ValidateChecklist checks a checklist question at `path`: 1 to 1000 valid
// subjects; 1 to 100 items with valid, unique ids, labels of 1 to 100
// characters and a polarity (positive or negative). INVALID_ARGUMENT
// naming the field.
absl::Status ValidateChecklist(const std::string& path, const v1::ChecklistQuestion& q) {
  RETURN_IF_ERROR(ValidatePeople(path + ".subjects", q.subjects(), kMaxChecklistSubjects));
  if (q.items().empty() || q.items_size() > kMaxChecklistItems) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.items: must list 1 to %d items (got %d)", path, kMaxChecklistItems, q.items_size()));
  }
  DistinctIds seen("");
  for (int i = 0; i < q.items_size(); ++i) {
    const v1::ChecklistItem& item = q.items(i);
    const std::string ipath = absl::StrCat(path, ".items[", i, "]");
    RETURN_IF_ERROR(ValidateLabelled(ipath, item.id(), item.label(), seen));
    if (item.polarity() != v1::ITEM_POLARITY_POSITIVE &&
        item.polarity() != v1::ITEM_POLARITY_NEGATIVE) {
      return absl::InvalidArgumentError(absl::StrCat(
          ipath, ".polarity: must be positive or negative (rule S-7; got ",
          static_cast<int>(item.polarity()), ")"));
    }
  }
  return absl::OkStatus();
}

// ClassifyChecklist classifies `answer` to checklist `question`. Blank when
// it ticks nothing. NOT_FOUND for an unknown subject or item;
// INVALID_ARGUMENT for a subject listed twice or an item ticked twice for
// one subject (fields of another kind are refused before, by
// ClassifyBallot). Ticking any number of items is allowed, so a checklist
// answer is never an over-vote.
absl::StatusOr<AnswerStatus> ClassifyChecklist(const std::string& path,
                                               const v1::Question& question,
                                               const v1::Answer& answer) {
  const v1::ChecklistQuestion& q = question.checklist();
  absl::flat_hash_map<absl::string_view, int> first_subject;
  bool any = false;
  for (int j = 0; j < answer.ticks_size(); ++j) {
    const v1::Ticks& ticks = answer.ticks(j);
    const std::string tpath = absl::StrCat(path, ".ticks[", j, "]");
    if (!HasPerson(q.subjects(), ticks.subject_id())) {
      return absl::NotFoundError(absl::StrCat(tpath, ".subject_id: unknown subject ",
                                              Quote(ticks.subject_id()), " for question ",
                                              question.id()));
    }
    auto [it, inserted] = first_subject.try_emplace(ticks.subject_id(), j);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(tpath, ".subject_id: subject ",
                                                     ticks.subject_id(),
                                                     " listed twice (first at ticks[",
                                                     it->second, "])"));
    }
    absl::flat_hash_map<absl::string_view, int> first_item;
    for (int k = 0; k < ticks.item_ids_size(); ++k) {
      const std::string& item = ticks.item_ids(k);
      const std::string ipath = absl::StrCat(tpath, ".item_ids[", k, "]");
      const bool known = std::any_of(q.items().begin(), q.items().end(),
                                     [&](const v1::ChecklistItem& i) { return i.id() == item; });
      if (!known) {
        return absl::NotFoundError(absl::StrCat(ipath, ": unknown item ", Quote(item),
                                                " for question ", question.id()));
      }
      auto [at, fresh] = first_item.try_emplace(item, k);
      if (!fresh) {
        return absl::InvalidArgumentError(absl::StrCat(ipath, ": item ", item,
                                                       " ticked twice (first at item_ids[",
                                                       at->second, "])"));
      }
      any = true;
    }
  }
  return any ? AnswerStatus::kValid : AnswerStatus::kBlank;
}

// ChecklistCount accumulates the valid answers to one checklist question.
class ChecklistCount final : public KindCount {
 public:
  explicit ChecklistCount(const v1::ChecklistQuestion& q);
  // Add counts one kValid answer; unknown subjects or items and repeats are
  // ignored.
  void Add(const v1::Answer& answer) override;
  // Fill appends one ChecklistSubjectTally per subject (spec order) with
  // every item's count (item order, zeros included) and blank = `valid`
  // ballots that ticked nothing for the subject.
  void Fill(const KindContext& context, v1::QuestionTally* out) const override;

  std::unique_ptr<KindCount> Clone() const override {
    return std::make_unique<ChecklistCount>(*this);
  }

 private:
  std::vector<std::string> subject_ids_;
  std::vector<std::string> item_ids_;
  std::vector<uint32_t> counts_;   // counts_[s * items + i]
  std::vector<uint32_t> ticked_;   // by subject: ballots ticking any item
};

ChecklistCount::ChecklistCount(const v1::ChecklistQuestion& q) {
  for (const v1::Candidate& s : q.subjects()) subject_ids_.push_back(s.id());
  for (const v1::ChecklistItem& i : q.items()) item_ids_.push_back(i.id());
  counts_.assign(subject_ids_.size() * item_ids_.size(), 0);
  ticked_.assign(subject_ids_.size(), 0);
}

void ChecklistCount::Add(const v1::Answer& answer) {
  std::vector<bool> seen_subject(subject_ids_.size(), false);
  for (const v1::Ticks& ticks : answer.ticks()) {
    const int s = ChecklistIndexOf(subject_ids_, ticks.subject_id());
    if (s < 0 || seen_subject[s]) continue;
    seen_subject[s] = true;
    std::vector<bool> seen_item(item_ids_.size(), false);
    bool any = false;
    for (const std::string& id : ticks.item_ids()) {
      const int i = ChecklistIndexOf(item_ids_, id);
      if (i < 0 || seen_item[i]) continue;
      seen_item[i] = true;
      ++counts_[s * item_ids_.size() + i];
      any = true;
    }
    if (any) ++ticked_[s];
  }
}

void ChecklistCount::Fill(const KindContext& context, v1::QuestionTally* out) const {
  const uint32_t valid = context.valid;
  for (size_t s = 0; s < subject_ids_.size(); ++s) {
    v1::ChecklistSubjectTally* st = out->add_checklist();
    st->set_subject_id(subject_ids_[s]);
    for (size_t i = 0; i < item_ids_.size(); ++i) {
      v1::ItemCount* ic = st->add_items();
      ic->set_item_id(item_ids_[i]);
      ic->set_count(counts_[s * item_ids_.size() + i]);
    }
    st->set_blank(valid - std::min(valid, ticked_[s]));
  }
}

constexpr AnswerField kChecklistAnswerFields[] = {
    {"ticks", [](const v1::Answer& a) { return !a.ticks().empty(); }},
};

class Checklist final : public QuestionKind {
 public:
  v1::Question::KindCase kind_case() const override { return v1::Question::kChecklist; }
  absl::string_view name() const override { return "checklist"; }
  absl::string_view phrase() const override { return "a checklist"; }
  absl::Span<const AnswerField> answer_fields() const override { return kChecklistAnswerFields; }
  bool foreign_fields_first() const override { return true; }

  absl::Status Validate(const std::string& path, const v1::Form& form,
                        const v1::Question& question) const override {
    return ValidateChecklist(path, question.checklist());
  }

  absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                        const v1::Question& question,
                                        const v1::Answer& answer) const override {
    return ClassifyChecklist(path, question, answer);
  }

  size_t MaxMarkBytes(const v1::Question& question) const override {
    size_t bytes = 0;
    size_t items = 0;
    for (const v1::ChecklistItem& i : question.checklist().items()) {
      items += Delimited(i.id().size());
    }
    for (const v1::Candidate& s : question.checklist().subjects()) {
      bytes += Delimited(Delimited(s.id().size()) + items);
    }
    return bytes;
  }

  std::unique_ptr<KindCount> NewCount(const v1::Question& question) const override {
    return std::make_unique<ChecklistCount>(question.checklist());
  }
};

}  // namespace

const QuestionKind& ChecklistKind() {
  static const Checklist kind;
  return kind;
}

}  // namespace gongxin::tally
