// The announcement's sections (两公开 before the vote; rule D1 for what the
// meeting announces): posts, candidates, forms, marking, counting rules.
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "tally/posts.h"
#include "tally/rules_spec.h"
#include "tally/token_keys.h"

namespace gongxin::report::sections {
namespace {

std::string QuestionTitle(const v1::Question& q) { return q.title().empty() ? q.id() : q.title(); }

}  // namespace

namespace {

// Declared posts (spec.posts): each with its seats, its qualifications
// (任职资格) and the eligible candidates (名单), as the rule to publish them
// before the vote asks.
void AppendDeclaredPosts(const Context& c, std::string* out) {
  absl::StrAppend(out, "<section id=\"posts\">\n<h2>", Escape(c.m.posts_heading), "</h2>\n<p>",
                  Escape(c.m.posts_declared_intro), "</p>\n");
  for (const v1::Post& post : c.spec.posts()) {
    absl::StrAppend(out, "<section class=\"post\" data-post=\"", Escape(post.id()), "\">\n<h3>",
                    Escape(post.title()));
    if (post.seats() > 0) {
      absl::StrAppend(out, c.english ? " (" : "（", Escape(c.m.seats), c.english ? ": " : "：",
                      post.seats(), c.english ? ")" : "）");
    }
    absl::StrAppend(out, "</h3>\n<h4>", Escape(c.m.qualifications), "</h4>\n");
    if (post.qualifications().empty()) {
      absl::StrAppend(out, "<p>", Escape(c.m.none), "</p>\n");
    } else {
      absl::StrAppend(out, "<ol class=\"qualifications\">\n");
      for (const std::string& q : post.qualifications()) {
        absl::StrAppend(out, "<li>", Escape(q), "</li>\n");
      }
      absl::StrAppend(out, "</ol>\n");
    }
    absl::StrAppend(out, "<h4>", Escape(c.m.eligible_candidates), "</h4>\n");
    const std::vector<const v1::Candidate*> people = tally::PostCandidates(c.spec, post);
    if (people.empty()) {
      absl::StrAppend(out, "<p>", Escape(c.m.none), "</p>\n");
    } else {
      absl::StrAppend(out, "<table class=\"candidates\">\n<tr><th>", Escape(c.m.name),
                      "</th><th>", Escape(c.m.current_post), "</th><th>", Escape(c.m.note),
                      "</th></tr>\n");
      for (const v1::Candidate* p : people) {
        absl::StrAppend(out, "<tr><td>", Escape(p->name()), "</td><td>",
                        Escape(p->current_post()), "</td><td>", Escape(p->note()),
                        "</td></tr>\n");
      }
      absl::StrAppend(out, "</table>\n");
    }
    absl::StrAppend(out, "</section>\n");
  }
  absl::StrAppend(out, "</section>\n");
}

}  // namespace

void AppendPosts(const Context& c, std::string* out) {
  if (!c.spec.posts().empty()) {
    AppendDeclaredPosts(c, out);
    return;
  }
  absl::StrAppend(out, "<section id=\"posts\">\n<h2>", Escape(c.m.posts_heading),
                  "</h2>\n<table class=\"posts\">\n<tr><th>", Escape(c.m.post), "</th><th>",
                  Escape(c.m.questions), "</th><th class=\"num\">", Escape(c.m.seats),
                  "</th><th class=\"num\">", Escape(c.m.max_choices), "</th><th class=\"num\">",
                  Escape(c.m.candidates_count), "</th></tr>\n");
  for (const v1::Form& form : c.spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      if (!q.has_approval()) continue;
      const v1::ApprovalQuestion& a = q.approval();
      absl::StrAppend(out, "<tr><td>", Escape(a.post()), "</td><td>", Escape(QuestionTitle(q)),
                      "</td><td class=\"num\">", a.seats(), "</td><td class=\"num\">",
                      a.max_choices(), "</td><td class=\"num\">", a.candidates_size(),
                      "</td></tr>\n");
    }
  }
  absl::StrAppend(out, "</table>\n</section>\n");
}

