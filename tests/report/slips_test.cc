// The sheet of slips for voting by phone: every code and address on it
// escaped, one QR code per slip, 2 × 4 slips per A4 page, the report's
// Content-Security-Policy, both languages, and the reprint's mark.
#include "report/slips.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/html.h"
#include "report/messages.h"

namespace gongxin::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// A sheet of `n` slips whose codes and addresses carry characters HTML must
// escape (real codes never do; the renderer must not rely on it).
SlipSheet Sheet(int n) {
  SlipSheet sheet;
  sheet.meeting_title = "某县民主推荐会";
  sheet.meeting_id = "0123456789abcdef";
  sheet.group_name = "一般干部";
  sheet.page = "https://192.0.2.10:8443";
  for (int i = 0; i < n; ++i) {
    sheet.slips.push_back({absl::StrCat("CODE-", i, "<&>"),
                           absl::StrCat("https://192.0.2.10:8443/s/CODE", i, "?a=1&b=\"2\""),
                           "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>QR</title></svg>"});
  }
  return sheet;
}

TEST(SlipsTest, EveryCodeAndAddressAppearsEscaped) {
  const std::string html = RenderSlipsHtml(Sheet(3), MessagesFor("zh-CN"));
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_THAT(html, HasSubstr(absl::StrCat("CODE-", i, "&lt;&amp;&gt;")));
    EXPECT_THAT(html, HasSubstr(absl::StrCat("https://192.0.2.10:8443/s/CODE", i,
                                             "?a=1&amp;b=&quot;2&quot;")));
  }
  EXPECT_THAT(html, Not(HasSubstr("<&>")));
  EXPECT_THAT(html, Not(HasSubstr("&b=")));
}

TEST(SlipsTest, OneQrCodePerSlipAndEightSlipsPerPage) {
  for (int n : {1, 8, 9, 17}) {
    SCOPED_TRACE(n);
    const std::string html = RenderSlipsHtml(Sheet(n), MessagesFor("zh-CN"));
    EXPECT_EQ(Count(html, "<svg "), n);
    EXPECT_EQ(Count(html, "<div class=\"slip\">"), n);
    EXPECT_EQ(Count(html, "<section class=\"sheet\">"), (n + kSlipsPerPage - 1) / kSlipsPerPage);
    EXPECT_EQ(Count(html, "</section>"), (n + kSlipsPerPage - 1) / kSlipsPerPage);
  }
}

TEST(SlipsTest, PrintsOnA4WithDashedCutLinesAndNoScriptOrFetch) {
  const std::string html = RenderSlipsHtml(Sheet(2), MessagesFor("zh-CN"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4; margin: 10mm; }"));
  EXPECT_THAT(html, HasSubstr("grid-template-columns: 95mm 95mm"));
  EXPECT_THAT(html, HasSubstr("dashed"));
  EXPECT_THAT(html, HasSubstr("monospace"));
  // The same head as report/'s other documents.
  const std::string page = Page("zh-CN", "x", "");
  const std::string csp = page.substr(page.find("<meta http-equiv"),
                                      page.find('\n', page.find("<meta http-equiv")) -
                                          page.find("<meta http-equiv"));
  EXPECT_THAT(csp, HasSubstr("default-src 'none'"));
  EXPECT_THAT(html, HasSubstr(csp));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
}

TEST(SlipsTest, ChineseByDefaultEnglishWithEn) {
  SlipSheet sheet = Sheet(1);
  const std::string zh = RenderSlipsHtml(sheet, MessagesFor("zh-CN"));
  EXPECT_THAT(zh, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(zh, HasSubstr("<title>某县民主推荐会 · 手机投票凭条</title>"));
  EXPECT_THAT(zh, HasSubstr("类别：一般干部"));
  EXPECT_THAT(zh, HasSubstr("本凭条只能使用一次"));
  EXPECT_THAT(zh, HasSubstr("用浏览器打开 https://192.0.2.10:8443，输入下方选票码"));
  EXPECT_THAT(zh, Not(HasSubstr("works once")));

  const std::string en = RenderSlipsHtml(sheet, MessagesFor("en"));
  EXPECT_THAT(en, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(en, HasSubstr("Group: 一般干部"));
  EXPECT_THAT(en, HasSubstr("This slip works once"));
  EXPECT_THAT(en, HasSubstr("room&#39;s Wi-Fi"));
  EXPECT_THAT(en, HasSubstr("open https://192.0.2.10:8443 in a browser and type the code"));
  EXPECT_THAT(en, Not(HasSubstr("只能使用一次")));
}

TEST(SlipsTest, ATitleWithMarkupIsEscaped) {
  SlipSheet sheet = Sheet(1);
  sheet.meeting_title = "会议</title><script>alert(1)</script>";
  sheet.group_name = "<b>staff</b>";
  const std::string html = RenderSlipsHtml(sheet, MessagesFor("zh-CN"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, HasSubstr("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;staff&lt;/b&gt;"));
}

TEST(SlipsTest, FingerprintAndReprintOnlyWhenGiven) {
  SlipSheet sheet = Sheet(2);
  std::string html = RenderSlipsHtml(sheet, MessagesFor("zh-CN"));
  EXPECT_THAT(html, Not(HasSubstr("指纹")));
  EXPECT_THAT(html, Not(HasSubstr("补打")));

  sheet.ca_fingerprint = "AB:CD:EF";
  sheet.reprint = true;
  html = RenderSlipsHtml(sheet, MessagesFor("zh-CN"));
  EXPECT_EQ(Count(html, "会场证书颁发机构指纹（SHA-256），安装前请核对：AB:CD:EF"), 2);
  EXPECT_EQ(Count(html, "补打凭条（被替换的原凭条已作废）"), 2);
  html = RenderSlipsHtml(sheet, MessagesFor("en"));
  EXPECT_THAT(html, HasSubstr("Room certificate authority fingerprint (SHA-256), to compare before installing it: AB:CD:EF"));
  EXPECT_THAT(html, HasSubstr("Reprint (the slip it replaces is void)"));
}

TEST(SlipsTest, EveryMessageIsSetInBothLanguages) {
  for (const char* locale : {"zh-CN", "en"}) {
    const Messages& m = MessagesFor(locale);
    for (const char* s : {m.slip_title, m.slip_heading, m.slip_group, m.slip_instructions,
                          m.slip_once, m.slip_fingerprint, m.slip_reprint, m.slip_qr_title}) {
      ASSERT_NE(s, nullptr) << locale;
      EXPECT_NE(std::string(s), "") << locale;
    }
  }
}

}  // namespace
}  // namespace gongxin::report
