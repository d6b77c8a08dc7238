// Every RPC of gongxind answers a request that gRPC's protobuf parser would
// refuse (ill-formed UTF-8 in a `string`) with INVALID_ARGUMENT naming the
// field, never INTERNAL with an empty message. Sent as raw bytes over the
// real TLS channel, so nothing on the client side can fix them up.
#include "server/checked_service.h"

#include <chrono>
#include <future>
#include <string>

#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "server/archive_service.h"
#include "server/services.h"
#include "server/transparency_log_service.h"
#include "server/transparency_service.h"
#include "server/witness_service.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

constexpr const char* kServices[] = {
    "gongxin.v1.MeetingService",      "gongxin.v1.KioskService",
    "gongxin.v1.TallyService",        "gongxin.v1.AuditService",
    "gongxin.v1.TransparencyService", "gongxin.v1.LogEntryService",
    "gongxin.v1.WitnessService",
};

const google::protobuf::ServiceDescriptor* Service(const char* name) {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
}

// Encodes a message of type `d` whose first reachable `string` field (depth
// first: d's own strings, then inside its message fields) holds a stray
// continuation byte and an 0xff, which UTF-8 never has. Sets `path` to that
// field's path; false if `d` reaches no string.
bool IllFormedText(const google::protobuf::Descriptor& d, std::string* bytes, std::string* path,
                   int depth = 0) {
  using google::protobuf::FieldDescriptor;
  const auto tag = [](const FieldDescriptor* f) { return static_cast<char>(f->number() << 3 | 2); };
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor* f = d.field(i);
    if (f->type() != FieldDescriptor::TYPE_STRING) continue;
    *bytes = std::string(1, tag(f)) + std::string("\x02\x80\xff", 3);
    *path = absl::StrCat(f->name(), f->is_repeated() ? "[0]" : "");
    return true;
  }
  for (int i = 0; i < d.field_count() && depth < 3; ++i) {
    const FieldDescriptor* f = d.field(i);
    if (f->type() != FieldDescriptor::TYPE_MESSAGE) continue;
    std::string inner, inner_path;
    if (!IllFormedText(*f->message_type(), &inner, &inner_path, depth + 1)) continue;
    *bytes = std::string(1, tag(f)) + static_cast<char>(inner.size()) + inner;
    *path = absl::StrCat(f->name(), f->is_repeated() ? "[0]" : "", ".", inner_path);
    return true;
  }
  return false;
}

grpc::Status CallRaw(grpc::GenericStub& stub, const std::string& method, const std::string& bytes) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  return done.get_future().get();
}

TEST(CheckedServiceTest, EveryServiceParsesEveryOneOfItsRequests) {
  server::ServiceContext c{nullptr, false};
  EXPECT_EQ(server::MeetingServiceImpl(c).checked_methods(),
            Service("gongxin.v1.MeetingService")->method_count());
  EXPECT_EQ(server::KioskServiceImpl(c).checked_methods(),
            Service("gongxin.v1.KioskService")->method_count());
  EXPECT_EQ(server::TallyServiceImpl(c).checked_methods(),
            Service("gongxin.v1.TallyService")->method_count());
  EXPECT_EQ(server::AuditServiceImpl(c).checked_methods(),
            Service("gongxin.v1.AuditService")->method_count());
  EXPECT_EQ(server::TransparencyServiceImpl(c, "gongxin.local").checked_methods(),
            Service("gongxin.v1.TransparencyService")->method_count());
  EXPECT_EQ(server::LogEntryServiceImpl(c).checked_methods(),
            Service("gongxin.v1.LogEntryService")->method_count());
  EXPECT_EQ(server::WitnessServiceImpl(c).checked_methods(),
            Service("gongxin.v1.WitnessService")->method_count());
  EXPECT_EQ(server::ArchiveServiceImpl(c).checked_methods(),
            Service("gongxin.v1.ArchiveService")->method_count());
}

// A real gongxind over mutual TLS on 127.0.0.1.
class CheckedServiceOverTlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(server_.Start()); }

  testing::TempDir dir_;
  testing::TestServer server_{dir_.path()};
};

TEST_F(CheckedServiceOverTlsTest, EveryRpcNamesTheFieldWithIllFormedUtf8) {
  grpc::GenericStub stub(server_.Channel("auditor"));
  int tried = 0;
  for (const char* name : kServices) {
    const google::protobuf::ServiceDescriptor* service = Service(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      std::string bytes, field_path;
      if (!IllFormedText(*method->input_type(), &bytes, &field_path)) continue;  // no text
      const std::string path = absl::StrCat("/", name, "/", method->name());
      grpc::Status s = CallRaw(stub, path, bytes);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << path << ": " << s.error_message();
      EXPECT_THAT(s.error_message(),
                  HasSubstr(absl::StrCat(field_path, ": not well-formed UTF-8")))
          << path;
      ++tried;
    }
  }
  // Every RPC but ListMeetings, GetServerKey and GetVerifierKey takes text.
  EXPECT_EQ(tried, 29);
}

TEST_F(CheckedServiceOverTlsTest, MalformedBytesAreInvalidArgumentToo) {
  grpc::GenericStub stub(server_.Channel("kiosk"));
  // Field 2 (ballot) claims 50 bytes and carries 1.
  grpc::Status s = CallRaw(stub, "/gongxin.v1.KioskService/Cast", std::string("\x12\x32\x08", 3));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("malformed protobuf encoding of gongxin.v1.CastRequest"));
}

TEST_F(CheckedServiceOverTlsTest, WellFormedRequestsStillWork) {
  auto audit = v1::AuditService::NewStub(server_.Channel("auditor"));
  grpc::ClientContext ctx;
  v1::GetServerKeyResponse key;
  ASSERT_TRUE(audit->GetServerKey(&ctx, v1::GetServerKeyRequest(), &key).ok());
  EXPECT_EQ(key.ed25519_public_key().size(), 32u);
  // A server stream: an unknown meeting ends it with NOT_FOUND, as before.
  grpc::ClientContext ctx2;
  v1::ExportRequest req;
  req.set_meeting_id("0123456789abcdef");
  auto reader = audit->Export(&ctx2, req);
  v1::ExportRecord record;
  EXPECT_FALSE(reader->Read(&record));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace gongxin
