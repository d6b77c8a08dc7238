// Composite rules: validation, presets and the ranking (rules S-2, S-3, S-9, A8).
#include "tally/composite.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tally/ids.h"
#include "tally/inspection.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

// "30.00 < 33.33": both figures of a rate veto in one format, as many
// places (2 to 6) as it takes to show them apart. Meetings of text version
// 0 kept the threshold as written in the spec ("30.00 < 100/3").
std::string VetoFigures(const v1::MeetingSpec& spec, const Rational& points,
                        const std::string& threshold_text) {
  if (spec.text_version() == 0) return absl::StrCat(points.ToDecimal(2), " < ", threshold_text);
  const Rational threshold = *ParseRational("veto_below", threshold_text);
  int places = 2;
  while (places < 6 && points.ToDecimal(places) == threshold.ToDecimal(places)) ++places;
  return absl::StrCat(points.ToDecimal(places), " < ", threshold.ToDecimal(places));
}

constexpr TextLimits kLabel{.required = true, .max_chars = 100};
constexpr uint32_t kMaxTakeRatio = 100;
constexpr uint32_t kMaxRulePosts = 1000;

std::string Key(absl::string_view a, absl::string_view b) { return absl::StrCat(a, "\n", b); }
std::string Key(absl::string_view a, absl::string_view b, absl::string_view c) {
  return absl::StrCat(a, "\n", b, "\n", c);
}

const v1::Question* FindSpecQuestion(const v1::MeetingSpec& spec, absl::string_view form_id,
                                     absl::string_view question_id) {
  const v1::Form* form = FindForm(spec, form_id);
  return form == nullptr ? nullptr : FindQuestion(*form, question_id);
}

// The candidates (approval) or subjects (graded) of `q`.
const google::protobuf::RepeatedPtrField<v1::Candidate>& People(const v1::Question& q) {
  return q.has_approval() ? q.approval().candidates() : q.graded().subjects();
}

bool ListsPerson(const v1::Question& q, absl::string_view id) {
  for (const v1::Candidate& c : People(q)) {
    if (c.id() == id) return true;
  }
  return false;
}

// Parses a number of points, 0–100.
absl::StatusOr<Rational> ParsePoints(const std::string& path, absl::string_view text) {
  ASSIGN_OR_RETURN(Rational v, ParseRational(path, text));
  if (v > Rational(100)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", Quote(text), " is above 100 points"));
  }
  return v;
}

struct Scale {
  Rational min = 0;
  Rational max = 100;
};

absl::StatusOr<Scale> ParseScale(const std::string& path, const v1::OfficerIndicator& ind) {
  Scale s;
  if (!ind.scale_min().empty()) {
    ASSIGN_OR_RETURN(s.min, ParseRational(path + ".scale_min", ind.scale_min()));
  }
  if (!ind.scale_max().empty()) {
    ASSIGN_OR_RETURN(s.max, ParseRational(path + ".scale_max", ind.scale_max()));
  }
  if (s.max <= s.min) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".scale_max: ", s.max.ToString(),
                                                   " must be above scale_min ",
                                                   s.min.ToString()));
  }
  return s;
}

absl::Status ValidateBallotFigure(const v1::MeetingSpec& spec, const std::string& path,
                                  const v1::BallotFigure& fig, const v1::Question& rule_question) {
  const v1::Question* q = FindSpecQuestion(spec, fig.form_id(), fig.question_id());
  if (q == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".question_id: no question ",
                                                   Quote(fig.question_id()), " in form ",
                                                   Quote(fig.form_id())));
  }
  switch (fig.kind()) {
    case v1::BallotFigure::KIND_VOTE_RATE:
      if (!q->has_approval()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".kind: VOTE_RATE needs an approval question; ", fig.question_id(),
            " is graded (use GRADE_SHARE)"));
      }
      if (!fig.grade_ids().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".grade_ids: only for GRADE_SHARE"));
      }
      break;
    case v1::BallotFigure::KIND_GRADE_SHARE: {
      if (!q->has_graded()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".kind: GRADE_SHARE needs a graded question; ", fig.question_id(),
            " is an approval question (use VOTE_RATE)"));
      }
      if (fig.grade_ids().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".grade_ids: name the grades whose share counts"));
      }
      absl::flat_hash_set<std::string> seen;
      for (int i = 0; i < fig.grade_ids_size(); ++i) {
        const std::string& g = fig.grade_ids(i);
        bool known = false;
        for (const v1::Grade& grade : q->graded().scale()) known |= grade.id() == g;
        if (!known || !seen.insert(g).second) {
          return absl::InvalidArgumentError(
              absl::StrCat(path, ".grade_ids[", i, "]: ", Quote(g),
                           known ? " is listed twice" : " is not a grade of the question's scale"));
        }
      }
      break;
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".kind: must be VOTE_RATE or GRADE_SHARE"));
  }
  for (const v1::Candidate& c : People(rule_question)) {
    if (!ListsPerson(*q, c.id())) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".question_id: question ",
                                                     fig.question_id(), " does not list candidate ",
                                                     c.id(), " of the rule"));
    }
  }
  return absl::OkStatus();
}

