// Request parsing with a diagnosis of what does not parse.
#include "server/request_parse.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "tally/text.h"

namespace gongxin::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Deeper than protobuf's own recursion limit (100): never reached by a
// message that parsed.
constexpr int kMaxDepth = 101;

absl::Status Malformed(const std::string& path, const Descriptor& type) {
  return absl::InvalidArgumentError(absl::StrCat(path.empty() ? "request" : path,
                                                 ": malformed protobuf encoding of ",
                                                 type.full_name()));
}

// Returns the first field at fault in `bytes` read as `type`, or OK when
// nothing here is at fault.
absl::Status FindFault(const Descriptor& type, absl::string_view bytes, const std::string& path,
                       int depth) {
  if (depth > kMaxDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": messages nested more than ", kMaxDepth - 1, " deep"));
  }
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  absl::flat_hash_map<int, int> occurrences;  // per field number, for [i]
  while (const uint32_t tag = in.ReadTag()) {
    const FieldDescriptor* field = type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    const bool delimited =
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    if (field == nullptr || !delimited ||
        (field->type() != FieldDescriptor::TYPE_STRING &&
         field->type() != FieldDescriptor::TYPE_MESSAGE)) {
      if (!WireFormatLite::SkipField(&in, tag)) return Malformed(path, type);
      continue;
    }
    std::string field_path = absl::StrCat(path, path.empty() ? "" : ".", field->name());
    if (field->is_repeated()) absl::StrAppend(&field_path, "[", occurrences[field->number()]++, "]");
    uint32_t length = 0;
    std::string value;
    if (!in.ReadVarint32(&length) || !in.ReadString(&value, static_cast<int>(length))) {
      return Malformed(path, type);
    }
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!tally::IsValidUtf8(value)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field_path, ": not well-formed UTF-8 (got ", tally::Quote(value), ")"));
      }
      continue;
    }
    if (absl::Status s = FindFault(*field->message_type(), value, field_path, depth + 1); !s.ok()) {
      return s;
    }
  }
  if (!in.ConsumedEntireMessage()) return Malformed(path, type);
  return absl::OkStatus();
}

}  // namespace

absl::Status DiagnoseUnparsable(const Descriptor& type, absl::string_view bytes) {
  absl::Status fault = FindFault(type, bytes, "", 0);
  if (!fault.ok()) return fault;
  // Nothing named: e.g. a group wire type or a length past the end that
  // SkipField tolerated. Still the client's fault.
  return Malformed("", type);
}

absl::Status ParseRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message* request) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) {
    return absl::InvalidArgumentError("request: unreadable message");
  }
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (request->ParseFromString(bytes)) return absl::OkStatus();
  return DiagnoseUnparsable(*request->GetDescriptor(), bytes);
}

}  // namespace gongxin::server
