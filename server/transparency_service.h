// TransparencyService: each meeting's chain as an RFC 6962 Merkle log —
// signed C2SP checkpoints, inclusion and consistency proofs, and the
// verifier key of the checkpoint signatures. Read-only; every role may call
// it. See docs/export-format.md ("The Merkle log and checkpoints").
#ifndef GONGXIN_SERVER_TRANSPARENCY_SERVICE_H_
#define GONGXIN_SERVER_TRANSPARENCY_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "server/services.h"

namespace gongxin::server {

// The default signed-note key name of the checkpoints (--log-name).
inline constexpr char kDefaultLogName[] = "gongxin.local";

// CheckpointOrigin returns the origin line of a meeting's log:
// "<log_name>/meeting/<meeting_id>".
std::string CheckpointOrigin(absl::string_view log_name, absl::string_view meeting_id);
// RegistryOrigin returns the origin line of the registry log: "<log_name>/registry".
std::string RegistryOrigin(absl::string_view log_name);

// SignCheckpointNote returns the C2SP signed note of `head` under `origin`,
// signed by `key` as `log_name`.
absl::StatusOr<std::string> SignCheckpointNote(absl::string_view log_name,
                                               absl::string_view origin,
                                               const Meeting::LogHead& head,
                                               const crypto::Ed25519PrivateKey& key);

// A log TransparencyService serves: a meeting's, or (meeting_id "") the
// registry log. `name` says which, for messages.
struct ServedLog {
  std::string origin;
  std::string name;
  Meeting::LogHead head;
  crypto::NodeSource nodes;
};
absl::StatusOr<ServedLog> FindLog(const Registry& registry, absl::string_view log_name,
                                  const std::string& meeting_id);

class TransparencyServiceImpl final
    : public CheckedService<v1::TransparencyService> {
 public:
  // `log_name` must be a valid note key name (crypto::IsValidNoteKeyName).
  TransparencyServiceImpl(ServiceContext c, std::string log_name)
      : c_(c), log_name_(std::move(log_name)) {
    Check("GetCheckpoint", &TransparencyServiceImpl::GetCheckpoint);
    Check("GetInclusionProof", &TransparencyServiceImpl::GetInclusionProof);
    Check("GetConsistencyProof", &TransparencyServiceImpl::GetConsistencyProof);
    Check("GetVerifierKey", &TransparencyServiceImpl::GetVerifierKey);
  }

  grpc::Status GetCheckpoint(grpc::ServerContext* ctx, const v1::GetCheckpointRequest* req,
                             v1::Checkpoint* resp) override;
  grpc::Status GetInclusionProof(grpc::ServerContext* ctx,
                                 const v1::InclusionProofRequest* req,
                                 v1::Proof* resp) override;
  grpc::Status GetConsistencyProof(grpc::ServerContext* ctx,
                                   const v1::ConsistencyProofRequest* req,
                                   v1::Proof* resp) override;
  grpc::Status GetVerifierKey(grpc::ServerContext* ctx, const v1::GetVerifierKeyRequest* req,
                              v1::VerifierKey* resp) override;

 private:
  ServiceContext c_;
  const std::string log_name_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_TRANSPARENCY_SERVICE_H_
