// A counted sample meeting for the report tests, with numbers small enough
// to check by hand: 30 due, 27 present; a named recommendation form (two
// approval questions) and an anonymous assessment form (one graded
// question with two subjects).
#ifndef GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_
#define GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_

#include <string>

#include "gongxin/v1/meeting.pb.h"
#include "report/result_report.h"

namespace gongxin::testing {

inline v1::MeetingSpec ReportSpec() {
  v1::MeetingSpec spec;
  spec.set_title("某县2026年度干部民主推荐会");
  spec.set_unit("中共某县委组织部");
  spec.set_description("县直单位副局长、局长推荐及年度测评。");
  auto* leaders = spec.add_groups();
  leaders->set_id("leaders");
  leaders->set_name("领导班子成员");
  auto* staff = spec.add_groups();
  staff->set_id("staff");
  staff->set_name("一般干部");

  v1::Form* rec = spec.add_forms();
  rec->set_id("rec");
  rec->set_title("民主推荐票");
  rec->set_mode(v1::FORM_MODE_NAMED);
  v1::Question* head = rec->add_questions();
  head->set_id("head");
  head->set_title("局长人选");
  auto* a = head->mutable_approval();
  a->set_post("局长");
  a->set_seats(1);
  a->set_max_choices(1);
  a->set_allow_write_in(true);
  const char* names[][3] = {{"c1", "张伟", "副局长"}, {"c2", "王芳", "办公室主任"},
                            {"c3", "李娜", "科长"}};
  for (const auto& n : names) {
    auto* c = a->add_candidates();
    c->set_id(n[0]);
    c->set_name(n[1]);
    c->set_current_post(n[2]);
  }
  v1::Question* deputy = rec->add_questions();
  deputy->set_id("deputy");
  deputy->set_title("副局长人选");
  auto* d = deputy->mutable_approval();
  d->set_post("副局长");
  d->set_seats(2);
  d->set_max_choices(2);
  const char* deputies[][2] = {{"d1", "刘洋"}, {"d2", "陈静"}, {"d3", "杨磊"}};
  for (const auto& n : deputies) {
    auto* c = d->add_candidates();
    c->set_id(n[0]);
    c->set_name(n[1]);
  }

  v1::Form* assess = spec.add_forms();
  assess->set_id("assess");
  assess->set_title("民主测评表");
  assess->set_mode(v1::FORM_MODE_ANONYMOUS);
  v1::Question* work = assess->add_questions();
  work->set_id("work");
  work->set_title("领导班子成员测评");
  auto* g = work->mutable_graded();
  const char* subjects[][2] = {{"s1", "赵敏"}, {"s2", "孙强"}};
  for (const auto& n : subjects) {
    auto* s = g->add_subjects();
    s->set_id(n[0]);
    s->set_name(n[1]);
  }
  const char* grades[][2] = {{"good", "胜任"}, {"fair", "基本胜任"}, {"poor", "不胜任"}};
  for (const auto& n : grades) {
    auto* grade = g->add_scale();
    grade->set_id(n[0]);
    grade->set_label(n[1]);
  }
  return spec;
}

// The count: 27 of 30 present; each form 27 issued and returned.
//   head:   张伟 20, 王芳 5, 李娜 0, write-in 周涛 1; blank 1, invalid 0
//           → rates over 27: 74.1%, 18.5%, 0.0%, 3.7%
//   deputy: 刘洋 18, 陈静 18, 杨磊 10; blank 2, invalid 1
//   work:   赵敏 15/8/2 blank 2 → 55.6% / 29.6% / 7.4% / 7.4%
//           孙强 9/12/6 blank 0 → 33.3% / 44.4% / 22.2% / 0.0%
inline v1::TallyResult ReportResult() {
  v1::TallyResult r;
  r.set_meeting_id("0a1b2c3d4e5f");
  r.set_ledger_size(88);
  r.set_due(30);
  r.set_present(27);
  v1::FormTally* rec = r.add_forms();
  rec->set_form_id("rec");
  rec->set_due(30);
  rec->set_issued(27);
  rec->set_returned(27);
  auto candidate = [](v1::QuestionTally* q, const char* id, uint32_t votes, uint32_t rank) {
    auto* c = q->add_candidates();
    c->set_candidate_id(id);
    c->set_votes(votes);
    c->set_rank(rank);
  };
  v1::QuestionTally* head = rec->add_questions();
  head->set_question_id("head");
  head->set_valid(27);
  head->set_blank(1);
  head->set_rate_denominator(27);
  head->set_rate_basis("returned");
  candidate(head, "c1", 20, 1);
  candidate(head, "c2", 5, 2);
  candidate(head, "c3", 0, 4);
  auto* w = head->add_write_ins();
  w->set_name("周涛");
  w->set_votes(1);
  w->set_rank(3);
  v1::QuestionTally* deputy = rec->add_questions();
  deputy->set_question_id("deputy");
  deputy->set_valid(26);
  deputy->set_blank(2);
  deputy->set_invalid(1);
  deputy->set_rate_denominator(27);
  deputy->set_rate_basis("returned");
  candidate(deputy, "d1", 18, 1);
  candidate(deputy, "d2", 18, 1);
  candidate(deputy, "d3", 10, 3);

  v1::FormTally* assess = r.add_forms();
  assess->set_form_id("assess");
  assess->set_due(30);
  assess->set_issued(27);
  assess->set_returned(27);
  v1::QuestionTally* work = assess->add_questions();
  work->set_question_id("work");
  work->set_valid(27);
  work->set_rate_denominator(27);
  work->set_rate_basis("returned");
  auto subject = [&](const char* id, uint32_t good, uint32_t fair, uint32_t poor, uint32_t blank) {
    auto* s = work->add_subjects();
    s->set_subject_id(id);
    const std::pair<const char*, uint32_t> counts[] = {{"good", good}, {"fair", fair}, {"poor", poor}};
    for (const auto& [grade, n] : counts) {
      auto* g = s->add_grades();
      g->set_grade_id(grade);
      g->set_count(n);
    }
    s->set_blank(blank);
  };
  subject("s1", 15, 8, 2, 2);
  subject("s2", 9, 12, 6, 0);
  return r;
}

inline report::LedgerTie ReportTie() {
  report::LedgerTie tie;
  tie.head.set_meeting_id("0a1b2c3d4e5f");
  tie.head.set_size(89);
  tie.head.set_head_hash(std::string(32, '\xab'));
  tie.head.set_signature(std::string(64, '\x5c'));
  tie.signed_text = "gongxin/v1/head\n0a1b2c3d4e5f\n89\n" + std::string(64, 'a') + "\n";
  tie.server_public_key = std::string(32, '\x01');
  tie.count_seq = 88;
  tie.count_entry_hash = std::string(32, '\xcd');
  tie.checkpoint_note = "gongxind/0a1b2c3d4e5f\n89\nq83vbw==\n\n— gongxind AAAA<b>\n";
  return tie;
}

inline report::ResultReportInput ReportInput(const char* locale = "zh-CN") {
  report::ResultReportInput in;
  in.spec = ReportSpec();
  in.result = ReportResult();
  in.tie = ReportTie();
  in.locale = locale;
  return in;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_