void AppendCandidates(const Context& c, std::string* out) {
  absl::StrAppend(out, "<section id=\"candidates\">\n<h2>", Escape(c.m.candidates_heading),
                  "</h2>\n");
  for (const v1::Form& form : c.spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      const google::protobuf::RepeatedPtrField<v1::Candidate>* people = nullptr;
      std::string heading;
      if (q.has_approval()) {
        people = &q.approval().candidates();
        heading = absl::Substitute(c.m.candidates_of, QuestionTitle(q));
      } else if (q.has_graded()) {
        people = &q.graded().subjects();
        std::vector<std::string> grades;
        for (const v1::Grade& g : q.graded().scale()) grades.push_back(g.label());
        heading = absl::Substitute(c.m.subjects_of, QuestionTitle(q),
                                   absl::StrJoin(grades, c.english ? " / " : "／"));
      } else {
        continue;
      }
      absl::StrAppend(out, "<h3>", Escape(heading), "</h3>\n<table class=\"candidates\">\n<tr><th>",
                      Escape(c.m.name), "</th><th>", Escape(c.m.current_post), "</th><th>",
                      Escape(c.m.note), "</th></tr>\n");
      for (const v1::Candidate& p : *people) {
        absl::StrAppend(out, "<tr><td>", Escape(p.name()), "</td><td>", Escape(p.current_post()),
                        "</td><td>", Escape(p.note()), "</td></tr>\n");
      }
      absl::StrAppend(out, "</table>\n");
    }
  }
  absl::StrAppend(out, "</section>\n");
}

void AppendForms(const Context& c, std::string* out) {
  absl::StrAppend(out, "<section id=\"forms\">\n<h2>", Escape(c.m.forms_heading),
                  "</h2>\n<table class=\"forms\">\n<tr><th>", Escape(c.m.form), "</th><th>",
                  Escape(c.m.mode), "</th><th>", Escape(c.m.eligible_groups), "</th><th>",
                  Escape(c.m.questions), "</th></tr>\n");
  for (const v1::Form& form : c.spec.forms()) {
    std::vector<std::string> groups;
    for (const std::string& g : form.eligible_groups()) groups.push_back(GroupName(c.spec, g));
    std::vector<std::string> questions;
    for (const v1::Question& q : form.questions()) questions.push_back(QuestionTitle(q));
    absl::StrAppend(
        out, "<tr><td>", Escape(form.title().empty() ? form.id() : form.title()), "</td><td>",
        Escape(ModeName(c, form.mode())), "</td><td>",
        Escape(groups.empty() ? std::string(c.m.all_groups)
                              : absl::StrJoin(groups, c.english ? ", " : "、")),
        "</td><td>", Escape(absl::StrJoin(questions, c.english ? "; " : "；")), "</td></tr>\n");
  }
  absl::StrAppend(out, "</table>\n</section>\n");
}

void AppendMarking(const Context& c, std::string* out) {
  bool approval = false, write_in = false, graded = false;
  for (const v1::Form& form : c.spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      if (q.has_approval()) {
        approval = true;
        write_in = write_in || q.approval().allow_write_in();
      }
      graded = graded || q.has_graded();
    }
  }
  absl::StrAppend(out, "<section id=\"marking\">\n<h2>", Escape(c.m.marking_heading),
                  "</h2>\n<ol>\n");
  if (approval) absl::StrAppend(out, "<li>", Escape(c.m.marking_approval), "</li>\n");
  if (write_in) absl::StrAppend(out, "<li>", Escape(c.m.marking_write_in), "</li>\n");
  if (graded) absl::StrAppend(out, "<li>", Escape(c.m.marking_graded), "</li>\n");
  absl::StrAppend(out, "<li>", Escape(c.m.marking_blank), "</li>\n</ol>\n</section>\n");
}

// How each anonymous form given to several groups is counted, so that
// voters know before voting that their ballot will show their group.
static void AppendAnonymousGrouping(const Context& c,
                                    const std::map<std::string, uint32_t>& due_by_group,
                                    std::string* out) {
  const absl::flat_hash_map<std::string, uint32_t> due(due_by_group.begin(), due_by_group.end());
  const std::string min_size = absl::StrCat(tally::EffectiveMinGroupSize(c.spec));
  const char* separator = c.english ? ", " : "、";
  for (const v1::Form& form : c.spec.forms()) {
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    const std::vector<std::string> keys = tally::TokenKeyGroups(c.spec, form, due);
    std::vector<std::string> pooled;
    for (const std::string& g : tally::PooledGroups(c.spec, form, keys)) {
      pooled.push_back(GroupName(c.spec, g));
    }
    if (pooled.empty() && keys == std::vector<std::string>{""}) continue;  // one group
    const std::string title = form.title().empty() ? form.id() : form.title();
    std::vector<std::string> keyed;
    for (const std::string& g : keys) {
      if (!g.empty()) keyed.push_back(GroupName(c.spec, g));
    }
    std::string text;
    if (keyed.empty()) {
      text = absl::Substitute(c.m.rule_anonymous_not_per_group, title, "", min_size);
    } else {
      text = absl::Substitute(c.m.rule_anonymous_per_group, title,
                              absl::StrJoin(keyed, separator), min_size);
      if (!pooled.empty()) {
        absl::StrAppend(&text, c.english ? " " : "",
                        absl::Substitute(c.m.rule_anonymous_shared, title, "", min_size,
                                         absl::StrJoin(pooled, separator)));
      }
    }
    absl::StrAppend(out, "<li>", Escape(text), "</li>\n");
  }
}