// Grade bands (等次): strictly decreasing exact thresholds, non-empty
// labels, and the grade below them all.
absl::Status ValidateGradeBands(const std::string& path, const v1::CompositeRule& rule) {
  if (rule.grade_bands().empty()) {
    if (!rule.grade_below().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".grade_below: only with grade_bands"));
    }
    return absl::OkStatus();
  }
  if (rule.grade_bands_size() > kMaxGradeBands) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.grade_bands: at most %d (got %d)", path,
                                                      kMaxGradeBands, rule.grade_bands_size()));
  }
  std::optional<Rational> previous;
  for (int i = 0; i < rule.grade_bands_size(); ++i) {
    const v1::GradeBand& band = rule.grade_bands(i);
    const std::string bpath = absl::StrCat(path, ".grade_bands[", i, "]");
    RETURN_IF_ERROR(ValidateText(bpath + ".label", band.label(), kLabel));
    ASSIGN_OR_RETURN(Rational at_least, ParsePoints(bpath + ".at_least", band.at_least()));
    if (previous && at_least >= *previous) {
      return absl::InvalidArgumentError(absl::StrCat(
          bpath, ".at_least: ", band.at_least(), " must be below the band before it (",
          rule.grade_bands(i - 1).at_least(), "): thresholds strictly decrease"));
    }
    previous = at_least;
  }
  return ValidateText(path + ".grade_below", rule.grade_below(), kLabel);
}

