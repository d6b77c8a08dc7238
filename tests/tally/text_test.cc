// Tests of tally/text.h: UTF-8 checks, text limits and quoting.
#include "tally/text.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Repeat(absl::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s.data(), s.size());
  return out;
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("张三"));
  EXPECT_TRUE(IsValidUtf8("\u3000"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(IsValidUtf8Test, RefusesIllFormedText) {
  for (const char* s : {
           "\x80",              // lone continuation byte
           "\xC0\x80",          // overlong NUL
           "\xC1\xBF",          // overlong
           "\xE0\x80\x80",      // overlong
           "\xED\xA0\x80",      // surrogate U+D800
           "\xF0\x80\x80\x80",  // overlong
           "\xF4\x90\x80\x80",  // above U+10FFFF
           "\xF5\x80\x80\x80",  // invalid lead byte
           "\xE5\xBC",          // truncated 张
           "a\xE5",             // truncated at the end
       }) {
    EXPECT_FALSE(IsValidUtf8(s)) << absl::CHexEscape(s);
  }
}

TEST(FirstInvalidUtf8Test, FindsIllFormedSequences) {
  EXPECT_EQ(FirstInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("张三 𠀀"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("ab\x80"), 2u);            // lone continuation
  EXPECT_EQ(FirstInvalidUtf8("a\xC0\x80"), 1u);         // overlong NUL
  EXPECT_EQ(FirstInvalidUtf8("a\xE0\x80\x80"), 1u);     // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // > U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok\xE5\xBC"), 2u);        // truncated
  EXPECT_EQ(FirstInvalidUtf8("\xE5\xBC\x41"), 0u);      // bad continuation
}

TEST(DisplayWidthTest, WideCharactersTakeTwoColumnsAndCombiningMarksNone) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("张三"), 4);
  EXPECT_EQ(DisplayWidth("\uff21"), 2);         // full-width A
  EXPECT_EQ(DisplayWidth("Jose\u0301"), 4);     // e + combining acute
  EXPECT_EQ(DisplayWidth("a\xff"), 2) << "an ill-formed byte shows as one replacement character";
  // What the terminal result tables line up by.
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("（另推他人）"), 12);     // fullwidth parentheses
  EXPECT_EQ(DisplayWidth("한국"), 4);              // Hangul syllables
  EXPECT_EQ(DisplayWidth("\xF0\xA0\x80\x80"), 2);  // U+20000, CJK Ext. B
  EXPECT_EQ(DisplayWidth("—%"), 2);                // em dash is narrow
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("ab"), 2u);
  EXPECT_EQ(CodePointCount("张三a"), 3u);
  EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80"), 1u);
}

TEST(QuoteTest, KeepsChineseAndEscapesQuotesAndControls) {
  EXPECT_EQ(Quote("张三"), "\"张三\"");
  EXPECT_EQ(Quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
}

TEST(QuoteTest, ShowsIllFormedBytesInHex) { EXPECT_EQ(Quote("a\xFF"), "\"a\\xff\""); }

TEST(QuoteTest, CutsAfter64CodePoints) {
  EXPECT_EQ(Quote(Repeat("张", 70)), "\"" + Repeat("张", 64) + "...\"");
  EXPECT_EQ(Quote(Repeat("a", 64)), "\"" + Repeat("a", 64) + "\"");
}

TEST(ValidateTextTest, RequiredTextMustNotBeEmpty) {
  EXPECT_THAT(ValidateText("spec.title", "", {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("spec.title: "), HasSubstr("empty"))));
  EXPECT_OK(ValidateText("spec.description", "", {.required = false}));
}

TEST(ValidateTextTest, LimitCountsCodePoints) {
  EXPECT_OK(ValidateText("t", Repeat("张", 200), {.max_chars = 200}));
  EXPECT_THAT(ValidateText("t", Repeat("张", 201), {.max_chars = 200}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("t: "), HasSubstr("at most 200"), HasSubstr("got 201"))));
}

TEST(ValidateTextTest, RefusesIllFormedUtf8) {
  EXPECT_THAT(ValidateText("roll.voters[0].name", "\xE5\xBC", {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters[0].name: "), HasSubstr("UTF-8"))));
}

TEST(ValidateTextTest, RefusesControlCharactersOutsideMultilineText) {
  EXPECT_THAT(
      ValidateText("n", "a\nb", {}),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(StartsWith("n: "), HasSubstr("control"))));
  EXPECT_THAT(ValidateText("n", std::string("a\0b", 3), {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control")));
  EXPECT_THAT(ValidateText("n", "a\x7F", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control")));
  EXPECT_OK(ValidateText("n", "line 1\n\tline 2", {.multiline = true}));
  EXPECT_THAT(ValidateText("n", "a\rb", {.multiline = true}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control")));
}

TEST(CheckNfcTest, AcceptsComposedTextAndRefusesDecomposed) {
  EXPECT_OK(CheckNfc("w", "张三"));
  EXPECT_OK(CheckNfc("w", "Jos\u00e9"));  // é precomposed
  EXPECT_THAT(CheckNfc("w", "Jose\u0301"),  // e + combining acute
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("w: "), HasSubstr("normalization form C"))));
}

TEST(CheckNfcTest, RefusesACjkCompatibilityIdeograph) {
  // U+F90A is 金 as a compatibility character; NFC maps it to U+91D1.
  EXPECT_THAT(CheckNfc("w", "\uf90a\u4e09"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_OK(CheckNfc("w", "\u91d1\u4e09"));
}

TEST(ToNfcTest, ComposesWhatCheckNfcRefuses) {
  ASSERT_OK_AND_ASSIGN(std::string composed, ToNfc("Jose\u0301 \uf90a"));
  EXPECT_EQ(composed, "Jos\u00e9 \u91d1");
  EXPECT_OK(CheckNfc("w", composed));
  ASSERT_OK_AND_ASSIGN(std::string same, ToNfc("张三"));
  EXPECT_EQ(same, "张三");
}

}  // namespace
}  // namespace gongxin::tally
