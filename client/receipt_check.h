// `gongxin receipt check` with the Merkle log instead of a full export:
//  - offline: a named receipt, a later signed checkpoint (note file) and the
//    inclusion proof of the receipt's entry in it (`audit prove inclusion`
//    output), checked under the server's note verifier key with no server;
//    without --checkpoint, the checkpoint the receipt itself carries;
//  - online: the latest checkpoint, the entry and the proof fetched from the
//    server and checked the same way; an anonymous receipt's ballot is found
//    on the chain after the close (it has no place before).
// The export-based check is in receipt_commands.cc.
#ifndef GONGXIN_CLIENT_RECEIPT_CHECK_H_
#define GONGXIN_CLIENT_RECEIPT_CHECK_H_

#include <string>

#include "kiosk/connection.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

struct ReceiptProofOptions {
  std::string receipt_text;    // "receipt <word>", "anonymous-receipt <word>" or a bare word
  std::string note_key;        // --trust-note-key: name+hex8+base64
  std::string checkpoint_path; // --checkpoint (offline)
  std::string proof_path;      // --proof (offline)
  bool online = false;         // --online
  bool english = false;
};

// Returns the exit code: 0 included; 1 bad input or an error talking to the
// server (message on stderr); 3 the proof does not hold or the ballot is
// missing ("FAILED: ..." / "OMITTED: ..." on stdout).
int ReceiptCheckWithProof(const ConnectionOptions& connection, const ReceiptProofOptions& o);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_RECEIPT_CHECK_H_
