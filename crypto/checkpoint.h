// Transparency-log checkpoints (https://c2sp.org/tlog-checkpoint): the note
// text a log signs to commit to its Merkle tree head (merkle.h) — origin,
// tree size and root hash, one per line. Sign and open the text with
// signed_note.h; cosign it with cosignature.h.
//
//   example.com/behind-the-sofa
//   20852163
//   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
//
// Warning: parse only text that OpenNote has verified; an unverified
// checkpoint proves nothing.
#ifndef GONGXIN_CRYPTO_CHECKPOINT_H_
#define GONGXIN_CRYPTO_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

// Checkpoint is a log's tree head.
struct Checkpoint {
  // origin identifies the log, e.g. "gongxin.example/meeting/42". Non-empty.
  std::string origin;
  // size is the number of leaves in the tree.
  uint64_t size = 0;
  // root_hash is the RFC 6962 root of the tree, kSha256Size bytes.
  std::string root_hash;
  // extensions are optional further lines, each non-empty. The spec does
  // not recommend them: log monitors cannot audit them.
  std::vector<std::string> extensions;

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// FormatCheckpoint returns the note text of `checkpoint`: the origin, the
// size in decimal, the base64 root hash and the extension lines, each ending
// in '\n'. Errors: INVALID_ARGUMENT (naming the field) if the origin or an
// extension is empty, holds a newline or other control character, or is not
// UTF-8, or if the root hash is not kSha256Size bytes.
absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint);

// ParseCheckpoint parses a checkpoint note text (a note's text, without
// signatures), strictly: every line ends in '\n' and none is empty; the size
// is decimal without sign or leading zeros and fits in 64 bits; the root
// hash is canonical base64 of kSha256Size bytes; the text is UTF-8 without
// control characters other than '\n'. ParseCheckpoint(FormatCheckpoint(c))
// returns c. Errors: INVALID_ARGUMENT naming the line that breaks a rule.
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_CHECKPOINT_H_
