// The ledger's format rules, shared by the writer (gongxind) and the offline
// verifier (gongxin audit verify): how entries, rolls and voter identities are
// hashed, and the exact byte strings the server signs. Everything an
// independent verifier must reproduce is here and in docs/export-format.md.
#ifndef GONGXIN_LEDGER_FORMAT_H_
#define GONGXIN_LEDGER_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongxin::ledger {

// Domain-separation tags (crypto::DomainHash) — one per kind of hashed object.
inline constexpr absl::string_view kEntryTag = "gongxin/v1/entry";
inline constexpr absl::string_view kRollTag = "gongxin/v1/roll";
inline constexpr absl::string_view kVoterTag = "gongxin/v1/voter";
inline constexpr absl::string_view kAnonymousBallotTag = "gongxin/v1/anonymous-ballot";
inline constexpr absl::string_view kSlipTag = "gongxin/v1/slip";

// Random bytes in a token's text: a token is unique by construction.
inline constexpr size_t kTokenNonceSize = 32;

// Salt length of a voter commitment.
inline constexpr size_t kVoterSaltSize = 32;

// EntryHash is DomainHash("gongxin/v1/entry", {entry_bytes}): the hash of the
// exact stored bytes, never of a re-serialisation. Entry seq+1 carries it as
// prev_hash, which is what chains the ledger.
std::string EntryHash(absl::string_view entry_bytes);

// RollDigest is DomainHash("gongxin/v1/roll", {roll_bytes}).
std::string RollDigest(absl::string_view roll_bytes);

// VoterCommitment is DomainHash("gongxin/v1/voter", {meeting_id, voter_id,
// salt}). The ledger names voters only by commitment; the opening (voter id
// and salt) is kept beside the ledger, so a public record can omit it.
std::string VoterCommitment(absl::string_view meeting_id,
                            absl::string_view voter_id, absl::string_view salt);

// AnonymousBallotHash is DomainHash("gongxin/v1/anonymous-ballot",
// {AnonymousBallot bytes}): what the voter's receipt signs, and the order in
// which the urn joins the chain at the close.
std::string AnonymousBallotHash(absl::string_view anonymous_ballot_bytes);

// The secret a printed slip carries (kiosk::SlipCode spells it).
inline constexpr size_t kSlipSecretSize = 10;

// SlipHash is DomainHash("gongxin/v1/slip", {meeting_id, secret}): how the
// ledger names a slip. 80 random bits keep the secret out of reach of a
// search over hashes; the meeting id keeps a slip from serving elsewhere.
std::string SlipHash(absl::string_view meeting_id, absl::string_view secret);

// TokenText is the message a voter's anonymous token carries, before RFC
// 9474's random prefix: "gongxin/v1/token\n<meeting_id>\n<form_id>\n<hex
// nonce>\n". Binding meeting and form refuses a token replayed elsewhere.
std::string TokenText(absl::string_view meeting_id, absl::string_view form_id,
                      absl::string_view nonce);
// CheckTokenMessage checks that an RFC 9474 prepared message (32-byte prefix
// || token text) is a token for this meeting and form; INVALID_ARGUMENT
// saying what differs otherwise.
absl::Status CheckTokenMessage(absl::string_view prepared_message, absl::string_view meeting_id,
                               absl::string_view form_id);

// The texts the server signs with its Ed25519 key. Each is a few lines of
// text, one field per line, ending in a newline; binary fields in lowercase
// hex. Ids never contain a newline (tally::ValidateId), so the text is
// unambiguous.
//
//   gongxin/v1/head\n<meeting_id>\n<size>\n<hex head_hash>\n
//   gongxin/v1/credential\n<meeting_id>\n<form_id>\n<hex commitment>\n
//   gongxin/v1/receipt\n<meeting_id>\n<form_id>\n<seq>\n<hex entry_hash>\n
//     followed, in receipts that carry a checkpoint, by <hex leaf_hash>\n
//     (the entry's RFC 6962 leaf hash, so the signature binds the leaf the
//     inclusion proof is about to the entry hash)
//   gongxin/v1/anonymous-receipt\n<meeting_id>\n<form_id>\n<hex ballot_hash>\n
std::string HeadMessage(absl::string_view meeting_id, uint64_t size,
                        absl::string_view head_hash);
std::string CredentialMessage(absl::string_view meeting_id,
                              absl::string_view form_id,
                              absl::string_view voter_commitment);
std::string ReceiptMessage(absl::string_view meeting_id,
                           absl::string_view form_id, uint64_t seq,
                           absl::string_view entry_hash,
                           absl::string_view leaf_hash = {});
std::string AnonymousReceiptMessage(absl::string_view meeting_id, absl::string_view form_id,
                                    absl::string_view ballot_hash);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_FORMAT_H_
