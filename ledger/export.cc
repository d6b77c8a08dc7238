#include "ledger/export.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"

namespace gongxin::ledger {

using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;

ExportWriter::ExportWriter(std::ostream* out) : out_(out) {
  out_->write(kExportMagic.data(), kExportMagic.size());
}

absl::Status ExportWriter::Write(const v1::ExportRecord& record) {
  std::string bytes;
  if (!record.SerializeToString(&bytes)) {
    return absl::InternalError("export record does not serialise");
  }
  return WriteSerialized(bytes);
}

absl::Status ExportWriter::WriteSerialized(absl::string_view record_bytes) {
  if (record_bytes.size() > kMaxExportRecordSize) {
    return absl::ResourceExhaustedError(
        absl::StrCat("export record of ", record_bytes.size(),
                     " bytes exceeds the limit of ", kMaxExportRecordSize));
  }
  uint8_t varint[10];
  uint8_t* end = CodedOutputStream::WriteVarint32ToArray(
      static_cast<uint32_t>(record_bytes.size()), varint);
  out_->write(reinterpret_cast<const char*>(varint), end - varint);
  out_->write(record_bytes.data(), record_bytes.size());
  if (!*out_) return absl::UnavailableError("writing the export failed");
  return absl::OkStatus();
}

ExportReader::ExportReader(std::istream* in) : in_(in) {}
ExportReader::~ExportReader() = default;

absl::Status ExportReader::ReadMagic() {
  std::string magic(kExportMagic.size(), '\0');
  in_->read(magic.data(), magic.size());
  if (in_->gcount() != static_cast<std::streamsize>(magic.size()) ||
      magic != kExportMagic) {
    return absl::InvalidArgumentError(
        "not a gongxin export (the file does not start with "
        "\"GONGXIN-EXPORT v1\")");
  }
  stream_ = std::make_unique<google::protobuf::io::IstreamInputStream>(in_);
  return absl::OkStatus();
}

absl::StatusOr<bool> ExportReader::Next(v1::ExportRecord* record) {
  if (stream_ == nullptr) {
    return absl::FailedPreconditionError("ReadMagic was not called");
  }
  const uint64_t index = records_read_;
  // A fresh CodedInputStream per record keeps its 2 GiB total-bytes limit
  // per record rather than per file, so exports of any size stream through.
  CodedInputStream coded(stream_.get());
  uint32_t size = 0;
  if (!coded.ReadVarint32(&size)) {
    // Clean end of file only when not a single byte of a varint was read.
    if (coded.CurrentPosition() == 0) return false;
    return absl::DataLossError(
        absl::StrCat("export record ", index, ": truncated length prefix"));
  }
  if (size > kMaxExportRecordSize) {
    return absl::DataLossError(absl::StrCat("export record ", index, ": length ",
                                            size, " exceeds the limit of ",
                                            kMaxExportRecordSize));
  }
  std::string bytes;
  if (!coded.ReadString(&bytes, static_cast<int>(size))) {
    return absl::DataLossError(absl::StrCat(
        "export record ", index, ": truncated (", size, " bytes announced)"));
  }
  if (!record->ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("export record ", index, ": does not parse"));
  }
  ++records_read_;
  return true;
}

uint64_t ExportReader::bytes_read() const {
  return stream_ == nullptr ? 0 : kExportMagic.size() + stream_->ByteCount();
}

}  // namespace gongxin::ledger
