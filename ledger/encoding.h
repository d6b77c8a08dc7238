// The encoding rule of everything the ledger hashes: an entry (and the
// AnonymousBallot inside one, and the roll) holds only fields of its schema,
// at every depth, in the one canonical protobuf encoding
// (docs/export-format.md, "Canonical encoding"). So every byte of the record
// is something a verifier parsed and checked: no unknown field, no second
// copy of a singular field that a parser would silently drop, no padded
// varint.
#ifndef GONGXIN_LEDGER_ENCODING_H_
#define GONGXIN_LEDGER_ENCODING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"

namespace gongxin::ledger {

// CanonicalBytes is the deterministic serialisation of `message`: fields in
// field-number order, minimal varints, packed repeated scalars, proto3
// default scalars left out. What ChainHead::Seal writes.
std::string CanonicalBytes(const google::protobuf::Message& message);

// CheckCanonical checks that `bytes`, from which `message` was parsed, carry
// no unknown field at any depth and equal the deterministic serialisation of
// `message`. Fails with DATA_LOSS naming `what` and the first difference,
// e.g. "anonymous_ballot.ballot.answers[0]: unknown field 77 (not in
// gongxin.v1.Answer)" or "not in canonical encoding: re-encoding gives 52
// bytes, which first differ from the 55 stored at byte 14".
absl::Status CheckCanonical(const google::protobuf::Message& message, absl::string_view bytes,
                            absl::string_view what);

// CheckEntryEncoding is CheckCanonical for an entry parsed from `bytes`,
// and for the AnonymousBallot its `anonymous_ballot` bytes hold (which must
// parse). Messages name the field path inside the entry.
absl::Status CheckEntryEncoding(const v1::Entry& entry, absl::string_view bytes);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_ENCODING_H_
