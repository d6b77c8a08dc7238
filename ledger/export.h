// The export file: what an auditor takes away and verifies offline. The
// magic line "GONGXIN-EXPORT v1\n", then ExportRecords, each preceded by its
// length as a protobuf varint (the "delimited" framing every protobuf
// library reads). Layout and meaning: docs/export-format.md.
#ifndef GONGXIN_LEDGER_EXPORT_H_
#define GONGXIN_LEDGER_EXPORT_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gongxin/v1/ledger.pb.h"

namespace google::protobuf::io {
class IstreamInputStream;
}

namespace gongxin::ledger {

inline constexpr absl::string_view kExportMagic = "GONGXIN-EXPORT v1\n";
// The roll of a large county is the biggest record; 64 MiB leaves room.
inline constexpr uint32_t kMaxExportRecordSize = 64 << 20;

// ExportWriter frames records onto a stream. Not thread-safe.
class ExportWriter {
 public:
  // Writes the magic line at once.
  explicit ExportWriter(std::ostream* out);
  absl::Status Write(const v1::ExportRecord& record);
  // Write for a record already serialised (e.g. streamed from the server).
  absl::Status WriteSerialized(absl::string_view record_bytes);

 private:
  std::ostream* out_;
};

// ExportReader reads records back, refusing oversized or truncated ones.
class ExportReader {
 public:
  explicit ExportReader(std::istream* in);
  ~ExportReader();

  // Checks the magic line; call once before Next.
  absl::Status ReadMagic();
  // Next returns false at a clean end of file; DATA_LOSS names the record
  // index when the framing or the record is bad.
  absl::StatusOr<bool> Next(v1::ExportRecord* record);
  uint64_t records_read() const { return records_read_; }
  uint64_t bytes_read() const;

 private:
  std::istream* in_;
  std::unique_ptr<google::protobuf::io::IstreamInputStream> stream_;
  uint64_t records_read_ = 0;
};

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_EXPORT_H_
