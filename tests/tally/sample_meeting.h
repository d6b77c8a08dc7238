// A small sample meeting for tests: a spec, a roll of ten voters, ballots and
// ledger entries built with a line each. Header-only so that other test
// folders (server, client) can include it.
//
// Spec "m-2024-01":
//   groups  leaders (领导班子成员), staff (中层干部)
//   form rec   (NAMED, over-votes SPOIL, every group)
//     director: post 局长, seats 1, max_choices 1, c1 张三 / c2 李四 / c3 王五
//     deputy:   post 副局长, seats 2, max_choices 2, d1 赵六 / d2 钱七 / d3 孙八,
//               write-ins allowed
//   form panel (NAMED, over-votes REJECT, leaders only)
//     head:     post 组长, seats 1, max_choices 1, p1 周一 / p2 吴二
// Roll: v01–v04 leaders, v05–v10 staff.
//
// GradedSampleSpec() is the same meeting plus a third form (kept apart so
// that tests of the two approval forms keep their exact expectations):
//   form assess (ANONYMOUS, every group)
//     competency: 新提拔干部民主测评 (rules S-1, C2, D2), subjects s1 张三
//                 (副局长) / s2 李四 (办公室主任), scale competent 胜任 /
//                 basic 基本胜任 / incompetent 不胜任 / unknown 不了解 (dont_know)
//     work:       选人用人工作满意度 (rules S-4, D3), subject work, scale
//                 satisfied 满意 / basic 基本满意 / dissatisfied 不满意
#ifndef GONGXIN_TESTS_TALLY_SAMPLE_MEETING_H_
#define GONGXIN_TESTS_TALLY_SAMPLE_MEETING_H_

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"
#include "google/protobuf/text_format.h"

namespace gongxin::tally::testing {

inline constexpr absl::string_view kSampleMeetingId = "m-2024-01";
inline constexpr uint32_t kSampleRollSize = 10;

// Parses a text-format message; a typo in a test aborts loudly.
template <typename T>
T ParseText(const std::string& text) {
  T message;
  if (!google::protobuf::TextFormat::ParseFromString(text, &message)) std::abort();
  return message;
}

// The raw counts of `result`: without the figures derived from the spec's
// rules (bases, rates, validity, shortlists, flags, per-group tallies,
// weighted figures), which tests/tally/rules_test.cc checks. Lets tests of
// raw counting keep exact expectations.
inline v1::TallyResult RawCounts(v1::TallyResult result) {
  for (v1::FormTally& ft : *result.mutable_forms()) {
    ft.clear_validity();
    ft.clear_groups();
    ft.clear_groups_reason_zh();
    ft.clear_groups_reason_en();
    for (v1::QuestionTally& qt : *ft.mutable_questions()) {
      qt.clear_basis();
      qt.clear_flags();
      qt.clear_shortlist();
      qt.clear_weighted();
      qt.clear_weighted_reason_zh();
      qt.clear_weighted_reason_en();
      for (v1::SubjectTally& st : *qt.mutable_subjects()) st.clear_rates();
      for (v1::CandidateTally& ct : *qt.mutable_candidates()) {
        ct.clear_shortlisted();
        ct.clear_tie_at_cut();
      }
      for (v1::WriteInTally& wt : *qt.mutable_write_ins()) {
        wt.clear_shortlisted();
        wt.clear_tie_at_cut();
      }
    }
  }
  return result;
}

inline v1::MeetingSpec SampleSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "2024年度局领导班子民主推荐会"
    unit: "某县组织部"
    locale: "zh-CN"
    groups { id: "leaders" name: "领导班子成员" }
    groups { id: "staff" name: "中层干部" }
    forms {
      id: "rec"
      title: "民主推荐票"
      mode: FORM_MODE_NAMED
      overvote_policy: OVERVOTE_POLICY_SPOIL
      questions {
        id: "director"
        approval {
          post: "局长"
          seats: 1
          max_choices: 1
          candidates { id: "c1" name: "张三" }
          candidates { id: "c2" name: "李四" }
          candidates { id: "c3" name: "王五" }
        }
      }
      questions {
        id: "deputy"
        approval {
          post: "副局长"
          seats: 2
          max_choices: 2
          allow_write_in: true
          candidates { id: "d1" name: "赵六" }
          candidates { id: "d2" name: "钱七" }
          candidates { id: "d3" name: "孙八" }
        }
      }
    }
    forms {
      id: "panel"
      title: "评议组组长推荐票"
      mode: FORM_MODE_NAMED
      overvote_policy: OVERVOTE_POLICY_REJECT
      eligible_groups: "leaders"
      questions {
        id: "head"
        approval {
          post: "组长"
          seats: 1
          max_choices: 1
          candidates { id: "p1" name: "周一" }
          candidates { id: "p2" name: "吴二" }
        }
      }
    }
  )pb");
}

