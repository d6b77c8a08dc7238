// The history of a failover test (issue 15, item 5) and its checker, in the
// spirit of etcd's robustness tests and Jepsen: every request a kiosk sent
// — check-in or cast, to which replica, when, and what came back — is
// recorded, and afterwards the record is judged against the export of the
// meeting. A lost answer (UNAVAILABLE, DEADLINE_EXCEEDED, …) may or may not
// have landed; everything else must agree with the chain:
//   - every acknowledged cast is in the export exactly once, at the place
//     and with the hash its receipt names;
//   - no ballot is in the export twice, and no voter is acknowledged twice;
//   - "already voted" (ALREADY_EXISTS) is legitimate only if the voter's
//     ballot is in the export (an earlier attempt landed, its answer lost);
//   - any other refusal of a voter who was entitled is a failure;
//   - every ballot in the export belongs to a voter the kiosks cast for,
//     and the export holds acknowledged + landed-but-unacknowledged ballots.
//
// A ballot is known by its key: for a named form the voter's commitment
// (the credential's voter_commitment, the ballot_cast entry's); an
// anonymous form would use the ballot's hash (its receipt's ballot_hash),
// once its urn can move between replicas.
#ifndef GONGXIN_TESTS_E2E_FAILOVER_HISTORY_H_
#define GONGXIN_TESTS_E2E_FAILOVER_HISTORY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gongxin::testing {

enum class FailoverOp { kCheckIn, kCast };

// One request and its outcome.
struct FailoverAttempt {
  int64_t at_us = 0;  // when the answer (or its absence) came, since the start
  int64_t sent_us = 0;
  int kiosk = 0;
  std::string voter;
  FailoverOp op = FailoverOp::kCheckIn;
  int replica = 0;
  int code = 0;  // grpc::StatusCode
  std::string message;
  // The ballot's key (hex): what the check-in handed out, what the cast
  // carries.
  std::string ballot_key;
  // An acknowledged cast: its receipt's place and entry hash (hex).
  uint64_t seq = 0;
  std::string entry_hash;
};

// One line of the history file.
std::string FormatAttempt(const FailoverAttempt& a);

// Whether a status code means the answer was lost (the request may or may
// not have landed), so that the kiosk tries the same request elsewhere.
bool IsIndeterminate(int code);

// What the export holds, by ballot key.
struct ExportedBallot {
  uint64_t seq = 0;
  std::string entry_hash;  // hex
  std::string voter;       // from the full export's openings, if known
};
struct ExportBallots {
  std::map<std::string, std::vector<ExportedBallot>> by_key;
  uint64_t total = 0;
};

// Reads a full export (with openings) of `meeting_id`: its named ballots,
// keyed by voter commitment (hex), each with the voter of its opening.
absl::StatusOr<ExportBallots> ReadNamedExportBallots(const std::string& export_path,
                                                     const std::string& meeting_id);

struct HistoryVerdict {
  // Each names the voter and quotes the voter's history lines.
  std::vector<std::string> problems;
  uint64_t acknowledged = 0;
  uint64_t landed_unacknowledged = 0;  // in the export, never acknowledged
  uint64_t already_voted = 0;          // legitimate ALREADY_EXISTS refusals
  uint64_t indeterminate = 0;          // answers lost
  uint64_t exported = 0;
};

HistoryVerdict CheckFailoverHistory(const std::vector<FailoverAttempt>& history,
                                    const ExportBallots& exported);

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_E2E_FAILOVER_HISTORY_H_
