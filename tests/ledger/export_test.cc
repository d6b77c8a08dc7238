#include "ledger/export.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

std::string WriteRecords(int n) {
  std::ostringstream out;
  ExportWriter w(&out);
  for (int i = 0; i < n; ++i) {
    v1::ExportRecord r;
    r.set_entry(std::string(100 + i, 'a' + i));
    EXPECT_OK(w.Write(r));
  }
  return out.str();
}

TEST(ExportTest, RecordsRoundTrip) {
  std::istringstream in(WriteRecords(5));
  ExportReader r(&in);
  ASSERT_OK(r.ReadMagic());
  v1::ExportRecord rec;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(bool more, r.Next(&rec));
    ASSERT_TRUE(more);
    EXPECT_EQ(rec.entry(), std::string(100 + i, 'a' + i));
  }
  ASSERT_OK_AND_ASSIGN(bool more, r.Next(&rec));
  EXPECT_FALSE(more);
}

TEST(ExportTest, RefusesAFileWithoutTheMagicLine) {
  std::istringstream in("GONGXIN-EXPORT v2\n");
  ExportReader r(&in);
  EXPECT_THAT(r.ReadMagic(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("not a gongxin export")));
}

TEST(ExportTest, NamesATruncatedRecord) {
  std::string bytes = WriteRecords(3);
  bytes.resize(bytes.size() - 10);
  std::istringstream in(bytes);
  ExportReader r(&in);
  ASSERT_OK(r.ReadMagic());
  v1::ExportRecord rec;
  ASSERT_OK(r.Next(&rec).status());
  ASSERT_OK(r.Next(&rec).status());
  EXPECT_THAT(r.Next(&rec).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("export record 2: truncated")));
}

TEST(ExportTest, RefusesAnOversizedLengthPrefix) {
  std::string bytes(kExportMagic);
  bytes += "\xff\xff\xff\xff\x0f";  // 4 GiB - 1
  std::istringstream in(bytes);
  ExportReader r(&in);
  ASSERT_OK(r.ReadMagic());
  v1::ExportRecord rec;
  EXPECT_THAT(r.Next(&rec).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("exceeds the limit")));
}

}  // namespace
}  // namespace gongxin::ledger
