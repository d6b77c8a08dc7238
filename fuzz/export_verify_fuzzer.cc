// Feeds: the bytes of an export file to verifier::VerifyExport (the offline
// auditor, `gongxin audit verify`), trusting the key of the seed exports
// (fuzz/testdata/server-public.pem; fuzz/README.md says where they come
// from). One thread, so a finding replays exactly.
// Must hold: no crash, no hang, no sanitizer report; and the verifier never
// says OK to an export whose signed part changed. The seeds' genuine
// verdicts are computed at start-up; a fuzzer cannot forge the server's
// Ed25519 signature, so an OK verdict must be one of them: same meeting,
// signed head, entry count, ballots and count. An OK for anything else is
// a verifier that accepted bytes the server never signed.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "verifier/verifier.h"
#include "crypto/ed25519.h"
#include "fuzz/fuzz_support.h"

namespace {

using gongxin::verifier::Verdict;

// What must equal for a verdict to be a genuine one.
std::string Fingerprint(const Verdict& v) {
  return absl::StrCat(v.meeting_id, "|", v.status, "|", v.entries, "|", v.ballots, "|",
                      v.anonymous_ballots, "|", v.checked_in, "|", v.roll_size, "|",
                      v.merkle_root, "|", v.count.has_value() ? v.count->SerializeAsString() : "",
                      "|", v.count_seq, "|", v.count_entry_hash, "|",
                      v.spec.SerializeAsString());
}

absl::StatusOr<Verdict> Verify(const std::string& bytes,
                               const gongxin::crypto::Ed25519PublicKey& key) {
  std::istringstream in(bytes);
  gongxin::verifier::VerifyOptions options;
  options.threads = 1;
  return gongxin::verifier::VerifyExport(in, key, options);
}

struct Genuine {
  gongxin::crypto::Ed25519PublicKey key;
  // Signed head hash → the fingerprints of the verdicts of the full and
  // public exports of it (which differ only in public_export).
  std::multimap<std::string, std::string> verdicts;
};

const Genuine& Seeds() {
  static const Genuine* genuine = [] {
    auto* g = new Genuine{gongxin::fuzz::Require(
        gongxin::crypto::Ed25519PublicKey::FromPem(
            gongxin::fuzz::ReadSourceFile("fuzz/testdata/server-public.pem")),
        "fuzz/testdata/server-public.pem"), {}};
    const std::filesystem::path dir = gongxin::fuzz::SourcePath("fuzz/corpus/export_verify");
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
      if (file.path().extension() != ".gxe") continue;
      std::ifstream in(file.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      const Verdict verdict =
          gongxin::fuzz::Require(Verify(bytes.str(), g->key), file.path().string());
      g->verdicts.emplace(verdict.head_hash, Fingerprint(verdict));
    }
    return g;
  }();
  return *genuine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Genuine& genuine = Seeds();
  absl::StatusOr<Verdict> verdict =
      Verify(std::string(gongxin::fuzz::AsView(data, size)), genuine.key);
  if (!verdict.ok()) return 0;
  const std::string fingerprint = Fingerprint(*verdict);
  bool known = false;
  auto [first, last] = genuine.verdicts.equal_range(verdict->head_hash);
  for (auto it = first; it != last; ++it) known = known || it->second == fingerprint;
  FUZZ_CHECK(known, "OK for an export that no genuine export matches: " + verdict->Summary());
  return 0;
}
