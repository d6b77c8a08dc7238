// The witnesses a deployment trusts (--witness-key) and the cosignatures
// they have made of each meeting's checkpoints (C2SP tlog-cosignature,
// cosignature/v1). Cosignatures are write-once index keys of the meeting's
// chain, "cosig/<tree size, 20 digits>/<witness name>+<key id hex>", written
// in a synced store batch before AddCosignature answers. A publication may
// require K of them, by distinct configured witnesses, on the checkpoint it
// refers to (--require-cosignatures): with K honest witnesses among those
// counted, the server cannot show the public one history and the witnesses
// another.
#ifndef GONGXIN_SERVER_COSIGNATURE_BOOK_H_
#define GONGXIN_SERVER_COSIGNATURE_BOOK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/cosignature.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/transparency.pb.h"
#include "server/meeting.h"
#include "storage/store.h"

namespace gongxin::server {

// CosignatureBook is thread-safe (its state is immutable; the store is).
class CosignatureBook {
 public:
  // Create checks the configuration: every vkey a cosignature/v1 verifier
  // key (ParseCosignerVerifierKey), no two witnesses with one name or one
  // public key, 0 <= required <= number of witnesses.
  // Errors: INVALID_ARGUMENT naming the flag (--witness-key,
  // --require-cosignatures) and why.
  static absl::StatusOr<std::unique_ptr<CosignatureBook>> Create(
      storage::Store* store, const crypto::Ed25519PrivateKey* server_key, std::string log_name,
      const std::vector<std::string>& witness_vkeys, int required);

  const std::string& log_name() const { return log_name_; }
  int required() const { return required_; }
  const std::vector<crypto::Cosigner>& witnesses() const { return witnesses_; }

  // CheckpointText is the checkpoint note text of `m`'s log at `head`.
  absl::StatusOr<std::string> CheckpointText(const Meeting& m,
                                             const Meeting::LogHead& head) const;

  // CheckpointNote is the server-signed checkpoint note of `m` at `head`
  // followed by every stored cosignature line for head.size: one signed
  // note with several signatures.
  absl::StatusOr<std::string> CheckpointNote(const Meeting& m,
                                             const Meeting::LogHead& head) const;

  // Add validates and stores the cosignature lines of `cosigned_note`, a
  // checkpoint note of `m` with cosignature lines appended. Nothing is
  // written unless every line passes. Errors:
  //   INVALID_ARGUMENT     cosigned_note malformed, no cosignature line, or a
  //                        configured witness's signature does not verify;
  //   PERMISSION_DENIED    a line is by a key that is no configured witness;
  //   FAILED_PRECONDITION  the checkpoint is not one the server signed for
  //                        this meeting (origin, size beyond the log, or a
  //                        root that differs from the log's at that size);
  //   ALREADY_EXISTS       the witness already cosigned that size with a
  //                        different cosignature (the first one stays; an
  //                        identical resubmission returns OK, stored = 0);
  //   DATA_LOSS            the meeting is damaged; store errors pass through.
  absl::StatusOr<v1::AddCosignatureResponse> Add(Meeting& m,
                                                 absl::string_view cosigned_note) const;

  // PublicationCheckpoint returns what a PUBLISHED transition records: the
  // checkpoint at `head` (the log before the publish entry) with the stored
  // cosignatures that verify under the configured witnesses, one per
  // witness. Errors: FAILED_PRECONDITION when fewer than required() distinct
  // configured witnesses cosigned it, saying how many did, which, and how
  // many are required.
  absl::StatusOr<v1::PublishedCheckpoint> PublicationCheckpoint(
      const Meeting& m, const Meeting::LogHead& head) const;

  // CosignatureKey is "cosig/<size, 20 digits>/<name>+<key id hex>".
  static std::string CosignatureKey(uint64_t size, absl::string_view name, uint32_t key_id);

 private:
  CosignatureBook(storage::Store* store, const crypto::Ed25519PrivateKey* server_key,
                  std::string log_name, std::vector<crypto::Cosigner> witnesses, int required)
      : store_(store),
        server_key_(server_key),
        log_name_(std::move(log_name)),
        witnesses_(std::move(witnesses)),
        required_(required) {}

  // The configured witness whose name and cosigner key ID are these, or null.
  const crypto::Cosigner* FindWitness(absl::string_view name, uint32_t key_id) const;
  // Stored cosignature lines of `m` for `size`, in key order.
  absl::StatusOr<std::vector<std::string>> StoredLines(const Meeting& m, uint64_t size) const;

  storage::Store* const store_;
  const crypto::Ed25519PrivateKey* const server_key_;
  const std::string log_name_;
  const std::vector<crypto::Cosigner> witnesses_;
  const int required_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_COSIGNATURE_BOOK_H_
