#include "report/result_report.h"

#include <iterator>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report {
namespace {

// Named choices must never reach a public document, and a choice on an
// anonymous form must never be tied to a voter at all.
absl::Status CheckNamedBallots(const ResultReportInput& input) {
  if (input.variant == Variant::kPublic && !input.named_ballots.empty()) {
    return absl::InvalidArgumentError(
        "named_ballots: a public report must not carry who chose what; use the full variant");
  }
  // The public report shows each panel indicator's aggregate only.
  if (input.variant == Variant::kPublic && !input.inspector_scores.empty()) {
    return absl::InvalidArgumentError(
        "inspector_scores: a public report shows the inspectors' aggregate only; use the full "
        "variant for each inspector's sheet");
  }
  for (const NamedBallot& b : input.named_ballots) {
    const v1::Form* form = sections::FindForm(input.spec, b.ballot.form_id());
    if (form == nullptr || form->mode() != v1::FORM_MODE_NAMED) {
      return absl::InvalidArgumentError(absl::StrCat(
          "named_ballots: form \"", b.ballot.form_id(), "\" is not a named form of the meeting"));
    }
  }
  return absl::OkStatus();
}

// The document's title, unit and badges; the variant's warning and the
// meeting's facts open the body.
void AddHeader(const sections::Context& c, const ResultReportInput& input, ResultView* view) {
  auto line = [&](std::string role, std::string text) {
    Block b;
    b.kind = Block::Kind::kParagraph;
    b.role = std::move(role);
    b.text = std::move(text);
    view->header.push_back(std::move(b));
  };
  if (!input.spec.unit().empty()) line("unit", input.spec.unit());
  line("badge variant", input.variant == Variant::kFull ? c.m.variant_full : c.m.variant_public);
  if (input.status == v1::MEETING_STATUS_PUBLISHED) {
    line("badge status", c.m.official);
  } else if (input.status != v1::MEETING_STATUS_UNSPECIFIED) {
    line("badge status unofficial", c.m.unofficial);
  }
}

// Rule S-5: the comparison under a follow-up form's linked question.
void AddFollowUp(const sections::Context& c, const ResultReportInput& input,
                 const v1::Form& form, const v1::QuestionTally& q, Block* question_section) {
  if (!form.has_follow_up() || form.follow_up().question_id() != q.question_id()) return;
  const FollowUpPrevious* previous = nullptr;
  for (const FollowUpPrevious& p : input.follow_up_previous) {
    if (p.meeting_id == form.follow_up().previous_meeting_id()) previous = &p;
  }
  if (previous == nullptr) {
    sections::AppendFollowUpUnavailable(
        c,
        absl::StrCat(c.english ? "the result of meeting " : "未取得会议 ",
                     form.follow_up().previous_meeting_id(), c.english ? " was not given" : " 的计票结果"),
        question_section);
    return;
  }
  absl::StatusOr<tally::FollowUpComparison> cmp = tally::FollowUpChanges(
      previous->spec, previous->result, input.spec, input.result, form.id());
  if (!cmp.ok()) {
    sections::AppendFollowUpUnavailable(c, cmp.status().message(), question_section);
    return;
  }
  sections::AppendFollowUp(c, sections::FindQuestion(&form, q.question_id()), *cmp,
                           question_section);
}

void AddForm(const sections::Context& meeting, const ResultReportInput& input,
             const v1::FormTally& form_tally, Block* out) {
  sections::Context c = meeting;
  c.form_key = form_tally.form_id();
  const v1::Form* form = sections::FindForm(c.spec, form_tally.form_id());
  const std::string title =
      form != nullptr && !form->title().empty() ? form->title() : form_tally.form_id();
  const std::string mode = form != nullptr ? sections::ModeName(c, form->mode()) : "";
  Block& section = AddSection(
      out, "form",
      mode.empty() ? title : absl::StrCat(title, c.english ? " (" : "（", mode, c.english ? ")" : "）"));
  section.data.push_back({"form", form_tally.form_id()});
  sections::AppendFormValidity(c, form_tally, &section);
  for (const v1::QuestionTally& q : form_tally.questions()) {
    sections::AppendQuestion(c, form, q, &section);
    if (form != nullptr && !section.children.empty()) {
      AddFollowUp(c, input, *form, q, &section.children.back());
    }
  }
  sections::AppendPaper(c, form, form_tally, &section);
  sections::AppendWeighted(c, form, form_tally, &section);
  sections::AppendGroups(c, form_tally, &section);
}

std::string JsonOf(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions o;
  o.always_print_primitive_fields = true;
  o.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, o);
  return json;
}

// A proto as a Struct value, through its JSON mapping.
google::protobuf::Value ProtoValue(const google::protobuf::Message& m) {
  google::protobuf::Value v;
  (void)google::protobuf::util::JsonStringToMessage(JsonOf(m), &v);
  return v;
}

google::protobuf::Value StringValue(absl::string_view s) {
  google::protobuf::Value v;
  v.set_string_value(std::string(s));
  return v;
}

google::protobuf::Value NumberValue(uint64_t n) {
  google::protobuf::Value v;
  v.set_number_value(static_cast<double>(n));
  return v;
}

}  // namespace

absl::StatusOr<Variant> ParseVariant(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "public") return Variant::kPublic;
  if (lower == "full") return Variant::kFull;
  return absl::InvalidArgumentError(
      absl::StrCat("--variant: unknown variant \"", name, "\"; expected public or full"));
}

