// Slips for voting by phone through the real CLI against a real gongxind:
// `meeting slips` prints a group's slips whose codes parse and were issued,
// `meeting void-slip` and `meeting reprint-slip` take one out of use, and
// `kiosk checkin --by-slip` checks a voter in to vote by phone — with a
// slip bound to a voter of a named form, with none for one of anonymous
// forms only.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kiosk/slip.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPage[] = "https://127.0.0.1:8443";

class SlipsCliTest : public E2eTest {
 protected:
  // The sample meeting of 9 voters where only the leaders (v001–v003)
  // receive the named form rec; everyone receives the anonymous
  // satisfaction forms, so the staff (v004–v009) vote anonymously only.
  std::string CreateOpenSlipMeeting() {
    v1::MeetingSpec spec = SampleSpec({.satisfaction = true});
    spec.mutable_forms(0)->add_eligible_groups("leaders");
    std::ofstream(dir_.File("meeting.yaml"), std::ios::binary) << SpecYaml(spec, "voters.csv");
    std::ofstream(dir_.File("voters.csv"), std::ios::binary) << RollCsv(SampleRoll(9));
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    std::string id(absl::StripAsciiWhitespace(created.out));
    EXPECT_EQ(Cli({"meeting", "announce", id}).code, 0);
    EXPECT_EQ(Cli({"meeting", "open", id}).code, 0);
    return id;
  }

  RunResult Slips(const std::string& id, const std::string& group, int count,
                  const std::string& out, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"meeting", "slips", id, "--group", group, "--count",
                                     absl::StrCat(count), "--out", dir_.File(out), "--page",
                                     kPage};
    args.insert(args.end(), more.begin(), more.end());
    return Cli(args);
  }

  // The codes printed on a sheet, in order.
  std::vector<std::string> Codes(const std::string& file) {
    const std::string html = ReadWholeFileForTest(dir_.File(file));
    const std::string open = "<div class=\"code mono\">";
    std::vector<std::string> codes;
    for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
      const size_t start = at + open.size();
      codes.push_back(html.substr(start, html.find("</div>", start) - start));
    }
    return codes;
  }

  static int Count(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
      ++n;
    }
    return n;
  }
};

