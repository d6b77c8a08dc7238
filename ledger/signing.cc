#include "ledger/signing.h"

#include "absl/strings/str_cat.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::ledger {
namespace {

// Wraps a verification failure so the caller learns what did not verify.
absl::Status Explain(absl::Status s, absl::string_view what) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(what, ": ", s.message()));
}

}  // namespace

absl::StatusOr<v1::SignedHead> SignHead(const crypto::Ed25519PrivateKey& key,
                                        absl::string_view meeting_id,
                                        uint64_t size,
                                        absl::string_view head_hash) {
  v1::SignedHead head;
  head.set_meeting_id(std::string(meeting_id));
  head.set_size(size);
  head.set_head_hash(std::string(head_hash));
  ASSIGN_OR_RETURN(std::string sig,
                   key.Sign(HeadMessage(meeting_id, size, head_hash)));
  head.set_signature(std::move(sig));
  return head;
}

absl::Status VerifyHead(const crypto::Ed25519PublicKey& key,
                        const v1::SignedHead& head) {
  return Explain(key.Verify(HeadMessage(head.meeting_id(), head.size(),
                                        head.head_hash()),
                            head.signature()),
                 absl::StrCat("signed head of meeting ", head.meeting_id(),
                              " at size ", head.size()));
}

absl::StatusOr<v1::Credential> SignCredential(
    const crypto::Ed25519PrivateKey& key, absl::string_view meeting_id,
    absl::string_view form_id, absl::string_view voter_commitment) {
  v1::Credential c;
  c.set_meeting_id(std::string(meeting_id));
  c.set_form_id(std::string(form_id));
  c.set_voter_commitment(std::string(voter_commitment));
  ASSIGN_OR_RETURN(std::string sig,
                   key.Sign(CredentialMessage(meeting_id, form_id,
                                              voter_commitment)));
  c.set_signature(std::move(sig));
  return c;
}

absl::Status VerifyCredential(const crypto::Ed25519PublicKey& key,
                              const v1::Credential& c) {
  return Explain(key.Verify(CredentialMessage(c.meeting_id(), c.form_id(),
                                              c.voter_commitment()),
                            c.signature()),
                 "credential");
}

absl::StatusOr<v1::Receipt> SignReceipt(const crypto::Ed25519PrivateKey& key,
                                        absl::string_view meeting_id,
                                        absl::string_view form_id,
                                        uint64_t seq,
                                        absl::string_view entry_hash,
                                        absl::string_view leaf_hash) {
  v1::Receipt r;
  r.set_meeting_id(std::string(meeting_id));
  r.set_form_id(std::string(form_id));
  r.set_seq(seq);
  r.set_entry_hash(std::string(entry_hash));
  r.set_leaf_hash(std::string(leaf_hash));
  ASSIGN_OR_RETURN(std::string sig,
                   key.Sign(ReceiptMessage(meeting_id, form_id, seq,
                                           entry_hash, leaf_hash)));
  r.set_signature(std::move(sig));
  return r;
}

absl::Status VerifyReceipt(const crypto::Ed25519PublicKey& key,
                           const v1::Receipt& r) {
  return Explain(key.Verify(ReceiptMessage(r.meeting_id(), r.form_id(),
                                           r.seq(), r.entry_hash(), r.leaf_hash()),
                            r.signature()),
                 "receipt");
}

absl::StatusOr<v1::AnonymousReceipt> SignAnonymousReceipt(
    const crypto::Ed25519PrivateKey& key, absl::string_view meeting_id,
    absl::string_view form_id, absl::string_view ballot_hash) {
  v1::AnonymousReceipt r;
  r.set_meeting_id(std::string(meeting_id));
  r.set_form_id(std::string(form_id));
  r.set_ballot_hash(std::string(ballot_hash));
  ASSIGN_OR_RETURN(std::string sig,
                   key.Sign(AnonymousReceiptMessage(meeting_id, form_id, ballot_hash)));
  r.set_signature(std::move(sig));
  return r;
}

absl::Status VerifyAnonymousReceipt(const crypto::Ed25519PublicKey& key,
                                    const v1::AnonymousReceipt& r) {
  return Explain(key.Verify(AnonymousReceiptMessage(r.meeting_id(), r.form_id(), r.ballot_hash()),
                            r.signature()),
                 "anonymous receipt");
}

}  // namespace gongxin::ledger