absl::Status ValidateRule(const v1::MeetingSpec& spec, const std::string& path,
                          const v1::CompositeRule& rule) {
  RETURN_IF_ERROR(ValidateText(path + ".title", rule.title(), kTitleText));
  if (!rule.preset().empty() && rule.preset() != kPresetS2 && rule.preset() != kPresetS3) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".preset: ", Quote(rule.preset()),
                                                   " is not S-2, S-3 or empty"));
  }
  const v1::Question* question = FindSpecQuestion(spec, rule.form_id(), rule.question_id());
  if (question == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".question_id: no question ",
                                                   Quote(rule.question_id()), " in form ",
                                                   Quote(rule.form_id())));
  }
  if (rule.components().empty() || rule.components_size() > kMaxComponents) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.components: must list 1 to %d components (got %d; a preset is expanded by the spec "
        "loader)",
        path, kMaxComponents, rule.components_size()));
  }
  DistinctIds ids("component");
  Rational total = 0;
  for (int i = 0; i < rule.components_size(); ++i) {
    const v1::CompositeComponent& c = rule.components(i);
    const std::string cpath = absl::StrCat(path, ".components[", i, "]");
    RETURN_IF_ERROR(ValidateId(cpath + ".id", c.id()));
    RETURN_IF_ERROR(ids.Add(cpath + ".id", c.id(), cpath));
    RETURN_IF_ERROR(ValidateText(cpath + ".label", c.label(), kLabel));
    ASSIGN_OR_RETURN(Rational weight, ParsePoints(cpath + ".weight", c.weight()));
    if (weight == Rational(0)) {
      return absl::InvalidArgumentError(absl::StrCat(cpath, ".weight: must be above 0"));
    }
    total = total + weight;
    switch (c.source_case()) {
      case v1::CompositeComponent::kBallot:
        RETURN_IF_ERROR(ValidateBallotFigure(spec, cpath + ".ballot", c.ballot(), *question));
        if (!c.veto_below().empty()) {
          RETURN_IF_ERROR(ParsePoints(cpath + ".veto_below", c.veto_below()).status());
        }
        break;
      case v1::CompositeComponent::kOfficer:
        RETURN_IF_ERROR(ParseScale(cpath + ".officer", c.officer()).status());
        if (!c.veto_below().empty()) {
          return absl::InvalidArgumentError(absl::StrCat(
              cpath, ".veto_below: only a ballot figure can veto by rate (rule S-9); an "
                     "officer vetoes with a veto entry"));
        }
        break;
      case v1::CompositeComponent::SOURCE_NOT_SET:
        return absl::InvalidArgumentError(
            absl::StrCat(cpath, ": needs a source (ballot or officer)"));
    }
  }
  if (total != Rational(100)) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".components: weights sum to ", total.ToString(), " %, not exactly 100 %"));
  }
  if (!rule.exclude_below().empty()) {
    RETURN_IF_ERROR(ParsePoints(path + ".exclude_below", rule.exclude_below()).status());
  }
  RETURN_IF_ERROR(ValidateGradeBands(path, rule));
  if (rule.take_ratio() > kMaxTakeRatio) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.take_ratio: at most %d (got %d)", path,
                                                      kMaxTakeRatio, rule.take_ratio()));
  }
  if (rule.posts() > kMaxRulePosts) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.posts: at most %d (got %d)", path, kMaxRulePosts, rule.posts()));
  }
  return absl::OkStatus();
}

v1::CompositeComponent OfficerComponent(absl::string_view id, absl::string_view label,
                                        absl::string_view weight) {
  v1::CompositeComponent c;
  c.set_id(std::string(id));
  c.set_label(std::string(label));
  c.set_weight(std::string(weight));
  c.mutable_officer()->set_scale_min("0");
  c.mutable_officer()->set_scale_max("100");
  return c;
}

// The ballot figure of `fig` for candidate `id`, as 0–100 points.
Rational BallotPoints(const v1::TallyResult& tally, const v1::BallotFigure& fig,
                      absl::string_view id) {
  for (const v1::FormTally& form : tally.forms()) {
    if (form.form_id() != fig.form_id()) continue;
    for (const v1::QuestionTally& q : form.questions()) {
      if (q.question_id() != fig.question_id()) continue;
      if (fig.kind() == v1::BallotFigure::KIND_VOTE_RATE) {
        if (q.rate_denominator() == 0) return 0;
        for (const v1::CandidateTally& c : q.candidates()) {
          if (c.candidate_id() == id) {
            return Rational(c.votes()) * Rational(100) / Rational(q.rate_denominator());
          }
        }
        return 0;
      }
      if (q.valid() == 0) return 0;
      for (const v1::SubjectTally& s : q.subjects()) {
        if (s.subject_id() != id) continue;
        int64_t share = 0;
        for (const v1::GradeCount& g : s.grades()) {
          if (std::find(fig.grade_ids().begin(), fig.grade_ids().end(), g.grade_id()) !=
              fig.grade_ids().end()) {
            share += g.count();
          }
        }
        return Rational(share) * Rational(100) / Rational(q.valid());
      }
      return 0;
    }
  }
  return 0;
}

// (score − min) ÷ (max − min) × 100 on an officer indicator's scale.
Rational OfficerPoints(const v1::CompositeComponent& c, const Rational& score) {
  const Scale scale = *ParseScale("officer", c.officer());
  return (score - scale.min) * Rational(100) / (scale.max - scale.min);
}

