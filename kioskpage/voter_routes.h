// What the kiosk page, the phone page and the big screen share: binding,
// the headers every response carries, and the voter's routes, the same at
// a kiosk and on a phone — /answer, /goto,
// /cast, /display, /idle, /resume — and the headers every response of
// either page carries. A VoterHost says which voter's session a request
// belongs to: the one at the booth, or the phone's.
#ifndef GONGXIN_KIOSKPAGE_VOTER_ROUTES_H_
#define GONGXIN_KIOSKPAGE_VOTER_ROUTES_H_

#include <mutex>
#include <string>

#include "absl/status/statusor.h"

#include "gongxin/v1/meeting.pb.h"
#include "kioskpage/ballot_fields.h"
#include "kioskpage/ballot_session.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace gongxin::kioskpage {

class VoterHost {
 public:
  virtual ~VoterHost() = default;
  // Held around every route.
  virtual std::mutex& mu() = 0;
  // The session `req` belongs to (mu() held), or nullptr.
  virtual BallotSession* Find(const httplib::Request& req) = 0;
  virtual const v1::MeetingSpec& spec() const = 0;
  virtual int idle_reset_seconds() const = 0;
  // Casts a session whose answers all passed (mu() held).
  virtual void Cast(BallotSession& session) = 0;
};

// No caching, no referrer, no framing, no script: nothing the voter chose
// may stay behind in the browser.
void SetSecurityHeaders(httplib::Server& server);
void AddVoterRoutes(httplib::Server& server, VoterHost* host);

// Whether `host` is a loopback address (a page without TLS binds no other).
bool IsLoopback(const std::string& host);
// Binds `server` to host:port (0: any free port) and returns the port;
// UNAVAILABLE naming --listen if it cannot.
absl::StatusOr<int> BindServer(httplib::Server& server, const std::string& host, int port);

// Helpers for the pages' own routes.
Fields PostedFields(const httplib::Request& req);
std::string Field(const httplib::Request& req, const char* name);
void SendHtml(httplib::Response& res, const std::string& page);
void RedirectHome(httplib::Response& res);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_VOTER_ROUTES_H_
