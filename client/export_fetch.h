// Fetching a meeting's export (AuditService.Export) in the export file
// format of ledger/export.h. A full export holds the openings of named
// ballots, i.e. who chose what: it goes to memory or to a 0600 file.
#ifndef GONGXIN_CLIENT_EXPORT_FETCH_H_
#define GONGXIN_CLIENT_EXPORT_FETCH_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// StreamExport writes the export of meeting `id` to `out` as the server
// streams it and returns the number of records.
absl::StatusOr<uint64_t> StreamExport(const Connection& c, const std::string& id,
                                      bool public_export, std::ostream& out);

// FetchExport returns the export's bytes, as `audit export` would save them.
absl::StatusOr<std::string> FetchExport(const Connection& c, const std::string& id,
                                        bool public_export);

// FetchGenesisEntry returns the exact bytes of entry 0 of meeting `id`,
// reading the public export only that far.
absl::StatusOr<std::string> FetchGenesisEntry(const Connection& c, const std::string& id);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_EXPORT_FETCH_H_
