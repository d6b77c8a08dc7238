#include "client/ballot_input.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace gongxin::client {
namespace {

absl::Status SplitAssignment(absl::string_view flag, absl::string_view value,
                             std::string* question, std::string* rest) {
  size_t eq = value.find('=');
  if (eq == absl::string_view::npos || eq == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, " \"", value, "\": expected QUESTION=VALUE, e.g. ", flag, " q1=c1,c2"));
  }
  *question = std::string(absl::StripAsciiWhitespace(value.substr(0, eq)));
  *rest = std::string(value.substr(eq + 1));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Ballot> BuildBallot(const std::string& form_id,
                                       const std::vector<std::string>& choose,
                                       const std::vector<std::string>& write_ins) {
  // Keyed by question, in the order first mentioned.
  std::vector<std::string> order;
  std::map<std::string, v1::Answer> answers;
  auto answer = [&](const std::string& q) -> v1::Answer& {
    auto [it, inserted] = answers.try_emplace(q);
    if (inserted) {
      order.push_back(q);
      it->second.set_question_id(q);
    }
    return it->second;
  };
  for (const std::string& c : choose) {
    std::string q, rest;
    absl::Status s = SplitAssignment("--choose", c, &q, &rest);
    if (!s.ok()) return s;
    v1::Answer& a = answer(q);
    for (absl::string_view id : absl::StrSplit(rest, ',', absl::SkipWhitespace())) {
      a.add_choices(std::string(absl::StripAsciiWhitespace(id)));
    }
  }
  for (const std::string& w : write_ins) {
    std::string q, name;
    absl::Status s = SplitAssignment("--write-in", w, &q, &name);
    if (!s.ok()) return s;
    answer(q).add_write_ins(name);
  }
  v1::Ballot ballot;
  ballot.set_form_id(form_id);
  for (const std::string& q : order) *ballot.add_answers() = answers[q];
  return ballot;
}

}  // namespace gongxin::client
