#include "server/services.h"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <thread>

#include "server/auth.h"
#include "server/cosignature_book.h"
#include "server/handle.h"
#include "server/grpc_status.h"
#include "server/log.h"
#include "server/transparency_service.h"
#include "crypto/merkle.h"
#include "util/status_macros.h"

namespace gongxin::server {

MeetingServiceImpl::MeetingServiceImpl(ServiceContext c) : c_(c) {
  Check("CreateMeeting", &MeetingServiceImpl::CreateMeeting);
  Check("TransitionMeeting", &MeetingServiceImpl::TransitionMeeting);
  Check("GetMeeting", &MeetingServiceImpl::GetMeeting);
  Check("ListMeetings", &MeetingServiceImpl::ListMeetings);
  Check("IssueSlips", &MeetingServiceImpl::IssueSlips);
  Check("VoidSlip", &MeetingServiceImpl::VoidSlip);
  Check("DrawSample", &MeetingServiceImpl::DrawSample);
  Check("PurgeTrial", &MeetingServiceImpl::PurgeTrial);
}

KioskServiceImpl::KioskServiceImpl(ServiceContext c)
    : c_(c),
      blocking_(std::max(2, c.blocking_threads)),
      signing_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
  CheckCallback("CheckIn", &KioskServiceImpl::CheckIn);
  CheckCallback("Cast", &KioskServiceImpl::Cast);
  Check("CheckSlip", &KioskServiceImpl::CheckSlip);
  Check("RedeemSlip", &KioskServiceImpl::RedeemSlip);
}

TallyServiceImpl::TallyServiceImpl(ServiceContext c) : c_(c) {
  Check("Count", &TallyServiceImpl::Count);
  Check("GetResult", &TallyServiceImpl::GetResult);
  Check("EnterScore", &TallyServiceImpl::EnterScore);
  Check("EnterVeto", &TallyServiceImpl::EnterVeto);
  Check("ApproveCount", &TallyServiceImpl::ApproveCount);
  Check("ProposeCorrection", &TallyServiceImpl::ProposeCorrection);
  Check("ApproveCorrection", &TallyServiceImpl::ApproveCorrection);
  Check("EnterPaperBallot", &TallyServiceImpl::EnterPaperBallot);
  Check("ConfirmPaperBallot", &TallyServiceImpl::ConfirmPaperBallot);
  Check("RejectPaperBallot", &TallyServiceImpl::RejectPaperBallot);
  Check("RecordPaperReturns", &TallyServiceImpl::RecordPaperReturns);
}

AuditServiceImpl::AuditServiceImpl(ServiceContext c) : c_(c) {
  Check("Export", &AuditServiceImpl::ExportRecords);
  Check("GetHead", &AuditServiceImpl::GetHead);
  Check("GetServerKey", &AuditServiceImpl::GetServerKey);
}

