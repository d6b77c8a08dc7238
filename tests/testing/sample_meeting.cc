#include "tests/testing/sample_meeting.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/testing/text_proto.h"

namespace gongxin::testing {
namespace {

constexpr int kSampleLeaders = 4;

v1::Form RecForm(v1::OvervotePolicy overvote) {
  v1::Form form = ParseText<v1::Form>(R"pb(
    id: "rec"
    title: "民主推荐票"
    mode: FORM_MODE_NAMED
    questions {
      id: "head"
      title: "局长人选"
      approval {
        post: "局长"
        seats: 1
        max_choices: 1
        allow_write_in: true
        candidates { id: "c1" name: "张伟" current_post: "副局长" }
        candidates { id: "c2" name: "王芳" current_post: "办公室主任" }
        candidates { id: "c3" name: "李娜" current_post: "科长" }
      }
    }
    questions {
      id: "deputy"
      title: "副局长人选"
      approval {
        post: "副局长"
        seats: 2
        max_choices: 2
        allow_write_in: true
        candidates { id: "d1" name: "刘洋" }
        candidates { id: "d2" name: "陈静" }
        candidates { id: "d3" name: "杨磊" }
      }
    }
  )pb");
  form.set_overvote_policy(overvote);
  return form;
}

v1::Form PanelForm() {
  return ParseText<v1::Form>(R"pb(
    id: "panel"
    title: "评议组组长推荐票"
    mode: FORM_MODE_NAMED
    overvote_policy: OVERVOTE_POLICY_REJECT
    eligible_groups: "leaders"
    questions {
      id: "chair"
      title: "评议组组长人选"
      approval {
        post: "组长"
        seats: 1
        max_choices: 1
        candidates { id: "p1" name: "周一" }
        candidates { id: "p2" name: "吴二" }
      }
    }
  )pb");
}

v1::Form AssessmentForm() {
  return ParseText<v1::Form>(R"pb(
    id: "assess"
    title: "民主测评表"
    mode: FORM_MODE_ANONYMOUS
    overvote_policy: OVERVOTE_POLICY_REJECT
    questions {
      id: "competency"
      title: "新提拔干部民主测评"
      graded {
        subjects { id: "s1" name: "张伟" current_post: "副局长" }
        subjects { id: "s2" name: "王芳" current_post: "办公室主任" }
        scale { id: "competent" label: "胜任" }
        scale { id: "basic" label: "基本胜任" }
        scale { id: "incompetent" label: "不胜任" }
        scale { id: "unknown" label: "不了解" dont_know: true }
      }
    }
    questions {
      id: "work"
      title: "选人用人工作满意度"
      graded {
        subjects { id: "work" name: "2024年度选人用人工作" }
        scale { id: "satisfied" label: "满意" }
        scale { id: "basic" label: "基本满意" }
        scale { id: "dissatisfied" label: "不满意" }
      }
    }
  )pb");
}

v1::Form SatisfactionForm(const std::string& id) {
  v1::Form form = ParseText<v1::Form>(R"pb(
    title: "满意度评议表"
    mode: FORM_MODE_ANONYMOUS
    overvote_policy: OVERVOTE_POLICY_REJECT
    questions {
      id: "work"
      title: "对年度选人用人工作的评价"
      approval {
        post: "评价"
        seats: 1
        max_choices: 1
        candidates { id: "satisfied" name: "满意" }
        candidates { id: "basic" name: "基本满意" }
        candidates { id: "dissatisfied" name: "不满意" }
      }
    }
  )pb");
  form.set_id(id);
  return form;
}

v1::Roll Roll(int voters, int leaders) {
  v1::Roll roll;
  for (int i = 1; i <= voters; ++i) {
    v1::Voter* voter = roll.add_voters();
    voter->set_id(VoterId(i));
    voter->set_name(VoterName(i));
    voter->set_group(i <= leaders ? "leaders" : "staff");
  }
  return roll;
}

// A YAML double-quoted scalar: JSON's escapes are YAML's.
std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void AppendPeople(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                  const char* key, std::string& out) {
  absl::StrAppend(&out, "        ", key, ":\n");
  for (const v1::Candidate& c : people) {
    absl::StrAppend(&out, "          - {id: ", Quote(c.id()), ", name: ", Quote(c.name()));
    if (!c.current_post().empty())
      absl::StrAppend(&out, ", current_post: ", Quote(c.current_post()));
    out += "}\n";
  }
}

void AppendQuestion(const v1::Question& q, std::string& out) {
  absl::StrAppend(&out, "      - id: ", Quote(q.id()), "\n        title: ", Quote(q.title()),
                  "\n");
  if (q.has_approval()) {
    const v1::ApprovalQuestion& a = q.approval();
    absl::StrAppend(&out, "        kind: approval\n        post: ", Quote(a.post()),
                    "\n        seats: ", a.seats(), "\n        max_choices: ", a.max_choices(),
                    "\n        allow_write_in: ", a.allow_write_in() ? "true" : "false", "\n");
    AppendPeople(a.candidates(), "candidates", out);
  } else if (q.has_graded()) {
    const v1::GradedQuestion& g = q.graded();
    out += "        kind: graded\n";
    AppendPeople(g.subjects(), "subjects", out);
    out += "        scale:\n";
    for (const v1::Grade& grade : g.scale()) {
      absl::StrAppend(&out, "          - {id: ", Quote(grade.id()), ", label: ",
                      Quote(grade.label()), grade.dont_know() ? ", dont_know: true" : "", "}\n");
    }
  } else {
    std::fprintf(stderr, "SpecYaml: question %s is of a kind it does not write\n",
                 q.id().c_str());
    std::abort();
  }
}

}  // namespace

v1::MeetingSpec InspectionSpec(v1::InspectorAggregation aggregation, bool fourth_inspector) {
  v1::MeetingSpec spec = SampleSpec();
  *spec.add_composites() = ParseText<v1::CompositeRule>(R"pb(
    id: "ability"
    title: "干部能力考察"
    form_id: "rec"
    question_id: "head"
    by_panel: true
    components {
      id: "recommendation"
      label: "民主推荐得票率"
      weight: "40"
      ballot { form_id: "rec" question_id: "head" kind: KIND_VOTE_RATE }
    }
    components {
      id: "ability"
      label: "能力素质"
      weight: "30"
      officer { scale_min: "0" scale_max: "100" }
    }
    components {
      id: "integrity"
      label: "廉洁自律"
      weight: "30"
      officer { scale_min: "0" scale_max: "10" }
    }
    grade_bands { at_least: "90" label: "优秀" }
    grade_bands { at_least: "80" label: "称职" }
    grade_bands { at_least: "60" label: "基本称职" }
    grade_below: "不称职"
  )pb");
  v1::InspectorPanel* panel = spec.mutable_inspection();
  *panel = ParseText<v1::InspectorPanel>(R"pb(
    inspectors { name: "officer-1" label: "张组长" }
    inspectors { name: "officer-2" }
    inspectors { name: "officer-3" }
    recusals { inspector: "officer-3" candidate_id: "c2" reason: RECUSAL_REASON_KINSHIP }
  )pb");
  if (fourth_inspector) panel->add_inspectors()->set_name("officer-4");
  panel->set_aggregation(aggregation);
  return spec;
}

std::string InspectionYaml(absl::string_view aggregation, bool fourth_inspector) {
  return absl::StrCat(R"(composites:
  - id: ability
    title: 干部能力考察
    form: rec
    question: head
    by_panel: true
    components:
      - {id: recommendation, label: 民主推荐得票率, weight: 40,
         ballot: {form: rec, question: head, kind: vote_rate}}
      - {id: ability, label: 能力素质, weight: 30, officer: {min: 0, max: 100}}
      - {id: integrity, label: 廉洁自律, weight: 30, officer: {min: 0, max: 10}}
    grades:
      - {at_least: 90, label: 优秀}
      - {at_least: 80, label: 称职}
      - {at_least: 60, label: 基本称职}
    grade_below: 不称职
inspection:
  aggregation: )", aggregation, R"(
  inspectors:
    - {name: officer-1, label: 张组长}
    - {name: officer-2}
    - {name: officer-3}
)", fourth_inspector ? "    - {name: officer-4}\n" : "", R"(  recusals:
    - {inspector: officer-3, candidate: c2, reason: kinship}
)");
}

v1::MeetingSpec SampleSpec(const SampleOptions& options) {
  v1::MeetingSpec spec = ParseText<v1::MeetingSpec>(R"pb(
    title: "某县民主推荐会"
    unit: "中共某县委组织部"
    locale: "zh-CN"
    groups { id: "leaders" name: "领导班子成员" }
    groups { id: "staff" name: "一般干部" }
  )pb");
  *spec.add_forms() = RecForm(options.rec_overvote);
  if (options.panel) *spec.add_forms() = PanelForm();
  if (options.assessment) *spec.add_forms() = AssessmentForm();
  if (options.satisfaction) {
    *spec.add_forms() = SatisfactionForm("sat");
    *spec.add_forms() = SatisfactionForm("sat2");
  }
  return spec;
}

std::string VoterId(int voter) { return absl::StrFormat("v%03d", voter); }
std::string VoterName(int voter) { return absl::StrCat("投票人", voter); }
std::string VoterGroup(int voter) { return voter <= kSampleLeaders ? "leaders" : "staff"; }

v1::Roll SampleRoll() { return Roll(kSampleRollSize, kSampleLeaders); }
v1::Roll SampleRoll(int voters) { return Roll(voters, voters / 3); }

v1::Ballot MakeBallot(absl::string_view form_id, std::initializer_list<AnswerMarks> answers) {
  v1::Ballot ballot;
  ballot.set_form_id(std::string(form_id));
  for (const AnswerMarks& marks : answers) {
    v1::Answer* answer = ballot.add_answers();
    answer->set_question_id(marks.question_id);
    for (const std::string& c : marks.choices) answer->add_choices(c);
    for (const std::string& w : marks.write_ins) answer->add_write_ins(w);
  }
  return ballot;
}

v1::Ballot MakeGradedBallot(absl::string_view form_id, std::initializer_list<GradeMarks> answers) {
  v1::Ballot ballot;
  ballot.set_form_id(std::string(form_id));
  for (const GradeMarks& marks : answers) {
    v1::Answer* answer = ballot.add_answers();
    answer->set_question_id(marks.question_id);
    for (const auto& [subject, grade] : marks.grades) {
      v1::GradeChoice* choice = answer->add_grades();
      choice->set_subject_id(subject);
      choice->set_grade_id(grade);
    }
  }
  return ballot;
}

v1::Ballot SatisfactionBallot(const std::string& form, const std::string& choice) {
  return MakeBallot(form, {{"work", {choice}}});
}

std::string SpecYaml(const v1::MeetingSpec& spec, const std::string& roll_file) {
  std::string out = absl::StrCat("title: ", Quote(spec.title()), "\nunit: ", Quote(spec.unit()),
                                 "\n");
  if (!spec.description().empty())
    absl::StrAppend(&out, "description: ", Quote(spec.description()), "\n");
  if (!spec.locale().empty()) absl::StrAppend(&out, "locale: ", Quote(spec.locale()), "\n");
  if (spec.trial()) out += "trial: true\n";
  absl::StrAppend(&out, "roll: ", Quote(roll_file), "\ngroups:\n");
  for (const v1::VoterGroup& g : spec.groups()) {
    absl::StrAppend(&out, "  - {id: ", Quote(g.id()), ", name: ", Quote(g.name()), "}\n");
  }
  out += "forms:\n";
  for (const v1::Form& form : spec.forms()) {
    absl::StrAppend(&out, "  - id: ", Quote(form.id()), "\n    title: ", Quote(form.title()),
                    "\n    mode: ", form.mode() == v1::FORM_MODE_ANONYMOUS ? "anonymous" : "named",
                    "\n    overvote: ",
                    form.overvote_policy() == v1::OVERVOTE_POLICY_SPOIL ? "spoil" : "reject",
                    "\n");
    if (form.eligible_groups_size() > 0) {
      out += "    eligible_groups: [";
      for (int i = 0; i < form.eligible_groups_size(); ++i) {
        absl::StrAppend(&out, i > 0 ? ", " : "", Quote(form.eligible_groups(i)));
      }
      out += "]\n";
    }
    out += "    questions:\n";
    for (const v1::Question& q : form.questions()) AppendQuestion(q, out);
  }
  return out;
}

std::string RollCsv(const v1::Roll& roll) {
  std::string out = "\xEF\xBB\xBFvoter_id,name,group\r\n";
  for (const v1::Voter& v : roll.voters()) {
    absl::StrAppend(&out, v.id(), ",", v.name(), ",", v.group(), "\r\n");
  }
  return out;
}

void WriteSampleMeetingFiles(const std::string& dir, int voters, const SampleOptions& options) {
  std::ofstream(dir + "/meeting.yaml", std::ios::binary | std::ios::trunc)
      << SpecYaml(SampleSpec(options), "voters.csv");
  std::ofstream(dir + "/voters.csv", std::ios::binary | std::ios::trunc)
      << RollCsv(SampleRoll(voters));
}

}  // namespace gongxin::testing
