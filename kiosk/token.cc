#include "kiosk/token.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "crypto/random.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::kiosk {

absl::StatusOr<PendingToken> MakePendingToken(const std::string& meeting_id,
                                              const std::string& form_id,
                                              const crypto::BlindRsaPublicKey& key,
                                              const std::string& group) {
  ASSIGN_OR_RETURN(std::string nonce, crypto::RandomBytes(ledger::kTokenNonceSize));
  ASSIGN_OR_RETURN(std::string prepared,
                   crypto::BlindRsaPrepare(ledger::TokenText(meeting_id, form_id, nonce)));
  ASSIGN_OR_RETURN(crypto::BlindRsaBlindingState blinding, crypto::BlindRsaBlind(key, prepared));
  return PendingToken{meeting_id, form_id, group, std::move(prepared), std::move(blinding)};
}

absl::StatusOr<v1::AnonymousToken> FinishToken(const PendingToken& pending,
                                               const crypto::BlindRsaPublicKey& key,
                                               absl::string_view blind_signature) {
  ASSIGN_OR_RETURN(std::string signature,
                   crypto::BlindRsaFinalize(key, pending.prepared_message, blind_signature,
                                            pending.blinding));
  v1::AnonymousToken token;
  token.set_meeting_id(pending.meeting_id);
  token.set_form_id(pending.form_id);
  token.set_group(pending.group);
  token.set_message(pending.prepared_message);
  token.set_signature(std::move(signature));
  return token;
}

std::string PendingTokenPath(const std::string& dir, const std::string& meeting_id,
                             const std::string& voter_id, const std::string& form_id,
                             const std::string& group) {
  // Ids are [A-Za-z0-9_.-] (tally/ids.h), so '@' cannot be part of one.
  return absl::StrCat(dir, "/", meeting_id, "-", voter_id, "-", form_id,
                      group.empty() ? "" : absl::StrCat("@", group), ".pending");
}

absl::Status SavePendingToken(const std::string& path, const std::string& voter_id,
                              const PendingToken& pending) {
  // The state directory and, on a fresh kiosk account, its parents
  // (~/.local/state): the files are 0600, the directory 0700.
  const std::string dir = path.substr(0, path.rfind('/'));
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(dir).parent_path(), error);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::UnavailableError(absl::StrCat("cannot create ", dir, ": ", std::strerror(errno)));
  }
  v1::KioskPendingToken saved;
  saved.set_meeting_id(pending.meeting_id);
  saved.set_form_id(pending.form_id);
  saved.set_group(pending.group);
  saved.set_voter_id(voter_id);
  saved.set_prepared_message(pending.prepared_message);
  saved.set_blinded_message(pending.blinding.blinded_msg());
  crypto::SecretData inverse = pending.blinding.InverseForPersistence();
  saved.set_inverse(std::string(inverse.AsStringView()));
  std::string bytes = saved.SerializeAsString();
  absl::Status s = crypto::WriteFileAtomically(path, bytes, 0600);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return s;
}

absl::StatusOr<PendingToken> LoadPendingToken(const std::string& path,
                                              const crypto::BlindRsaPublicKey& key) {
  ASSIGN_OR_RETURN(std::string bytes, crypto::ReadPrivateFile(path));
  v1::KioskPendingToken saved;
  const bool ok = saved.ParseFromString(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  if (!ok) return absl::DataLossError(absl::StrCat(path, ": does not parse"));
  ASSIGN_OR_RETURN(crypto::BlindRsaBlindingState blinding,
                   crypto::BlindRsaBlindingState::RestoreFromPersistence(
                       key, saved.blinded_message(), saved.inverse()));
  return PendingToken{saved.meeting_id(), saved.form_id(), saved.group(),
                      saved.prepared_message(), std::move(blinding)};
}

absl::Status DeletePendingToken(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return absl::UnavailableError(absl::StrCat("cannot delete ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace gongxin::kiosk
