// The selection around the meeting end to end: real gongxind and gongxin on
// 127.0.0.1, certificates from `gongxin pki init` (which now includes an
// observer's). A party deputy with the observer certificate watches the
// meeting and records an opinion; the inspection report is recorded by hash
// and later recognised — or not — offline from the export; the 任前公示 of
// two candidates ends in one appointment and one disqualification (000:
// "有2名干部…被取消拟任资格"), printed as the 公示 and the 再公示; the full
// report lists it all and the export verifies.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class SelectionE2eTest : public E2eTest {};

TEST_F(SelectionE2eTest, DocumentsNoticeAndObserverThroughTheCli) {
  const std::string id = CreateOpenMeeting(4);
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(1), "--choose", "head=c1"})
                .code,
            0);

  // The observer: progress yes, anything else no.
  RunResult watched = Cli({"observer", "show", id});
  ASSERT_EQ(watched.code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("实到"));
  EXPECT_THAT(watched.out, HasSubstr("投票中"));
  RunResult peek = Cli({"--as", "observer", "audit", "export", id, "--public", "--out",
                        dir_.File("peek.gxe")});
  EXPECT_EQ(peek.code, 1);
  EXPECT_THAT(peek.err, HasSubstr("PERMISSION_DENIED"));
  RunResult opinion = Cli({"observer", "opinion", id, "--text", "建议会后公开考察组名单"});
  ASSERT_EQ(opinion.code, 0) << opinion.err;
  EXPECT_THAT(opinion.out, HasSubstr("旁听意见已登记"));
  RunResult not_observer = Cli({"--as", "officer", "observer", "opinion", id, "--text", "x"});
  EXPECT_EQ(not_observer.code, 1);
  EXPECT_THAT(not_observer.err, HasSubstr("PERMISSION_DENIED"));

  // The inspection report by hash; the file stays here.
  const std::string report_file = dir_.File("考察报告-张伟.txt");
  std::ofstream(report_file) << "张伟同志考察报告：德才兼备，群众公认。\n";
  RunResult added = Cli({"record", "add", id, "--kind", "考察报告", "--file", report_file,
                         "--candidate", "c1"});
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("已登记：考察报告 考察报告-张伟.txt"));
  RunResult again = Cli({"record", "add", id, "--kind", "inspection_report", "--file", report_file});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("ALREADY_EXISTS"));
  RunResult bad_kind = Cli({"record", "add", id, "--kind", "日记", "--file", report_file});
  EXPECT_EQ(bad_kind.code, 1);
  EXPECT_THAT(bad_kind.err, HasSubstr("考察报告"));

  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult early = Cli({"notice", "publish", id, "--start", "2020-01-01", "--end", "2020-01-07",
                         "--channel", "南漳党建网", "--subject", "c1", "--subject", "c2"});
  EXPECT_EQ(early.code, 1);
  EXPECT_THAT(early.err, HasSubstr("not counted yet"));
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  RunResult published = Cli({"notice", "publish", id, "--start", "2020-01-01", "--end",
                             "2020-01-07", "--channel", "南漳党建网", "--channel", "南漳电视台",
                             "--subject", "c1=副局长", "--subject", "c2=副局长"});
  ASSERT_EQ(published.code, 0) << published.err;
  RunResult no_reason = Cli({"notice", "outcome", id, "--candidate", "c2", "--outcome",
                             "取消任职资格"});
  EXPECT_EQ(no_reason.code, 1);
  EXPECT_THAT(no_reason.err, HasSubstr("reason: required"));
  ASSERT_EQ(Cli({"notice", "outcome", id, "--candidate", "c1", "--outcome", "正式任用"}).code, 0);
  ASSERT_EQ(Cli({"notice", "outcome", id, "--candidate", "c2", "--outcome", "disqualified",
                 "--reason", "公示期间群众反映存在经济问题，经调查核实属实"})
                .code,
            0);
  RunResult unknown = Cli({"notice", "outcome", id, "--candidate", "c3", "--outcome", "正式任用"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));

  ASSERT_EQ(Cli({"notice", "print", id, "--out", dir_.File("notice.html")}).code, 0);
  const std::string notice = Slurp(dir_.File("notice.html"));
  EXPECT_THAT(notice, HasSubstr("任前公示"));
  EXPECT_THAT(notice, HasSubstr("2020-01-01 至 2020-01-07"));
  EXPECT_THAT(notice, HasSubstr("南漳党建网、南漳电视台"));
  EXPECT_THAT(notice, HasSubstr("张伟"));
  ASSERT_EQ(Cli({"notice", "print", id, "--results", "--out", dir_.File("results.html")}).code, 0);
  const std::string results = Slurp(dir_.File("results.html"));
  EXPECT_THAT(results, HasSubstr("任前公示结果再公示"));
  EXPECT_THAT(results, HasSubstr("公示对象 2 人：正式任用 1 人，暂缓任用 0 人，取消任职资格 1 人"));
  EXPECT_THAT(results, HasSubstr("经调查核实属实"));
  ASSERT_EQ(Cli({"notice", "print", id, "--results", "--lang", "en", "--out",
                 dir_.File("results-en.html")})
                .code,
            0);
  EXPECT_THAT(Slurp(dir_.File("results-en.html")), HasSubstr("1 appointed, 0 deferred, 1 disqualified"));

  // The full report lists the document, the outcomes and the opinion; the
  // public one none of them.
  ASSERT_EQ(Cli({"tally", "report", id, "--variant", "full", "--out", dir_.File("full.html")}).code,
            0);
  const std::string full = Slurp(dir_.File("full.html"));
  EXPECT_THAT(full, HasSubstr("文书档案"));
  EXPECT_THAT(full, HasSubstr("考察报告-张伟.txt"));
  EXPECT_THAT(full, HasSubstr("取消任职资格"));
  EXPECT_THAT(full, HasSubstr("建议会后公开考察组名单"));
  ASSERT_EQ(Cli({"tally", "report", id, "--out", dir_.File("public.html")}).code, 0);
  EXPECT_THAT(Slurp(dir_.File("public.html")), Not(HasSubstr("建议会后公开考察组名单")));

  // Offline: the export verifies, and says which file is the one recorded.
  const std::string export_file = dir_.File("m.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  ASSERT_EQ(verified.code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("1 documents recorded by hash"));
  EXPECT_THAT(verified.out, HasSubstr("1 observer opinions"));
  // Each printed document's 核验码 names it in the export: the notice by its
  // own entry, the 再公示 by the last outcome it presents.
  const std::regex code_re("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]");
  std::smatch notice_code, results_code;
  ASSERT_TRUE(std::regex_search(notice, notice_code, code_re)) << "no 核验码 on the notice";
  ASSERT_TRUE(std::regex_search(results, results_code, code_re)) << "no 核验码 on the 再公示";
  EXPECT_NE(notice_code.str(), results_code.str());
  RunResult notice_checked =
      Cli({"code", "check", notice_code.str(), "--export", export_file, "--trust", trust_});
  EXPECT_EQ(notice_checked.code, 0) << notice_checked.out << notice_checked.err;
  EXPECT_THAT(notice_checked.out, HasSubstr("任前公示"));
  RunResult results_checked =
      Cli({"code", "check", results_code.str(), "--export", export_file, "--trust", trust_});
  EXPECT_EQ(results_checked.code, 0) << results_checked.out << results_checked.err;
  EXPECT_THAT(results_checked.out, HasSubstr("再公示"));
  RunResult found = Cli({"record", "check", export_file, "--file", report_file, "--trust", trust_});
  ASSERT_EQ(found.code, 0) << found.err;
  EXPECT_THAT(found.out, HasSubstr("已登记"));
  EXPECT_THAT(found.out, HasSubstr("officer-1（officer）"));
  EXPECT_THAT(found.out, HasSubstr("导出文件已用"));
  const std::string altered = dir_.File("改过的报告.txt");
  std::ofstream(altered) << "张伟同志考察报告：德才兼备，群众公认！\n";
  RunResult missing = Cli({"record", "check", export_file, "--file", altered});
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, HasSubstr("未登记"));
  EXPECT_THAT(missing.err, HasSubstr("未核验导出文件的签名"));

  // The 公示 printed as PDF, for filing (pdf_print_test checks the font).
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    GTEST_SKIP() << "Chromium is not installed: the notice was not printed as PDF";
  }
  RunResult pdf = Cli({"notice", "print", id, "--format", "pdf", "--out", dir_.File("notice.pdf")});
  ASSERT_EQ(pdf.code, 0) << pdf.err;
  EXPECT_EQ(Slurp(dir_.File("notice.pdf")).substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace gongxin::testing
