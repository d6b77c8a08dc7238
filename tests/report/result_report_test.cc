// The result report and announcement renderers: escaping of user text,
// Chinese and English labels, hand-computed numbers, the variants (a public
// paper never ties a choice to a voter), and the ledger tie.
#include "report/result_report.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "report/announcement.h"
#include "report/html.h"
#include "report/svg_chart.h"
#include "tests/report/report_sample.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReportInput;

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string Html(const ResultReportInput& in) {
  absl::StatusOr<std::string> html = RenderResultHtml(in);
  EXPECT_TRUE(html.ok()) << html.status();
  return html.ok() ? *html : "";
}

TEST(ResultReportTest, HostileNamesAndTitlesAreEscapedEverywhere) {
  ResultReportInput in = ReportInput();
  in.spec.set_title("会议</title><script>alert(1)</script>");
  in.spec.mutable_forms(0)->mutable_questions(0)->mutable_approval()->mutable_candidates(0)->set_name(
      "<img src=x onerror=alert(2)>");
  in.spec.mutable_forms(1)->mutable_questions(0)->mutable_graded()->mutable_scale(0)->set_label(
      "\"><svg onload=alert(3)>");
  in.result.mutable_forms(0)->mutable_questions(0)->mutable_write_ins(0)->set_name(
      "周涛' onmouseover='x");
  const std::string html = Html(in);
  EXPECT_THAT(html, Not(HasSubstr("<script"))) << "a title became markup";
  EXPECT_THAT(html, Not(HasSubstr("<img"))) << "a candidate name became markup";
  EXPECT_THAT(html, Not(HasSubstr("<svg onload"))) << "a grade label became markup";
  EXPECT_THAT(html, Not(HasSubstr("' onmouseover='"))) << "a write-in broke out of an attribute";
  EXPECT_THAT(html, HasSubstr("&lt;img src=x onerror=alert(2)&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;/title&gt;&lt;script&gt;"));
  EXPECT_THAT(html, HasSubstr("周涛&#39; onmouseover=&#39;x"));
  // The checkpoint note is server text, but escaped all the same.
  EXPECT_THAT(html, HasSubstr("AAAA&lt;b&gt;"));
}

// Rules S-1, A8: a flag shows its rule id, the subject, the observed share
// and the threshold, next to the note that flags are only advice.
TEST(ResultReportTest, S1_FlagShowsRuleIdObservedShareAndAdviceNote) {
  ResultReportInput in = ReportInput();
  v1::Flag* f = in.result.mutable_forms(1)->mutable_questions(0)->add_flags();
  f->set_rule_id("S-1a");
  f->set_subject_id("s2");
  f->set_observed_num(12);
  f->set_observed_den(30);
  f->set_comparator(v1::COMPARATOR_GE);
  f->mutable_threshold()->set_num(2);
  f->mutable_threshold()->set_den(5);
  f->set_text_zh("基本胜任和不胜任票合计达到40%");
  f->set_text_en("basically fit + unfit at least 40%");
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr("data-rule=\"S-1a\""));
  EXPECT_THAT(html, HasSubstr("<td>孙强</td>")) << "the flag does not name its subject";
  EXPECT_THAT(html, HasSubstr("40.0% (12/30)"));
  EXPECT_THAT(html, HasSubstr("≥ 2/5"));
  EXPECT_THAT(html, HasSubstr("系统不自动作出任何决定（规则 A8）"));
  in.locale = "en";
  EXPECT_THAT(Html(in), HasSubstr("basically fit + unfit at least 40%"));
}

// Rules A4, B1: a count whose quorum failed says so, with the reason.
TEST(ResultReportTest, A4_InvalidCountShowsTheReason) {
  ResultReportInput in = ReportInput();
  v1::Validity* v = in.result.mutable_forms(0)->mutable_validity();
  v->set_due(30);
  v->set_present(19);
  v->set_quorum_required(20);
  v->set_quorum_met(false);
  v->set_valid(false);
  v->set_reason_zh("实到 19 人，不足法定人数 20 人");
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr("data-valid=\"false\""));
  EXPECT_THAT(html, HasSubstr("本表计票无效：实到 19 人，不足法定人数 20 人"));
  EXPECT_THAT(html, HasSubstr("20 / 19（未达到）"));
}