// Each form's own rules with their figures, frozen in the genesis entry:
// the quorum, each shortlist, the group weights and every threshold rule,
// so voters read before voting what the count will apply (两公开).
static void AppendFormRules(const Context& c, std::string* out) {
  const char* separator = c.english ? ", " : "、";
  auto item = [&](const std::string& text) {
    absl::StrAppend(out, "<li>", Escape(text), "</li>\n");
  };
  for (const v1::Form& form : c.spec.forms()) {
    const std::string title = form.title().empty() ? form.id() : form.title();
    const v1::QuorumRule quorum = tally::EffectiveQuorum(c.spec, form);
    if (quorum.disabled()) {
      item(absl::Substitute(c.m.rule_no_quorum, title));
    } else {
      const uint64_t num = quorum.has_fraction() ? quorum.fraction().num() : 2;
      const uint64_t den = quorum.has_fraction() ? quorum.fraction().den() : 3;
      item(absl::Substitute(c.m.rule_quorum, title,
                            quorum.comparator() == v1::COMPARATOR_GT ? c.m.rule_quorum_more_than
                                                                     : c.m.rule_quorum_at_least,
                            absl::StrCat(num, "/", den)));
    }
    for (const v1::Question& q : form.questions()) {
      if (!q.has_approval() || q.approval().shortlist_ratio() == 0) continue;
      const uint32_t ratio = q.approval().shortlist_ratio();
      item(absl::Substitute(c.m.rule_shortlist, q.title().empty() ? q.id() : q.title(), ratio,
                            ratio * q.approval().seats()));
    }
    if (!form.group_weights().empty()) {
      std::vector<std::string> weights;
      for (const v1::GroupWeight& w : form.group_weights()) {
        weights.push_back(absl::StrCat(GroupName(c.spec, w.group()), " ", w.weight()));
      }
      item(absl::Substitute(c.m.rule_weights, title, absl::StrJoin(weights, separator)));
    }
    for (const v1::ThresholdRule& rule : form.rules()) {
      const std::string& text = c.english && !rule.text_en().empty() ? rule.text_en() : rule.text_zh();
      if (text.empty()) continue;
      item(absl::Substitute(c.m.rule_threshold, title, text, rule.rule_id()));
    }
  }
}

void AppendRules(const Context& c, const std::map<std::string, uint32_t>& due_by_group,
                 std::string* out) {
  bool spoil = false, reject = false, named = false, anonymous = false;
  for (const v1::Form& form : c.spec.forms()) {
    (form.overvote_policy() == v1::OVERVOTE_POLICY_SPOIL ? spoil : reject) = true;
    named = named || form.mode() == v1::FORM_MODE_NAMED;
    anonymous = anonymous || form.mode() == v1::FORM_MODE_ANONYMOUS;
  }
  absl::StrAppend(out, "<section id=\"rules\">\n<h2>", Escape(c.m.rules_heading), "</h2>\n<ol>\n");
  auto item = [&](const char* text) { absl::StrAppend(out, "<li>", Escape(text), "</li>\n"); };
  if (reject) item(c.m.rule_overvote_reject);
  if (spoil) item(c.m.rule_overvote_spoil);
  item(c.m.rule_blank);
  item(c.m.rule_rate);
  if (named) item(c.m.rule_named);
  if (anonymous) {
    item(c.m.rule_anonymous);
    AppendAnonymousGrouping(c, due_by_group, out);
  }
  AppendFormRules(c, out);
  item(c.m.rule_not_sole_basis);
  absl::StrAppend(out, "</ol>\n</section>\n");
}

}  // namespace gongxin::report::sections
