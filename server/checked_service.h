// Services whose requests gongxind parses itself (server/request_parse.h),
// so that a request gRPC's parser would refuse with a bare INTERNAL gets
// INVALID_ARGUMENT naming the field at fault (ill-formed UTF-8 in a proto3
// `string`, at any depth).
//
// gRPC 1.51's synchronous API parses a unary request before the handler
// runs and offers no hook on a failed parse. So each method is served as a
// "streamed unary" (the mechanism of the generated WithStreamedUnaryMethod_
// classes: the same wire protocol, one message each way) of raw bytes: the
// handler reads the request's bytes, parses them, calls the typed method the
// generated interface declares, and writes its response.
#ifndef GONGXIN_SERVER_CHECKED_SERVICE_H_
#define GONGXIN_SERVER_CHECKED_SERVICE_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/support/method_handler.h"
#include "grpcpp/support/sync_stream.h"
#include "server/grpc_status.h"
#include "server/request_parse.h"

namespace gongxin::server {

using RawStream = grpc::ServerReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>;

// How a client-streaming method reads the requests after the first: false
// at the end of the stream; a message that does not parse is refused as a
// unary request would be (ParseRequest).
template <class Request>
using NextRequest = std::function<absl::StatusOr<bool>(Request*)>;

// MethodIndex returns the position of `method` in service `service` (proto
// order, the order in which the generated code registers them); aborts if
// there is none (a programming error found at start-up).
int MethodIndex(absl::string_view service, absl::string_view method);

// ReadRequest reads a call's one request message and parses it
// (ParseRequest); logs the refusal (the RPC, the code) if it does not parse.
absl::Status ReadRequest(absl::string_view rpc, RawStream* stream,
                         google::protobuf::Message* request);

// LogRefusedRequest logs the one line of a request that does not parse.
void LogRefusedRequest(absl::string_view rpc, const absl::Status& s);

// SerializeResponse writes `response` into `out`; false if it cannot.
bool SerializeResponse(const google::protobuf::Message& response, grpc::ByteBuffer* out);

// WriteResponse serialises `response` onto the stream; false if the client
// has gone.
bool WriteResponse(RawStream* stream, const google::protobuf::Message& response);

// CheckedService<Grpc> is the generated Grpc::Service whose methods, once
// registered with Check, take their requests through ReadRequest. (The
// stream handler is gRPC's own, the one friend of ServerReaderWriter's
// constructor; a unary method always writes its response when it succeeds.)
template <class Grpc>
class CheckedService : public Grpc::Service {
 public:
  // How many of the service's methods are registered: all of them, or a
  // request gRPC cannot parse gets INTERNAL from that one.
  int checked_methods() const { return checked_; }

 protected:
  // A unary method of Impl (a class derived from this one).
  template <class Impl, class Request, class Response>
  void Check(absl::string_view name, grpc::Status (Impl::*method)(grpc::ServerContext*,
                                                                  const Request*, Response*)) {
    Impl* impl = static_cast<Impl*>(this);
    Register<Request>(name, [impl, method](grpc::ServerContext* ctx, const Request& request,
                                           RawStream* stream) {
      Response response;
      grpc::Status status = (impl->*method)(ctx, &request, &response);
      if (status.ok() && !WriteResponse(stream, response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
      return status;
    });
  }

  // A client-streaming method of Impl: the first request is read and parsed
  // as a unary one, the rest through `next`; one response when it succeeds.
  template <class Impl, class Request, class Response>
  void Check(absl::string_view name,
             grpc::Status (Impl::*method)(grpc::ServerContext*, const Request*,
                                          const NextRequest<Request>&, Response*)) {
    Impl* impl = static_cast<Impl*>(this);
    Register<Request>(name, [impl, method](grpc::ServerContext* ctx, const Request& request,
                                           RawStream* stream) {
      NextRequest<Request> next = [stream](Request* r) -> absl::StatusOr<bool> {
        grpc::ByteBuffer bytes;
        if (!stream->Read(&bytes)) return false;
        r->Clear();
        absl::Status s = ParseRequest(bytes, r);
        if (!s.ok()) return s;
        return true;
      };
      Response response;
      grpc::Status status = (impl->*method)(ctx, &request, next, &response);
      if (status.ok() && !WriteResponse(stream, response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
      return status;
    });
  }

  // A server-streaming method of Impl, which writes its responses through
  // `write` (false: the client has gone).
  template <class Impl, class Request, class Response>
  void Check(absl::string_view name,
             grpc::Status (Impl::*method)(grpc::ServerContext*, const Request*,
                                          const std::function<bool(const Response&)>& write)) {
    Impl* impl = static_cast<Impl*>(this);
    Register<Request>(name, [impl, method](grpc::ServerContext* ctx, const Request& request,
                                           RawStream* stream) {
      return (impl->*method)(ctx, &request,
                             [stream](const Response& r) { return WriteResponse(stream, r); });
    });
  }

  // A unary method of Impl served through gRPC's callback API: the method
  // returns at once and calls `respond` once, from any thread, when its
  // response is ready. No thread waits per call (the sync API parks one on
  // every call until it answers). The request is parsed as ReadRequest
  // parses it.
  template <class Impl, class Request, class Response>
  void CheckCallback(absl::string_view name,
                     void (Impl::*method)(grpc::CallbackServerContext*, const Request*,
                                          Response*, std::function<void(grpc::Status)>)) {
    Impl* impl = static_cast<Impl*>(this);
    this->MarkMethodRawCallback(
        MethodIndex(Grpc::service_full_name(), name),
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
            [impl, method, name](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                                 grpc::ByteBuffer* out) {
              grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
              // Until the call is finished.
              struct Call {
                Request request;
                Response response;
              };
              auto* call = new Call;
              if (absl::Status s = ParseRequest(*in, &call->request); !s.ok()) {
                LogRefusedRequest(name, s);
                delete call;
                reactor->Finish(ToGrpcStatus(s));
                return reactor;
              }
              (impl->*method)(ctx, &call->request, &call->response,
                              [call, out, reactor](grpc::Status status) {
                                if (status.ok() && !SerializeResponse(call->response, out)) {
                                  status = grpc::Status(grpc::StatusCode::INTERNAL,
                                                        "the response did not serialise");
                                }
                                delete call;
                                reactor->Finish(status);
                              });
              return reactor;
            }));
    ++checked_;
  }

 private:
  // Serves method `name` by reading and parsing its request, then `serve`.
  template <class Request>
  void Register(absl::string_view name,
                std::function<grpc::Status(grpc::ServerContext*, const Request&, RawStream*)>
                    serve) {
    this->MarkMethodStreamed(
        MethodIndex(Grpc::service_full_name(), name),
        new grpc::internal::TemplatedBidiStreamingHandler<RawStream, false>(
            [name, serve](grpc::ServerContext* ctx, RawStream* stream) {
              Request request;
              if (absl::Status s = ReadRequest(name, stream, &request); !s.ok()) {
                return ToGrpcStatus(s);
              }
              return serve(ctx, request, stream);
            }));
    ++checked_;
  }

  int checked_ = 0;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_CHECKED_SERVICE_H_
