// Rolls and candidate lists saved by Excel on a Chinese Windows: the files
// are made at test time by glibc's iconv command (not by our decoder), from
// UTF-8 text, in GBK and GB18030, and must load as the UTF-8 original.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/candidates_csv.h"
#include "client/roll_csv.h"
#include "client/text_encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Gb18030CsvTest : public ::testing::Test {
 protected:
  // Writes `utf8` to NAME.utf8 and converts it with `iconv -t charset` to
  // NAME; returns NAME's path.
  std::string Encoded(const std::string& name, const std::string& utf8, const char* charset) {
    const std::string source = dir_.File(name + ".utf8");
    std::ofstream(source, std::ios::binary) << utf8;
    const std::string target = dir_.File(name);
    const testing::RunResult r = testing::RunCommand(
        {"/usr/bin/iconv", "-f", "UTF-8", "-t", charset, "-o", target, source}, dir_.path());
    EXPECT_EQ(r.code, 0) << "iconv: " << r.err;
    return target;
  }

  testing::TempDir dir_;
};

std::vector<std::string> Names(const v1::Roll& roll) {
  std::vector<std::string> out;
  for (const v1::Voter& v : roll.voters()) out.push_back(absl::StrCat(v.id(), " ", v.name(), " ", v.group()));
  return out;
}

constexpr char kRoll[] =
    "编号,姓名,类别\r\n"
    "v001,欧阳明远,leaders\r\n"
    "v002,石秀英,staff\r\n";

TEST_F(Gb18030CsvTest, RollSavedInGbkLoadsAsItsUtf8Original) {
  const std::string path = Encoded("voters.csv", kRoll, "GBK");
  ASSERT_NE(testing::ReadWholeFile(path), kRoll) << "iconv did not re-encode";
  ASSERT_OK_AND_ASSIGN(const v1::Roll roll, LoadRollCsv(path));
  EXPECT_THAT(Names(roll), ElementsAre("v001 欧阳明远 leaders", "v002 石秀英 staff"));
}

TEST_F(Gb18030CsvTest, RollInGb18030KeepsNamesGbkCannotWrite) {
  // 𠮷 (U+20BB7) is outside GBK: GB18030 writes it in four bytes.
  const std::string path = Encoded("voters.csv", "voter_id,name,group\nv001,𠮷祥,staff\n", "GB18030");
  ASSERT_OK_AND_ASSIGN(const v1::Roll roll, LoadRollCsv(path));
  EXPECT_THAT(Names(roll), ElementsAre("v001 𠮷祥 staff"));
}

TEST_F(Gb18030CsvTest, UndecodableByteIsRefusedWithItsLine) {
  std::string bytes = testing::ReadWholeFile(Encoded("voters.csv", kRoll, "GBK"));
  bytes += "v003,\xFF\xFE,staff\r\n";  // line 4: no character starts with 0xFF
  EXPECT_THAT(ParseRollCsv(bytes, "voters.csv").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 4: neither UTF-8 nor GB18030/GBK")));
}

TEST_F(Gb18030CsvTest, Utf8ByteOrderMarkThenGbkIsRefused) {
  // A file that says UTF-8 and is not: refused, not guessed at.
  const std::string gbk = testing::ReadWholeFile(Encoded("voters.csv", kRoll, "GBK"));
  EXPECT_THAT(ParseRollCsv(absl::StrCat("\xEF\xBB\xBF", gbk), "voters.csv").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 1: not valid UTF-8, though the file starts "
                                 "with UTF-8's byte-order mark")));
}

TEST_F(Gb18030CsvTest, FileEndingInsideACharacterIsRefused) {
  std::string gbk = testing::ReadWholeFile(Encoded("voters.csv", kRoll, "GBK"));
  gbk += "v003,\xD5";  // the first byte of 张, and nothing after
  EXPECT_THAT(ParseRollCsv(gbk, "voters.csv").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 4: neither UTF-8 nor GB18030/GBK: incomplete")));
}

TEST_F(Gb18030CsvTest, DecoderSaysWhichEncodingItRead) {
  const std::string gbk = testing::ReadWholeFile(Encoded("t.csv", "姓名\n", "GBK"));
  ASSERT_OK_AND_ASSIGN(const DecodedText from_gbk, DecodeSpreadsheetText(gbk, "t.csv"));
  EXPECT_EQ(from_gbk.encoding, TextEncoding::kGb18030);
  EXPECT_EQ(from_gbk.utf8, "姓名\n");
  ASSERT_OK_AND_ASSIGN(const DecodedText from_utf8,
                       DecodeSpreadsheetText("\xEF\xBB\xBF姓名\n", "t.csv"));
  EXPECT_EQ(from_utf8.encoding, TextEncoding::kUtf8);
  EXPECT_EQ(from_utf8.utf8, "姓名\n") << "the byte-order mark is dropped";
}

TEST_F(Gb18030CsvTest, CandidateListSavedInGbkLoads) {
  const std::string path = Encoded(
      "candidates.csv", "编号,姓名,现任职务\r\nc1,石秀英,国土空间规划股副股长\r\nc2,欧阳明远,\r\n", "GBK");
  ASSERT_OK_AND_ASSIGN(const std::vector<v1::Candidate> people,
                       LoadCandidatesCsv(path, CandidateList::kPersons));
  ASSERT_EQ(people.size(), 2u);
  EXPECT_EQ(people[0].name(), "石秀英");
  EXPECT_EQ(people[0].current_post(), "国土空间规划股副股长");
  EXPECT_EQ(people[1].name(), "欧阳明远");
  EXPECT_EQ(people[1].current_post(), "");
}

}  // namespace
}  // namespace gongxin::client