TEST_F(SlipsCliTest, SlipsForAGroupCarryCodesThatParseAndWereIssued) {
  const std::string id = CreateOpenSlipMeeting();
  RunResult r = Slips(id, "staff", 5, "slips.html", {"--ca-cert", Pki() + "/ca.pem"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("类别 一般干部（staff）：已发出 5 张凭条，打印文件："));
  EXPECT_THAT(r.out, HasSubstr(dir_.File("slips.html")));
  EXPECT_EQ(Count(r.out, "\n"), 1) << "one line: " << r.out;

  const std::string html = ReadWholeFileForTest(dir_.File("slips.html"));
  const std::vector<std::string> codes = Codes("slips.html");
  ASSERT_EQ(codes.size(), 5u) << html;
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 5u);
  for (const std::string& code : codes) {
    SCOPED_TRACE(code);
    absl::StatusOr<std::string> secret = kiosk::ParseSlipCode(code);
    ASSERT_TRUE(secret.ok()) << secret.status();
    EXPECT_THAT(html, HasSubstr(kiosk::SlipAddress(kPage, *secret)));
  }
  EXPECT_EQ(Count(html, "<svg "), 5);
  EXPECT_THAT(html, HasSubstr("某县民主推荐会"));
  EXPECT_THAT(html, HasSubstr("类别：一般干部"));
  EXPECT_THAT(html, HasSubstr("会场证书颁发机构指纹（SHA-256），安装前请核对："));
  EXPECT_THAT(html, Not(HasSubstr("补打")));
  struct stat st {};
  ASSERT_EQ(::stat(dir_.File("slips.html").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the sheet holds the only copy of the codes";

  // Issued: voiding one is accepted by the server; a second sheet over the
  // first is refused before anything is issued.
  RunResult voided = Cli({"meeting", "void-slip", id, codes[0], "--lang", "en"});
  ASSERT_EQ(voided.code, 0) << voided.err;
  EXPECT_THAT(voided.out, HasSubstr(absl::StrCat("slip ", codes[0], " (group staff) is void")));
  RunResult again = Slips(id, "staff", 5, "slips.html");
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_EQ(Codes("slips.html"), codes) << "the first sheet was replaced";

  RunResult en = Slips(id, "staff", 1, "slips-en.html", {"--lang", "en"});
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_THAT(en.out, HasSubstr("issued 1 slips for group 一般干部 (staff)"));
  EXPECT_THAT(ReadWholeFileForTest(dir_.File("slips-en.html")), HasSubstr("This slip works once"));
}

TEST_F(SlipsCliTest, VoidAndReprint) {
  const std::string id = CreateOpenSlipMeeting();
  ASSERT_EQ(Slips(id, "staff", 3, "slips.html").code, 0);
  const std::vector<std::string> codes = Codes("slips.html");
  ASSERT_EQ(codes.size(), 3u);

  // Dashes and case do not matter to a typed code.
  std::string typed = absl::StrReplaceAll(codes[0], {{"-", ""}});
  typed = absl::AsciiStrToLower(typed);
  RunResult voided = Cli({"meeting", "void-slip", id, typed});
  ASSERT_EQ(voided.code, 0) << voided.err;
  EXPECT_THAT(voided.out, HasSubstr(absl::StrCat("凭条 ", codes[0], "（类别 staff）已作废")));
  RunResult twice = Cli({"meeting", "void-slip", id, codes[0]});
  EXPECT_EQ(twice.code, 1);
  EXPECT_THAT(twice.err, HasSubstr("FAILED_PRECONDITION"));

  RunResult reprint = Cli({"meeting", "reprint-slip", id, codes[1], "--out",
                           dir_.File("reprint.html"), "--page", kPage});
  ASSERT_EQ(reprint.code, 0) << reprint.err;
  EXPECT_THAT(reprint.out, HasSubstr(absl::StrCat("凭条 ", codes[1], " 已作废")));
  const std::vector<std::string> reprinted = Codes("reprint.html");
  ASSERT_EQ(reprinted.size(), 1u);
  EXPECT_NE(reprinted[0], codes[1]);
  const std::string html = ReadWholeFileForTest(dir_.File("reprint.html"));
  EXPECT_THAT(html, HasSubstr("补打凭条（被替换的原凭条已作废）"));
  EXPECT_THAT(html, HasSubstr("类别：一般干部"));
  // The old slip is void; the new one was issued (so it can be voided).
  EXPECT_EQ(Cli({"meeting", "void-slip", id, codes[1]}).code, 1);
  RunResult new_void = Cli({"meeting", "void-slip", id, reprinted[0]});
  EXPECT_EQ(new_void.code, 0) << new_void.err;
  // A void slip cannot be reprinted again, and nothing is written then.
  RunResult void_reprint = Cli({"meeting", "reprint-slip", id, codes[1], "--out",
                                dir_.File("again.html"), "--page", kPage});
  EXPECT_EQ(void_reprint.code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("again.html")));
}

TEST_F(SlipsCliTest, AMistypedCodeIsRefusedNamingTheCheckCharacter) {
  const std::string id = CreateOpenSlipMeeting();
  ASSERT_EQ(Slips(id, "staff", 1, "slips.html").code, 0);
  std::string code = Codes("slips.html").at(0);
  code[0] = code[0] == 'A' ? 'B' : 'A';
  RunResult r = Cli({"meeting", "void-slip", id, code, "--lang", "en"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("check character"));
  EXPECT_THAT(r.err, HasSubstr("slip code"));
  EXPECT_THAT(r.err, Not(HasSubstr("receipt")));
}

TEST_F(SlipsCliTest, RefusesBadCountPageAndGroupWritingNothing) {
  const std::string id = CreateOpenSlipMeeting();
  struct Case {
    std::string name;
    RunResult r;
    std::string want;
  };
  std::vector<Case> cases;
  cases.push_back({"zero", Slips(id, "staff", 0, "zero.html"), "--count"});
  cases.push_back({"many", Slips(id, "staff", 5001, "many.html"), "--count"});
  cases.push_back({"http", Cli({"meeting", "slips", id, "--group", "staff", "--count", "1",
                                "--out", dir_.File("http.html"), "--page",
                                "http://127.0.0.1:8080"}),
                   "https://"});
  // The server's refusal comes through.
  cases.push_back({"group", Slips(id, "nobody", 2, "group.html"), "nobody"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.r.code, 1) << c.r.out;
    EXPECT_THAT(c.r.err, HasSubstr("INVALID_ARGUMENT"));
    EXPECT_THAT(c.r.err, HasSubstr(c.want));
    EXPECT_FALSE(std::filesystem::exists(dir_.File(c.name + ".html")));
  }
}

TEST_F(SlipsCliTest, ASheetThatCannotBeWrittenAfterTheIssueSaysSoPlainly) {
  const std::string id = CreateOpenSlipMeeting();
  RunResult r = Slips(id, "staff", 2, "no-such-dir/slips.html", {"--lang", "en"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("--out: cannot write"));
  EXPECT_THAT(r.err, HasSubstr("The server issued 2 slips for group 一般干部 (staff) but they "
                               "were not written"));
  EXPECT_THAT(r.err, HasSubstr("run the command again for fresh slips"));
}

TEST_F(SlipsCliTest, CheckInBySlip) {
  const std::string id = CreateOpenSlipMeeting();
  ASSERT_EQ(Slips(id, "staff", 2, "staff.html").code, 0);
  ASSERT_EQ(Slips(id, "leaders", 2, "leaders.html").code, 0);
  const std::vector<std::string> staff = Codes("staff.html");
  const std::vector<std::string> leaders = Codes("leaders.html");

  // A voter of anonymous forms only takes a slip at random: none is named.
  RunResult anon = Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v004", "--by-slip"});
  ASSERT_EQ(anon.code, 0) << anon.err;
  EXPECT_THAT(anon.out, HasSubstr("已签到（手机投票）：投票人4（一般干部（staff））"));
  EXPECT_THAT(anon.out, HasSubstr("请从类别 一般干部 的凭条中随机抽取一张"));
  EXPECT_THAT(anon.out, Not(HasSubstr("credential")));
  EXPECT_THAT(anon.out, Not(HasSubstr("token")));
  RunResult anon_en = Cli(
      {"kiosk", "checkin", "--meeting", id, "--voter", "v005", "--by-slip", "--lang", "en"});
  ASSERT_EQ(anon_en.code, 0) << anon_en.err;
  EXPECT_THAT(anon_en.out, HasSubstr("hand over a slip drawn at random from group 一般干部's stack"));

  // … and scanning one for them is refused: it would tie the voter to it.
  RunResult scanned = Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v006", "--by-slip",
                           "--slip", staff[0]});
  EXPECT_EQ(scanned.code, 1);
  EXPECT_THAT(scanned.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(scanned.err, HasSubstr("anonymous forms only"));

  // A voter of a named form needs the slip scanned, and gets it bound.
  RunResult unbound = Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v001", "--by-slip"});
  EXPECT_EQ(unbound.code, 1);
  EXPECT_THAT(unbound.err, HasSubstr("slip_secret: required"));
  RunResult bound = Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v001", "--by-slip",
                         "--slip", leaders[0]});
  ASSERT_EQ(bound.code, 0) << bound.err;
  EXPECT_THAT(bound.out, HasSubstr(absl::StrCat("凭条 ", leaders[0], " 已与该投票人绑定")));
  // A bound slip is the voter's: it can no longer be voided.
  EXPECT_EQ(Cli({"meeting", "void-slip", id, leaders[0]}).code, 1);

  // --slip means nothing without --by-slip.
  RunResult no_flag =
      Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v002", "--slip", leaders[1]});
  EXPECT_NE(no_flag.code, 0);
}

}  // namespace
}  // namespace gongxin::testing
