#include "client/ballot_input.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

struct Target {
  std::string form_id;
  std::string question_id;
};

absl::Status Bad(absl::string_view flag, absl::string_view value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(flag, " \"", value, "\": ", why));
}

// Resolves "FORM:QUESTION" or "QUESTION" among the forms being cast.
absl::StatusOr<Target> Resolve(const v1::MeetingSpec& spec,
                               const std::vector<std::string>& form_ids, absl::string_view flag,
                               absl::string_view value, absl::string_view key) {
  std::string form_filter;
  std::string question(key);
  if (size_t colon = key.find(':'); colon != absl::string_view::npos) {
    form_filter = std::string(key.substr(0, colon));
    question = std::string(key.substr(colon + 1));
  }
  std::vector<Target> found;
  for (const v1::Form& form : spec.forms()) {
    if (std::find(form_ids.begin(), form_ids.end(), form.id()) == form_ids.end()) continue;
    if (!form_filter.empty() && form.id() != form_filter) continue;
    for (const v1::Question& q : form.questions()) {
      if (q.id() == question) found.push_back({form.id(), q.id()});
    }
  }
  if (found.empty()) {
    return Bad(flag, value,
               absl::StrCat("no question \"", key, "\" on the form(s) cast: ",
                            absl::StrJoin(form_ids, ", ")));
  }
  if (found.size() > 1) {
    return Bad(flag, value,
               absl::StrCat("question \"", question,
                            "\" is on several forms; write FORM:QUESTION"));
  }
  return found.front();
}

// A decision vote as typed: English ids or the ballot's Chinese words.
std::optional<v1::DecisionVote> ParseVote(absl::string_view vote) {
  if (vote == "agree" || vote == "同意") return v1::DECISION_VOTE_AGREE;
  if (vote == "disagree" || vote == "不同意") return v1::DECISION_VOTE_DISAGREE;
  if (vote == "abstain" || vote == "弃权") return v1::DECISION_VOTE_ABSTAIN;
  if (vote == "defer" || vote == "缓议") return v1::DECISION_VOTE_DEFER;
  return std::nullopt;
}

