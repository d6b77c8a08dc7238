// `gongxin tally report` and `gongxin meeting announcement` against a real
// gongxind: the documents carry the counts and the signed head, the public
// variant names no voter, the full variant is the admin's alone.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/verification_code.h"
#include "report/html.h"
#include "tests/e2e/e2e_fixture.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReportCliTest : public E2eTest {
 protected:
  // A counted meeting of 6 voters (v001, v002 leaders): v001 c1 + d1,d2;
  // v002 write-in 欧阳修 + d2; v003 blank; the rest absent.
  std::string CountedMeeting() {
    const std::string id = CreateOpenMeeting(6);
    EXPECT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1",
                   "--choose", "deputy=d1,d2"}).code, 0);
    EXPECT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v002", "--write-in",
                   "head=欧阳修", "--choose", "deputy=d2"}).code, 0);
    EXPECT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v003"}).code, 0);
    EXPECT_EQ(Cli({"meeting", "close", id}).code, 0);
    EXPECT_EQ(Cli({"tally", "count", id}).code, 0);
    return id;
  }

  std::string Read(const std::string& name) { return ReadWholeFileForTest(dir_.File(name)); }
};

TEST_F(ReportCliTest, PublicHtmlReportCarriesCountsAndTheSignedHeadButNoVoter) {
  const std::string id = CountedMeeting();
  RunResult r = Cli({"tally", "report", id, "--out", dir_.File("report.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Read("report.html");
  EXPECT_THAT(html, HasSubstr("某县民主推荐会 计票结果报告"));
  EXPECT_THAT(html, HasSubstr("公开版"));
  // 张伟 1 of 3 returned; 陈静 (d2) 2 of 3.
  EXPECT_THAT(html, HasSubstr("<td>张伟</td><td>副局长</td><td class=\"num\">1</td>"
                              "<td class=\"num\">33.3%</td>"));
  EXPECT_THAT(html, HasSubstr("<td>陈静</td><td></td><td class=\"num\">2</td>"
                              "<td class=\"num\">66.7%</td>"));
  EXPECT_THAT(html, HasSubstr("欧阳修（另推他人）"));
  EXPECT_THAT(html, HasSubstr("<svg "));
  EXPECT_THAT(html, HasSubstr("得票率 = 得票 ÷ 收回票数 3")) << "the vote rate's basis (rule A7)";

  // The head on the paper is the head the server reports for the result.
  RunResult shown = Cli({"tally", "show", id, "--lang", "en"});
  ASSERT_EQ(shown.code, 0) << shown.err;
  std::string head_hex;
  for (absl::string_view line : absl::StrSplit(shown.out, '\n')) {
    if (absl::ConsumePrefix(&line, "signed ledger head: ")) {
      head_hex = std::string(line.substr(line.find(" / ") + 3));
    }
  }
  ASSERT_EQ(head_hex.size(), 64u) << shown.out;
  std::string grouped;
  for (size_t i = 0; i < 64; i += 8) absl::StrAppend(&grouped, i ? " " : "", head_hex.substr(i, 8));
  EXPECT_THAT(html, HasSubstr(grouped)) << "the head hash is not on the paper";
  EXPECT_THAT(html, HasSubstr(absl::StrCat("gongxin/v1/head\n", id, "\n")));

  for (int i = 1; i <= 6; ++i) {
    EXPECT_THAT(html, Not(HasSubstr(VoterId(i)))) << "voter id on a public paper";
    EXPECT_THAT(html, Not(HasSubstr(absl::StrCat("投票人", i)))) << "voter name on a public paper";
  }

  RunResult en = Cli({"tally", "report", id, "--out", dir_.File("report-en.html"), "--lang", "en"});
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_THAT(Read("report-en.html"), HasSubstr("count report"));
  EXPECT_THAT(Read("report-en.html"), HasSubstr("Vote rate"));
}

TEST_F(ReportCliTest, JsonAndCsvReports) {
  const std::string id = CountedMeeting();
  ASSERT_EQ(Cli({"tally", "report", id, "--format", "json", "--out", dir_.File("r.json")}).code, 0);
  const std::string json = Read("r.json");
  EXPECT_THAT(json, HasSubstr("\"variant\": \"public\""));
  EXPECT_THAT(json, HasSubstr("\"rate_denominator\": 3"));
  EXPECT_THAT(json, HasSubstr("\"head_hash\""));
  EXPECT_THAT(json, Not(HasSubstr("v001")));
  ASSERT_EQ(Cli({"tally", "report", id, "--format", "csv", "--out", dir_.File("r.csv")}).code, 0);
  const std::string csv = Read("r.csv");
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF") << "CSV for Excel starts with a BOM";
  EXPECT_THAT(csv, HasSubstr("rec,head,局长,candidate,c1,张伟,1,3,33.3,"));
  // The figures the JSON has beside the ranking: 3 valid (v003's blank
  // included) of 3 returned, and the meeting's 3 present of 6 due.
  EXPECT_THAT(csv, HasSubstr("rec,head,局长,valid,,,3,3,100.0,,returned,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr(",,,turnout,,,3,6,50.0,,,,,\r\n"));
  // The column headers follow --lang: Chinese words by default, the
  // documented identifiers in English.
  EXPECT_THAT(csv, HasSubstr("\xEF\xBB\xBF表单编号,问题编号,职位,条目类型,"));
  ASSERT_EQ(Cli({"tally", "report", id, "--format", "csv", "--lang", "en", "--out",
                 dir_.File("r-en.csv")})
                .code,
            0);
  EXPECT_THAT(Read("r-en.csv"), HasSubstr("\xEF\xBB\xBF""form_id,question_id,post,kind,"));
}

TEST_F(ReportCliTest, FullVariantShowsWhoChoseWhatToTheAdminOnly) {
  const std::string id = CountedMeeting();
  const std::string file = dir_.File("full.html");
  RunResult r = Cli({"tally", "report", id, "--variant", "full", "--out", file});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Read("full.html");
  EXPECT_THAT(html, HasSubstr("完整版"));
  EXPECT_THAT(html, HasSubstr("<tr><td>投票人1 (v001)</td><td>领导班子成员</td><td>张伟</td>"
                              "<td>刘洋、陈静</td></tr>"));
  EXPECT_THAT(html, HasSubstr("<td>投票人2 (v002)</td><td>领导班子成员</td><td>欧阳修（另推他人）</td>"));
  EXPECT_THAT(html, HasSubstr("<td>投票人3 (v003)</td><td>一般干部</td><td>（弃权）</td>"));
  EXPECT_THAT(html, Not(HasSubstr("v004"))) << "an absent voter has no row";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the full variant must be readable by its owner only";

  // Another role's certificate cannot fetch the openings behind it.
  RunResult officer = Cli({"--as", "officer", "tally", "report", id, "--variant", "full", "--out",
                           dir_.File("officer.html")});
  EXPECT_EQ(officer.code, 1);
  EXPECT_THAT(officer.err, HasSubstr("PERMISSION_DENIED"));
  RunResult csv = Cli({"tally", "report", id, "--variant", "full", "--format", "csv", "--out",
                       dir_.File("full.csv")});
  EXPECT_EQ(csv.code, 1);
  EXPECT_THAT(csv.err, HasSubstr("INVALID_ARGUMENT"));
}

// The office formats from the CLI: the workbook and the PDF of a counted
// meeting, and the roll template, which needs no server. The files' insides
// are checked with openpyxl and poppler in tests/client; here, that each is
// the kind of file it says, and that the full variant's workbook is refused.
TEST_F(ReportCliTest, XlsxPdfAndRollTemplateFiles) {
  const std::string id = CountedMeeting();
  RunResult xlsx = Cli({"tally", "report", id, "--format", "xlsx", "--out", dir_.File("r.xlsx")});
  ASSERT_EQ(xlsx.code, 0) << xlsx.err;
  EXPECT_EQ(Read("r.xlsx").substr(0, 2), "PK") << "an .xlsx is a zip file";
  RunResult full = Cli({"tally", "report", id, "--variant", "full", "--format", "xlsx", "--out",
                        dir_.File("full.xlsx")});
  EXPECT_EQ(full.code, 1);
  EXPECT_THAT(full.err, HasSubstr("INVALID_ARGUMENT"));

  RunResult tpl = Cli({"meeting", "roll-template", "--out", dir_.File("roll.xlsx"), "--groups",
                       "leaders,staff"});
  ASSERT_EQ(tpl.code, 0) << tpl.err;
  EXPECT_EQ(Read("roll.xlsx").substr(0, 2), "PK");
  ASSERT_EQ(Cli({"meeting", "roll-template", "--format", "csv", "--out", dir_.File("roll.csv")}).code,
            0);
  EXPECT_EQ(Read("roll.csv"), "\xEF\xBB\xBF编号,姓名,类别\r\n");

  if (!std::filesystem::exists("/usr/bin/chromium")) {
    GTEST_SKIP() << "Chromium is not installed: the PDF was not printed";
  }
  RunResult pdf = Cli({"tally", "report", id, "--format", "pdf", "--out", dir_.File("r.pdf")});
  ASSERT_EQ(pdf.code, 0) << pdf.err;
  EXPECT_EQ(Read("r.pdf").substr(0, 5), "%PDF-");
  RunResult ann =
      Cli({"meeting", "announcement", id, "--format", "pdf", "--out", dir_.File("a.pdf")});
  ASSERT_EQ(ann.code, 0) << ann.err;
  EXPECT_EQ(Read("a.pdf").substr(0, 5), "%PDF-");
}

TEST_F(ReportCliTest, ReportBeforeTheCountIsRefused) {
  const std::string id = CreateOpenMeeting(3);
  RunResult r = Cli({"tally", "report", id, "--out", dir_.File("early.html")});
  EXPECT_EQ(r.code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("early.html"))) << "no half document";
}

TEST_F(ReportCliTest, AnnouncementListsTheMeetingAndCitesTheGenesisEntry) {
  const std::string id = CreateOpenMeeting(6);
  RunResult r = Cli({"meeting", "announcement", id, "--out", dir_.File("announce.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Read("announce.html");
  for (const char* text : {"某县民主推荐会 会前公告", "中共某县委组织部", "<td>局长</td>",
                           "<td>张伟</td>", "<td>杨磊</td>", "民主推荐票", "实名",
                           "<td>领导班子成员</td><td class=\"num\">2</td>",
                           "<td>一般干部</td><td class=\"num\">4</td>",
                           "<th>合计</th><th class=\"num\">6</th>", "计票规则"}) {
    EXPECT_THAT(html, HasSubstr(text)) << "announcement lacks " << text;
  }
  // The genesis hash on the paper is the hash of entry 0 of the record.
  ASSERT_EQ(Cli({"audit", "export", id, "--public", "--out", dir_.File("p.gxe")}).code, 0);
  std::ifstream in(dir_.File("p.gxe"), std::ios::binary);
  ledger::ExportReader reader(&in);
  ASSERT_TRUE(reader.ReadMagic().ok());
  v1::ExportRecord rec;
  std::string genesis;
  while (genesis.empty() && *reader.Next(&rec)) {
    if (rec.has_entry()) genesis = ledger::EntryHash(rec.entry());
  }
  ASSERT_FALSE(genesis.empty());
  EXPECT_THAT(html, HasSubstr(report::GroupedHex(genesis)));
  for (int i = 1; i <= 6; ++i) {
    EXPECT_THAT(html, Not(HasSubstr(absl::StrCat("投票人", i)))) << "the roll is not announced";
  }
}

// The first printed 核验码 (XXXX-XXXX-XXXX-XXXX-X) after `after` in `html`, or "".
std::string PrintedCode(const std::string& html, const std::string& after) {
  const std::regex code("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]");
  const size_t at = html.find(after);
  if (at == std::string::npos) return "";
  std::smatch m;
  const std::string rest = html.substr(at);
  return std::regex_search(rest, m, code) ? m.str() : "";
}

TEST_F(ReportCliTest, VerificationCodesOnThePapersCheckOnlineAndOffline) {
  const std::string id = CountedMeeting();
  ASSERT_EQ(Cli({"meeting", "announcement", id, "--out", dir_.File("a.html")}).code, 0);
  ASSERT_EQ(Cli({"tally", "report", id, "--out", dir_.File("r.html")}).code, 0);
  const std::string announcement = PrintedCode(Read("a.html"), "核验码");
  const std::string result = PrintedCode(Read("r.html"), "核验码");
  ASSERT_FALSE(announcement.empty()) << "no 核验码 on the announcement";
  ASSERT_FALSE(result.empty()) << "no 核验码 on the result report";
  EXPECT_NE(announcement, result);
  EXPECT_THAT(Read("a.html"), HasSubstr("gongxin code check"));

  RunResult online = Cli({"code", "check", result, "--meeting", id, "--trust", trust_});
  EXPECT_EQ(online.code, 0) << online.out << online.err;
  EXPECT_THAT(online.out, HasSubstr("有效"));
  EXPECT_THAT(online.out, HasSubstr("结果报告"));

  // Offline, from the public export, typed in lower case without dashes.
  ASSERT_EQ(Cli({"audit", "export", id, "--public", "--out", dir_.File("p.gxe")}).code, 0);
  std::string typed = absl::AsciiStrToLower(absl::StrReplaceAll(announcement, {{"-", ""}}));
  RunResult offline = Cli({"code", "check", typed, "--export", dir_.File("p.gxe"), "--trust",
                           trust_, "--lang", "en"});
  EXPECT_EQ(offline.code, 0) << offline.out << offline.err;
  EXPECT_THAT(offline.out, HasSubstr("VALID: " + announcement + " is the code of the announcement"));

  // A well-formed code of another meeting: not found, exit 3.
  const std::string other = ledger::VerificationCode("another-meeting", ledger::DocumentKind::kResult,
                                                     7, std::string(32, 'x'));
  RunResult missing = Cli({"code", "check", other, "--meeting", id, "--trust", trust_});
  EXPECT_EQ(missing.code, 3) << missing.out << missing.err;
  EXPECT_THAT(missing.out, HasSubstr("未找到"));
  // One character mistyped: the check character says so, exit 1.
  std::string wrong = result;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  RunResult bad = Cli({"code", "check", wrong, "--meeting", id, "--trust", trust_});
  EXPECT_EQ(bad.code, 1) << bad.out << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("verification code: the check character does not match"));
}

}  // namespace
}  // namespace gongxin::testing
