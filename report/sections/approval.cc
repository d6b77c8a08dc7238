// 民主推荐 (approval) question: the ranking with votes and vote rates, a bar
// per candidate and write-in scaled to the rate denominator, and the
// validity figures (rules A6, A7; D1 for the post line).
#include <algorithm>
#include <limits>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"

namespace gongxin::report::sections {
namespace {

struct Entry {
  bool write_in;
  const v1::Candidate* candidate;  // nullptr for write-ins and unknown ids
  std::string name;
  uint32_t votes;
  uint32_t rank;  // 0 when the tally gave none
  int order;      // the ballot's order (usually 姓氏笔画), then the tally's
};

// By rank, listed candidates before write-ins, then the ballot's order, so
// equal votes read as the voters saw them (same order as the terminal table).
std::vector<Entry> Ranked(const v1::QuestionTally& tally, const v1::Question* question) {
  std::vector<Entry> entries;
  for (const v1::CandidateTally& t : tally.candidates()) {
    Entry e{false, nullptr, t.candidate_id(), t.votes(), t.rank(),
            std::numeric_limits<int>::max()};
    if (question != nullptr) {
      const auto& listed = question->approval().candidates();
      for (int i = 0; i < listed.size(); ++i) {
        if (listed[i].id() == t.candidate_id()) {
          e.candidate = &listed[i];
          e.name = listed[i].name();
          e.order = i;
        }
      }
    }
    entries.push_back(std::move(e));
  }
  for (int i = 0; i < tally.write_ins_size(); ++i) {
    const v1::WriteInTally& w = tally.write_ins(i);
    entries.push_back(Entry{true, nullptr, w.name(), w.votes(), w.rank(), i});
  }
  auto key = [](const Entry& e) {
    return std::make_tuple(e.rank == 0 ? std::numeric_limits<uint64_t>::max() : e.rank,
                           e.write_in, e.order);
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
  return entries;
}

}  // namespace

void AppendApprovalQuestion(const Context& c, const v1::Question* question,
                            const v1::QuestionTally& tally, std::string* out) {
  AppendQuestionHeading(c, question, tally, "approval", out);
  if (question != nullptr && question->has_approval()) {
    const v1::ApprovalQuestion& a = question->approval();
    absl::StrAppend(out, "<p class=\"post\">",
                    Escape(absl::Substitute(c.m.post_line, a.post(), a.seats(), a.max_choices())),
                    "</p>\n");
  }
  const std::vector<Entry> entries = Ranked(tally, question);
  if (entries.empty()) {
    absl::StrAppend(out, "<p>", Escape(c.m.no_votes), "</p>\n");
  } else {
    std::vector<Bar> bars;
    for (const Entry& e : entries) {
      bars.push_back(Bar{e.write_in ? absl::StrCat(e.name, c.m.write_in_suffix) : e.name, e.votes});
    }
    const std::string title = question != nullptr ? question->title() : tally.question_id();
    if (!c.compact) {
      absl::StrAppend(out, "<figure class=\"chart votes\">\n",
                      BarChart(absl::Substitute(c.m.chart_votes, title), bars,
                               tally.rate_denominator(), c.m.votes_unit),
                      "</figure>\n");
    }
    absl::StrAppend(out, "<table class=\"ranking\">\n<tr><th class=\"num\">", Escape(c.m.rank),
                    "</th><th>", Escape(c.m.name), "</th><th>", Escape(c.m.current_post),
                    "</th><th class=\"num\">", Escape(c.m.votes), "</th><th class=\"num\">",
                    Escape(c.m.vote_rate), "</th></tr>\n");
    for (const Entry& e : entries) {
      absl::StrAppend(
          out, "<tr", e.write_in ? " class=\"write-in\"" : "", "><td class=\"num\">",
          e.rank == 0 ? "" : absl::StrCat(e.rank), "</td><td>",
          Escape(e.write_in ? absl::StrCat(e.name, c.m.write_in_suffix) : e.name), "</td><td>",
          Escape(e.candidate != nullptr ? e.candidate->current_post() : ""),
          "</td><td class=\"num\">", e.votes, "</td><td class=\"num\">",
          Percent(e.votes, tally.rate_denominator()), "</td></tr>\n");
    }
    absl::StrAppend(out, "</table>\n");
  }
  AppendValidity(c, tally, /*graded=*/false, out);
  absl::StrAppend(out, "</section>\n");
}

void AppendOtherQuestion(const Context& c, const v1::Question* question,
                         const v1::QuestionTally& tally, std::string* out) {
  AppendQuestionHeading(c, question, tally, "other", out);
  absl::StrAppend(out, "<p class=\"small\">", Escape(c.m.unknown_kind), "</p>\n");
  AppendValidity(c, tally, /*graded=*/false, out);
  absl::StrAppend(out, "</section>\n");
}

}  // namespace gongxin::report::sections
