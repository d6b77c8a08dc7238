// Canonical encoding of hashed ledger records.
#include "ledger/encoding.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "util/proto_fields.h"

namespace gongxin::ledger {

std::string CanonicalBytes(const google::protobuf::Message& message) {
  message.ByteSizeLong();  // fills the cached sizes SerializeWithCachedSizes needs
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeWithCachedSizes(&coded);
  }
  return out;
}

absl::Status CheckCanonical(const google::protobuf::Message& message, absl::string_view bytes,
                            absl::string_view what) {
  if (absl::Status s = util::RefuseUnknownFields(message, what); !s.ok()) {
    return absl::DataLossError(s.message());
  }
  const std::string canonical = CanonicalBytes(message);
  if (canonical == bytes) return absl::OkStatus();
  const auto [at, unused] = std::mismatch(canonical.begin(), canonical.end(), bytes.begin(),
                                          bytes.end());
  return absl::DataLossError(absl::StrCat(
      what, what.empty() ? "" : ": ", "not in canonical encoding: re-encoding gives ",
      canonical.size(), " bytes, which first differ from the ", bytes.size(),
      " stored at byte ", at - canonical.begin()));
}

absl::Status CheckEntryEncoding(const v1::Entry& entry, absl::string_view bytes) {
  if (absl::Status s = CheckCanonical(entry, bytes, ""); !s.ok()) return s;
  if (!entry.has_anonymous_ballot()) return absl::OkStatus();
  v1::AnonymousBallot ballot;
  if (!ballot.ParseFromString(entry.anonymous_ballot())) {
    return absl::DataLossError("anonymous_ballot: does not parse as an AnonymousBallot");
  }
  return CheckCanonical(ballot, entry.anonymous_ballot(), "anonymous_ballot");
}

}  // namespace gongxin::ledger
