// The selection around the meeting (issue 16): documents by hash (003,
// 第五篇: 个别谈话记录, 会议记录, 征求纪委意见, 考察报告), the 任前公示 and
// its outcome per person (000: 再公示), and observers' opinions (000:
// 党代表旁听席, 征求旁听意见). Each is a ledger entry; SelectionRecords
// decides whether one may follow the entries before it and keeps what they
// said, for MeetingState (server and verifier alike) and the documents.
#ifndef GONGXIN_TALLY_SELECTION_RECORDS_H_
#define GONGXIN_TALLY_SELECTION_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// The fixed list of document kinds: the English identifier (CLI, JSON) and
// the Chinese name (what 003 calls it, and what the CLI also accepts).
struct DocumentKindName {
  v1::DocumentKind kind;
  const char* id;
  const char* zh;
};
const std::vector<DocumentKindName>& DocumentKinds();
// ParseDocumentKind accepts an id or a Chinese name of DocumentKinds();
// INVALID_ARGUMENT listing them otherwise.
absl::StatusOr<v1::DocumentKind> ParseDocumentKind(absl::string_view text);
// The id of `kind` ("inspection_report"), or "" for one not in the list.
std::string DocumentKindId(v1::DocumentKind kind);

// The same for appointment outcomes: appointed 正式任用, deferred 暂缓任用,
// disqualified 取消任职资格.
struct OutcomeName {
  v1::AppointmentOutcome outcome;
  const char* id;
  const char* zh;
};
const std::vector<OutcomeName>& AppointmentOutcomes();
absl::StatusOr<v1::AppointmentOutcome> ParseAppointmentOutcome(absl::string_view text);
std::string AppointmentOutcomeId(v1::AppointmentOutcome outcome);

// NoticeEnd returns the first second after a notice's last day
// "YYYY-MM-DD" in China Standard Time (UTC+8), as unix seconds: outcomes
// may be recorded from then on. INVALID_ARGUMENT naming `path` for a date
// that is not a real calendar day in that form.
absl::StatusOr<int64_t> NoticeEnd(absl::string_view path, absl::string_view date);

// FindSpecPerson returns the first person with id `id` listed by any
// question of `spec` (candidates and subjects of every kind), or nullptr.
const v1::Candidate* FindSpecPerson(const v1::MeetingSpec& spec, absl::string_view id);

inline constexpr int kMaxFileNameChars = 255;
inline constexpr int kMaxNoticeChannels = 20;
inline constexpr int kMaxNoticeSubjects = 200;
inline constexpr int kMaxOutcomeReasonChars = 1000;
inline constexpr int kMaxOpinionChars = 4000;

// Not thread-safe; MeetingState serialises it with everything else.
class SelectionRecords {
 public:
  struct Document {
    uint64_t seq = 0;
    v1::DocumentRecorded body;
  };
  struct Outcome {
    uint64_t seq = 0;
    v1::NoticeOutcomeRecorded body;
  };
  struct Opinion {
    uint64_t seq = 0;
    v1::ObserverOpinionRecorded body;
  };
  struct Notice {
    uint64_t seq = 0;
    v1::NoticePublished body;
    int64_t ends_at = 0;  // NoticeEnd(end_date)
  };

  // Whether `entry`'s body is one of the four kinds above.
  static bool Handles(const v1::Entry& entry);

  // Check returns OK if `entry` (Handles) may follow, given the meeting's
  // `spec` and `status`. Failures, each naming the field:
  // - document_recorded: INVALID_ARGUMENT for a kind not in the list, a
  //   sha256 not 32 bytes, a size of 0, a file_name empty, over 255
  //   characters, holding '/' or '\' or a control character, or "." / "..";
  //   a role other than admin or officer, an empty actor; NOT_FOUND for a
  //   candidate_id no question of the spec lists; ALREADY_EXISTS for a file
  //   (sha256) recorded before, naming its entry.
  // - notice_published: FAILED_PRECONDITION unless COUNTED or PUBLISHED;
  //   INVALID_ARGUMENT for a date that is not YYYY-MM-DD, a start after the
  //   end, no channel or more than 20, a channel empty or over 100
  //   characters, no subject or more than 200, a repeated subject, a post
  //   over 200 characters, an empty actor; NOT_FOUND for a subject the spec
  //   does not list; ALREADY_EXISTS for a second notice.
  // - notice_outcome_recorded: FAILED_PRECONDITION without a notice, or
  //   while its period runs (`at` before NoticeEnd(end_date)); NOT_FOUND for
  //   a candidate the notice does not name; INVALID_ARGUMENT for an outcome
  //   not in the list, a missing reason for deferred or disqualified, a
  //   reason over 1000 characters, an empty actor; ALREADY_EXISTS for a
  //   second outcome of the same person.
  // - observer_opinion_recorded: FAILED_PRECONDITION in DRAFT (nothing to
  //   observe yet); INVALID_ARGUMENT for an empty text or one over 4000
  //   characters, an empty observer.
  absl::Status Check(const v1::Entry& entry, const v1::MeetingSpec& spec,
                     v1::MeetingStatus status) const;
  // Apply records a checked entry.
  void Apply(const v1::Entry& entry);

  const std::vector<Document>& documents() const { return documents_; }
  // The document recorded with this SHA-256 (raw bytes), or nullptr.
  const Document* FindDocument(absl::string_view sha256) const;
  const std::optional<Notice>& notice() const { return notice_; }
  const std::vector<Outcome>& outcomes() const { return outcomes_; }
  const Outcome* FindOutcome(absl::string_view candidate_id) const;
  const std::vector<Opinion>& opinions() const { return opinions_; }

 private:
  absl::Status CheckDocument(const v1::DocumentRecorded& body, const v1::MeetingSpec& spec) const;
  absl::Status CheckNotice(const v1::NoticePublished& body, const v1::MeetingSpec& spec,
                           v1::MeetingStatus status) const;
  absl::Status CheckOutcome(const v1::NoticeOutcomeRecorded& body) const;

  std::vector<Document> documents_;
  absl::flat_hash_map<std::string, size_t> document_by_hash_;
  std::optional<Notice> notice_;
  std::vector<Outcome> outcomes_;
  absl::flat_hash_map<std::string, size_t> outcome_by_candidate_;
  std::vector<Opinion> opinions_;
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_SELECTION_RECORDS_H_
