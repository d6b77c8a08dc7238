#include "kiosk/receipt_code.h"

#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::kiosk {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::string kHash("\x9f\x01\xa2\xb3\xc4\xd5\xe6\xf7\x08\x19\x2a\x3b\x4c", 13);

TEST(ReceiptCodeTest, SixteenCharactersAndACheckInGroupsOfFour) {
  const std::string code = ReceiptCode(kHash);
  EXPECT_THAT(code, MatchesRegex("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]"));
  ASSERT_OK_AND_ASSIGN(const std::string bytes, ParseReceiptCode(code));
  EXPECT_EQ(bytes, kHash.substr(0, kReceiptCodeBytes));
}

TEST(ReceiptCodeTest, ReadsLowerCaseSpacesAndTheDigitsPeopleMistype) {
  std::string typed = absl::StrReplaceAll(ReceiptCode(kHash), {{"-", " "}});
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ASSERT_OK_AND_ASSIGN(const std::string bytes, ParseReceiptCode(typed));
  EXPECT_EQ(bytes, kHash.substr(0, kReceiptCodeBytes));
  // O, I and B typed as 0, 1 and 8 are read as meant.
  const std::string code = ReceiptCode(std::string(kReceiptCodeBytes, '\0'));  // all 'A'
  EXPECT_EQ(code.substr(0, 4), "AAAA");
  std::string with_o = ReceiptCode(std::string("\x73\x9c\xe7\x39\xce\x73\x9c\xe7\x39\xce", 10));
  const std::string mistyped = absl::StrReplaceAll(with_o, {{"O", "0"}});
  ASSERT_OK_AND_ASSIGN(const std::string again, ParseReceiptCode(mistyped));
  EXPECT_EQ(ReceiptCode(again), with_o);
}

TEST(ReceiptCodeTest, EveryMistypedCharacterAndSwappedNeighboursAreCaught) {
  const std::string code = ReceiptCode(kHash);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '-') continue;
    for (char c : alphabet) {
      if (c == code[i]) continue;
      std::string typo = code;
      typo[i] = c;
      EXPECT_FALSE(ParseReceiptCode(typo).ok()) << typo;
    }
  }
  std::string bare = absl::StrReplaceAll(code, {{"-", ""}});
  for (size_t i = 0; i + 1 < bare.size(); ++i) {
    if (bare[i] == bare[i + 1]) continue;
    if ((bare[i] == 'A' && bare[i + 1] == '7') || (bare[i] == '7' && bare[i + 1] == 'A')) continue;
    std::string swapped = bare;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_THAT(ParseReceiptCode(swapped),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("check character")))
        << swapped;
  }
}

TEST(ReceiptCodeTest, RefusesAWrongLengthAndForeignCharacters) {
  EXPECT_THAT(ParseReceiptCode("ABCD-EFGH"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("8 characters; a receipt code has 17")));
  EXPECT_THAT(ParseReceiptCode("ABCD-EFGH-IJKL-MNOP-9"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"9\" is not one")));
}

}  // namespace
}  // namespace gongxin::kiosk
