// Inspectors' scores, recusals and grades in the report (issue 16): the
// ranking shows each panel indicator's aggregate with how many inspectors
// it counts and the grade beside the rank; the panel line and the recusals
// sit under the rule's heading; only the full variant has each inspector's
// sheet, and a public report given one is refused.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/result_report.h"
#include "report/sections/sections.h"
#include "tests/report/sections/html_of.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// c1 ranked first: its two panel indicators averaged over 3 inspectors.
v1::TallyResult Result() {
  v1::TallyResult r;
  r.set_meeting_id("m1");
  v1::CompositeResult* rule = r.add_composites();
  rule->set_rule_id("ability");
  v1::CompositeCandidate* c1 = rule->add_candidates();
  c1->set_candidate_id("c1");
  c1->set_rank(1);
  c1->set_composite("69.5");
  c1->set_grade("基本称职");
  auto add = [&](const char* id, const char* points, uint32_t n, const char* score) {
    v1::ComponentScore* s = c1->add_components();
    s->set_component_id(id);
    s->set_points(points);
    s->set_inspectors(n);
    s->set_score(score);
  };
  add("recommendation", "50", 0, "");
  add("ability", "85", 3, "85");
  add("integrity", "80", 3, "8");
  return r;
}

InspectorScore Sheet(const char* inspector, const char* indicator, const char* value) {
  return {"ability", "c1", indicator, inspector, value, 10};
}

TEST(InspectionSectionTest, RankingShowsTheGradeAndTheAggregateWithItsInspectors) {
  for (const char* locale : {"zh-CN", "en"}) {
    const Messages& m = MessagesFor(locale);
    const v1::MeetingSpec spec = testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN);
    const Context c{m, spec, IsEnglish(locale)};
    Block root;
    AppendComposites(c, Result(), &root);
    const std::string html = HtmlOf(root, 1);
    EXPECT_THAT(html, HasSubstr(m.grade)) << locale;
    EXPECT_THAT(html, HasSubstr("基本称职"));
    EXPECT_THAT(html, HasSubstr(IsEnglish(locale) ? "85.00 (3 inspectors)" : "85.00（3 人）"));
    // The English aggregation has an apostrophe, which the HTML escapes.
    EXPECT_THAT(html, HasSubstr(Escape(m.aggregation_mean))) << locale;
    // The panel line names the inspectors, with their labels.
    EXPECT_THAT(html, HasSubstr(IsEnglish(locale) ? "张组长 (officer-1), officer-2, officer-3"
                                                  : "张组长 (officer-1)、officer-2、officer-3"))
        << locale;
    EXPECT_THAT(html, HasSubstr(m.recusal_kinship));
    EXPECT_THAT(html, Not(HasSubstr(m.sheets_heading)));
  }
}

TEST(InspectionSectionTest, FullReportHasEachInspectorsSheetAndMarksTheRecused) {
  const Messages& m = MessagesFor("zh-CN");
  const v1::MeetingSpec spec = testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN);
  const Context c{m, spec, false};
  Block root;
  AppendInspectorSheets(c, {Sheet("officer-1", "ability", "90"), Sheet("officer-3", "integrity", "7")},
                        &root);
  const std::string html = HtmlOf(root, 1);
  EXPECT_THAT(html, HasSubstr("考察人评分表"));
  EXPECT_THAT(html, HasSubstr("张组长 (officer-1) · 干部能力考察"));
  EXPECT_THAT(html, HasSubstr(">90<"));
  EXPECT_THAT(html, HasSubstr(">7<"));
  // officer-3's sheet marks c2 (王芳), whom they are recused from.
  EXPECT_THAT(html, HasSubstr("<td>王芳</td><td>回避</td><td>回避</td>"));
}

TEST(InspectionSectionTest, APublicReportGivenInspectorsSheetsIsRefused) {
  ResultReportInput in;
  in.spec = testing::InspectionSpec(v1::INSPECTOR_AGGREGATION_MEAN);
  in.result = Result();
  in.inspector_scores = {Sheet("officer-1", "ability", "90")};
  EXPECT_THAT(RenderResultHtml(in).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("a public report shows the inspectors' aggregate only")));
  in.variant = Variant::kFull;
  ASSERT_OK_AND_ASSIGN(std::string full, RenderResultHtml(in));
  EXPECT_THAT(full, HasSubstr("id=\"inspector-sheets\""));
  in.variant = Variant::kPublic;
  in.inspector_scores.clear();
  ASSERT_OK_AND_ASSIGN(std::string pub, RenderResultHtml(in));
  EXPECT_THAT(pub, Not(HasSubstr("考察人评分表")));
  EXPECT_THAT(pub, HasSubstr("85.00（3 人）"));
  // CSV: the grade beside the rank, and the inspectors behind an aggregate.
  ASSERT_OK_AND_ASSIGN(std::string csv, RenderResultCsv(in));
  EXPECT_THAT(csv, HasSubstr("composite_grade"));
  EXPECT_THAT(csv, HasSubstr("基本称职"));
}

}  // namespace
}  // namespace gongxin::report::sections
