// The sample meeting of the tests and benchmarks, built in one place: its
// spec, rolls, ballots, and its spec and roll as the files an admin gives
// `gongxin meeting create`.
//
// SampleSpec(): 某县民主推荐会 of 中共某县委组织部, locale zh-CN.
//   groups  leaders 领导班子成员, staff 一般干部
//   form rec 民主推荐票 (named; over-votes refused, or as
//            SampleOptions::rec_overvote says)
//     head    局长人选: post 局长, 1 seat, max 1, write-ins allowed;
//             c1 张伟 (副局长) / c2 王芳 (办公室主任) / c3 李娜 (科长)
//     deputy  副局长人选: post 副局长, 2 seats, max 2, write-ins allowed;
//             d1 刘洋 / d2 陈静 / d3 杨磊
// SampleOptions adds forms after rec, in this order:
//   panel   评议组组长推荐票 (named, over-votes refused, leaders only)
//     chair   组长: 1 seat, max 1; p1 周一 / p2 吴二
//   assess  民主测评表 (anonymous)
//     competency 新提拔干部民主测评 (rules S-1, C2, D2): subjects s1 张伟
//                (副局长) / s2 王芳 (办公室主任); scale competent 胜任 /
//                basic 基本胜任 / incompetent 不胜任 / unknown 不了解 (dont_know)
//     work       选人用人工作满意度 (rules S-4, D3): subject work; scale
//                satisfied 满意 / basic 基本满意 / dissatisfied 不满意
//   sat, sat2  满意度评议表 (anonymous), each with one approval question
//     work    评价: max 1 of satisfied 满意 / basic 基本满意 / dissatisfied 不满意
//
// Rolls: SampleRoll() is ten voters, v001–v004 leaders and v005–v010 staff
// (a group of four is below the minimum of five a group's own count needs,
// one of six is not); SampleRoll(n) is v001..v<n>, the first third leaders.
// Voter i is named 投票人i.
#ifndef GONGXIN_TESTS_TESTING_SAMPLE_MEETING_H_
#define GONGXIN_TESTS_TESTING_SAMPLE_MEETING_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::testing {

// Which forms beside rec, and how rec treats an over-vote (rule A6a).
struct SampleOptions {
  v1::OvervotePolicy rec_overvote = v1::OVERVOTE_POLICY_REJECT;
  bool panel = false;
  bool assessment = false;
  bool satisfaction = false;
};

// The forms the tests of counting (tally/) use: rec spoils an over-vote
// while the panel refuses one, so both policies stand side by side.
inline constexpr SampleOptions kBothPolicies = {.rec_overvote = v1::OVERVOTE_POLICY_SPOIL,
                                                .panel = true};
// kBothPolicies and the anonymous assessment form.
inline constexpr SampleOptions kBothPoliciesAndAssessment = {
    .rec_overvote = v1::OVERVOTE_POLICY_SPOIL, .panel = true, .assessment = true};

v1::MeetingSpec SampleSpec(const SampleOptions& options = {});

// SampleSpec() with a composite scored by an inspectors' panel (issue 16):
// rule "ability" (干部能力考察) over rec/head — the vote rate 40 %, indicator
// "ability" 0–100 at 30 % and "integrity" 0–10 at 30 %, both scored by
// each inspector — graded ≥ 90 优秀, ≥ 80 称职, ≥ 60 基本称职, else 不称职.
// The panel is officer-1 (张组长), officer-2 and officer-3 under
// `aggregation`; officer-3 is recused from c2 (kinship), and when
// `fourth_inspector` officer-4 joins the panel (so c2 keeps three for a
// trimmed mean).
v1::MeetingSpec InspectionSpec(v1::InspectorAggregation aggregation,
                               bool fourth_inspector = false);
// The same as YAML lines to append to SampleSpec()'s meeting.yaml.
std::string InspectionYaml(absl::string_view aggregation, bool fourth_inspector = false);

// The ten voters of SampleRoll().
inline constexpr uint32_t kSampleRollSize = 10;

// "v001", "v002", ...
std::string VoterId(int voter);
// 投票人1, 投票人2, ...
std::string VoterName(int voter);
// The group of voter `voter` of SampleRoll(): leaders for 1–4, else staff.
std::string VoterGroup(int voter);

v1::Roll SampleRoll();
v1::Roll SampleRoll(int voters);

// One answer's marks on an approval question: listed candidates and
// write-ins.
struct AnswerMarks {
  std::string question_id;
  std::vector<std::string> choices;
  std::vector<std::string> write_ins = {};
};
v1::Ballot MakeBallot(absl::string_view form_id, std::initializer_list<AnswerMarks> answers);

// One answer's grades on a graded question: {subject_id, grade_id}.
struct GradeMarks {
  std::string question_id;
  std::vector<std::pair<std::string, std::string>> grades;
};
v1::Ballot MakeGradedBallot(absl::string_view form_id, std::initializer_list<GradeMarks> answers);

// A ballot for satisfaction form `form` ("sat" or "sat2") choosing `choice`.
v1::Ballot SatisfactionBallot(const std::string& form, const std::string& choice);

// `spec` as the YAML of docs/spec-format.md, naming `roll_file` as its roll
// (for the kinds of question and the fields the sample uses).
std::string SpecYaml(const v1::MeetingSpec& spec, const std::string& roll_file);
// `roll` as a roll CSV (with a byte-order mark and CRLF, as spreadsheets
// save it).
std::string RollCsv(const v1::Roll& roll);

// Writes `dir`/meeting.yaml, SampleSpec(options), and `dir`/voters.csv,
// SampleRoll(voters), which it names.
void WriteSampleMeetingFiles(const std::string& dir, int voters,
                             const SampleOptions& options = {});

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_SAMPLE_MEETING_H_