absl::Status Split(absl::string_view flag, absl::string_view value, std::string* key,
                   std::string* rest) {
  size_t eq = value.find('=');
  if (eq == absl::string_view::npos || eq == 0) {
    return Bad(flag, value, absl::StrCat("expected QUESTION=VALUE, e.g. ", flag, " q1=c1,c2"));
  }
  *key = std::string(absl::StripAsciiWhitespace(value.substr(0, eq)));
  *rest = std::string(value.substr(eq + 1));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::map<std::string, v1::Ballot>> BuildBallots(
    const v1::MeetingSpec& spec, const std::vector<std::string>& form_ids,
    const BallotFlags& flags) {
  std::map<std::string, v1::Ballot> ballots;
  for (const std::string& f : form_ids) ballots[f].set_form_id(f);
  auto answer = [&](const Target& t) -> v1::Answer& {
    v1::Ballot& b = ballots[t.form_id];
    for (v1::Answer& a : *b.mutable_answers()) {
      if (a.question_id() == t.question_id) return a;
    }
    v1::Answer* a = b.add_answers();
    a->set_question_id(t.question_id);
    return *a;
  };
  auto each = [&](absl::string_view flag, const std::vector<std::string>& values,
                  auto fill) -> absl::Status {
    for (const std::string& v : values) {
      std::string key, rest;
      if (absl::Status s = Split(flag, v, &key, &rest); !s.ok()) return s;
      absl::StatusOr<Target> t = Resolve(spec, form_ids, flag, v, key);
      if (!t.ok()) return t.status();
      if (absl::Status s = fill(answer(*t), v, rest); !s.ok()) return s;
    }
    return absl::OkStatus();
  };
  absl::Status s = each("--choose", flags.choose, [](v1::Answer& a, absl::string_view, absl::string_view rest) {
    for (absl::string_view id : absl::StrSplit(rest, ',', absl::SkipWhitespace())) {
      a.add_choices(std::string(absl::StripAsciiWhitespace(id)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = each("--write-in", flags.write_ins, [](v1::Answer& a, absl::string_view, absl::string_view rest) {
    // Typed text may come decomposed (e.g. from an input method); the
    // server takes write-ins in NFC only (tally::CheckNfc).
    // Ill-formed UTF-8 goes as it is, for the server to name the field.
    if (!tally::IsValidUtf8(rest)) {
      a.add_write_ins(std::string(rest));
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::string name, tally::ToNfc(rest));
    a.add_write_ins(std::move(name));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = each("--grade", flags.grades, [](v1::Answer& a, absl::string_view value, absl::string_view rest) {
    for (absl::string_view pair : absl::StrSplit(rest, ',', absl::SkipWhitespace())) {
      std::pair<absl::string_view, absl::string_view> sg = absl::StrSplit(pair, absl::MaxSplits(':', 1));
      if (sg.first.empty() || sg.second.empty()) {
        return Bad("--grade", value, "expected QUESTION=SUBJECT:GRADE[,SUBJECT:GRADE...]");
      }
      v1::GradeChoice* g = a.add_grades();
      g->set_subject_id(std::string(absl::StripAsciiWhitespace(sg.first)));
      g->set_grade_id(std::string(absl::StripAsciiWhitespace(sg.second)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = each("--decide", flags.decide, [](v1::Answer& a, absl::string_view value, absl::string_view rest) {
    for (absl::string_view pair : absl::StrSplit(rest, ',', absl::SkipWhitespace())) {
      std::pair<absl::string_view, absl::string_view> cv = absl::StrSplit(pair, absl::MaxSplits(':', 1));
      const absl::string_view cand = absl::StripAsciiWhitespace(cv.first);
      const absl::string_view vote = absl::StripAsciiWhitespace(cv.second);
      std::optional<v1::DecisionVote> v = ParseVote(vote);
      if (cand.empty() || !v) {
        return Bad("--decide", value,
                   "expected QUESTION=CANDIDATE:VOTE[,...] with VOTE agree, disagree, abstain "
                   "or defer");
      }
      v1::DecisionMark* m = a.add_decisions();
      m->set_candidate_id(std::string(cand));
      m->set_vote(*v);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = each("--element", flags.elements, [](v1::Answer& a, absl::string_view value, absl::string_view rest) {
    for (absl::string_view pair : absl::StrSplit(rest, ',', absl::SkipWhitespace())) {
      std::pair<absl::string_view, absl::string_view> ec = absl::StrSplit(pair, absl::MaxSplits(':', 1));
      if (absl::StripAsciiWhitespace(ec.first).empty() ||
          absl::StripAsciiWhitespace(ec.second).empty()) {
        return Bad("--element", value, "expected QUESTION=ELEMENT:CANDIDATE[,ELEMENT:CANDIDATE...]");
      }
      v1::ElementChoice* c = a.add_elements();
      c->set_element_id(std::string(absl::StripAsciiWhitespace(ec.first)));
      c->set_candidate_id(std::string(absl::StripAsciiWhitespace(ec.second)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = each("--tick", flags.ticks, [](v1::Answer& a, absl::string_view value, absl::string_view rest) {
    std::pair<absl::string_view, absl::string_view> si = absl::StrSplit(rest, absl::MaxSplits(':', 1));
    const absl::string_view subject = absl::StripAsciiWhitespace(si.first);
    if (subject.empty() || rest.find(':') == absl::string_view::npos) {
      return Bad("--tick", value, "expected QUESTION=SUBJECT:ITEM[,ITEM...]");
    }
    v1::Ticks* t = a.add_ticks();
    t->set_subject_id(std::string(subject));
    for (absl::string_view item : absl::StrSplit(si.second, ',', absl::SkipWhitespace())) {
      t->add_item_ids(std::string(absl::StripAsciiWhitespace(item)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return ballots;
}

}  // namespace gongxin::client
