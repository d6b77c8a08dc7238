#include "storage/rocksdb_layout.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/store_checks.h"

namespace gongxin::storage::layout {

std::string ChainPrefix(absl::string_view chain) {
  std::string prefix(chain);
  prefix.push_back('\0');
  return prefix;
}

std::string EntryKey(absl::string_view chain, uint64_t seq) {
  return ChainPrefix(chain) + EncodeUint64(seq);
}

std::string IndexKey(absl::string_view chain, absl::string_view key) {
  std::string k = ChainPrefix(chain);
  k.append(key.data(), key.size());
  return k;
}

std::string EncodeUint64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

absl::StatusOr<uint64_t> DecodeUint64(absl::string_view bytes) {
  if (bytes.size() != 8) {
    return absl::DataLossError(absl::StrCat("expected an 8-byte number, got ",
                                            bytes.size(), " bytes"));
  }
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

absl::StatusOr<EntryKeyParts> ParseEntryKey(absl::string_view key) {
  const size_t sep = key.find('\0');
  if (sep == absl::string_view::npos || key.size() != sep + 1 + 8 ||
      !ValidateChainId(key.substr(0, sep)).ok()) {
    return absl::DataLossError(
        absl::StrCat("malformed entries key \"", absl::CHexEscape(key), "\""));
  }
  EntryKeyParts parts;
  parts.chain = key.substr(0, sep);
  parts.seq = *DecodeUint64(key.substr(sep + 1));
  return parts;
}

}  // namespace gongxin::storage::layout
