#include "server/transparency_log_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/handle.h"
#include "util/status_macros.h"

namespace gongxin::server {

grpc::Status LogEntryServiceImpl::GetEntries(grpc::ServerContext* ctx,
                                             const v1::GetEntriesRequest* req,
                                             v1::Entries* resp) {
  return Handle(c_, ctx, "GetEntries", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    if (req->end() <= req->start()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "end: ", req->end(), " must be larger than start (", req->start(), ")"));
    }
    if (req->end() - req->start() > kMaxEntriesPerPage) {
      return absl::InvalidArgumentError(
          absl::StrCat("end: at most ", kMaxEntriesPerPage, " entries per call (asked for ",
                       req->end() - req->start(), "); page through the range"));
    }
    uint64_t size = 0;
    std::vector<std::string> entries;
    std::string name;
    if (req->meeting_id().empty()) {
      ASSIGN_OR_RETURN(Meeting::LogHead head, c_.registry->log().TreeHead());
      size = head.size;
      name = "the registry log";
    } else if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
      size = a->head().size();
      name = absl::StrCat("the log of archived meeting ", a->id());
    } else {
      ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
      // The stored size, not the tree's: a damaged meeting's entries are
      // still the evidence.
      ASSIGN_OR_RETURN(size, m->StoredSize());
      name = absl::StrCat("the log of meeting ", m->id());
    }
    if (req->end() > size) {
      return absl::InvalidArgumentError(absl::StrCat("end: ", req->end(), " is past the end of ",
                                                     name, " (", size, " entries)"));
    }
    if (req->meeting_id().empty()) {
      ASSIGN_OR_RETURN(entries, c_.registry->log().Leaves(req->start(), req->end()));
    } else if (const ArchivedMeeting* a = c_.registry->FindArchive(req->meeting_id())) {
      ASSIGN_OR_RETURN(entries, a->Entries(c_.registry->store(), req->start(), req->end()));
    } else {
      ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
      ASSIGN_OR_RETURN(entries, m->Entries(req->start(), req->end()));
    }
    for (std::string& e : entries) resp->add_entries(std::move(e));
    resp->set_start(req->start());
    resp->set_log_size(size);
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
