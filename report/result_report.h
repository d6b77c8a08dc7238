// The count of a meeting as documents: a printable, self-contained HTML
// report for people (Chinese by default, English on request, inline SVG
// charts, A4 print stylesheet) and JSON for machines, each carrying the
// signed ledger head so paper and file can be tied to the ledger.
//
// Two variants: public (counts only; nothing about who voted how, even on
// named forms) and full (adds the named choices, for the organisation
// department only; the caller must have fetched them with the admin role).
// The report shows counts, ranks and rates; it never decides (rule A8).
#ifndef GONGXIN_REPORT_RESULT_REPORT_H_
#define GONGXIN_REPORT_RESULT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"
#include "report/view.h"
#include "tally/selection_records.h"

namespace gongxin::report {

enum class Variant { kPublic, kFull };

// ParseVariant accepts "public" or "full"; anything else is INVALID_ARGUMENT.
absl::StatusOr<Variant> ParseVariant(absl::string_view name);

// What ties the paper to the ledger, as the server signed it.
struct LedgerTie {
  v1::SignedHead head;
  // ledger::HeadMessage of `head`: the exact text the signature covers, so
  // a reader can check it with openssl and the server key.
  std::string signed_text;
  std::string server_public_key;  // raw 32 bytes; empty if unknown
  uint64_t count_seq = 0;         // ledger position of the CountRecorded entry
  std::string count_entry_hash;   // raw bytes; empty if unknown
  std::string checkpoint_note;    // C2SP signed note; empty if unavailable
  // 核验码 of the document this tie is printed on, as printed
  // (ledger::FormatVerificationCode); empty: none shown.
  std::string verification_code;
};

// One named ballot with its voter, from a full export (the voter commitment
// opened). Anonymous ballots never become a NamedBallot.
struct NamedBallot {
  std::string voter_id;
  std::string voter_name;
  std::string group;
  v1::Ballot ballot;  // ballot.form_id() names the form
};

// An approved correction of an officer score (issue 14), from the ledger:
// the score in effect before and after, why, and the two officers.
struct ScoreCorrection {
  std::string rule_id;
  std::string candidate_id;
  std::string indicator_id;
  std::string inspector;  // whose score, in a by_panel rule; else empty
  std::string old_value;
  std::string new_value;
  std::string reason;
  std::string proposer;
  std::string approver;
  uint64_t proposal_seq = 0;
  uint64_t approval_seq = 0;
};

// One inspector's score in effect (issue 16) for an indicator of a
// by_panel rule, from the ledger: entered, or corrected and approved.
struct InspectorScore {
  std::string rule_id;
  std::string candidate_id;
  std::string indicator_id;
  std::string inspector;
  std::string value;  // exact, on the indicator's scale
  uint64_t seq = 0;   // the entry that set it
};

// The earlier evaluation a follow-up form links to (Form.follow_up, rule
// S-5): its spec and its count.
struct FollowUpPrevious {
  std::string meeting_id;
  v1::MeetingSpec spec;
  v1::TallyResult result;
};

struct ResultReportInput {
  v1::MeetingSpec spec;
  v1::TallyResult result;
  LedgerTie tie;
  std::string locale = "zh-CN";
  Variant variant = Variant::kPublic;
  std::vector<NamedBallot> named_ballots;  // full variant only
  std::vector<ScoreCorrection> corrections;  // full variant only
  std::vector<InspectorScore> inspector_scores;  // full variant only
  // Documents by hash, the 任前公示 and its outcomes, observers' opinions
  // (issue 16), replayed from the verified export: full variant only.
  tally::SelectionRecords selection;
  // A sampled survey's draw (MeetingInfo.sample); shown when spec.sample is set.
  v1::SampleInfo sample;
  // The meeting's state when the paper was made. Before PUBLISHED the
  // result is unofficial (in-person.md) and the page says so; UNSPECIFIED
  // (unknown) prints no state.
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  // The meetings this meeting's follow_up links name, for the 整改前后对比
  // section under each follow-up question; a link whose meeting is not
  // here gets the heading and a line saying so.
  std::vector<FollowUpPrevious> follow_up_previous;
};

// BuildResultView builds the one view of the count (report/view.h) that
// every output below renders. The ledger section is left out when `tie`
// holds no head (a count shown before it is on the ledger). Same refusals
// as the renderers.
absl::StatusOr<ResultView> BuildResultView(const ResultReportInput& input);

// RenderResultText: the view for a terminal or a plain printout
// (`gongxin tally show`), columns lined up by display width.
absl::StatusOr<std::string> RenderResultText(const ResultReportInput& input);

// RenderResultCsv: the view's figures as spreadsheet rows, with ids beside
// names; the columns are in docs/api.md ("Result CSV").
absl::StatusOr<std::string> RenderResultCsv(const ResultReportInput& input);

// RenderResultHtml returns the HTML document. INVALID_ARGUMENT when a public
// variant is given named ballots (they must never reach a public paper) or
// a named ballot belongs to a form that is not named.
absl::StatusOr<std::string> RenderResultHtml(const ResultReportInput& input);

// RenderResultJson returns one JSON object: "meeting_id", "variant",
// "locale", "result" (the TallyResult in protobuf's JSON mapping, proto
// field names, zeros printed), "view" (the view's blocks: headings, texts,
// table headers and rows as shown, charts left out), "ledger" (head size, hashes and signature in
// hex, the signed text, the count entry and the checkpoint note) and, in
// the full variant only, "named_ballots". Same refusals as the HTML.
absl::StatusOr<std::string> RenderResultJson(const ResultReportInput& input);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_RESULT_REPORT_H_
