// Paper ballots: each question as a table of names with a box per option.
#include "report/paper_ballots.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"

namespace gongxin::report {
namespace {

constexpr absl::string_view kPaperStyle = R"css(
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: #000; font-size: 11pt;
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
                    "WenQuanYi Micro Hei", "PingFang SC", sans-serif; }
section.ballot { width: 180mm; break-after: page; page-break-after: always; }
section.ballot:last-child { break-after: auto; page-break-after: auto; }
.ballot header { display: flex; justify-content: space-between; align-items: baseline;
                 border-bottom: 0.5mm solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.ballot h1 { font-size: 15pt; margin: 0; }
.ballot .mark { border: 0.5mm solid #000; padding: 0.5mm 2mm; font-weight: bold; }
.ballot .voter { font-size: 13pt; font-weight: bold; margin: 2mm 0; }
.ballot .anonymous { font-weight: bold; margin: 2mm 0; }
.ballot h2 { font-size: 12pt; margin: 4mm 0 1mm; }
.ballot table { border-collapse: collapse; width: 100%; }
.ballot th, .ballot td { border: 0.3mm solid #000; padding: 1.2mm 2mm; text-align: left; }
.ballot td.box { width: 16mm; text-align: center; font-size: 14pt; }
.ballot .line { display: inline-block; min-width: 60mm; border-bottom: 0.3mm solid #000; }
.ballot .small { font-size: 8pt; color: #222; margin-top: 3mm; }
@media screen { section.ballot { margin: 10mm auto; } }
)css";

constexpr absl::string_view kBox = "□";

std::string Title(const v1::Question& q) { return q.title().empty() ? q.id() : q.title(); }

// A table: one row per person, their post, then one box per option.
void AppendRows(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                const std::vector<std::string>& options, const Messages& m, bool proposed,
                std::string* out) {
  absl::StrAppend(out, "<table>\n<tr><th>", Escape(m.name), "</th><th>", Escape(m.current_post),
                  "</th>");
  if (proposed) absl::StrAppend(out, "<th>", Escape(m.proposed_post), "</th>");
  for (const std::string& o : options) absl::StrAppend(out, "<th>", Escape(o), "</th>");
  absl::StrAppend(out, "</tr>\n");
  for (const v1::Candidate& c : people) {
    absl::StrAppend(out, "<tr><td>", Escape(c.name()), "</td><td>", Escape(c.current_post()),
                    "</td>");
    if (proposed) absl::StrAppend(out, "<td>", Escape(c.proposed_post()), "</td>");
    for (size_t i = 0; i < options.size(); ++i) {
      absl::StrAppend(out, "<td class=\"box\">", kBox, "</td>");
    }
    absl::StrAppend(out, "</tr>\n");
  }
  absl::StrAppend(out, "</table>\n");
}

void AppendQuestion(const v1::Question& q, const Messages& m, std::string* out) {
  absl::StrAppend(out, "<h2>", Escape(Title(q)), "</h2>\n");
  switch (q.kind_case()) {
    case v1::Question::kApproval: {
      const v1::ApprovalQuestion& a = q.approval();
      absl::StrAppend(out, "<p>",
                      Escape(absl::Substitute(m.post_line, a.post(), a.seats(), a.max_choices())),
                      "</p>\n");
      AppendRows(a.candidates(), {""}, m, false, out);
      if (a.allow_write_in()) {
        absl::StrAppend(out, "<p>", Escape(m.ballot_write_in), "：");
        for (uint32_t i = 0; i < std::max<uint32_t>(a.max_choices(), 1); ++i) {
          absl::StrAppend(out, "<span class=\"line\"></span> ", kBox, " ");
        }
        absl::StrAppend(out, "</p>\n");
      }
      break;
    }
    case v1::Question::kGraded: {
      std::vector<std::string> grades;
      for (const v1::Grade& g : q.graded().scale()) grades.push_back(g.label());
      AppendRows(q.graded().subjects(), grades, m, false, out);
      break;
    }
    case v1::Question::kDecision: {
      const v1::DecisionQuestion& d = q.decision();
      std::vector<std::string> options = {m.agree};
      if (d.competitive()) {
        absl::StrAppend(out, "<p>",
                        Escape(absl::Substitute(m.competitive_line, d.post(),
                                                d.max_agree() == 0 ? 1 : d.max_agree())),
                        "</p>\n");
      } else {
        options.push_back(m.disagree);
        options.push_back(m.abstain);
        if (d.allow_defer()) options.push_back(m.defer);
      }
      AppendRows(d.candidates(), options, m, true, out);
      absl::StrAppend(out, "<p class=\"small\">", Escape(m.ballot_no_write_in), "</p>\n");
      break;
    }
    case v1::Question::kElement: {
      std::vector<std::string> pool;
      for (const v1::Candidate& c : q.element().candidates()) pool.push_back(c.name());
      absl::StrAppend(out, "<p>",
                      Escape(absl::Substitute(m.ballot_element_pool,
                                              absl::StrJoin(pool, m.list_separator))),
                      "</p>\n<table>\n");
      for (const v1::Element& e : q.element().elements()) {
        absl::StrAppend(out, "<tr><th>", Escape(e.label()),
                        "</th><td><span class=\"line\"></span></td></tr>\n");
      }
      absl::StrAppend(out, "</table>\n");
      break;
    }
    case v1::Question::kChecklist: {
      std::vector<std::string> items;
      for (const v1::ChecklistItem& item : q.checklist().items()) items.push_back(item.label());
      absl::StrAppend(out, "<p>", Escape(m.ballot_tick_items), "</p>\n");
      AppendRows(q.checklist().subjects(), items, m, false, out);
      break;
    }
    case v1::Question::KIND_NOT_SET:
      break;
  }
}

void AppendBallot(const PaperBallots& b, const Messages& m, const std::string* voter, int n,
                  int total, std::string* out) {
  absl::StrAppend(out, "<section class=\"ballot\">\n<header><h1>", Escape(b.meeting_title), " · ",
                  Escape(b.form.title()), "</h1><span class=\"mark\">", Escape(m.paper_mark),
                  "</span></header>\n");
  if (voter != nullptr) {
    absl::StrAppend(out, "<div class=\"voter\">",
                    Escape(absl::Substitute(m.paper_voter, *voter)), "</div>\n");
  } else {
    absl::StrAppend(out, "<div class=\"anonymous\">", Escape(m.paper_anonymous), "</div>\n");
  }
  absl::StrAppend(out, "<p>", Escape(m.paper_instructions), "</p>\n");
  for (const v1::Question& q : b.form.questions()) AppendQuestion(q, m, out);
  // An anonymous ballot carries no number: a serial could be noted beside a
  // voter's name when it is handed over.
  absl::StrAppend(out, "<p class=\"small\">", Escape(m.meeting_id), " ", Escape(b.meeting_id),
                  " · ", Escape(b.form.id()));
  if (!b.verification_code.empty()) {
    absl::StrAppend(out, " · ", Escape(m.verification_code), " ", Escape(b.verification_code));
  }
  if (voter != nullptr) {
    absl::StrAppend(out, " · ", Escape(absl::Substitute(m.paper_serial, n, total)));
  }
  absl::StrAppend(out, "</p>\n</section>\n");
}

}  // namespace

absl::StatusOr<std::string> RenderPaperBallotsHtml(const PaperBallots& b, const Messages& m) {
  const bool anonymous = b.form.mode() == v1::FORM_MODE_ANONYMOUS;
  if (anonymous && !b.voter_names.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "form ", b.form.id(),
        " is anonymous (无记名): its paper ballots must carry no voter's name; print "
        "identical ballots with --count"));
  }
  if (!anonymous && b.count != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "form ", b.form.id(), " is named (实名): one ballot is printed per eligible voter, with "
        "the voter's name; --count is for anonymous forms"));
  }
  const int total = anonymous ? b.count : static_cast<int>(b.voter_names.size());
  if (total < 1 || total > kMaxPaperBallots) {
    return absl::InvalidArgumentError(absl::StrCat(
        anonymous ? "--count" : "the roll", ": must give 1 to ", kMaxPaperBallots,
        " ballots for form ", b.form.id(), " (got ", total, ")"));
  }
  std::string body;
  for (int i = 0; i < total; ++i) {
    AppendBallot(b, m, anonymous ? nullptr : &b.voter_names[i], i + 1, total, &body);
  }
  return PageWithStyle(m.html_lang, absl::Substitute(m.paper_title, b.meeting_title), kPaperStyle,
                       body);
}

}  // namespace gongxin::report