// The aggregate of the scores of `scoring` (the inspectors not recused from
// the candidate) in `sheet`; nullopt until every one of them has scored.
// A score by anyone else cannot be on the sheet: the state machine refuses it.
std::optional<Rational> PanelAggregate(const v1::MeetingSpec& spec,
                                       const std::vector<std::string>& scoring,
                                       const OfficerInputs::Sheet* sheet) {
  if (sheet == nullptr || scoring.empty()) return std::nullopt;
  std::vector<Rational> scores;
  for (const std::string& inspector : scoring) {
    auto it = sheet->find(inspector);
    if (it == sheet->end()) return std::nullopt;
    scores.push_back(it->second);
  }
  return AggregateScores(spec.inspection().aggregation(), std::move(scores));
}

}  // namespace

absl::Status ValidateComposites(const v1::MeetingSpec& spec) {
  if (spec.count_approvals_required() > kMaxCountApprovals) {
    return absl::InvalidArgumentError(
        absl::StrFormat("spec.count_approvals_required: at most %d (got %d)", kMaxCountApprovals,
                        spec.count_approvals_required()));
  }
  if (spec.composites_size() > kMaxCompositeRules) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.composites: at most %d rules (got %d)", kMaxCompositeRules, spec.composites_size()));
  }
  DistinctIds ids("composite rule");
  for (int i = 0; i < spec.composites_size(); ++i) {
    const std::string path = absl::StrCat("spec.composites[", i, "]");
    const v1::CompositeRule& rule = spec.composites(i);
    RETURN_IF_ERROR(ValidateId(path + ".id", rule.id()));
    RETURN_IF_ERROR(ids.Add(path + ".id", rule.id(), path));
    RETURN_IF_ERROR(ValidateRule(spec, path, rule));
  }
  return ValidateInspection(spec);
}

std::string GradeOf(const v1::CompositeRule& rule, const Rational& composite) {
  if (rule.grade_bands().empty()) return "";
  for (const v1::GradeBand& band : rule.grade_bands()) {
    if (composite >= *ParseRational("at_least", band.at_least())) return band.label();
  }
  return rule.grade_below();
}

absl::Status ExpandCompositePreset(const v1::MeetingSpec& spec, v1::CompositeRule& rule) {
  if (rule.preset().empty() || !rule.components().empty()) return absl::OkStatus();
  if (rule.preset() == kPresetS2) {
    const v1::Question* q = FindSpecQuestion(spec, rule.form_id(), rule.question_id());
    if (q == nullptr || !q->has_approval()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "composite ", rule.id(), ": preset S-2 ranks the candidates of an approval question; ",
          Quote(rule.form_id()), "/", Quote(rule.question_id()), " is not one"));
    }
    v1::CompositeComponent* rec = rule.add_components();
    rec->set_id("recommendation");
    rec->set_label("民主推荐得票率");
    rec->set_weight("90");
    rec->mutable_ballot()->set_form_id(rule.form_id());
    rec->mutable_ballot()->set_question_id(rule.question_id());
    rec->mutable_ballot()->set_kind(v1::BallotFigure::KIND_VOTE_RATE);
    *rule.add_components() = OfficerComponent("basic_quality", "基本素质测评", "5");
    *rule.add_components() = OfficerComponent("commendations", "近五年表彰奖励", "5");
    if (rule.take_ratio() == 0) rule.set_take_ratio(3);
    return absl::OkStatus();
  }
  if (rule.preset() == kPresetS3) {
    *rule.add_components() = OfficerComponent("performance", "工作实绩", "45");
    *rule.add_components() = OfficerComponent("leadership", "领导能力", "45");
    *rule.add_components() = OfficerComponent("work_style", "工作作风", "5");
    *rule.add_components() = OfficerComponent("potential", "发展潜力", "5");
    if (rule.exclude_below().empty()) rule.set_exclude_below("60");
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("composite ", rule.id(), ": preset ",
                                                 Quote(rule.preset()), " is not S-2 or S-3"));
}

const v1::CompositeRule* FindCompositeRule(const v1::MeetingSpec& spec, absl::string_view id) {
  for (const v1::CompositeRule& r : spec.composites()) {
    if (r.id() == id) return &r;
  }
  return nullptr;
}

