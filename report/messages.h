// The words of the printed documents (result report and announcement), one
// table per language: Chinese for voters and the public by default, English
// on request. Everything a reader sees that is not the admin's own text
// (titles, names, grade labels) comes from here, so a translation is one
// place to check.
#ifndef GONGXIN_REPORT_MESSAGES_H_
#define GONGXIN_REPORT_MESSAGES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::report {

// Strings with $0, $1… are absl::Substitute patterns; arguments are noted.
struct Messages {
  const char* html_lang;  // the <html lang> value
  // Result report.
  const char* report_title;            // $0 meeting title
  const char* variant_public;          // badge of the public variant
  const char* variant_full;            // badge of the full variant
  const char* variant_full_warning;    // who may see the full variant
  const char* meeting_id;
  const char* unofficial;              // badge before publication
  const char* official;                // badge once published
  const char* unit;
  const char* ledger_entries;          // "ledger entries counted"
  const char* turnout_heading;
  const char* due;                     // 应到
  const char* present;                 // 实到
  const char* turnout_rate;            // 到会率
  const char* form;
  const char* mode;
  const char* named;
  const char* anonymous;
  const char* issued;                  // 发出
  const char* returned;                // 收回
  const char* return_rate;             // 收回 ÷ 发出
  const char* post_line;               // $0 post, $1 seats, $2 max choices
  const char* rank;
  const char* name;
  const char* current_post;
  const char* note;
  const char* votes;
  const char* vote_rate;
  const char* write_in_suffix;         // appended to a written-in name
  const char* validity;                // $0 valid, $1 blank, $2 invalid
  const char* rate_basis;              // $0 denominator, $1 what it counts
  const char* rate_basis_unnamed;      // $0 denominator
  const char* share_basis;             // graded: $0 denominator, $1 what
  const char* share_basis_unnamed;     // $0 denominator
  const char* no_votes;
  const char* no_subjects;
  const char* blank;                   // 弃权
  const char* subject;
  const char* votes_unit;              // after a count in a chart, "票"
  const char* chart_votes;             // $0 question title (accessible name)
  const char* chart_grades;            // $0 question title
  const char* unknown_kind;            // a question kind this version lacks
  const char* named_heading;           // $0 form title
  const char* named_note;
  const char* voter;
  const char* group;
  const char* named_blank;             // a question left blank on a ballot
  const char* named_invalid;           // a question spoiled on a ballot
  const char* ledger_heading;
  const char* ledger_size;
  const char* head_hash;
  // 核验码 (ledger/verification_code.h): the label, and how to check it.
  const char* verification_code;
  const char* announcement_code;       // the big screen's label for it
  const char* verification_code_howto;
  const char* head_signature;
  const char* signed_text;
  const char* server_key;
  const char* count_entry;             // $0 seq
  const char* checkpoint;
  const char* ledger_howto;            // how a reader ties paper to ledger
  const char* not_sole_basis;          // rule A8
  const char* generated_by;
  // Rate bases (rule A7), keyed by QuestionTally.rate_basis.
  const char* basis_returned;
  const char* basis_present;
  const char* basis_due;
  const char* basis_valid;
  const char* basis_issued;
  // Announcement (两公开, before the vote).
  const char* announcement_title;      // $0 meeting title
  const char* announcement_intro;
  const char* meeting_date;
  const char* status;
  const char* description;
  const char* posts_heading;
  const char* post;
  const char* seats;
  const char* max_choices;
  const char* candidates_count;
  // Declared posts (spec.posts): qualifications and the eligible list.
  const char* qualifications;          // 任职资格
  const char* eligible_candidates;     // 符合条件的人选名单
  const char* posts_declared_intro;
  // A sampled survey (spec.sample): how its respondents were drawn.
  const char* sample_heading;
  const char* sample_intro;
  const char* sample_population;       // column: voters of the group on the roll
  const char* sample_drawn_count;      // column: voters drawn
  const char* sample_whole;            // a group taken whole
  const char* sample_beacon_source;
  const char* sample_beacon;
  const char* sample_seed;
  const char* sample_entry_label;
  const char* sample_entry;            // $0 entry seq
  const char* sample_not_drawn;
  const char* none;                    // an empty list
  const char* candidates_heading;
  const char* candidates_of;           // $0 question title
  const char* subjects_of;             // $0 question title, $1 grades
  const char* forms_heading;
  const char* eligible_groups;
  const char* all_groups;
  const char* questions;
  const char* marking_heading;
  const char* marking_approval;
  const char* marking_write_in;
  const char* marking_graded;
  const char* marking_blank;
  const char* rules_heading;
  const char* rule_overvote_reject;
  const char* rule_overvote_spoil;
  const char* rule_blank;
  const char* rule_rate;
  const char* rule_named;
  const char* rule_anonymous;
  // Anonymous forms given to several groups (tally/token_keys.h): $0 the
  // form, $1 the groups with a key of their own, $2 min_group_size, $3 the
  // groups sharing the common key.
  const char* rule_anonymous_per_group;
  const char* rule_anonymous_shared;
  const char* rule_anonymous_not_per_group;
  const char* rule_not_sole_basis;
  // Each form's counting rules with their figures (两公开): $0 the form (or
  // question) title.
  const char* rule_quorum;             // $0 form, $1 at least / more than, $2 "2/3"
  const char* rule_quorum_at_least;
  const char* rule_quorum_more_than;
  const char* rule_no_quorum;          // $0 form
  const char* rule_shortlist;          // $0 question, $1 ratio, $2 names listed
  const char* rule_weights;            // $0 form, $1 "group weight, …"
  const char* rule_threshold;          // $0 form, $1 the rule's text, $2 its id
  const char* groups_heading;
  const char* group_due;
  const char* total;
  const char* genesis_heading;
  const char* genesis_hash;
  const char* roll_digest;
  const char* genesis_howto;
  // Tally figures beyond the rankings and grade tables (rules C2, C5, A7,
  // B1–B7, S-2, S-3, S-6, S-7, S-9); labels as in `gongxin tally show`.
  const char* basis_assessed;          // graded: ballots assessed
  const char* rates_heading;
  const char* rate_excellent;
  const char* rate_pass;
  const char* rate_score;
  const char* rate_satisfaction;
  const char* rate_votes;              // a candidate's vote rate, weighted
  const char* denominator;             // the column naming a rate's basis
  const char* points_unit;             // after a score, "分"
  const char* weighted_heading;
  const char* weights_line;            // $0 "group weight, …"
  const char* figure;
  const char* weighted;
  const char* unweighted;
  const char* weighted_unavailable;    // $0 reason
  // The result CSV's and XLSX's column headers (view.h, kRecordColumns):
  // words in Chinese, the documented identifiers in English.
  const char* record_columns[14];
  const char* results_sheet;           // the XLSX sheet of the records
  const char* decision_turnout;        // $0 due, $1 present, $2 quorum, $3 met?
  const char* met;
  const char* not_met;
  const char* decision_pass_rule;      // $0 "> 1/2", $1 basis
  const char* decision_of_due;
  const char* decision_of_present;
  const char* competitive_line;        // $0 post, $1 max agree
  const char* proposed_post;
  const char* agree;
  const char* disagree;
  const char* abstain;
  const char* defer;
  const char* unmarked;
  const char* agree_share;
  const char* needed;
  const char* outcome;
  const char* outcome_passed;
  const char* outcome_not_passed;
  const char* outcome_no_quorum;
  const char* competitive_winner;      // $0 name
  const char* competitive_tie;         // $0 names
  const char* competitive_none;
  const char* competitive_no_quorum;
  const char* decision_advice;
  const char* chart_agree;             // $0 question title
  const char* element_heading;         // $0 element label
  const char* chart_element;           // $0 question title, $1 element label
  const char* item;
  const char* polarity;
  const char* positive;
  const char* negative;
  const char* count;
  const char* share;
  const char* nothing_ticked;
  const char* composites_heading;
  const char* take_line;               // $0 ratio, $1 take
  const char* composite;
  const char* flags;
  const char* within_take;             // $0 ratio
  const char* tied_at_cut;
  const char* excluded_below;          // $0 threshold
  const char* vetoed;                  // $0 reason, $1 officer
  const char* missing_scores;          // $0 indicators
  const char* composite_advice;
  const char* approvals_heading;
  const char* approved_by;             // $0 officers
  // Score corrections (full variant): each approved correction of an
  // officer score, with both officers and the reason.
  const char* corrections_heading;
  const char* corrections_note;        // what a correction is
  const char* correction_indicator;
  const char* correction_old;
  const char* correction_new;
  const char* correction_reason;
  const char* correction_proposer;
  const char* correction_approver;
  // Inspectors' scores, recusals and grades (issue 16; sections/composite.cc
  // and sections/inspection.cc).
  const char* grade;                   // column: 等次
  const char* panel_cell;              // $0 points, $1 inspectors counted
  const char* panel_line;              // $0 inspectors on the panel, $1 aggregation,
                                       // $2 their names
  const char* aggregation_mean;
  const char* aggregation_trimmed;
  const char* recusal_line;            // $0 inspector, $1 candidate, $2 reason
  const char* recusal_kinship;
  const char* recusal_work;
  const char* recusal_other;
  const char* sheets_heading;
  const char* sheets_note;
  const char* sheet_title;             // $0 inspector, $1 rule title
  const char* sheet_recused;           // a cell of a recused inspector
  const char* group_questions;         // $0 group, $1 returned
  // What the counting rules add to a form (rules A2, A4, A6b, A8, B1, C3,
  // S-1, S-5, S-8, S-9; sections/rules.cc).
  const char* validity_line;           // $0 quorum, $1 present, $2 met?, $3 blank, $4 invalid
  const char* count_valid;
  const char* count_invalid;           // $0 reason
  const char* shortlist_line;          // $0 marked, $1 size
  const char* shortlisted;
  const char* shortlist_tie;
  const char* shortlist_mark;          // $0 name, $1 shortlisted or tie
  const char* shortlist_unresolved;    // $0 reason
  const char* flags_advice;
  const char* rule;
  const char* flag_subject;
  const char* observed;
  const char* threshold;
  const char* veto_advice;             // $0 the flag's text
  const char* group_turnout_heading;
  const char* suppressed;              // $0 reason
  // The ballot as a voter sees it (`gongxin kiosk form`, the kiosk's
  // screens); the options' words are agree … defer, positive / negative,
  // and a question left unmarked is marking_blank.
  const char* ballot_write_in;         // the write-in line's label
  const char* ballot_grades;           // before the grade scale
  const char* ballot_no_write_in;      // a decision takes no other name
  const char* ballot_element_pool;     // $0 the candidates
  const char* ballot_tick_items;       // before a checklist's items
  const char* ballot_checklist_for;    // $0 the subjects
  const char* list_separator;          // between names in running text
  // The kiosk page (kioskpage/): the staff's screen and the voter's.
  const char* kiosk_title;             // $0 meeting title
  const char* kiosk_staff_heading;
  const char* kiosk_search;            // the roll search box's label
  const char* kiosk_search_button;
  const char* kiosk_voter_id;          // the id box when no roll is loaded
  const char* kiosk_check_in;          // the check-in button
  const char* kiosk_checked_in;        // $0 name, $1 group: handing over
  const char* kiosk_hand_over;         // tell the staff to step away
  const char* kiosk_start;             // the voter's start button
  const char* kiosk_form_of;           // $0 form title, $1 n, $2 of m
  const char* kiosk_question_of;       // $0 n, $1 of m
  const char* kiosk_choose_up_to;      // $0 max choices
  const char* kiosk_selected;          // the word beside a chosen option
  const char* kiosk_write_in_hint;     // under the write-in boxes
  const char* kiosk_overvote;          // $0 chosen, $1 allowed
  const char* kiosk_not_accepted;      // $0 why the server or rules refused
  const char* kiosk_back;
  const char* kiosk_next;
  const char* kiosk_review;
  const char* kiosk_review_heading;
  const char* kiosk_blank_warning;     // a question left blank, on review
  const char* kiosk_change;
  const char* kiosk_confirm;           // cast every form
  const char* kiosk_done_heading;
  const char* kiosk_receipt_note;      // what the code is for
  const char* kiosk_finish;
  const char* kiosk_text_size;
  const char* kiosk_contrast;
  const char* kiosk_language;          // the other language's name
  const char* kiosk_idle;              // inactivity warning
  const char* kiosk_continue;
  const char* kiosk_timed_out;         // $0 voter: the ballot was cleared
  const char* kiosk_resume;            // staff: resume a cleared voter
  const char* kiosk_no_match;          // the search found nobody
  const char* kiosk_busy;              // a voter is at the booth
  const char* kiosk_unavailable;       // the server cannot be reached now
  const char* kiosk_already_cast;      // a cast refused as already cast
  // The room's big screen.
  const char* screen_title;            // $0 meeting title
  const char* screen_form;             // the forms column
  const char* screen_due;              // 应到
  const char* screen_present;          // 实到 (checked in with the form)
  const char* screen_cast;             // 已投票
  const char* screen_no_result;        // no result before publication
  const char* screen_unreachable;      // the server cannot be reached
  // The sign-in desk's check-in of a voter who votes by phone.
  const char* desk_by_slip;            // the button
  const char* desk_slip_code;          // the slip-code box (named forms only)
  const char* desk_checked_in_random;  // $0 name, $1 group: hand over at random
  const char* desk_checked_in_bound;   // $0 name, $1 group: the scanned slip
  // The phone page.
  const char* phone_title;             // $0 meeting title
  const char* phone_enter_code;
  const char* phone_start;
  const char* phone_mistyped;
  const char* phone_unknown;
  const char* phone_void;
  const char* phone_used;
  const char* phone_not_yet;
  const char* phone_closed;
  const char* phone_busy;
  const char* phone_done;
  // A meeting's state (v1::MeetingStatus), as StatusName gives it.
  const char* status_draft;
  const char* status_announced;
  const char* status_open;
  const char* status_closed;
  const char* status_counted;
  const char* status_published;
  const char* status_unspecified;
  // The slips for voting by phone (report/slips.h), printed and cut.
  const char* slip_title;              // $0 meeting title: the sheet's title
  const char* slip_heading;            // on each slip
  const char* slip_group;              // $0 group name
  const char* slip_instructions;       // $0 the phone page's address
  const char* slip_once;               // a slip votes once
  const char* slip_fingerprint;        // $0 the page certificate's SHA-256
  const char* slip_reprint;            // a reprint: the slip it replaces is void
  const char* slip_qr_title;           // the QR code, for screen readers
  // A trial vote (试投票, MeetingSpec.trial), on every page and document.
  const char* trial_mark;              // before the meeting's title
  const char* trial_note;              // what a trial is, in one sentence
  // Paper ballots (report/paper_ballots.h): one A4 page per ballot.
  const char* paper_title;             // $0 meeting title: the sheet's title
  const char* paper_mark;              // 纸质票, on each ballot
  const char* paper_voter;             // $0 the voter's printed name
  const char* paper_anonymous;         // anonymous: write no name
  const char* paper_instructions;      // how to mark the boxes
  const char* paper_serial;            // $0 n, $1 of m
  // Paper ballots beside electronic ones (report/sections/paper.cc).
  const char* paper_heading;           // $0 form title
  const char* paper_part;              // column: paper ballots only
  const char* electronic_part;         // column: electronic ballots only
  const char* combined_part;           // column: both, the result
  const char* paper_valid;             // row: valid ballots of a question
  const char* paper_invalid;           // row: invalid ballots of a question
  const char* paper_note;              // combined decides; paper counts once confirmed
  const char* paper_slips;             // reconciliation table's caption
  const char* paper_entered;           // 录入
  const char* paper_confirmed;         // of those, confirmed
  const char* paper_rejected;          // withdrawn entries
  const char* paper_consistent;
  const char* paper_mismatch;          // $0 what differs
  const char* paper_not_recorded;      // returns not yet recorded (a cell)
  // Follow-up evaluation after rectification (rule S-5; sections/follow_up.cc).
  const char* follow_up_heading;       // 整改前后对比
  const char* follow_up_intro;         // $0 previous meeting id
  const char* follow_up_months;        // $0 months of 整改
  const char* follow_up_grade;         // column: grade
  const char* follow_up_before;        // column: share before
  const char* follow_up_after;         // column: share after
  const char* follow_up_change;        // column: change in percentage points
  const char* follow_up_points_unit;   // "个百分点" / "pp"
  const char* follow_up_flags_before;  // S-5 flags before
  const char* follow_up_flags_after;   // S-5 flags after
  const char* follow_up_no_flag;       // no S-5 flag
  const char* follow_up_no_rules;      // the form has no S-5 rules
  const char* follow_up_unavailable;   // $0 why the comparison is missing
};

// IsEnglish: "en", "en-…" or "en_…" (any case); everything else is Chinese.
bool IsEnglish(absl::string_view locale);

// MessagesFor returns the table for `locale` (Chinese unless IsEnglish).
const Messages& MessagesFor(absl::string_view locale);

// What a rate basis ("returned", "present", "due", "valid", "issued",
// "assessed"; QuestionTally.rate_basis) counts, in `m`'s words; an unknown
// name is shown as it is. The one place the CLI and the documents take it
// from.
std::string BasisName(const Messages& m, absl::string_view basis);

// A meeting's state as people read it: 草稿, 已公告, 投票中, 已结束, 已计票,
// 已公布 (en: draft, announced, open, closed, counted, published).
std::string StatusName(const Messages& m, v1::MeetingStatus status);

// The meeting's title as every page and document shows it: the title, led
// by `m.trial_mark` for a trial vote (spec.trial), so that no printout of a
// trial can pass for the formal meeting.
std::string MeetingTitle(const Messages& m, const v1::MeetingSpec& spec);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_MESSAGES_H_
