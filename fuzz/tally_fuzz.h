// What the tally targets share: the fixed sample forms, and classifying and
// counting a ballot against a form with the properties every target checks.
#ifndef GONGXIN_FUZZ_TALLY_FUZZ_H_
#define GONGXIN_FUZZ_TALLY_FUZZ_H_

#include <string>
#include <vector>

#include "client/spec_loader.h"
#include "fuzz/fuzz_support.h"
#include "gongxin/v1/meeting.pb.h"
#include "google/protobuf/text_format.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/spec.h"

namespace gongxin::fuzz {

// The sample meeting (deploy/sample/meeting.yaml) and the kinds spec of the
// spec loader's corpus (decision, element and checklist questions), both
// checked by ValidateSpec: the forms the ballot target fills in.
inline const std::vector<v1::MeetingSpec>& SampleSpecs() {
  static const auto* specs = [] {
    auto* loaded = new std::vector<v1::MeetingSpec>;
    const std::string roll = SourcePath("deploy/sample/voters.csv");
    for (const char* spec : {"deploy/sample/meeting.yaml", "fuzz/corpus/spec_loader/kinds.yaml"}) {
      v1::MeetingSpec s = Require(client::LoadMeetingSpec(SourcePath(spec), roll), spec).spec;
      if (absl::Status valid = tally::ValidateSpec(s); !valid.ok()) {
        Require(absl::StatusOr<bool>(valid), spec);
      }
      loaded->push_back(std::move(s));
    }
    return loaded;
  }();
  return *specs;
}

// A message from protobuf text format or, when `binary`, the wire format.
// False if it does not parse.
template <typename T>
bool ParseMessage(absl::string_view bytes, bool binary, T* message) {
  if (binary) return message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  google::protobuf::TextFormat::Parser parser;
  parser.AllowPartialMessage(true);
  return parser.ParseFromString(std::string(bytes), message);
}

// Classifies `ballot` against form `form_index` of `spec` (which passed
// ValidateSpec) and, if it is accepted, counts it: a ballot ClassifyBallot
// accepts must be countable, with one status per question.
inline void ClassifyAndCount(const v1::MeetingSpec& spec, int form_index,
                             const v1::Ballot& ballot) {
  const v1::Form& form = spec.forms(form_index);
  absl::StatusOr<std::vector<tally::AnswerStatus>> statuses =
      tally::ClassifyBallot(form, ballot);
  if (!statuses.ok()) return;
  FUZZ_CHECK(statuses->size() == static_cast<size_t>(form.questions_size()),
             "ClassifyBallot returned a status count other than the form's questions");
  tally::Counter counter(spec);
  absl::Status added = counter.AddBallot(ballot, *statuses, "");
  FUZZ_CHECK(added.ok(), "a ballot ClassifyBallot accepts is refused by the counter: " +
                             added.ToString());
  FUZZ_CHECK(counter.returned(form.id()) == 1, "the counter did not count the ballot");
  (void)counter.Tally("fuzz", 1, tally::TurnoutFigures{});
}

}  // namespace gongxin::fuzz

#endif  // GONGXIN_FUZZ_TALLY_FUZZ_H_
