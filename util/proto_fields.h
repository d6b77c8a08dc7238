// Checks on parsed protobuf messages that the generated code does not make:
// a message parsed from untrusted bytes keeps every field it does not know
// (proto3 keeps unknown fields and serialises them again), so whatever reads
// a request or a stored entry must refuse them explicitly.
#ifndef GONGXIN_UTIL_PROTO_FIELDS_H_
#define GONGXIN_UTIL_PROTO_FIELDS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace gongxin::util {

// RefuseUnknownFields fails with INVALID_ARGUMENT when `message`, or any
// message reached from it through set singular, repeated or map fields,
// carries a field its schema does not declare. The message names the path
// from `root` and the field numbers, e.g.
//   "ballot.answers[0]: unknown field 77 (not in gongxin.v1.Answer)";
// with an empty `root`, unknown fields of `message` itself read
//   "unknown field 99 (not in gongxin.v1.CastRequest)".
// Fields of type `bytes` are opaque here: a caller that parses one as a
// message must check the parsed message itself.
absl::Status RefuseUnknownFields(const google::protobuf::Message& message,
                                 absl::string_view root);

}  // namespace gongxin::util

#endif  // GONGXIN_UTIL_PROTO_FIELDS_H_