// Rules A2, S-8: every candidate tied at the cut is marked, none dropped.
TEST(ResultReportTest, A2_EveryCandidateTiedAtTheCutIsMarked) {
  ResultReportInput in = ReportInput();
  v1::QuestionTally* q = in.result.mutable_forms(0)->mutable_questions(0);
  for (v1::CandidateTally& c : *q->mutable_candidates()) c.set_tie_at_cut(true);
  q->mutable_shortlist()->set_size(3);
  q->mutable_shortlist()->set_resolved(false);
  q->mutable_shortlist()->set_reason_zh("第3名并列");
  const std::string html = Html(in);
  EXPECT_EQ(Count(html, "data-mark=\"tie\""), q->candidates_size());
  EXPECT_THAT(html, HasSubstr("系统不作取舍，由组织决定：第3名并列"));
}

// Small-group protection: a suppressed group shows the reason, no counts.
TEST(ResultReportTest, SuppressedGroupShowsOnlyTheReason) {
  ResultReportInput in = ReportInput();
  v1::GroupTally* big = in.result.mutable_forms(1)->add_groups();
  big->set_group(in.spec.groups(0).id());
  big->set_due(21);
  big->set_issued(20);
  big->set_returned(19);
  v1::GroupTally* small = in.result.mutable_forms(1)->add_groups();
  small->set_group("tiny");
  small->set_suppressed(true);
  small->set_due(3);
  small->set_returned(3);
  small->set_reason_zh("该组仅 3 张选票，少于 5 张，不公布分组结果");
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">21</td><td class=\"num\">20</td>"));
  const size_t at = html.find("data-group=\"tiny\"");
  ASSERT_NE(at, std::string::npos);
  const std::string row = html.substr(at, html.find("</tr>", at) - at);
  EXPECT_THAT(row, HasSubstr("不公布：该组仅 3 张选票"));
  EXPECT_THAT(row, Not(HasSubstr("class=\"num\""))) << "a suppressed group shows counts";
}

