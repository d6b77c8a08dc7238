// Parsing a request's bytes ourselves, so that a request gRPC's protobuf
// parser would refuse gets an answer that says why.
//
// A proto3 `string` field holding ill-formed UTF-8 fails the generated
// parser, and gRPC then answers INTERNAL with an empty message before any
// handler runs. The API promises INVALID_ARGUMENT naming the field, so the
// services take the request bytes (server/checked_unary.h) and parse them
// here: on failure, DiagnoseUnparsable walks the bytes against the schema and
// names the first field at fault.
#ifndef GONGXIN_SERVER_REQUEST_PARSE_H_
#define GONGXIN_SERVER_REQUEST_PARSE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"

namespace gongxin::server {

// ParseRequest parses `buffer` into `request`; on failure returns
// DiagnoseUnparsable's status.
absl::Status ParseRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message* request);

// DiagnoseUnparsable returns INVALID_ARGUMENT for `bytes` that do not parse
// as `type`, naming the first `string` field (at any depth) that is not
// well-formed UTF-8, e.g. `ballot.answers[0].write_ins[1]: not well-formed
// UTF-8 (got "\xff")`, or else the message whose encoding is broken
// ("spec.forms[0]: malformed protobuf encoding of gongxin.v1.Form").
absl::Status DiagnoseUnparsable(const google::protobuf::Descriptor& type, absl::string_view bytes);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_REQUEST_PARSE_H_
