// An export's bytes without its header's exported_at — the one field that
// nothing signs, so two exports of the same record made in different
// seconds differ only there. For tests that compare a meeting's export
// before and after it moved (tests of MoveOut). Needs gongxin_ledger.
#ifndef GONGXIN_TESTS_TESTING_UNTIMED_EXPORT_H_
#define GONGXIN_TESTS_TESTING_UNTIMED_EXPORT_H_

#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/ledger.pb.h"
#include "gtest/gtest.h"
#include "ledger/export.h"

namespace gongxin::testing {

inline std::string UntimedExport(const std::string& bytes) {
  std::istringstream in(bytes);
  ledger::ExportReader reader(&in);
  absl::Status magic = reader.ReadMagic();
  EXPECT_TRUE(magic.ok()) << magic;
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  v1::ExportRecord record;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&record);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    if (record.has_header()) record.mutable_header()->clear_exported_at();
    absl::Status written = writer.Write(record);
    EXPECT_TRUE(written.ok()) << written;
  }
  return out.str();
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_UNTIMED_EXPORT_H_
