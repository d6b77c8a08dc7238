// Feeds: what a kiosk and the server take from each other — credentials,
// anonymous tokens, signed heads, receipts — to the parsing and checking
// code of ledger/signing.h, ledger/format.h (CheckTokenMessage),
// crypto/blind_rsa.h (BlindRsaVerify) and client/token.h (a kiosk's saved
// pending token, LoadPendingToken). Keys: the seed meeting's server key
// and one of its forms' token keys (fuzz/testdata/, public keys only).
// Byte 0 (mod 4) chooses:
//   0  a credential word as `gongxin kiosk cast --credential` reads it
//      (web-safe base64 of a Credential): VerifyCredential;
//   1  a token word as `--token` reads it: CheckTokenMessage and
//      BlindRsaVerify, as the server's Cast does;
//   2  the bytes of a pending-token file (0600): LoadPendingToken, then
//      FinishToken with the blinded message as the server's answer;
//   3  a SignedHead, then Receipt, then AnonymousReceipt in wire format,
//      each parsed from the rest and checked: VerifyHead, VerifyReceipt,
//      VerifyAnonymousReceipt.
// Must hold: no crash, no hang, no sanitizer report; a credential or token
// that verifies is one the seed server signed (its meeting is the seed's).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "kiosk/token.h"
#include "crypto/blind_rsa.h"
#include "crypto/ed25519.h"
#include "fuzz/fuzz_support.h"
#include "ledger/format.h"
#include "ledger/signing.h"

namespace {

using namespace gongxin;  // NOLINT: a fuzz target's few lines

struct Keys {
  crypto::Ed25519PublicKey server;
  crypto::BlindRsaPublicKey token;
  std::string meeting_id;  // of the seed meeting
  std::string pending_path;  // a private file for case 2
};

const Keys& TheKeys() {
  static const Keys* keys = [] {
    char dir[] = "/tmp/gongxin-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    return new Keys{
        fuzz::Require(crypto::Ed25519PublicKey::FromPem(
                          fuzz::ReadSourceFile("fuzz/testdata/server-public.pem")),
                      "server-public.pem"),
        fuzz::Require(crypto::BlindRsaPublicKey::FromPem(
                          fuzz::ReadSourceFile("fuzz/testdata/token-key.pem")),
                      "token-key.pem"),
        std::string(absl::StripAsciiWhitespace(fuzz::ReadSourceFile("fuzz/testdata/meeting-id.txt"))),
        absl::StrCat(dir, "/token.pending")};
  }();
  return *keys;
}

// As the CLI decodes a word (client/main.cc).
template <typename T>
bool Decode(absl::string_view word, T* message) {
  std::string bytes;
  return absl::WebSafeBase64Unescape(absl::StripAsciiWhitespace(word), &bytes) &&
         message->ParseFromString(bytes);
}

void Credential(absl::string_view word) {
  v1::Credential credential;
  if (!Decode(word, &credential)) return;
  if (ledger::VerifyCredential(TheKeys().server, credential).ok()) {
    FUZZ_CHECK(credential.meeting_id() == TheKeys().meeting_id,
               "a credential of another meeting verifies: " + credential.meeting_id());
  }
}

void Token(absl::string_view word) {
  v1::AnonymousToken token;
  if (!Decode(word, &token)) return;
  if (!ledger::CheckTokenMessage(token.message(), token.meeting_id(), token.form_id()).ok()) return;
  if (crypto::BlindRsaVerify(TheKeys().token, token.message(), token.signature()).ok()) {
    FUZZ_CHECK(token.meeting_id() == TheKeys().meeting_id,
               "a token of another meeting verifies: " + token.meeting_id());
  }
}

void Pending(absl::string_view bytes) {
  const std::string& path = TheKeys().pending_path;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
    std::abort();
  }
  ::close(fd);
  absl::StatusOr<kiosk::PendingToken> pending = kiosk::LoadPendingToken(path, TheKeys().token);
  if (!pending.ok()) return;
  (void)kiosk::FinishToken(*pending, TheKeys().token, pending->blinding.blinded_msg());
}

void Signed(absl::string_view rest) {
  v1::SignedHead head;
  if (head.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) {
    (void)ledger::VerifyHead(TheKeys().server, head);
  }
  v1::Receipt receipt;
  if (receipt.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) {
    (void)ledger::VerifyReceipt(TheKeys().server, receipt);
  }
  v1::AnonymousReceipt anonymous;
  if (anonymous.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) {
    (void)ledger::VerifyAnonymousReceipt(TheKeys().server, anonymous);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Dispatch(data, size, {Credential, Token, Pending, Signed});
  return 0;
}