TEST(ResultReportTest, EscapeDropsControlCharacters) {
  EXPECT_EQ(Escape(std::string("a\x01" "b\x7f" "c\n\td", 8)), "abc\n\td");
  EXPECT_EQ(Escape("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
}

// Paper ballots: paper | electronic | combined per figure, and the slips
// reconciled with a mismatch said in words (zh and en).
ResultReportInput PaperInput(const char* locale) {
  ResultReportInput in = ReportInput(locale);
  v1::FormTally* rec = in.result.mutable_forms(0);
  v1::FormTally paper = *rec;
  v1::FormTally electronic = *rec;
  paper.set_returned(4);
  electronic.set_returned(rec->returned() - 4);
  for (int q = 0; q < rec->questions_size(); ++q) {
    for (int c = 0; c < rec->questions(q).candidates_size(); ++c) {
      const uint32_t votes = rec->questions(q).candidates(c).votes();
      const uint32_t on_paper = q == 0 && c == 0 ? 3 : 0;
      paper.mutable_questions(q)->mutable_candidates(c)->set_votes(on_paper);
      electronic.mutable_questions(q)->mutable_candidates(c)->set_votes(votes - on_paper);
    }
  }
  *rec->mutable_paper() = paper;
  *rec->mutable_electronic() = electronic;
  v1::PaperReconciliation* r = rec->mutable_paper_reconciliation();
  r->set_issued(5);
  r->set_returns_recorded(true);
  r->set_returned(5);
  r->set_entered(4);
  r->set_confirmed(4);
  r->set_reason_zh("录入 4 张，收回 5 张");
  r->set_reason_en("4 entered, 5 returned");
  return in;
}

// The line of `text` that holds `label`, or "".
std::string LineWith(const std::string& text, const std::string& label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return "";
  const size_t start = text.rfind('\n', at) + 1;
  return text.substr(start, text.find('\n', at) - start);
}

TEST(ResultReportTest, PaperElectronicAndCombinedStandSideBySideWithTheSlipsReconciled) {
  const std::string text = *RenderResultText(PaperInput("zh-CN"));
  EXPECT_THAT(text, HasSubstr("民主推荐票 · 纸质票与电子票"));
  const std::string row = LineWith(text, "局长人选 · 张伟");
  EXPECT_THAT(row, ::testing::MatchesRegex(".*局长人选 · 张伟 +3 +17 +20 *"));
  EXPECT_THAT(text, HasSubstr("核对不一致：录入 4 张，收回 5 张"));
  const std::string html = Html(PaperInput("zh-CN"));
  EXPECT_THAT(html, HasSubstr("data-consistent=\"false\""));
  for (const char* label : {"纸质票", "电子票", "合计", "录入", "已确认", "第二名工作人员"}) {
    EXPECT_THAT(html, HasSubstr(label)) << label;
  }
  const std::string en = Html(PaperInput("en"));
  EXPECT_THAT(en, HasSubstr("paper and electronic ballots"));
  EXPECT_THAT(en, HasSubstr("Mismatch: 4 entered, 5 returned"));
  EXPECT_THAT(en, Not(HasSubstr("纸质票"))) << "Chinese label left in the English report";
  // A form nobody received on paper has no such section.
  EXPECT_THAT(Html(ReportInput()), Not(HasSubstr("纸质票与电子票")));
}

TEST(ResultReportTest, ChineseByDefault) {
  const std::string html = Html(ReportInput());
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  for (const char* label : {"计票结果报告", "应到", "实到", "到会率", "发出", "收回", "得票率",
                            "排名", "弃权", "有效票 27 张（含弃权 1 张），废票 0 张",
                            "得票率 = 得票 ÷ 收回票数 27", "公开版", "账本头哈希",
                            "周涛（另推他人）", "职位：局长　职数：1 名　每票最多推荐 1 人"}) {
    EXPECT_THAT(html, HasSubstr(label)) << "missing Chinese label " << label;
  }
  EXPECT_THAT(html, Not(HasSubstr("Vote rate")));
}

TEST(ResultReportTest, EnglishWithLocaleEn) {
  const std::string html = Html(ReportInput("en"));
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
  for (const char* label : {"count report", "Due", "Present", "Turnout", "Issued", "Returned",
                            "Vote rate", "Rank", "Blank", "Valid 26 (including 2 blank), invalid 1",
                            "Vote rate = votes / 27 (ballots returned)", "Public version",
                            "Ledger head hash", "周涛 (write-in)"}) {
    EXPECT_THAT(html, HasSubstr(label)) << "missing English label " << label;
  }
  EXPECT_THAT(html, Not(HasSubstr("得票率"))) << "Chinese label left in the English report";
  // The admin's own text (names, grade labels) is shown as written.
  EXPECT_THAT(html, HasSubstr("张伟"));
  EXPECT_THAT(html, HasSubstr("基本胜任"));
}

TEST(ResultReportTest, NumbersMatchTheHandCount) {
  const std::string html = Html(ReportInput());
  // Turnout 27 / 30.
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">30</td><td class=\"num\">27</td>"
                              "<td class=\"num\">90.0%</td>"));
  // head: 张伟 20/27, 王芳 5/27, write-in 1/27, 李娜 0 (rank 4, last).
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td>张伟</td><td>副局长</td>"
                              "<td class=\"num\">20</td><td class=\"num\">74.1%</td>"));
  EXPECT_THAT(html, HasSubstr("<td>王芳</td><td>办公室主任</td><td class=\"num\">5</td>"
                              "<td class=\"num\">18.5%</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td class=\"num\">3.7%</td>"));
  EXPECT_LT(html.find("周涛"), html.find("<td>李娜</td>")) << "rank 3 must come before rank 4";
  // deputy: a tie at rank 1 (18/27 = 66.7%) in ballot order.
  EXPECT_EQ(Count(html, "<td class=\"num\">18</td><td class=\"num\">66.7%</td>"), 2);
  EXPECT_LT(html.find("<td>刘洋</td>"), html.find("<td>陈静</td>"));
  // work: 赵敏 15 8 2 blank 2; 孙强 9 12 6 blank 0, each over 27.
  EXPECT_THAT(html, HasSubstr("<td>赵敏</td><td class=\"num\">15 (55.6%)</td>"
                              "<td class=\"num\">8 (29.6%)</td><td class=\"num\">2 (7.4%)</td>"
                              "<td class=\"num\">2 (7.4%)</td>"));
  EXPECT_THAT(html, HasSubstr("<td>孙强</td><td class=\"num\">9 (33.3%)</td>"
                              "<td class=\"num\">12 (44.4%)</td><td class=\"num\">6 (22.2%)</td>"
                              "<td class=\"num\">0 (0.0%)</td>"));
}