absl::StatusOr<const v1::CompositeRule*> ResolveCompositeRule(const v1::MeetingSpec& spec,
                                                              absl::string_view field_path,
                                                              absl::string_view rule_id) {
  if (spec.composites().empty()) {
    return absl::FailedPreconditionError(
        "the meeting's spec declares no composite rule, so it takes no officer scores or vetoes");
  }
  if (rule_id.empty()) {
    if (spec.composites_size() == 1) return &spec.composites(0);
    std::vector<std::string> ids;
    for (const v1::CompositeRule& r : spec.composites()) ids.push_back(r.id());
    return absl::InvalidArgumentError(absl::StrCat(field_path, ": required; the meeting has ",
                                                   spec.composites_size(),
                                                   " composite rules: ", absl::StrJoin(ids, ", ")));
  }
  const v1::CompositeRule* rule = FindCompositeRule(spec, rule_id);
  if (rule == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field_path, ": no composite rule ", Quote(rule_id), " in the spec"));
  }
  return rule;
}

const v1::CompositeComponent* FindComponent(const v1::CompositeRule& rule, absl::string_view id) {
  for (const v1::CompositeComponent& c : rule.components()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

absl::StatusOr<Rational> CheckOfficerScore(const v1::CompositeComponent& component,
                                           absl::string_view field_path, absl::string_view value) {
  const std::string path(field_path);
  ASSIGN_OR_RETURN(Rational v, ParseRational(path, value));
  ASSIGN_OR_RETURN(Scale scale, ParseScale(absl::StrCat("indicator ", component.id()),
                                           component.officer()));
  if (v < scale.min || v > scale.max) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", Quote(value),
                                                   " is outside indicator ", component.id(),
                                                   "'s scale ", scale.min.ToString(), "–",
                                                   scale.max.ToString()));
  }
  return v;
}

void OfficerInputs::AddScore(absl::string_view rule_id, absl::string_view candidate_id,
                             absl::string_view indicator_id, absl::string_view inspector,
                             Rational value) {
  scores_[Key(rule_id, candidate_id, indicator_id)].insert_or_assign(std::string(inspector),
                                                                      value);
}

const Rational* OfficerInputs::FindScore(absl::string_view rule_id,
                                         absl::string_view candidate_id,
                                         absl::string_view indicator_id,
                                         absl::string_view inspector) const {
  const Sheet* sheet = FindSheet(rule_id, candidate_id, indicator_id);
  if (sheet == nullptr) return nullptr;
  auto it = sheet->find(std::string(inspector));
  return it == sheet->end() ? nullptr : &it->second;
}

const OfficerInputs::Sheet* OfficerInputs::FindSheet(absl::string_view rule_id,
                                                     absl::string_view candidate_id,
                                                     absl::string_view indicator_id) const {
  auto it = scores_.find(Key(rule_id, candidate_id, indicator_id));
  return it == scores_.end() ? nullptr : &it->second;
}

void OfficerInputs::AddVeto(absl::string_view rule_id, absl::string_view candidate_id,
                            v1::Veto veto) {
  vetoes_.insert_or_assign(Key(rule_id, candidate_id), std::move(veto));
}

const v1::Veto* OfficerInputs::FindVeto(absl::string_view rule_id,
                                        absl::string_view candidate_id) const {
  auto it = vetoes_.find(Key(rule_id, candidate_id));
  return it == vetoes_.end() ? nullptr : &it->second;
}

