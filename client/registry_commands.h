// `gongxin audit registry` and `gongxin audit entries`: the registry log of
// meetings (every meeting the server ever created, in order) and any log's
// leaves by range. Also the registry check `audit watch` runs after the
// registry checkpoint proved consistent.
#ifndef GONGXIN_CLIENT_REGISTRY_COMMANDS_H_
#define GONGXIN_CLIENT_REGISTRY_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "crypto/checkpoint.h"
#include "gongxin/v1/transparency.grpc.pb.h"

namespace gongxin::client {

// Adds under `audit` (AddAuditCommands first):
//   registry --trust-note-key VKEY         list the meetings with their leaf
//                                          index, each inclusion verified
//   entries ID|--registry --from A --to B [--binary] [--out FILE]
// Each acts as the auditor role. Exit code 0; 1 with the refusal on stderr;
// 3 when the registry shows a meeting missing or altered.
void AddRegistryCommands(CLI::App& app, CommandContext& ctx);

// FetchEntries returns leaves [start, end) of a meeting's log (or of the
// registry log, meeting_id ""), paging through LogEntryService.
absl::StatusOr<std::vector<std::string>> FetchEntries(const Connection& c,
                                                      const std::string& meeting_id,
                                                      uint64_t start, uint64_t end);

// CheckRegistryListing checks the registry log against its verified
// checkpoint `registry`: the leaves served must rebuild its root (a listing
// that drops a leaf still in the tree fails), and every leaf's meeting must
// still be served with the genesis entry the leaf commits to. Prints one line
// per meeting when `list`, and one "MEETING MISSING" / "MEETING ALTERED" line
// per problem. Returns 0, 1 (an error, on stderr) or 3 (a problem found).
int CheckRegistryListing(const Connection& c, const crypto::Checkpoint& registry, bool list,
                         bool verify_each_inclusion);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_REGISTRY_COMMANDS_H_