TEST(ResultReportTest, OneChartPerQuestionAndBarsScaledToTheDenominator) {
  const std::string html = Html(ReportInput());
  EXPECT_EQ(Count(html, "<svg "), 3) << "head, deputy and work each need a chart";
  EXPECT_EQ(Count(html, "<figure class=\"chart votes\">"), 2);
  EXPECT_EQ(Count(html, "<figure class=\"chart grades\">"), 1);
  EXPECT_THAT(html, HasSubstr("20 票 · 74.1%"));
  // Each subject's segments fill the bar exactly when every ballot is
  // accounted for (grades + blank = denominator): 2 subjects × 4 segments,
  // minus 孙强's empty blank segment.
  EXPECT_EQ(Count(html, "class=\"segment\""), 7);
  EXPECT_THAT(html, Not(HasSubstr("<script"))) << "the report must need no script";
  EXPECT_THAT(html, Not(HasSubstr("http://"))) << "no external resource";
  EXPECT_THAT(html, Not(HasSubstr("https://")));
}

TEST(ResultReportTest, DontKnowGradeIsColouredApartFromTheJudgedGrades) {
  // Rule C5: 不了解 expresses no judgement, so it must not read as the worst
  // grade (red) even when it is listed last.
  ResultReportInput in = ReportInput();
  auto* graded = in.spec.mutable_forms(1)->mutable_questions(0)->mutable_graded();
  auto* dk = graded->add_scale();
  dk->set_id("dk");
  dk->set_label("不了解");
  dk->set_dont_know(true);
  for (auto& subject : *in.result.mutable_forms(1)->mutable_questions(0)->mutable_subjects()) {
    auto* g = subject.add_grades();
    g->set_grade_id("dk");
    g->set_count(0);
  }
  in.result.mutable_forms(1)->mutable_questions(0)->mutable_subjects(0)->mutable_grades(3)->set_count(1);
  in.result.mutable_forms(1)->mutable_questions(0)->mutable_subjects(0)->set_blank(1);
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr(absl::StrCat("fill=\"", kDontKnowColour, "\"><title>不了解 1")));
  EXPECT_THAT(html, HasSubstr("fill=\"#b0201c\"><title>不胜任 2"))
      << "the worst judged grade keeps the red";
}

TEST(ResultReportTest, ResultIsMarkedUnofficialUntilPublished) {
  ResultReportInput in = ReportInput();
  EXPECT_THAT(Html(in), Not(HasSubstr("未正式公布"))) << "an unknown state claims nothing";
  in.status = v1::MEETING_STATUS_COUNTED;
  EXPECT_THAT(Html(in), HasSubstr("未正式公布"));
  EXPECT_THAT(*RenderResultJson(in), HasSubstr("\"status\": \"MEETING_STATUS_COUNTED\""));
  in.status = v1::MEETING_STATUS_PUBLISHED;
  EXPECT_THAT(Html(in), Not(HasSubstr("未正式公布")));
  EXPECT_THAT(Html(in), HasSubstr("<div class=\"badge status\">已公布</div>"));
  in.locale = "en";
  in.status = v1::MEETING_STATUS_COUNTED;
  EXPECT_THAT(Html(in), HasSubstr("Unofficial (not yet published)"));
}