absl::StatusOr<v1::CompositeResult> ComputeComposite(const v1::MeetingSpec& spec,
                                                     const v1::CompositeRule& rule,
                                                     const v1::TallyResult& tally,
                                                     const OfficerInputs& inputs) {
  auto too_large = [&](absl::string_view candidate) {
    return absl::OutOfRangeError(absl::StrCat(
        "composite rule ", rule.id(), ": the exact composite of candidate ", candidate,
        " does not fit in 128-bit arithmetic; use simpler weights or scales"));
  };
  struct Row {
    v1::CompositeCandidate out;
    std::optional<Rational> composite;
    bool ranked = false;
  };
  std::optional<Rational> exclude_below;
  if (!rule.exclude_below().empty()) {
    exclude_below = *ParseRational("exclude_below", rule.exclude_below());
  }
  std::vector<Row> rows;
  for (const v1::Candidate* cand : RuleCandidates(spec, rule)) {
    Row row;
    row.out.set_candidate_id(cand->id());
    Rational composite = 0;
    // In a by_panel rule, the inspectors whose scores count for this candidate.
    const std::vector<std::string> scoring =
        rule.by_panel() ? ScoringInspectors(spec, cand->id()) : std::vector<std::string>{};
    for (const v1::CompositeComponent& c : rule.components()) {
      std::optional<Rational> points;
      std::optional<Rational> aggregate;  // by_panel: on the indicator's scale
      if (c.has_ballot()) {
        points = BallotPoints(tally, c.ballot(), cand->id());
        if (points->overflow()) return too_large(cand->id());
        if (!c.veto_below().empty() && *points < *ParseRational("veto_below", c.veto_below())) {
          v1::Veto* veto = row.out.add_vetoes();
          veto->set_reason(absl::StrCat("S-9: ", c.label(), " ",
                                        VetoFigures(spec, *points, c.veto_below())));
          veto->set_officer("rule S-9");
        }
      } else if (rule.by_panel()) {
        aggregate = PanelAggregate(spec, scoring, inputs.FindSheet(rule.id(), cand->id(), c.id()));
        if (aggregate) points = OfficerPoints(c, *aggregate);
      } else if (const Rational* score = inputs.FindScore(rule.id(), cand->id(), c.id())) {
        points = OfficerPoints(c, *score);
      }
      if (!points) {
        row.out.add_missing(c.id());
        continue;
      }
      if (points->overflow()) return too_large(cand->id());
      v1::ComponentScore* s = row.out.add_components();
      s->set_component_id(c.id());
      s->set_points(points->ToString());
      if (aggregate) {
        if (aggregate->overflow()) return too_large(cand->id());
        s->set_inspectors(static_cast<uint32_t>(scoring.size()));
        s->set_score(aggregate->ToString());
      }
      composite = composite + *ParseRational("weight", c.weight()) * *points / Rational(100);
    }
    if (const v1::Veto* veto = inputs.FindVeto(rule.id(), cand->id())) {
      *row.out.add_vetoes() = *veto;
    }
    if (row.out.missing().empty()) {
      if (composite.overflow()) return too_large(cand->id());
      row.composite = composite;
      row.out.set_composite(composite.ToString());
      row.out.set_excluded(exclude_below.has_value() && composite < *exclude_below);
      row.out.set_grade(GradeOf(rule, composite));
    }
    row.ranked = row.composite.has_value() && !row.out.excluded() && row.out.vetoes().empty();
    rows.push_back(std::move(row));
  }

  std::vector<Row*> ranked;
  for (Row& r : rows) {
    if (r.ranked) ranked.push_back(&r);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Row* a, const Row* b) { return *a->composite > *b->composite; });
  for (size_t i = 0; i < ranked.size(); ++i) {
    const bool shares = i > 0 && *ranked[i]->composite == *ranked[i - 1]->composite;
    ranked[i]->out.set_rank(shares ? ranked[i - 1]->out.rank() : static_cast<uint32_t>(i + 1));
  }

  v1::CompositeResult result;
  result.set_rule_id(rule.id());
  uint32_t posts = rule.posts();
  if (posts == 0) {
    const v1::Question* q = FindSpecQuestion(spec, rule.form_id(), rule.question_id());
    posts = q != nullptr && q->has_approval() ? q->approval().seats() : 1;
  }
  const uint32_t take = posts * rule.take_ratio();
  result.set_take(take);
  if (take > 0) {
    // A tie at the cut: the last place inside shares its composite with the
    // first place outside. Nobody with that composite is declared in.
    std::optional<Rational> tied;
    if (ranked.size() > take && *ranked[take - 1]->composite == *ranked[take]->composite) {
      tied = *ranked[take - 1]->composite;
    }
    for (Row* r : ranked) {
      if (tied && *r->composite == *tied) {
        r->out.set_tied_at_cut(true);
      } else if (r->out.rank() <= take) {
        r->out.set_within_take(true);
      }
    }
  }
  for (Row* r : ranked) *result.add_candidates() = r->out;
  for (Row& r : rows) {
    if (!r.ranked) *result.add_candidates() = r.out;
  }
  return result;
}

}  // namespace gongxin::tally
