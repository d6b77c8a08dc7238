#include "report/announcement.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report {
namespace {

// The lifecycle word printed on the notice (same words as `meeting show`).
void AppendGroups(const sections::Context& c, const AnnouncementInput& input, std::string* out) {
  absl::StrAppend(out, "<section id=\"groups\">\n<h2>", Escape(c.m.groups_heading),
                  "</h2>\n<table class=\"groups\">\n<tr><th>", Escape(c.m.group),
                  "</th><th class=\"num\">", Escape(c.m.group_due), "</th></tr>\n");
  uint64_t total = 0;
  for (const v1::VoterGroup& g : c.spec.groups()) {
    auto it = input.due_by_group.find(g.id());
    const uint32_t n = it == input.due_by_group.end() ? 0 : it->second;
    total += n;
    absl::StrAppend(out, "<tr><td>", Escape(g.name().empty() ? g.id() : g.name()),
                    "</td><td class=\"num\">", n, "</td></tr>\n");
  }
  absl::StrAppend(out, "<tr class=\"total\"><th>", Escape(c.m.total), "</th><th class=\"num\">",
                  total, "</th></tr>\n</table>\n</section>\n");
}

}  // namespace

std::string RenderAnnouncementHtml(const AnnouncementInput& input) {
  const Messages& m = MessagesFor(input.locale);
  const bool en = IsEnglish(input.locale);
  const sections::Context c{m, input.spec, en};
  std::string body;
  absl::StrAppend(&body, "<header class=\"doc\">\n<h1>",
                  Escape(absl::Substitute(m.announcement_title, MeetingTitle(m, input.spec))), "</h1>\n");
  if (!input.spec.unit().empty()) {
    absl::StrAppend(&body, "<div class=\"unit\">", Escape(input.spec.unit()), "</div>\n");
  }
  absl::StrAppend(&body, "</header>\n");
  if (input.spec.trial()) {
    absl::StrAppend(&body, "<p class=\"warning\">", Escape(m.trial_note), "</p>\n");
  }
  absl::StrAppend(&body, "<p>", Escape(m.announcement_intro), "</p>\n");
  std::vector<Fact> facts = {{m.meeting_id, input.meeting_id, false}};
  if (!input.verification_code.empty()) {
    facts.push_back({m.verification_code, input.verification_code, true});
  }
  if (input.created_at != 0) {
    facts.push_back({m.meeting_date,
                     absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(input.created_at),
                                      absl::FixedTimeZone(8 * 3600)),
                     false});
  }
  if (input.status != v1::MEETING_STATUS_UNSPECIFIED) {
    facts.push_back({m.status, StatusName(m, input.status), false});
  }
  if (!input.spec.description().empty()) {
    facts.push_back({m.description, input.spec.description(), false});
  }
  sections::AppendFacts(facts, &body);
  AppendGroups(c, input, &body);
  if (input.spec.has_sample()) {
    Block sample;
    sections::AppendSample(c, input.sample, &sample);
    for (const Block& b : sample.children) absl::StrAppend(&body, RenderBlockHtml(b, 1));
  }
  sections::AppendPosts(c, &body);
  sections::AppendCandidates(c, &body);
  sections::AppendForms(c, &body);
  sections::AppendMarking(c, &body);
  sections::AppendRules(c, input.due_by_group, &body);

  absl::StrAppend(&body, "<section id=\"genesis\">\n<h2>", Escape(m.genesis_heading), "</h2>\n");
  sections::AppendFacts({{m.genesis_hash, GroupedHex(input.genesis_hash), true},
                         {m.roll_digest, GroupedHex(input.roll_digest), true}},
                        &body);
  absl::StrAppend(&body, "<p class=\"small\">", Escape(m.genesis_howto), "</p>\n");
  if (!input.verification_code.empty()) {
    absl::StrAppend(&body, "<p class=\"small\">", Escape(m.verification_code_howto), "</p>\n");
  }
  absl::StrAppend(&body, "</section>\n");
  if (!input.tie.head.head_hash().empty()) {
    Block tie;
    sections::AppendLedgerTie(c, input.tie, &tie);
    for (const Block& b : tie.children) absl::StrAppend(&body, RenderBlockHtml(b, 1));
  }
  absl::StrAppend(&body, "<footer class=\"doc\"><p>", Escape(m.generated_by), "</p></footer>\n");
  return Page(m.html_lang, absl::Substitute(m.announcement_title, MeetingTitle(m, input.spec)), body);
}

}  // namespace gongxin::report