TEST(ResultReportTest, PublicVariantRefusesNamedBallots) {
  ResultReportInput in = ReportInput();
  in.named_ballots.push_back(NamedBallot{"v001", "投票人1", "leaders", {}});
  in.named_ballots.back().ballot.set_form_id("rec");
  EXPECT_EQ(RenderResultHtml(in).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderResultJson(in).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResultReportTest, PublicVariantShowsNoVoterIdentity) {
  const v1::Roll roll = testing::SampleRoll(30);
  ResultReportInput in = ReportInput();
  for (const std::string& out : {Html(in), *RenderResultJson(in)}) {
    for (const v1::Voter& v : roll.voters()) {
      EXPECT_THAT(out, Not(HasSubstr(v.id()))) << "voter id in a public report";
      EXPECT_THAT(out, Not(HasSubstr(v.name()))) << "voter name in a public report";
    }
    EXPECT_THAT(out, Not(HasSubstr("named_ballots")));
    EXPECT_THAT(out, Not(HasSubstr("named-choices")));
  }
}

TEST(ResultReportTest, FullVariantShowsWhoChoseWhatOnNamedFormsOnly) {
  ResultReportInput in = ReportInput();
  in.variant = Variant::kFull;
  NamedBallot b{"v002", "投票人2", "leaders", {}};
  b.ballot.set_form_id("rec");
  auto* a = b.ballot.add_answers();
  a->set_question_id("head");
  a->add_choices("c2");
  auto* d = b.ballot.add_answers();
  d->set_question_id("deputy");
  d->add_choices("d1");
  d->add_choices("d3");
  in.named_ballots.push_back(b);
  NamedBallot blank{"v001", "投票人1", "staff", {}};
  blank.ballot.set_form_id("rec");
  in.named_ballots.push_back(blank);
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr("完整版"));
  EXPECT_THAT(html, HasSubstr("仅限组织部门"));
  EXPECT_THAT(html, HasSubstr("<tr><td>投票人2 (v002)</td><td>领导班子成员</td><td>王芳</td>"
                              "<td>刘洋、杨磊</td></tr>"));
  EXPECT_THAT(html, HasSubstr("<tr><td>投票人1 (v001)</td><td>一般干部</td><td>（弃权）</td>"
                              "<td>（弃权）</td></tr>"));
  EXPECT_LT(html.find("v001"), html.find("v002")) << "rows in voter id order, not cast order";
  EXPECT_EQ(Count(html, "<section class=\"named\""), 1) << "only the named form gets a table";

  const std::string json = *RenderResultJson(in);
  EXPECT_THAT(json, HasSubstr("\"named_ballots\""));
  EXPECT_THAT(json, HasSubstr("\"voter_id\": \"v002\""));

  // A choice on an anonymous form must never be tied to a voter.
  in.named_ballots[0].ballot.set_form_id("assess");
  EXPECT_EQ(RenderResultHtml(in).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResultReportTest, LedgerTieCarriesHeadSignatureCountEntryAndCheckpoint) {
  const std::string html = Html(ReportInput());
  EXPECT_THAT(html, HasSubstr("abababab abababab abababab abababab"));  // head hash
  EXPECT_THAT(html, HasSubstr("5c5c5c5c 5c5c5c5c"));                    // signature
  EXPECT_THAT(html, HasSubstr("计票结果记入账本第 88 条"));
  EXPECT_THAT(html, HasSubstr("cdcdcdcd cdcdcdcd"));
  EXPECT_THAT(html, HasSubstr("gongxin/v1/head\n0a1b2c3d4e5f\n89\n"));
  EXPECT_THAT(html, HasSubstr("gongxind/0a1b2c3d4e5f\n89\n"));
}

TEST(ResultReportTest, JsonIsTheResultPlusTheLedgerTie) {
  const std::string json = *RenderResultJson(ReportInput());
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok()) << json;
  const auto& f = doc.fields();
  EXPECT_EQ(f.at("variant").string_value(), "public");
  EXPECT_EQ(f.at("result").struct_value().fields().at("due").number_value(), 30);
  EXPECT_EQ(f.at("result").struct_value().fields().at("present").number_value(), 27);
  const auto& ledger = f.at("ledger").struct_value().fields();
  EXPECT_EQ(ledger.at("size").number_value(), 89);
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "ab";
  EXPECT_EQ(ledger.at("head_hash").string_value(), hex);
  EXPECT_EQ(ledger.at("count_seq").number_value(), 88);
}

