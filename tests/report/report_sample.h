// A counted sample meeting for the report tests, with numbers small enough
// to check by hand: 30 due, 27 present; a named recommendation form (two
// approval questions) and an anonymous assessment form (one graded
// question with two subjects).
#ifndef GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_
#define GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_

#include <string>
#include <tuple>
#include <utility>

#include "gongxin/v1/meeting.pb.h"
#include "report/result_report.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {

// The sample meeting (tests/testing/sample_meeting.h: form rec, head and
// deputy) with a description, and an assessment form of the report's own.
inline v1::MeetingSpec ReportSpec() {
  v1::MeetingSpec spec = SampleSpec();
  spec.set_description("县直单位副局长、局长推荐及年度测评。");

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


// The sample plus every figure the newer sections show, for the browser
// test: a named "vote" form (given to both groups, weighted 40/60) with a
// 票决 question (defer allowed), a 要素推荐 and a 正反向测评 question, a
// per-group tally (领导班子成员 shown, 一般干部 suppressed), the assessment's
// rates, a composite rule with three components and two approvals.
//   composite: 张伟 0.5·2000/27 + 0.3·90 + 0.2·85 = 2188/27 (81.04),
//              王芳 0.5·500/27 + 0.3·70 + 0.2·80 = 1249/27 (46.26)
//   decision: 11 due, 9 present, quorum 8; 刘洋 agree 6 of 11 (54.5 %,
//             passed), 陈静 3 of 10 (30.0 %, not passed)
//   element:  8 returned; 刘洋 6 (75.0 %), 陈静 1, blank 1
//   checklist: 刘洋 作风漂浮 2/8 = 25.0 %, 敬业奉献 5/8 = 62.5 %, none 1
inline report::ResultReportInput AllKindsInput(const char* locale = "zh-CN") {
  report::ResultReportInput in = ReportInput(locale);
  v1::Form* vote = in.spec.add_forms();
  vote->set_id("vote");
  vote->set_title("干部任用表决票");
  vote->set_mode(v1::FORM_MODE_NAMED);
  for (const auto& [group, weight] : {std::pair{"leaders", 40u}, {"staff", 60u}}) {
    auto* w = vote->add_group_weights();
    w->set_group(group);
    w->set_weight(weight);
  }
  auto people = [](google::protobuf::RepeatedPtrField<v1::Candidate>* list) {
    const char* names[][4] = {{"p1", "刘洋", "办公室主任", "副局长"},
                              {"p2", "陈静", "科长", "副局长"}};
    for (const auto& n : names) {
      auto* c = list->Add();
      c->set_id(n[0]);
      c->set_name(n[1]);
      c->set_current_post(n[2]);
      c->set_proposed_post(n[3]);
    }
  };
  v1::Question* decide = vote->add_questions();
  decide->set_id("decide");
  decide->set_title("拟任人选表决");
  decide->mutable_decision()->set_allow_defer(true);
  people(decide->mutable_decision()->mutable_candidates());
  v1::Question* element = vote->add_questions();
  element->set_id("best");
  element->set_title("要素推荐");
  auto* e = element->mutable_element()->add_elements();
  e->set_id("morals");
  e->set_label("道德品行最好");
  people(element->mutable_element()->mutable_candidates());
  v1::Question* check = vote->add_questions();
  check->set_id("style");
  check->set_title("作风测评");
  people(check->mutable_checklist()->mutable_subjects());
  const char* items[][2] = {{"lax", "作风漂浮"}, {"keen", "敬业奉献"}};
  for (const auto& it : items) {
    auto* item = check->mutable_checklist()->add_items();
    item->set_id(it[0]);
    item->set_label(it[1]);
    item->set_polarity(it[0][0] == 'l' ? v1::ITEM_POLARITY_NEGATIVE : v1::ITEM_POLARITY_POSITIVE);
  }

  v1::FormTally* ft = in.result.add_forms();
  ft->set_form_id("vote");
  ft->set_due(11);
  ft->set_issued(9);
  ft->set_returned(9);
  v1::QuestionTally* dq = ft->add_questions();
  dq->set_question_id("decide");
  dq->set_valid(9);
  v1::DecisionTally* d = dq->mutable_decision();
  d->set_due(11);
  d->set_present(9);
  d->set_quorum_needed(8);
  d->set_quorum_met(true);
  const uint32_t votes[][6] = {{6, 2, 0, 1, 11, 6}, {3, 5, 1, 0, 10, 6}};
  for (int i = 0; i < 2; ++i) {
    auto* c = d->add_candidates();
    c->set_candidate_id(i == 0 ? "p1" : "p2");
    c->set_agree(votes[i][0]);
    c->set_disagree(votes[i][1]);
    c->set_abstain(votes[i][2]);
    c->set_defer(votes[i][3]);
    c->set_pass_denominator(votes[i][4]);
    c->set_pass_needed(votes[i][5]);
    c->set_outcome(i == 0 ? v1::DECISION_OUTCOME_PASSED : v1::DECISION_OUTCOME_NOT_PASSED);
  }
  v1::QuestionTally* eq = ft->add_questions();
  eq->set_question_id("best");
  eq->set_valid(8);
  eq->set_rate_denominator(8);
  eq->set_rate_basis("returned");
  v1::ElementTally* et = eq->add_elements();
  et->set_element_id("morals");
  et->set_blank(1);
  for (const auto& [id, n, rank] : {std::tuple{"p1", 6u, 1u}, {"p2", 1u, 2u}}) {
    auto* c = et->add_candidates();
    c->set_candidate_id(id);
    c->set_votes(n);
    c->set_rank(rank);
  }
  v1::QuestionTally* cq = ft->add_questions();
  cq->set_question_id("style");
  cq->set_valid(8);
  cq->set_rate_denominator(8);
  v1::ChecklistSubjectTally* cs = cq->add_checklist();
  cs->set_subject_id("p1");
  cs->set_blank(1);
  for (const auto& [id, n] : {std::pair{"lax", 2u}, {"keen", 5u}}) {
    auto* ic = cs->add_items();
    ic->set_item_id(id);
    ic->set_count(n);
  }
  eq->set_weighted_reason_zh("有分组结果因人数过少被隐去，不公布加权结果");
  eq->set_weighted_reason_en("a group's tally is suppressed: weighted figures would reveal it");
  v1::GroupTally* leaders = ft->add_groups();
  leaders->set_group("leaders");
  leaders->set_due(6);
  leaders->set_issued(6);
  leaders->set_returned(6);
  // The group's own element count: 6 returned, 刘洋 4, 陈静 1, blank 1.
  v1::QuestionTally* geq = leaders->add_questions();
  *geq = *eq;
  geq->clear_weighted_reason_zh();
  geq->clear_weighted_reason_en();
  geq->set_valid(6);
  geq->set_rate_denominator(6);
  geq->mutable_elements(0)->mutable_candidates(0)->set_votes(4);
  v1::GroupTally* staff = ft->add_groups();
  staff->set_group("staff");
  staff->set_suppressed(true);
  staff->set_returned(3);
  staff->set_reason_zh("该组仅 3 张选票，少于 5 张，不公布分组结果");
  staff->set_reason_en("only 3 ballots, fewer than 5: not shown");

  // Rates of the assessment: 赵敏 胜任 15/27, 胜任+基本胜任 23/27.
  v1::QuestionTally* work = in.result.mutable_forms(1)->mutable_questions(0);
  const uint32_t rates[][2] = {{15, 23}, {9, 21}};
  for (int i = 0; i < 2; ++i) {
    for (const auto& [id, num] : {std::pair{"excellent", rates[i][0]}, {"pass", rates[i][1]}}) {
      v1::Rate* r = work->mutable_subjects(i)->add_rates();
      r->set_id(id);
      r->set_num(num);
      r->set_den(27);
      r->set_basis(v1::RATE_BASIS_VALID);
    }
  }

  // The assessment weighted 领导班子成员 1, 一般干部 1: 赵敏 胜任 3/5 = 60.0 %.
  for (const char* group : {"leaders", "staff"}) {
    auto* w = in.spec.mutable_forms(1)->add_group_weights();
    w->set_group(group);
    w->set_weight(1);
  }
  v1::WeightedRate* weighted = work->add_weighted();
  weighted->set_subject_id("s1");
  weighted->set_rate_id("excellent");
  weighted->set_num(3);
  weighted->set_den(5);

  v1::CompositeRule* rule = in.spec.add_composites();
  rule->set_id("s2");
  rule->set_title("考察人选综合得分");
  rule->set_preset("S-2");
  rule->set_form_id("rec");
  rule->set_question_id("head");
  rule->set_take_ratio(3);
  const char* components[][3] = {
      {"recommendation", "民主推荐", "50"}, {"assessment", "民主测评", "30"},
      {"quality", "基本素质测评", "20"}};
  for (const auto& comp : components) {
    v1::CompositeComponent* c = rule->add_components();
    c->set_id(comp[0]);
    c->set_label(comp[1]);
    c->set_weight(comp[2]);
    c->mutable_officer();
  }
  v1::CompositeResult* cr = in.result.add_composites();
  cr->set_rule_id("s2");
  cr->set_take(3);
  const char* scores[][5] = {{"c1", "2000/27", "90", "85", "2188/27"},
                             {"c2", "500/27", "70", "80", "1249/27"}};
  for (int i = 0; i < 2; ++i) {
    v1::CompositeCandidate* c = cr->add_candidates();
    c->set_candidate_id(scores[i][0]);
    c->set_rank(i + 1);
    c->set_within_take(true);
    for (int k = 0; k < 3; ++k) {
      auto* p = c->add_components();
      p->set_component_id(components[k][0]);
      p->set_points(scores[i][k + 1]);
    }
    c->set_composite(scores[i][4]);
  }
  in.result.add_approved_by("officer-1");
  in.result.add_approved_by("officer-2");
  return in;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_REPORT_REPORT_SAMPLE_H_
