// Feeds: a voter's receipt to `gongxin receipt check --trust-note-key`
// offline (client::ReceiptCheckWithProof, client/receipt_check.cc), under
// the seed meeting's verifier key (fuzz/testdata/server-note-key.txt), so
// the real receipts of the corpus pass their signature check and the
// fuzzer reaches the checkpoint and the inclusion proof they carry (which
// the receipt signature does not cover). Byte 0 (mod 2) chooses:
//   0  the rest is the receipt text as a voter types it;
//   1  the rest is "<receipt>\n--\n<checkpoint note>\n--\n<proof>": a later
//      checkpoint and an inclusion proof, as --checkpoint and --proof files.
// Must hold: no crash, no hang, no sanitizer report; the exit code is one
// the command documents (0, 1 or 3). Nothing is printed during fuzzing.
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/receipt_check.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string* note_key = [] {
    // The command speaks on std::cout and std::cerr; a stream without a
    // buffer drops everything.
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
    return new std::string(absl::StripAsciiWhitespace(
        gongxin::fuzz::ReadSourceFile("fuzz/testdata/server-note-key.txt")));
  }();
  static auto* checkpoint_file = new gongxin::fuzz::MemoryFile("checkpoint");
  static auto* proof_file = new gongxin::fuzz::MemoryFile("proof");
  const gongxin::fuzz::Selected input = gongxin::fuzz::Select(data, size);
  gongxin::client::ReceiptProofOptions options;
  options.note_key = *note_key;
  options.receipt_text = std::string(input.rest);
  if (input.selector % 2 == 1) {
    const size_t first = input.rest.find("\n--\n");
    const size_t second =
        first == absl::string_view::npos ? first : input.rest.find("\n--\n", first + 4);
    if (second == absl::string_view::npos) return 0;
    options.receipt_text = std::string(input.rest.substr(0, first));
    options.checkpoint_path =
        checkpoint_file->Write(input.rest.substr(first + 4, second + 1 - (first + 4)));
    options.proof_path = proof_file->Write(input.rest.substr(second + 4));
  }
  const int rc = gongxin::client::ReceiptCheckWithProof(gongxin::kiosk::ConnectionOptions{},
                                                        options);
  FUZZ_CHECK(rc == 0 || rc == 1 || rc == 3, absl::StrCat("undocumented exit code ", rc));
  return 0;
}