TEST(ResultReportTest, UnknownVariantIsRefusedByName) {
  EXPECT_EQ(*ParseVariant("FULL"), Variant::kFull);
  absl::StatusOr<Variant> bad = ParseVariant("secret");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("--variant"));
}

AnnouncementInput SampleAnnouncement(const char* locale) {
  AnnouncementInput in;
  in.meeting_id = "0a1b2c3d4e5f";
  in.spec = testing::ReportSpec();
  in.status = v1::MEETING_STATUS_ANNOUNCED;
  in.due_by_group = {{"leaders", 10}, {"staff", 20}};
  in.created_at = 1795305600;  // 2026-11-22 00:00 UTC = 08:00 in Beijing
  in.genesis_hash = std::string(32, '\x11');
  in.roll_digest = std::string(32, '\x22');
  in.tie = testing::ReportTie();
  in.locale = locale;
  return in;
}

// A trial vote (试投票): the report and the announcement lead the title with
// the mark and say it counts for nothing; a formal meeting's never do.
TEST(ResultReportTest, TrialVoteIsMarkedInTitleAndNote) {
  ResultReportInput in = ReportInput();
  in.spec.set_trial(true);
  const std::string html = Html(in);
  EXPECT_THAT(html, HasSubstr("<title>【试投票】"));
  EXPECT_THAT(html, HasSubstr("不计入任何正式结果"));
  ResultReportInput en = ReportInput("en");
  en.spec.set_trial(true);
  EXPECT_THAT(Html(en), HasSubstr("[TRIAL VOTE — not counted]"));
  EXPECT_THAT(Html(ReportInput()), Not(HasSubstr("试投票")));
}

TEST(AnnouncementTest, TrialVoteIsMarkedInTitleAndNote) {
  AnnouncementInput in = SampleAnnouncement("zh-CN");
  in.spec.set_trial(true);
  const std::string html = RenderAnnouncementHtml(in);
  EXPECT_THAT(html, HasSubstr("<h1>【试投票】"));
  EXPECT_THAT(html, HasSubstr("不计入任何正式结果"));
  EXPECT_THAT(RenderAnnouncementHtml(SampleAnnouncement("zh-CN")), Not(HasSubstr("试投票")));
}