absl::StatusOr<ResultView> BuildResultView(const ResultReportInput& input) {
  if (absl::Status s = CheckNamedBallots(input); !s.ok()) return s;
  const Messages& m = MessagesFor(input.locale);
  const sections::Context c{m, input.spec, IsEnglish(input.locale)};
  ResultView view;
  view.lang = m.html_lang;
  view.title = absl::Substitute(m.report_title, MeetingTitle(m, input.spec));
  AddHeader(c, input, &view);
  Block body;
  if (input.spec.trial()) AddParagraph(&body, "warning", m.trial_note);
  if (input.variant == Variant::kFull) AddParagraph(&body, "warning", m.variant_full_warning);
  AddFacts(&body, {{m.meeting_id, input.result.meeting_id(), false},
                   {m.ledger_entries, absl::StrCat(input.result.ledger_size()), false}});
  sections::AppendTurnout(c, input.result, &body);
  sections::AppendSample(c, input.sample, &body);
  sections::AppendDeclaredPostsResult(c, &body);
  for (const v1::FormTally& f : input.result.forms()) AddForm(c, input, f, &body);
  sections::AppendComposites(c, input.result, &body);
  if (input.variant == Variant::kFull) {
    sections::AppendInspectorSheets(c, input.inspector_scores, &body);
    sections::AppendCorrections(c, input.corrections, &body);
    sections::AppendSelection(c, input.selection, &body);
    for (const v1::Form& form : input.spec.forms()) {
      if (form.mode() != v1::FORM_MODE_NAMED) continue;
      std::vector<const NamedBallot*> ballots;
      for (const NamedBallot& b : input.named_ballots) {
        if (b.ballot.form_id() == form.id()) ballots.push_back(&b);
      }
      sections::AppendNamedChoices(c, form, ballots, &body);
    }
  }
  // A count shown before it is on the ledger has nothing to tie it to yet.
  if (input.tie.head.size() > 0) sections::AppendLedgerTie(c, input.tie, &body);
  view.blocks.assign(std::make_move_iterator(body.children.begin()),
                     std::make_move_iterator(body.children.end()));
  for (const char* text : {m.not_sole_basis, m.generated_by}) {
    Block b;
    b.kind = Block::Kind::kParagraph;
    b.text = text;
    view.footer.push_back(std::move(b));
  }
  return view;
}

absl::StatusOr<std::string> RenderResultHtml(const ResultReportInput& input) {
  absl::StatusOr<ResultView> view = BuildResultView(input);
  if (!view.ok()) return view.status();
  return Page(view->lang, view->title, RenderViewHtml(*view));
}

absl::StatusOr<std::string> RenderResultText(const ResultReportInput& input) {
  absl::StatusOr<ResultView> view = BuildResultView(input);
  if (!view.ok()) return view.status();
  return RenderViewText(*view);
}

absl::StatusOr<std::string> RenderResultCsv(const ResultReportInput& input) {
  absl::StatusOr<ResultView> view = BuildResultView(input);
  if (!view.ok()) return view.status();
  return RenderViewCsv(*view);
}

absl::StatusOr<std::string> RenderResultJson(const ResultReportInput& input) {
  absl::StatusOr<ResultView> view = BuildResultView(input);
  if (!view.ok()) return view.status();
  google::protobuf::Struct doc;
  auto& f = *doc.mutable_fields();
  f["meeting_id"] = StringValue(input.result.meeting_id());
  f["variant"] = StringValue(input.variant == Variant::kFull ? "full" : "public");
  f["locale"] = StringValue(IsEnglish(input.locale) ? "en" : "zh-CN");
  f["status"] = StringValue(v1::MeetingStatus_Name(input.status));
  f["result"] = ProtoValue(input.result);
  f["view"] = ViewJson(*view);
  google::protobuf::Value ledger;
  auto& l = *ledger.mutable_struct_value()->mutable_fields();
  l["size"] = NumberValue(input.tie.head.size());
  l["head_hash"] = StringValue(Hex(input.tie.head.head_hash()));
  l["signature"] = StringValue(Hex(input.tie.head.signature()));
  l["signed_text"] = StringValue(input.tie.signed_text);
  l["server_public_key"] = StringValue(Hex(input.tie.server_public_key));
  l["count_seq"] = NumberValue(input.tie.count_seq);
  l["count_entry_hash"] = StringValue(Hex(input.tie.count_entry_hash));
  l["checkpoint"] = StringValue(input.tie.checkpoint_note);
  l["verification_code"] = StringValue(input.tie.verification_code);
  f["ledger"] = std::move(ledger);
  if (input.variant == Variant::kFull) {
    google::protobuf::Value list;
    list.mutable_list_value();
    for (const NamedBallot& b : input.named_ballots) {
      google::protobuf::Value row;
      auto& r = *row.mutable_struct_value()->mutable_fields();
      r["voter_id"] = StringValue(b.voter_id);
      r["voter_name"] = StringValue(b.voter_name);
      r["group"] = StringValue(b.group);
      r["ballot"] = ProtoValue(b.ballot);
      *list.mutable_list_value()->add_values() = std::move(row);
    }
    f["named_ballots"] = std::move(list);
  }
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  std::string json;
  if (auto s = google::protobuf::util::MessageToJsonString(doc, &json, o); !s.ok()) {
    return absl::InternalError(absl::StrCat("printing the report as JSON: ", s.ToString()));
  }
  return json;
}

}  // namespace gongxin::report
