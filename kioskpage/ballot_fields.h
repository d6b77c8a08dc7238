// A question's answer as the kiosk page's HTML form posts it, and back:
// the fields each kind's inputs are named by, the Answer they make, and the
// few words the review screen shows for an answer. Pure: no HTTP here.
//
// Field names (values are the spec's ids):
//   approval   choice = candidate id (checkboxes), write_in = a name (text
//              boxes, one per allowed write-in)
//   graded     grade.<subject> = grade id (a radio group per subject)
//   decision   decide.<candidate> = agree | disagree | abstain | defer
//   element    element.<element> = candidate id
//   checklist  tick.<subject> = item id (checkboxes)
#ifndef GONGXIN_KIOSKPAGE_BALLOT_FIELDS_H_
#define GONGXIN_KIOSKPAGE_BALLOT_FIELDS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

// Posted form fields: name → the values in the order sent.
using Fields = std::map<std::string, std::vector<std::string>>;

// AnswerFromFields reads `question`'s fields into an Answer (empty write-in
// boxes dropped, names trimmed and put in Unicode NFC, as the ledger keeps
// them). It does not judge the answer:
// CheckAnswer does.
v1::Answer AnswerFromFields(const v1::Question& question, const Fields& fields);

// CheckAnswer judges `answer` as the counting rules will, in the voter's
// words: "" when it may be cast; else what to change — an over-vote says
// how many were chosen and how many are allowed (the page never sends an
// over-vote, whatever the form's policy), anything else the rules refuse
// (a write-in naming a listed candidate, …) says the rules' reason.
std::string CheckAnswer(const v1::Form& form, const v1::Question& question,
                        const v1::Answer& answer, const report::Messages& m);

// AnswerSummary: the answer in a line for the review screen (names, grades,
// marks), or "" when blank.
std::string AnswerSummary(const v1::Question& question, const v1::Answer& answer,
                          const report::Messages& m);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_BALLOT_FIELDS_H_