TEST(AnnouncementTest, ListsPostsCandidatesFormsRulesAndGroupsInChinese) {
  const std::string html = RenderAnnouncementHtml(SampleAnnouncement("zh-CN"));
  for (const char* text :
       {"会前公告", "职位与职数", "<td>局长</td><td>局长人选</td><td class=\"num\">1</td>",
        "<td>张伟</td><td>副局长</td>", "民主测评表", "无记名", "实名", "填写说明", "计票规则",
        "规则 A7", "<td>领导班子成员</td><td class=\"num\">10</td>",
        "<th>合计</th><th class=\"num\">30</th>", "11111111 11111111", "22222222 22222222",
        "2026-11-22", "已公告", "胜任／基本胜任／不胜任"}) {
    EXPECT_THAT(html, HasSubstr(text)) << "announcement lacks " << text;
  }
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

TEST(AnnouncementTest, EnglishAndEscaped) {
  AnnouncementInput in = SampleAnnouncement("en");
  in.spec.mutable_forms(0)->mutable_questions(0)->mutable_approval()->mutable_candidates(1)->set_note(
      "<b onclick=x>");
  const std::string html = RenderAnnouncementHtml(in);
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(html, HasSubstr("Posts and seats"));
  EXPECT_THAT(html, HasSubstr("Counting rules"));
  EXPECT_THAT(html, HasSubstr("announced"));
  EXPECT_THAT(html, Not(HasSubstr("计票规则")));
  EXPECT_THAT(html, Not(HasSubstr("<b onclick")));
  EXPECT_THAT(html, HasSubstr("&lt;b onclick=x&gt;"));
}

// Voters must know before voting that an anonymous ballot will show their
// group (docs/threat-model.md): the announcement says, per form, which
// groups are counted apart and which share the common key (rule A3).
TEST(AnnouncementTest, A3SaysWhichGroupsEachAnonymousFormIsCountedBy) {
  AnnouncementInput in = SampleAnnouncement("zh-CN");
  EXPECT_THAT(RenderAnnouncementHtml(in),
              HasSubstr("《民主测评表》按分组计票：领导班子成员、一般干部各用一把选票密钥"));
  in.due_by_group = {{"leaders", 3}, {"staff", 20}};
  const std::string pooled = RenderAnnouncementHtml(in);
  // leaders (3) alone under the shared key would be fewer than 5: staff
  // joins it, so neither is counted apart.
  EXPECT_THAT(pooled, HasSubstr("《民主测评表》不分组计票：各分组人数不足 5 人"));
  in.spec.set_min_group_size(3);
  in.due_by_group = {{"leaders", 3}, {"staff", 20}};
  EXPECT_THAT(RenderAnnouncementHtml(in), HasSubstr("领导班子成员、一般干部各用一把选票密钥"));
  in = SampleAnnouncement("en");
  in.due_by_group = {{"leaders", 10}, {"staff", 20}};
  EXPECT_THAT(RenderAnnouncementHtml(in),
              HasSubstr("is counted per group: 领导班子成员, 一般干部 each have their own token key"));
}

// 两公开: every rule the count will apply, with its figures, is on the
// announcement before anyone votes — not only the genesis hash.
TEST(AnnouncementTest, PrintsEachFormsQuorumShortlistWeightsAndThresholdsWithTheirFigures) {
  AnnouncementInput in = SampleAnnouncement("zh-CN");
  v1::Form* rec = in.spec.mutable_forms(0);
  rec->mutable_questions(0)->mutable_approval()->set_shortlist_ratio(3);
  v1::GroupWeight* w = rec->add_group_weights();
  w->set_group("leaders");
  w->set_weight(40);
  w = rec->add_group_weights();
  w->set_group("staff");
  w->set_weight(60);
  v1::ThresholdRule* rule = rec->add_rules();
  rule->set_rule_id("S-1a");
  rule->set_text_zh("不胜任票 ≥ 20% 时建议启动调整程序");
  rule->set_text_en("incompetent ≥ 20 %: adjustment advised");
  in.spec.mutable_forms(1)->mutable_quorum()->set_disabled(true);
  const std::string zh = RenderAnnouncementHtml(in);
  const std::string rec_title = rec->title();
  for (const std::string& text :
       {"《" + rec_title + "》：实到人数不少于应到人数的 2/3，计票方为有效（规则 A4、B1）。",
        std::string("：差额 1:3，按得票多少列出前 3 名"),
        "《" + rec_title + "》按类别加权汇总：领导班子成员 40、一般干部 60。",
        "《" + rec_title + "》：不胜任票 ≥ 20% 时建议启动调整程序（规则 S-1a）。",
        "《" + in.spec.forms(1).title() + "》：不设到会人数要求。"}) {
    EXPECT_THAT(zh, HasSubstr(text)) << "announcement lacks " << text;
  }
  in.locale = "en";
  const std::string en = RenderAnnouncementHtml(in);
  EXPECT_THAT(en, HasSubstr("valid only if those present are at least 2/3 of those due"));
  EXPECT_THAT(en, HasSubstr("incompetent ≥ 20 %: adjustment advised (rule S-1a)"));
}

}  // namespace
}  // namespace gongxin::report