grpc::Status MeetingServiceImpl::CreateMeeting(grpc::ServerContext* ctx,
                                               const v1::CreateMeetingRequest* req,
                                               v1::CreateMeetingResponse* resp) {
  return Handle(c_, ctx, "CreateMeeting", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(*resp, c_.registry->Create(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::TransitionMeeting(
    grpc::ServerContext* ctx, const v1::TransitionMeetingRequest* req,
    v1::TransitionMeetingResponse* resp) {
  return Handle(c_, ctx, "TransitionMeeting", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    Meeting::PublishCheck publish_check;
    if (c_.cosignatures != nullptr) {
      // k-of-n: the checkpoint the publication follows, with its witnesses.
      publish_check = [book = c_.cosignatures, m](const Meeting::LogHead& head) {
        return book->PublicationCheckpoint(*m, head);
      };
    }
    ASSIGN_OR_RETURN(*resp, m->Transition(req->target(), who.name, publish_check));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::GetMeeting(grpc::ServerContext* ctx,
                                            const v1::GetMeetingRequest* req,
                                            v1::MeetingInfo* resp) {
  return Handle(c_, ctx, "GetMeeting", kAnyRoleOrObserver, *req, [&](const Caller&) {
    if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
      *resp = a->Info(/*with_spec=*/true);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    *resp = m->Info(/*with_spec=*/true);
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::IssueSlips(grpc::ServerContext* ctx,
                                            const v1::IssueSlipsRequest* req,
                                            v1::SlipsResponse* resp) {
  return Handle(c_, ctx, "IssueSlips", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    std::vector<std::string> hashes(req->slip_hashes().begin(), req->slip_hashes().end());
    ASSIGN_OR_RETURN(*resp, m->IssueSlips(req->group(), std::move(hashes), who.name));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::VoidSlip(grpc::ServerContext* ctx,
                                          const v1::VoidSlipRequest* req,
                                          v1::SlipsResponse* resp) {
  return Handle(c_, ctx, "VoidSlip", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->VoidSlip(req->slip_hash(), who.name));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::DrawSample(grpc::ServerContext* ctx,
                                            const v1::DrawSampleRequest* req,
                                            v1::DrawSampleResponse* resp) {
  return Handle(c_, ctx, "DrawSample", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->DrawSample(req->beacon(), who.name));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::PurgeTrial(grpc::ServerContext* ctx,
                                            const v1::PurgeTrialRequest* req,
                                            v1::PurgeTrialResponse* resp) {
  return Handle(c_, ctx, "PurgeTrial", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(*resp, c_.registry->PurgeTrial(req->meeting_id(), who.name));
    return absl::OkStatus();
  });
}

grpc::Status MeetingServiceImpl::ListMeetings(grpc::ServerContext* ctx,
                                              const v1::ListMeetingsRequest* req,
                                              v1::ListMeetingsResponse* resp) {
  return Handle(c_, ctx, "ListMeetings", kAnyRoleOrObserver, *req, [&](const Caller&) {
    std::vector<v1::MeetingInfo> infos;
    for (const Meeting* m : c_.registry->List()) infos.push_back(m->Info(/*with_spec=*/true));
    for (const ArchivedMeeting* a : c_.registry->ListArchives()) {
      infos.push_back(a->Info(/*with_spec=*/true));
    }
    std::sort(infos.begin(), infos.end(), [](const v1::MeetingInfo& a, const v1::MeetingInfo& b) {
      return a.meeting_id() < b.meeting_id();
    });
    for (v1::MeetingInfo& info : infos) {
      // Keep the title, drop the forms: a list should stay small.
      info.mutable_spec()->clear_forms();
      info.mutable_spec()->clear_groups();
      *resp->add_meetings() = std::move(info);
    }
    return absl::OkStatus();
  });
}

void KioskServiceImpl::FindingMeeting(std::function<void()> work) {
  if (c_.registry->store()->MayHaveOtherWriters()) {
    blocking_.Run(std::move(work));
  } else {
    work();
  }
}

void KioskServiceImpl::CheckIn(grpc::CallbackServerContext* ctx, const v1::CheckInRequest* req,
                               v1::CheckInResponse* resp,
                               std::function<void(grpc::Status)> respond) {
  auto body = [this, req, resp](const Caller& who, Finish finish) {
    FindingMeeting([this, req, resp, kiosk = who.name, finish = std::move(finish)]() mutable {
      absl::StatusOr<Meeting*> m = c_.registry->FindForWrite(req->meeting_id());
      if (!m.ok()) {
        finish(m.status());
        return;
      }
      std::vector<v1::BlindedToken> blinded(req->blinded_tokens().begin(),
                                            req->blinded_tokens().end());
      (*m)->CheckInAsync(
          req->voter_id(), kiosk, blinded,
          SlipCheckIn{req->by_slip(), req->slip_secret(), req->by_paper()},
          [this](std::function<void()> sign) { signing_.Run(std::move(sign)); },
          [resp, finish = std::move(finish)](absl::StatusOr<v1::CheckInResponse> answer) {
            if (answer.ok()) *resp = *std::move(answer);
            finish(answer.status());
          });
    });
  };
  HandleAsync(c_, ctx, "CheckIn", {Role::kKiosk}, *req, body, std::move(respond));
}

// A phone's slip. No log line: its time would say when a phone voted.
grpc::Status KioskServiceImpl::CheckSlip(grpc::ServerContext* ctx, const v1::SlipRequest* req,
                                         v1::SlipResponse* resp) {
  return Handle(
      c_, ctx, "CheckSlip", {Role::kKiosk}, *req,
      [&](const Caller&) {
        ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
        ASSIGN_OR_RETURN(*resp, m->CheckSlip(req->slip_secret()));
        return absl::OkStatus();
      },
      CallLog::kNone);
}

grpc::Status KioskServiceImpl::RedeemSlip(grpc::ServerContext* ctx, const v1::SlipRequest* req,
                                          v1::SlipResponse* resp) {
  return Handle(
      c_, ctx, "RedeemSlip", {Role::kKiosk}, *req,
      [&](const Caller&) {
        ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
        std::vector<v1::BlindedToken> blinded(req->blinded_tokens().begin(),
                                              req->blinded_tokens().end());
        ASSIGN_OR_RETURN(*resp, m->RedeemSlip(req->slip_secret(), blinded));
        return absl::OkStatus();
      },
      CallLog::kNone);
}

// AttachCheckpoint adds to a named receipt the signed checkpoint of the tree
// right after the group commit that wrote its entry, and the inclusion proof
// of the entry in it (O(log n) stored nodes).
absl::Status KioskServiceImpl::AttachCheckpoint(const Meeting& m, const Meeting::LogHead& tree,
                                                v1::Receipt* receipt) const {
  // One signature per commit group: its receipts share the note.
  ASSIGN_OR_RETURN(std::string note, m.CheckpointNote(tree, [&](const Meeting::LogHead& t) {
                     return SignCheckpointNote(c_.log_name, CheckpointOrigin(c_.log_name, m.id()),
                                               t, c_.registry->key());
                   }));
  ASSIGN_OR_RETURN(std::vector<std::string> proof,
                   crypto::InclusionProof(receipt->seq(), tree.size, m.TreeNodes()));
  receipt->set_checkpoint(std::move(note));
  for (std::string& hash : proof) receipt->add_inclusion_proof(std::move(hash));
  return absl::OkStatus();
}

void KioskServiceImpl::Cast(grpc::CallbackServerContext* ctx, const v1::CastRequest* req,
                            v1::CastResponse* resp, std::function<void(grpc::Status)> respond) {
  auto body = [this, req, resp](const Caller&, Finish finish) {
    if (req->has_credential() == req->has_token()) {
      finish(absl::InvalidArgumentError(
          "credential, token: exactly one is required (a credential for a named form, a token "
          "for an anonymous one)"));
      return;
    }
    if (req->has_token()) {
      // Waits for the urn's synced write, so not on gRPC's threads.
      blocking_.Run([this, req, resp, finish = std::move(finish)] {
        absl::StatusOr<Meeting*> m = c_.registry->FindForWrite(req->token().meeting_id());
        if (!m.ok()) {
          finish(absl::Status(m.status().code(), absl::StrCat("token.", m.status().message())));
          return;
        }
        absl::StatusOr<v1::AnonymousReceipt> receipt =
            (*m)->CastAnonymous(req->token(), req->ballot());
        if (receipt.ok()) *resp->mutable_anonymous_receipt() = *std::move(receipt);
        finish(receipt.status());
      });
      return;
    }
    auto cast = [this, req, resp, finish = std::move(finish)]() mutable {
      absl::StatusOr<Meeting*> m = c_.registry->FindForWrite(req->credential().meeting_id());
      if (!m.ok()) {
        finish(absl::Status(m.status().code(),
                            absl::StrCat("credential.", m.status().message())));
        return;
      }
      Meeting* meeting = *m;
      meeting->CastAsync(
          req->credential(), req->ballot(),
          [this, meeting, resp, finish = std::move(finish)](absl::StatusOr<v1::Receipt> receipt,
                                                            const Meeting::LogHead& tree) {
            if (!receipt.ok()) {
              finish(receipt.status());
              return;
            }
            *resp->mutable_receipt() = *std::move(receipt);
            // The ballot is durable: a checkpoint that cannot be attached
            // must not turn the acknowledgement into a refusal, so it is
            // only logged.
            if (absl::Status s = AttachCheckpoint(*meeting, tree, resp->mutable_receipt());
                !s.ok()) {
              LogError("meeting ", meeting->id(), ": receipt without checkpoint: ",
                       s.message());
            }
            finish(absl::OkStatus());
          });
    };
    FindingMeeting(std::move(cast));
  };
  HandleAsync(c_, ctx, "Cast", {Role::kKiosk}, *req, body, std::move(respond),
              req->has_token() ? CallLog::kNone : CallLog::kLine);
}

grpc::Status TallyServiceImpl::Count(grpc::ServerContext* ctx, const v1::CountRequest* req,
                                     v1::CountResponse* resp) {
  return Handle(c_, ctx, "Count", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->Count(who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::GetResult(grpc::ServerContext* ctx,
                                         const v1::GetResultRequest* req,
                                         v1::CountResponse* resp) {
  return Handle(c_, ctx, "GetResult", {Role::kOfficer, Role::kAdmin, Role::kAuditor}, *req,
                [&](const Caller&) {
                  if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
                    ASSIGN_OR_RETURN(*resp, a->Result());
                    return absl::OkStatus();
                  }
                  ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
                  ASSIGN_OR_RETURN(*resp, m->Result());
                  return absl::OkStatus();
                });
}

grpc::Status TallyServiceImpl::EnterScore(grpc::ServerContext* ctx,
                                          const v1::EnterScoreRequest* req,
                                          v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "EnterScore", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->EnterScore(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::EnterVeto(grpc::ServerContext* ctx,
                                         const v1::EnterVetoRequest* req,
                                         v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "EnterVeto", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->EnterVeto(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::ApproveCount(grpc::ServerContext* ctx,
                                            const v1::ApproveCountRequest* req,
                                            v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "ApproveCount", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->ApproveCount(who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::ProposeCorrection(grpc::ServerContext* ctx,
                                                 const v1::ProposeCorrectionRequest* req,
                                                 v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "ProposeCorrection", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->ProposeCorrection(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::ApproveCorrection(grpc::ServerContext* ctx,
                                                 const v1::ApproveCorrectionRequest* req,
                                                 v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "ApproveCorrection", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->ApproveCorrection(*req, who.name));
    return absl::OkStatus();
  });
}

// Paper ballots: officer inputs, one entry each (server/meeting_paper.cc).
grpc::Status TallyServiceImpl::EnterPaperBallot(grpc::ServerContext* ctx, const v1::EnterPaperBallotRequest* req,
                                      v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "EnterPaperBallot", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->EnterPaperBallot(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::ConfirmPaperBallot(grpc::ServerContext* ctx, const v1::ConfirmPaperBallotRequest* req,
                                      v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "ConfirmPaperBallot", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->ConfirmPaperBallot(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::RejectPaperBallot(grpc::ServerContext* ctx, const v1::RejectPaperBallotRequest* req,
                                      v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "RejectPaperBallot", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->RejectPaperBallot(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status TallyServiceImpl::RecordPaperReturns(grpc::ServerContext* ctx, const v1::RecordPaperReturnsRequest* req,
                                      v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "RecordPaperReturns", {Role::kOfficer}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->RecordPaperReturns(*req, who.name));
    return absl::OkStatus();
  });
}

constexpr std::initializer_list<Role> kFullExportRoles = {Role::kAuditor, Role::kAdmin};

grpc::Status AuditServiceImpl::ExportRecords(
    grpc::ServerContext* ctx, const v1::ExportRequest* req,
    const std::function<bool(const v1::ExportRecord&)>& write) {
  // Anyone in the room may take the public record; who chose what on a named
  // form (the openings) is for the auditor and the organisation department.
  const std::initializer_list<Role> allowed = req->public_export() ? kAnyRole : kFullExportRoles;
  return Handle(c_, ctx, "Export", allowed, *req, [&](const Caller&) {
    auto emit = [&](const v1::ExportRecord& record) {
      if (!write(record)) return absl::CancelledError("the client went away during the export");
      return absl::OkStatus();
    };
    if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
      return a->Export(c_.registry->store(), emit, /*with_openings=*/!req->public_export());
    }
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    return m->Export(emit, /*with_openings=*/!req->public_export());
  });
}

grpc::Status AuditServiceImpl::GetHead(grpc::ServerContext* ctx, const v1::GetHeadRequest* req,
                                       v1::SignedHead* resp) {
  return Handle(c_, ctx, "GetHead", kAnyRoleOrObserver, *req, [&](const Caller&) {
    if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
      *resp = a->head();
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    *resp = m->Info(/*with_spec=*/false).head();
    return absl::OkStatus();
  });
}

grpc::Status AuditServiceImpl::GetServerKey(grpc::ServerContext* ctx,
                                            const v1::GetServerKeyRequest* req,
                                            v1::GetServerKeyResponse* resp) {
  return Handle(c_, ctx, "GetServerKey", kAnyRoleOrObserver, *req, [&](const Caller&) {
    resp->set_ed25519_public_key(c_.registry->key().public_key().raw());
    resp->set_public_key_pem(c_.registry->key().public_key().ToPem());
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
