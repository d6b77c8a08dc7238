// Raw-bytes serving of unary and server-streaming methods.
#include "server/checked_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "server/log.h"
#include "server/request_parse.h"

namespace gongxin::server {

int MethodIndex(absl::string_view service, absl::string_view method) {
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(std::string(service));
  const google::protobuf::MethodDescriptor* found =
      descriptor == nullptr ? nullptr : descriptor->FindMethodByName(std::string(method));
  if (found == nullptr) {
    LogError("no method ", method, " in service ", service);
    std::abort();
  }
  return found->index();
}

absl::Status ReadRequest(absl::string_view rpc, RawStream* stream,
                         google::protobuf::Message* request) {
  grpc::ByteBuffer bytes;
  absl::Status s = stream->Read(&bytes)
                       ? ParseRequest(bytes, request)
                       : absl::InvalidArgumentError("request: no request message was sent");
  if (!s.ok()) LogRefusedRequest(rpc, s);
  return s;
}

void LogRefusedRequest(absl::string_view rpc, const absl::Status& s) {
  // The one log line of a refused request; the role is not known yet
  // (the body identifies the caller), and the payload is never logged.
  LogInfo("rpc=", rpc, " role=- code=", absl::StatusCodeToString(s.code()));
}

bool SerializeResponse(const google::protobuf::Message& response, grpc::ByteBuffer* out) {
  bool own_buffer = false;
  return grpc::SerializationTraits<google::protobuf::Message>::Serialize(response, out,
                                                                        &own_buffer)
      .ok();
}

bool WriteResponse(RawStream* stream, const google::protobuf::Message& response) {
  grpc::ByteBuffer bytes;
  return SerializeResponse(response, &bytes) && stream->Write(bytes);
}

}  // namespace gongxin::server
