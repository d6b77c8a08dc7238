// Feeds: the bytes of an export file to ledger::ExportReader, the framing
// every export passes through before the verifier sees a record.
// Must hold: no crash, no hang, no sanitizer report; the reader never claims
// more bytes than the input has; and a file read to a clean end round-trips:
// its records written again with ExportWriter read back as the same records.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "google/protobuf/util/message_differencer.h"
#include "ledger/export.h"

namespace {

// Reads every record of `bytes`; false unless it reads to a clean end.
bool ReadAll(const std::string& bytes, std::vector<gongxin::v1::ExportRecord>* records) {
  std::istringstream in(bytes);
  gongxin::ledger::ExportReader reader(&in);
  if (!reader.ReadMagic().ok()) return false;
  while (true) {
    gongxin::v1::ExportRecord record;
    absl::StatusOr<bool> more = reader.Next(&record);
    FUZZ_CHECK(reader.bytes_read() <= bytes.size(), "the reader read past the end of the input");
    if (!more.ok()) return false;
    if (!*more) break;
    records->push_back(std::move(record));
    FUZZ_CHECK(reader.records_read() == records->size(), "records_read does not count records");
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<gongxin::v1::ExportRecord> records;
  if (!ReadAll(std::string(gongxin::fuzz::AsView(data, size)), &records)) return 0;
  std::ostringstream out;
  gongxin::ledger::ExportWriter writer(&out);
  for (const gongxin::v1::ExportRecord& record : records) {
    FUZZ_CHECK(writer.Write(record).ok(), "a record that was read cannot be written");
  }
  std::vector<gongxin::v1::ExportRecord> again;
  FUZZ_CHECK(ReadAll(out.str(), &again), "a rewritten export does not read back");
  FUZZ_CHECK(again.size() == records.size(), "a rewritten export has another record count");
  for (size_t i = 0; i < records.size(); ++i) {
    FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(records[i], again[i]),
               "a rewritten record reads back differently");
  }
  return 0;
}