inline v1::MeetingSpec GradedSampleSpec() {
  v1::MeetingSpec spec = SampleSpec();
  *spec.add_forms() = ParseText<v1::Form>(R"pb(
    id: "assess"
    title: "民主测评表"
    mode: FORM_MODE_ANONYMOUS
    overvote_policy: OVERVOTE_POLICY_REJECT
    questions {
      id: "competency"
      title: "新提拔干部民主测评"
      graded {
        subjects { id: "s1" name: "张三" current_post: "副局长" }
        subjects { id: "s2" name: "李四" current_post: "办公室主任" }
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
  return spec;
}

// Voter ids "v01".."v10"; 1–4 are leaders, 5–10 staff.
inline std::string VoterId(int voter) { return absl::StrFormat("v%02d", voter); }
inline std::string VoterGroup(int voter) { return voter <= 4 ? "leaders" : "staff"; }

inline v1::Roll SampleRoll() {
  v1::Roll roll;
  for (int i = 1; i <= static_cast<int>(kSampleRollSize); ++i) {
    v1::Voter* voter = roll.add_voters();
    voter->set_id(VoterId(i));
    voter->set_name(absl::StrFormat("选民%02d", i));
    voter->set_group(VoterGroup(i));
  }
  return roll;
}

// A 32-byte stand-in for voter `voter`'s salted commitment.
inline std::string Commitment(int voter) { return std::string(31, 'c') + static_cast<char>(voter); }

// A 64-byte stand-in for a credential signature (tally/ does not verify it).
inline std::string Signature() { return std::string(64, 's'); }

struct AnswerMarks {
  std::string question_id;
  std::vector<std::string> choices;
  std::vector<std::string> write_ins = {};
};

inline v1::Ballot MakeBallot(absl::string_view form_id,
                             std::initializer_list<AnswerMarks> answers) {
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

// The grades of one answer to a graded question: {subject_id, grade_id}.
struct GradeMarks {
  std::string question_id;
  std::vector<std::pair<std::string, std::string>> grades;
};

inline v1::Ballot MakeGradedBallot(absl::string_view form_id,
                                   std::initializer_list<GradeMarks> answers) {
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

inline v1::Entry EntryAt(uint64_t seq) {
  v1::Entry entry;
  entry.set_meeting_id(std::string(kSampleMeetingId));
  entry.set_seq(seq);
  return entry;
}

inline v1::Entry MeetingCreatedEntry(const v1::MeetingSpec& spec = SampleSpec(),
                                     uint32_t roll_size = kSampleRollSize) {
  v1::Entry entry = EntryAt(0);
  v1::MeetingCreated* body = entry.mutable_meeting_created();
  *body->mutable_spec() = spec;
  body->set_roll_digest(std::string(32, 'd'));
  body->set_roll_size(roll_size);
  body->set_created_at(1700000000);
  body->set_actor("admin");
  // Anonymous forms publish a token key in the genesis entry; the state
  // machine checks only that there is one per anonymous form.
  for (const v1::Form& form : spec.forms()) {
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    v1::TokenKey* key = body->add_token_keys();
    key->set_form_id(form.id());
    key->set_public_key_der("test-only key " + form.id());
  }
  return entry;
}

inline v1::Entry StateChangedEntry(uint64_t seq, v1::MeetingStatus from, v1::MeetingStatus to) {
  v1::Entry entry = EntryAt(seq);
  entry.mutable_state_changed()->set_from(from);
  entry.mutable_state_changed()->set_to(to);
  entry.mutable_state_changed()->set_actor("admin");
  return entry;
}

inline v1::Entry CheckedInEntry(uint64_t seq, int voter, std::vector<std::string> form_ids) {
  v1::Entry entry = EntryAt(seq);
  v1::CheckedIn* body = entry.mutable_checked_in();
  body->set_voter_commitment(Commitment(voter));
  for (const std::string& id : form_ids) body->add_form_ids(id);
  body->set_group(VoterGroup(voter));
  body->set_kiosk("kiosk-1");
  return entry;
}

inline v1::Entry BallotCastEntry(uint64_t seq, int voter, v1::Ballot ballot) {
  v1::Entry entry = EntryAt(seq);
  v1::BallotCast* body = entry.mutable_ballot_cast();
  body->set_voter_commitment(Commitment(voter));
  body->set_credential_signature(Signature());
  *body->mutable_ballot() = std::move(ballot);
  return entry;
}

inline v1::Entry CountRecordedEntry(uint64_t seq, v1::TallyResult result) {
  v1::Entry entry = EntryAt(seq);
  *entry.mutable_count_recorded()->mutable_result() = std::move(result);
  entry.mutable_count_recorded()->set_actor("officer");
  return entry;
}

}  // namespace gongxin::tally::testing

#endif  // GONGXIN_TESTS_TALLY_SAMPLE_MEETING_H_
