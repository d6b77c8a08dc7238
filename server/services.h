// The gRPC services of gongxind. Each handler identifies the caller from the
// client certificate, checks the role, and hands over to the Registry.
#ifndef GONGXIN_SERVER_SERVICES_H_
#define GONGXIN_SERVER_SERVICES_H_

#include <string>

#include "gongxin/v1/service.grpc.pb.h"
#include "server/blocking_pool.h"
#include "server/checked_service.h"
#include "server/registry.h"

namespace gongxin::server {

class CosignatureBook;

struct ServiceContext {
  Registry* registry;
  bool insecure;
  // The checkpoints' signed-note key name (--log-name), for the checkpoint
  // a receipt carries.
  std::string log_name = "gongxin.local";
  // Witnesses and their cosignatures (server/cosignature_book.h); null only
  // in tests that build services by hand.
  const CosignatureBook* cosignatures = nullptr;
  // How many calls that wait (anonymous casts) may run at once off gRPC's
  // callback threads (--max-rpc-threads, as for the sync API's threads).
  int blocking_threads = 256;
};

// Every service below parses its own requests (server/checked_service.h).
class MeetingServiceImpl final : public CheckedService<v1::MeetingService> {
 public:
  explicit MeetingServiceImpl(ServiceContext c);
  grpc::Status CreateMeeting(grpc::ServerContext* ctx, const v1::CreateMeetingRequest* req,
                             v1::CreateMeetingResponse* resp) override;
  grpc::Status TransitionMeeting(grpc::ServerContext* ctx,
                                 const v1::TransitionMeetingRequest* req,
                                 v1::TransitionMeetingResponse* resp) override;
  grpc::Status GetMeeting(grpc::ServerContext* ctx, const v1::GetMeetingRequest* req,
                          v1::MeetingInfo* resp) override;
  grpc::Status ListMeetings(grpc::ServerContext* ctx, const v1::ListMeetingsRequest* req,
                            v1::ListMeetingsResponse* resp) override;
  grpc::Status IssueSlips(grpc::ServerContext* ctx, const v1::IssueSlipsRequest* req,
                          v1::SlipsResponse* resp) override;
  grpc::Status VoidSlip(grpc::ServerContext* ctx, const v1::VoidSlipRequest* req,
                        v1::SlipsResponse* resp) override;
  grpc::Status DrawSample(grpc::ServerContext* ctx, const v1::DrawSampleRequest* req,
                          v1::DrawSampleResponse* resp) override;
  grpc::Status PurgeTrial(grpc::ServerContext* ctx, const v1::PurgeTrialRequest* req,
                          v1::PurgeTrialResponse* resp) override;

 private:
  ServiceContext c_;
};

class KioskServiceImpl final : public CheckedService<v1::KioskService> {
 public:
  explicit KioskServiceImpl(ServiceContext c);
  // CheckIn and Cast are served through gRPC's callback API: a check-in
  // or a named cast waits on no thread for its group commit
  // (Meeting::CheckInAsync, CastAsync); a check-in's signatures run on
  // `signing_`, an anonymous cast on `blocking_`.
  void CheckIn(grpc::CallbackServerContext* ctx, const v1::CheckInRequest* req,
               v1::CheckInResponse* resp, std::function<void(grpc::Status)> respond);
  void Cast(grpc::CallbackServerContext* ctx, const v1::CastRequest* req,
            v1::CastResponse* resp, std::function<void(grpc::Status)> respond);
  grpc::Status CheckSlip(grpc::ServerContext* ctx, const v1::SlipRequest* req,
                         v1::SlipResponse* resp) override;
  grpc::Status RedeemSlip(grpc::ServerContext* ctx, const v1::SlipRequest* req,
                          v1::SlipResponse* resp) override;

 private:
  absl::Status AttachCheckpoint(const Meeting& m, const Meeting::LogHead& tree,
                                v1::Receipt* receipt) const;
  // Runs `work` now, or on `blocking_` where finding a meeting may read the
  // store or replay a chain (a store other gongxind write too).
  void FindingMeeting(std::function<void()> work);

  ServiceContext c_;
  // Anonymous casts wait for the urn's synced write (and, on a shared
  // store, finding a meeting may replay it): as many at once as the sync
  // API's threads allowed.
  BlockingPool blocking_;
  // Check-ins' signatures (CPU only): a thread per core, first come first
  // served, so that they finish one after another, not all together.
  BlockingPool signing_;
};

class TallyServiceImpl final : public CheckedService<v1::TallyService> {
 public:
  explicit TallyServiceImpl(ServiceContext c);
  grpc::Status Count(grpc::ServerContext* ctx, const v1::CountRequest* req,
                     v1::CountResponse* resp) override;
  grpc::Status GetResult(grpc::ServerContext* ctx, const v1::GetResultRequest* req,
                         v1::CountResponse* resp) override;
  grpc::Status EnterScore(grpc::ServerContext* ctx, const v1::EnterScoreRequest* req,
                          v1::OfficerInputResponse* resp) override;
  grpc::Status EnterVeto(grpc::ServerContext* ctx, const v1::EnterVetoRequest* req,
                         v1::OfficerInputResponse* resp) override;
  grpc::Status ApproveCount(grpc::ServerContext* ctx, const v1::ApproveCountRequest* req,
                            v1::OfficerInputResponse* resp) override;
  grpc::Status ProposeCorrection(grpc::ServerContext* ctx, const v1::ProposeCorrectionRequest* req,
                                 v1::OfficerInputResponse* resp) override;
  grpc::Status ApproveCorrection(grpc::ServerContext* ctx, const v1::ApproveCorrectionRequest* req,
                                 v1::OfficerInputResponse* resp) override;
  grpc::Status EnterPaperBallot(grpc::ServerContext* ctx, const v1::EnterPaperBallotRequest* req,
                                v1::OfficerInputResponse* resp) override;
  grpc::Status ConfirmPaperBallot(grpc::ServerContext* ctx,
                                  const v1::ConfirmPaperBallotRequest* req,
                                  v1::OfficerInputResponse* resp) override;
  grpc::Status RejectPaperBallot(grpc::ServerContext* ctx, const v1::RejectPaperBallotRequest* req,
                                 v1::OfficerInputResponse* resp) override;
  grpc::Status RecordPaperReturns(grpc::ServerContext* ctx,
                                  const v1::RecordPaperReturnsRequest* req,
                                  v1::OfficerInputResponse* resp) override;

 private:
  ServiceContext c_;
};

class AuditServiceImpl final : public CheckedService<v1::AuditService> {
 public:
  explicit AuditServiceImpl(ServiceContext c);
  // Serves AuditService.Export (a server stream), writing through `write`.
  grpc::Status ExportRecords(grpc::ServerContext* ctx, const v1::ExportRequest* req,
                             const std::function<bool(const v1::ExportRecord&)>& write);
  grpc::Status GetHead(grpc::ServerContext* ctx, const v1::GetHeadRequest* req,
                       v1::SignedHead* resp) override;
  grpc::Status GetServerKey(grpc::ServerContext* ctx, const v1::GetServerKeyRequest* req,
                            v1::GetServerKeyResponse* resp) override;

 private:
  ServiceContext c_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_SERVICES_H_
