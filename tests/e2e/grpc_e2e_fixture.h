// End-to-end tests that talk gRPC to gongxind themselves, as a kiosk does,
// on top of E2eTest's real processes.
#ifndef GONGXIN_TESTS_E2E_GRPC_E2E_FIXTURE_H_
#define GONGXIN_TESTS_E2E_GRPC_E2E_FIXTURE_H_

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"

namespace gongxin::testing {

class GrpcE2eTest : public E2eTest {
 protected:
  // A mutual-TLS channel to this test's server as pki/<identity>.pem.
  std::shared_ptr<grpc::Channel> Channel(const std::string& identity) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadWholeFile(Pki() + "/ca.pem");
    ssl.pem_cert_chain = ReadWholeFile(Pki() + "/" + identity + ".pem");
    ssl.pem_private_key = ReadWholeFile(Pki() + "/" + identity + ".key");
    return grpc::CreateChannel(address_, grpc::SslCredentials(ssl));
  }

  // Checks `voter` in to `meeting` (the meeting_files.h one) and casts
  // `choice` for question "head" of form "rec"; OK, with the receipt, only
  // if both were.
  static grpc::Status VoteNamed(v1::KioskService::Stub& stub, const std::string& meeting,
                                const std::string& voter, const std::string& choice,
                                v1::Receipt* receipt) {
    const auto deadline = [] {
      return std::chrono::system_clock::now() + std::chrono::seconds(20);
    };
    v1::CheckInRequest in;
    in.set_meeting_id(meeting);
    in.set_voter_id(voter);
    v1::CheckInResponse creds;
    grpc::ClientContext in_ctx;
    in_ctx.set_deadline(deadline());
    grpc::Status s = stub.CheckIn(&in_ctx, in, &creds);
    if (!s.ok()) return s;
    v1::CastRequest cast;
    *cast.mutable_credential() = creds.credentials(0);
    cast.mutable_ballot()->set_form_id("rec");
    auto* answer = cast.mutable_ballot()->add_answers();
    answer->set_question_id("head");
    answer->add_choices(choice);
    v1::CastResponse resp;
    grpc::ClientContext cast_ctx;
    cast_ctx.set_deadline(deadline());
    s = stub.Cast(&cast_ctx, cast, &resp);
    if (s.ok()) *receipt = resp.receipt();
    return s;
  }

  // Exports `meeting` into `export_file` and checks that it verifies against
  // the server's key with every one of `receipts` in it.
  void ExpectReceiptsInVerifiedExport(const std::string& meeting,
                                      const std::vector<v1::Receipt>& receipts,
                                      const std::string& export_file) {
    std::ofstream out(dir_.File("receipts.txt"));
    for (const v1::Receipt& r : receipts) {
      out << "receipt " << absl::WebSafeBase64Escape(r.SerializeAsString()) << "\n";
    }
    out.close();
    RunResult exported = Cli({"audit", "export", meeting, "--out", export_file});
    ASSERT_EQ(exported.code, 0) << exported.err;
    RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_, "--receipts",
                              dir_.File("receipts.txt")});
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find(absl::StrCat(receipts.size(), " receipts found in the ledger")),
              std::string::npos)
        << verified.out;
  }

};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_E2E_GRPC_E2E_FIXTURE_H_
