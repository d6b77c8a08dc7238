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
#include "report/view.h"

namespace gongxin::report::sections {
namespace {

struct Entry {
  bool write_in;
  const v1::Candidate* candidate;  // nullptr for write-ins and unknown ids
  std::string id;                  // the candidate's id; empty for write-ins
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
    Entry e{false, nullptr, t.candidate_id(), t.candidate_id(), t.votes(), t.rank(),
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
    entries.push_back(Entry{true, nullptr, "", w.name(), w.votes(), w.rank(), i});
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
                            const v1::QuestionTally& tally, Block* out) {
  Block& section = AddQuestionSection(c, question, tally, "approval", out);
  if (question != nullptr && question->has_approval()) {
    const v1::ApprovalQuestion& a = question->approval();
    AddParagraph(&section, "post",
                 absl::Substitute(c.m.post_line, a.post(), a.seats(), a.max_choices()));
  }
  const std::vector<Entry> entries = Ranked(tally, question);
  const uint32_t whole = tally.rate_denominator();
  auto shown_name = [&](const Entry& e) {
    return e.write_in ? absl::StrCat(e.name, c.m.write_in_suffix) : e.name;
  };
  if (entries.empty()) {
    AddParagraph(&section, "", c.m.no_votes);
  } else {
    if (!c.compact) {
      Chart chart;
      chart.title = absl::Substitute(c.m.chart_votes, section.heading);
      for (const Entry& e : entries) chart.bars.push_back(Bar{shown_name(e), e.votes});
      chart.whole = whole;
      chart.unit = c.m.votes_unit;
      AddChart(&section, "votes", std::move(chart));
    }
    Block& table = AddTable(&section, "ranking");
    table.table.header = {{c.m.rank, true}, {c.m.name}, {c.m.current_post}, {c.m.votes, true},
                          {c.m.vote_rate, true}};
    for (const Entry& e : entries) {
      Row row;
      row.role = e.write_in ? "write-in" : "";
      row.cells = {{e.rank == 0 ? "" : absl::StrCat(e.rank), true},
                   {shown_name(e)},
                   {e.candidate != nullptr ? e.candidate->current_post() : ""},
                   {absl::StrCat(e.votes), true},
                   {Percent(e.votes, whole), true}};
      table.table.rows.push_back(std::move(row));
      Record r = FigureRecord(c, question, tally, e.write_in ? "write_in" : "candidate",
                              e.write_in ? "" : e.id, e.name, e.votes, whole);
      r.rank = e.rank == 0 ? "" : absl::StrCat(e.rank);
      table.records.push_back(std::move(r));
    }
  }
  AppendValidity(c, question, tally, /*graded=*/false, &section);
}

void AppendOtherQuestion(const Context& c, const v1::Question* question,
                         const v1::QuestionTally& tally, Block* out) {
  Block& section = AddQuestionSection(c, question, tally, "other", out);
  AddParagraph(&section, "small", c.m.unknown_kind);
  AppendValidity(c, question, tally, /*graded=*/false, &section);
}

}  // namespace gongxin::report::sections
