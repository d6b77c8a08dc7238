#include "kioskpage/pages.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"

namespace gongxin::kioskpage {
namespace {

using report::Escape;

// Touch targets at least 13 mm (VVSG 2.0 asks for 12.7 mm); a selection
// shows by colour, by a mark and by a word; four text sizes and a
// high-contrast theme; nothing wider than the screen.
std::string Style(const report::Messages& m) {
  return absl::StrCat(R"css(
* { box-sizing: border-box; }
html, body { margin: 0; overflow-x: hidden; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
       color: #111; background: #fff; line-height: 1.5; padding: 4mm 6mm 0; }
body.s0 { font-size: 18px; } body.s1 { font-size: 22px; }
body.s2 { font-size: 28px; } body.s3 { font-size: 36px; }
body.hc { background: #000; color: #fff; }
h1 { font-size: 1.4em; margin: 0 0 3mm; color: #b0201c; overflow-wrap: anywhere; }
body.hc h1 { color: #ffeb3b; }
h2 { font-size: 1.2em; margin: 4mm 0 2mm; overflow-wrap: anywhere; }
p, li, label, td { overflow-wrap: anywhere; }
button, .button, input[type=text], input[type=search] {
  font: inherit; min-height: 13mm; min-width: 13mm; padding: 2mm 5mm; margin: 1mm 2mm 1mm 0;
  border: 2px solid #333; border-radius: 2mm; background: #f4f4f4; color: inherit; }
input[type=text], input[type=search] { width: 100%; max-width: 40em; background: #fff; color: #111; }
button.primary { background: #b0201c; color: #fff; border-color: #b0201c; }
body.hc button { background: #000; color: #fff; border-color: #fff; }
body.hc button.primary { background: #ffeb3b; color: #000; border-color: #ffeb3b; }
.opt { display: block; position: relative; margin: 2mm 0; }
.opt input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.opt span { display: block; min-height: 13mm; padding: 2.5mm 4mm; border: 2px solid #555;
            border-radius: 2mm; }
.opt input:focus-visible + span { outline: 4px solid #1565c0; outline-offset: 2px; }
.opt input:checked + span { background: #b0201c; color: #fff; border-color: #b0201c; }
.opt input:checked + span::before { content: "\2714\00a0"; font-weight: bold; }
.opt input:checked + span::after { content: "\00a0\00b7\00a0)css",
                      m.kiosk_selected, R"css("; font-weight: bold; }
.opt input:checked + span .post { color: inherit; }
body.hc .opt span { border-color: #fff; }
body.hc .opt input:checked + span { background: #ffeb3b; color: #000; border-color: #ffeb3b; }
.grid { display: flex; flex-wrap: wrap; gap: 0 3mm; }
.grid .opt { flex: 1 1 10em; }
fieldset { border: 1px solid #999; border-radius: 2mm; margin: 3mm 0; padding: 2mm 4mm; }
legend { font-weight: bold; padding: 0 2mm; }
.post { color: #444; font-size: 0.85em; }
body.hc .post { color: #ddd; }
.message { border: 3px solid #b0201c; padding: 3mm; font-weight: bold; margin: 3mm 0; }
body.hc .message { border-color: #ffeb3b; }
.blank { color: #b0201c; font-weight: bold; }
body.hc .blank { color: #ffeb3b; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: min(1.5em, 5.8vw); letter-spacing: 0.08em;
        white-space: nowrap; }
.controls { margin: 8mm -6mm 0; padding: 2mm 6mm; background: #eee;
            border-top: 1px solid #999; }
body.hc .controls { background: #222; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #999; padding: 2mm; text-align: left; vertical-align: top; }
)css");
}

std::string Title(const v1::MeetingSpec& spec, const report::Messages& m,
                  const Display& display = {}) {
  return absl::Substitute(display.phone ? m.phone_title : m.kiosk_title,
                          report::MeetingTitle(m, spec));
}

// Every screen of a trial vote (试投票) carries the banner at its top, above
// whatever the screen shows, so no voter takes the practice for the vote.
std::string Page(const report::Messages& m, const v1::MeetingSpec& spec, const Display& display,
                 const std::string& refresh, const std::string& body) {
  const std::string title = Title(spec, m, display);
  const std::string banner =
      spec.trial() ? absl::StrCat("<p class=\"message trial\" role=\"note\">",
                                  Escape(m.trial_mark), " ", Escape(m.trial_note), "</p>\n")
                   : "";
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", m.html_lang, "\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"", kContentSecurityPolicy, "\">\n",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
      refresh.empty() ? "" : absl::StrCat("<meta http-equiv=\"refresh\" content=\"", refresh, "\">\n"),
      "<title>", Escape(title), "</title>\n<style>", Style(m), "</style>\n</head>\n<body class=\"s",
      std::clamp(display.text_size, 0, 3), display.contrast ? " hc" : "", "\">\n", banner, body,
      "</body>\n</html>\n");
}


// The voter's own controls: text size, contrast, language.
std::string Controls(const Display& d, const report::Messages& m) {
  std::string out = "<form class=\"controls\" method=\"post\" action=\"/display\">";
  absl::StrAppend(&out, Escape(m.kiosk_text_size), " ");
  for (int s = 0; s < 4; ++s) {
    absl::StrAppend(&out, "<button name=\"size\" value=\"", s, "\"",
                    s == d.text_size ? " aria-pressed=\"true\" class=\"primary\"" : "",
                    " style=\"font-size:", 18 + s * 6, "px\">A</button>");
  }
  absl::StrAppend(&out, "<button name=\"contrast\" value=\"", d.contrast ? "0" : "1", "\"",
                  d.contrast ? " aria-pressed=\"true\" class=\"primary\"" : "", ">",
                  Escape(m.kiosk_contrast), "</button>", "<button name=\"lang\" value=\"",
                  d.english ? "zh-CN" : "en", "\" lang=\"", d.english ? "zh-CN" : "en", "\">",
                  Escape(m.kiosk_language), "</button></form>\n");
  return out;
}

std::string Option(const std::string& type, const std::string& name, const std::string& value,
                   bool checked, const std::string& label, const std::string& note) {
  return absl::StrCat("<label class=\"opt\"><input type=\"", type, "\" name=\"", Escape(name),
                      "\" value=\"", Escape(value), "\"", checked ? " checked" : "", "><span>",
                      Escape(label),
                      note.empty() ? "" : absl::StrCat(" <small class=\"post\">", Escape(note),
                                                       "</small>"),
                      "</span></label>\n");
}

bool Has(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

std::string ApprovalInputs(const v1::Question& q, const v1::Answer& a, const report::Messages& m) {
  const v1::ApprovalQuestion& ap = q.approval();
  std::string out = absl::StrCat(
      "<p class=\"post\">", Escape(absl::Substitute(m.post_line, ap.post(), ap.seats(), ap.max_choices())),
      "</p>\n<p><strong>", Escape(absl::Substitute(m.kiosk_choose_up_to, ap.max_choices())),
      "</strong></p>\n");
  for (const v1::Candidate& c : ap.candidates()) {
    absl::StrAppend(&out, Option("checkbox", "choice", c.id(), Has(a.choices(), c.id()), c.name(),
                                 c.current_post()));
  }
  if (ap.allow_write_in()) {
    absl::StrAppend(&out, "<fieldset><legend>", Escape(m.ballot_write_in), "</legend><p class=\"post\">",
                    Escape(m.kiosk_write_in_hint), "</p>");
    for (uint32_t i = 0; i < std::max<uint32_t>(ap.max_choices(), 1); ++i) {
      absl::StrAppend(&out, "<p><input type=\"text\" name=\"write_in\" maxlength=\"100\" aria-label=\"",
                      Escape(m.ballot_write_in), "\" value=\"",
                      i < static_cast<uint32_t>(a.write_ins_size()) ? Escape(a.write_ins(i)) : "",
                      "\"></p>");
    }
    absl::StrAppend(&out, "</fieldset>\n");
  }
  return out;
}

std::string GradedInputs(const v1::Question& q, const v1::Answer& a) {
  std::string out;
  for (const v1::Candidate& s : q.graded().subjects()) {
    std::string chosen;
    for (const v1::GradeChoice& g : a.grades()) {
      if (g.subject_id() == s.id()) chosen = g.grade_id();
    }
    absl::StrAppend(&out, "<fieldset><legend>", Escape(s.name()), "</legend>",
                    s.current_post().empty() ? ""
                                             : absl::StrCat("<p class=\"post\">",
                                                            Escape(s.current_post()), "</p>"),
                    "<div class=\"grid\">");
    for (const v1::Grade& g : q.graded().scale()) {
      absl::StrAppend(&out, Option("radio", absl::StrCat("grade.", s.id()), g.id(), chosen == g.id(),
                                   g.label(), ""));
    }
    absl::StrAppend(&out, "</div></fieldset>\n");
  }
  return out;
}

std::string DecisionInputs(const v1::Question& q, const v1::Answer& a, const report::Messages& m) {
  const v1::DecisionQuestion& d = q.decision();
  std::string out;
  if (d.competitive()) {
    absl::StrAppend(&out, "<p><strong>",
                    Escape(absl::Substitute(m.competitive_line, d.post(),
                                            d.max_agree() == 0 ? 1 : d.max_agree())),
                    "</strong></p>\n");
  }
  std::vector<std::pair<const char*, const char*>> options = {{"agree", m.agree}};
  if (!d.competitive()) {
    options.push_back({"disagree", m.disagree});
    options.push_back({"abstain", m.abstain});
    if (d.allow_defer()) options.push_back({"defer", m.defer});
  }
  static constexpr const char* kVotes[] = {"", "agree", "disagree", "abstain", "defer"};
  for (const v1::Candidate& c : d.candidates()) {
    std::string chosen;
    for (const v1::DecisionMark& mark : a.decisions()) {
      if (mark.candidate_id() == c.id() && mark.vote() >= 1 && mark.vote() <= 4) {
        chosen = kVotes[mark.vote()];
      }
    }
    std::string post = c.current_post();
    if (!c.proposed_post().empty()) absl::StrAppend(&post, " → ", c.proposed_post());
    absl::StrAppend(&out, "<fieldset><legend>", Escape(c.name()), "</legend>",
                    post.empty() ? "" : absl::StrCat("<p class=\"post\">", Escape(post), "</p>"),
                    "<div class=\"grid\">");
    for (const auto& [value, word] : options) {
      // A competitive vote marks agree or nothing: a checkbox, not a radio.
      absl::StrAppend(&out, Option(d.competitive() ? "checkbox" : "radio",
                                   absl::StrCat("decide.", c.id()), value, chosen == value, word, ""));
    }
    absl::StrAppend(&out, "</div></fieldset>\n");
  }
  absl::StrAppend(&out, "<p class=\"post\">", Escape(m.ballot_no_write_in), "</p>\n");
  return out;
}

std::string ElementInputs(const v1::Question& q, const v1::Answer& a) {
  std::string out;
  for (const v1::Element& e : q.element().elements()) {
    std::string chosen;
    for (const v1::ElementChoice& c : a.elements()) {
      if (c.element_id() == e.id()) chosen = c.candidate_id();
    }
    absl::StrAppend(&out, "<fieldset><legend>", Escape(e.label()), "</legend><div class=\"grid\">");
    for (const v1::Candidate& c : q.element().candidates()) {
      absl::StrAppend(&out, Option("radio", absl::StrCat("element.", e.id()), c.id(),
                                   chosen == c.id(), c.name(), c.current_post()));
    }
    absl::StrAppend(&out, "</div></fieldset>\n");
  }
  return out;
}

std::string ChecklistInputs(const v1::Question& q, const v1::Answer& a, const report::Messages& m) {
  std::string out = absl::StrCat("<p>", Escape(m.ballot_tick_items), "</p>\n");
  for (const v1::Candidate& s : q.checklist().subjects()) {
    const v1::Ticks* ticks = nullptr;
    for (const v1::Ticks& t : a.ticks()) {
      if (t.subject_id() == s.id()) ticks = &t;
    }
    absl::StrAppend(&out, "<fieldset><legend>", Escape(s.name()), "</legend><div class=\"grid\">");
    for (const v1::ChecklistItem& item : q.checklist().items()) {
      const bool negative = item.polarity() == v1::ITEM_POLARITY_NEGATIVE;
      absl::StrAppend(&out, Option("checkbox", absl::StrCat("tick.", s.id()), item.id(),
                                   ticks != nullptr && Has(ticks->item_ids(), item.id()),
                                   item.label(), negative ? m.negative : m.positive));
    }
    absl::StrAppend(&out, "</div></fieldset>\n");
  }
  return out;
}

std::string Message(const std::string& message) {
  return message.empty() ? ""
                         : absl::StrCat("<p class=\"message\" role=\"alert\">", Escape(message),
                                        "</p>\n");
}

}  // namespace

std::string StaffPage(const v1::MeetingSpec& spec, const v1::Roll& roll, const std::string& query,
                      const std::vector<v1::Voter>& suspended, const std::string& message,
                      const report::Messages& m) {
  std::string body = absl::StrCat("<h1>", Escape(Title(spec, m)), "</h1>\n<h2>",
                                  Escape(m.kiosk_staff_heading), "</h2>\n", Message(message));
  auto group_name = [&](const std::string& id) {
    for (const v1::VoterGroup& g : spec.groups()) {
      if (g.id() == id && !g.name().empty()) return g.name();
    }
    return id;
  };
  // With `by_slip`, a second form checks the voter in to vote by phone
  // (the slip code only for a voter of named forms; the server says so).
  auto check_in = [&](const v1::Voter& v, const char* action, const char* word,
                      bool by_slip = false) {
    return absl::StrCat(
        "<tr><td>", Escape(v.id()), "</td><td>", Escape(v.name()), "</td><td>",
        Escape(group_name(v.group())), "</td><td><form method=\"post\" action=\"", action,
        "\"><input type=\"hidden\" name=\"voter\" value=\"", Escape(v.id()),
        "\"><button class=\"primary\">", Escape(word), "</button></form></td>",
        by_slip ? absl::StrCat("<td><form method=\"post\" action=\"/checkin-slip\"><input "
                               "type=\"hidden\" name=\"voter\" value=\"",
                               Escape(v.id()), "\"><input type=\"text\" name=\"slip\" "
                               "autocomplete=\"off\" placeholder=\"",
                               Escape(m.desk_slip_code), "\" aria-label=\"",
                               Escape(m.desk_slip_code), "\"><button>", Escape(m.desk_by_slip),
                               "</button></form></td>")
                : "",
        "</tr>\n");
  };
  for (const v1::Voter& v : suspended) {
    absl::StrAppend(&body, "<p class=\"message\">",
                    Escape(absl::Substitute(m.kiosk_timed_out, v.name().empty() ? v.id() : v.name())),
                    "</p><table>", check_in(v, "/resume-voter", m.kiosk_resume), "</table>\n");
  }
  if (roll.voters().empty()) {
    absl::StrAppend(&body, "<form method=\"post\" action=\"/checkin\"><label>", Escape(m.kiosk_voter_id),
                    "<br><input type=\"text\" name=\"voter\" required autofocus></label><br>",
                    "<button class=\"primary\">", Escape(m.kiosk_check_in), "</button></form>\n");
    return Page(m, spec, Display{}, "", body);
  }
  absl::StrAppend(&body, "<form method=\"get\" action=\"/\"><label>", Escape(m.kiosk_search),
                  "<br><input type=\"search\" name=\"q\" value=\"", Escape(query),
                  "\" autofocus></label> <button>", Escape(m.kiosk_search_button), "</button></form>\n");
  std::string rows;
  const std::string needle = absl::AsciiStrToLower(query);
  for (const v1::Voter& v : roll.voters()) {
    if (!needle.empty() && !absl::StrContains(absl::AsciiStrToLower(v.id()), needle) &&
        !absl::StrContains(v.name(), query) && !absl::StrContains(group_name(v.group()), query) &&
        v.group() != query) {
      continue;
    }
    absl::StrAppend(&rows, check_in(v, "/checkin", m.kiosk_check_in, true));
  }
  absl::StrAppend(&body, rows.empty() ? absl::StrCat("<p>", Escape(m.kiosk_no_match), "</p>")
                                      : absl::StrCat("<table>", rows, "</table>\n"));
  return Page(m, spec, Display{}, "", body);
}

std::string HandOverPage(const v1::MeetingSpec& spec, const std::string& name,
                         const std::string& group, const report::Messages& m) {
  const std::string body = absl::StrCat(
      "<h1>", Escape(Title(spec, m)), "</h1>\n<p class=\"message\">",
      Escape(absl::Substitute(m.kiosk_checked_in, name, group)), "</p>\n<p>",
      Escape(m.kiosk_hand_over), "</p>\n<form method=\"post\" action=\"/start\"><button class=\"primary\">",
      Escape(m.kiosk_start), "</button></form>\n");
  return Page(m, spec, Display{}, "", body);
}

std::string QuestionPage(const v1::MeetingSpec& spec, const QuestionScreen& s,
                         const Display& display, int idle_seconds, const report::Messages& m) {
  const v1::Question& q = s.form->questions(s.question_index);
  std::string body = absl::StrCat(
      "<h1>", Escape(absl::Substitute(m.kiosk_form_of, s.form->title(), s.form_index + 1, s.form_count)),
      "</h1>\n<p class=\"post\">",
      Escape(absl::Substitute(m.kiosk_question_of, s.question_index + 1, s.form->questions_size())),
      "</p>\n<h2>", Escape(q.title().empty() ? q.id() : q.title()), "</h2>\n", Message(s.message),
      "<form method=\"post\" action=\"/answer\">\n");
  switch (q.kind_case()) {
    case v1::Question::kApproval: absl::StrAppend(&body, ApprovalInputs(q, s.answer, m)); break;
    case v1::Question::kGraded: absl::StrAppend(&body, GradedInputs(q, s.answer)); break;
    case v1::Question::kDecision: absl::StrAppend(&body, DecisionInputs(q, s.answer, m)); break;
    case v1::Question::kElement: absl::StrAppend(&body, ElementInputs(q, s.answer)); break;
    case v1::Question::kChecklist: absl::StrAppend(&body, ChecklistInputs(q, s.answer, m)); break;
    case v1::Question::KIND_NOT_SET: break;
  }
  absl::StrAppend(&body, "<p>",
                  s.first ? "" : absl::StrCat("<button name=\"go\" value=\"back\">", Escape(m.kiosk_back),
                                              "</button>"),
                  "<button name=\"go\" value=\"next\" class=\"primary\">", Escape(m.kiosk_next),
                  "</button><button name=\"go\" value=\"review\">", Escape(m.kiosk_review),
                  "</button></p>\n</form>\n", Controls(display, m));
  return Page(m, spec, display, absl::StrCat(idle_seconds, ";url=/idle"), body);
}

std::string ReviewPage(const v1::MeetingSpec& spec, const std::vector<ReviewLine>& lines,
                       const std::string& message, const Display& display, int idle_seconds,
                       const report::Messages& m) {
  std::string body = absl::StrCat("<h1>", Escape(m.kiosk_review_heading), "</h1>\n", Message(message),
                                  "<table>\n");
  std::string form;
  for (const ReviewLine& l : lines) {
    if (l.form_title != form) {
      form = l.form_title;
      absl::StrAppend(&body, "<tr><th colspan=\"3\">", Escape(form), "</th></tr>\n");
    }
    absl::StrAppend(&body, "<tr><td>", Escape(l.question_title), "</td><td>",
                    l.summary.empty()
                        ? absl::StrCat("<span class=\"blank\">", Escape(m.kiosk_blank_warning), "</span>")
                        : Escape(l.summary),
                    "</td><td><form method=\"post\" action=\"/goto\"><input type=\"hidden\" name=\"form\" "
                    "value=\"",
                    l.form_index, "\"><input type=\"hidden\" name=\"question\" value=\"", l.question_index,
                    "\"><button>", Escape(m.kiosk_change), "</button></form></td></tr>\n");
  }
  absl::StrAppend(&body, "</table>\n<form method=\"post\" action=\"/cast\"><button class=\"primary\">",
                  Escape(m.kiosk_confirm), "</button></form>\n", Controls(display, m));
  return Page(m, spec, display, absl::StrCat(idle_seconds, ";url=/idle"), body);
}

std::string DonePage(const v1::MeetingSpec& spec, const std::vector<ReceiptLine>& receipts,
                     const Display& display, int idle_seconds, const report::Messages& m) {
  std::string body = absl::StrCat("<h1>", Escape(m.kiosk_done_heading), "</h1>\n<p>",
                                  Escape(m.kiosk_receipt_note), "</p>\n");
  for (const ReceiptLine& r : receipts) {
    absl::StrAppend(&body, "<h2>", Escape(r.form_title), "</h2>\n<p class=\"code\">", Escape(r.code),
                    "</p>\n", r.qr_svg, "\n");
  }
  absl::StrAppend(&body, "<form method=\"post\" action=\"/finish\"><button class=\"primary\">",
                  Escape(m.kiosk_finish), "</button></form>\n");
  return Page(m, spec, display, absl::StrCat(idle_seconds, ";url=/finished"), body);
}

std::string SlipEntryPage(const v1::MeetingSpec& spec, const std::string& message,
                          const Display& display, const report::Messages& m) {
  const std::string body = absl::StrCat(
      "<h1>", Escape(Title(spec, m, display)), "</h1>\n", Message(message),
      "<form method=\"post\" action=\"/slip\"><label>", Escape(m.phone_enter_code),
      "<br><input type=\"text\" name=\"code\" required autocomplete=\"off\" "
      "autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"40\"></label><br>"
      "<button class=\"primary\">",
      Escape(m.phone_start), "</button></form>\n", Controls(display, m));
  return Page(m, spec, display, "", body);
}

std::string PhoneDonePage(const v1::MeetingSpec& spec, const Display& display,
                          const report::Messages& m) {
  const std::string body = absl::StrCat("<h1>", Escape(Title(spec, m, display)),
                                        "</h1>\n<p class=\"message\">", Escape(m.phone_done),
                                        "</p>\n");
  return Page(m, spec, display, "", body);
}

std::string IdlePage(const v1::MeetingSpec& spec, const Display& display, int reset_seconds,
                     const report::Messages& m) {
  const std::string body = absl::StrCat(
      "<h1>", Escape(Title(spec, m, display)), "</h1>\n<p class=\"message\" role=\"alert\">", Escape(m.kiosk_idle),
      "</p>\n<form method=\"post\" action=\"/resume\"><button class=\"primary\">", Escape(m.kiosk_continue),
      "</button></form>\n");
  return Page(m, spec, display, absl::StrCat(reset_seconds, ";url=/timeout"), body);
}

}  // namespace gongxin::kioskpage
