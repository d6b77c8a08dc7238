// The per-meeting secrets file (MeetingSecrets): written durably before the
// meeting exists, read at start-up while the meeting is open, and destroyed
// at its close — overwritten, synced and unlinked — so that no token can be
// minted and no urn record opened afterwards, even by the operator.
#ifndef GONGXIN_SERVER_MEETING_SECRETS_H_
#define GONGXIN_SERVER_MEETING_SECRETS_H_

#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/secrets.pb.h"

namespace gongxin::server {

// Where a meeting's secrets live under the data directory.
std::string MeetingSecretsPath(const std::string& data_dir, const std::string& meeting_id);

// Where the urn of the meeting whose secrets are at `secrets_path` lives:
// beside the secrets file, in the same private directory
// ("<dir>/<meeting>.urn" for "<dir>/<meeting>.secrets"). Deleted at the
// close with the secrets (server/urn.h).
std::string UrnDirFor(const std::string& secrets_path);

// WriteMeetingSecrets creates the file (mode 0600) durably; ALREADY_EXISTS
// if it exists.
absl::Status WriteMeetingSecrets(const std::string& path, const v1::MeetingSecrets& secrets);

// ReadMeetingSecrets: NOT_FOUND when the file is gone (destroyed at close).
absl::StatusOr<v1::MeetingSecrets> ReadMeetingSecrets(const std::string& path);

// DestroyMeetingSecrets overwrites the file with zeros, syncs, unlinks it
// and syncs the directory. OK if the file does not exist.
absl::Status DestroyMeetingSecrets(const std::string& path);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_MEETING_SECRETS_H_
