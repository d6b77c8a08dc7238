#include "report/result_report.h"

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

namespace gongxin::report {
namespace {

// Named choices must never reach a public document, and a choice on an
// anonymous form must never be tied to a voter at all.
absl::Status CheckNamedBallots(const ResultReportInput& input) {
  if (input.variant == Variant::kPublic && !input.named_ballots.empty()) {
    return absl::InvalidArgumentError(
        "named_ballots: a public report must not carry who chose what; use the full variant");
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

void AppendHeader(const sections::Context& c, const ResultReportInput& input, std::string* out) {
  absl::StrAppend(out, "<header class=\"doc\">\n<h1>",
                  Escape(absl::Substitute(c.m.report_title, input.spec.title())), "</h1>\n");
  if (!input.spec.unit().empty()) {
    absl::StrAppend(out, "<div class=\"unit\">", Escape(input.spec.unit()), "</div>\n");
  }
  absl::StrAppend(out, "<div class=\"badge variant\">",
                  Escape(input.variant == Variant::kFull ? c.m.variant_full : c.m.variant_public),
                  "</div>\n");
  if (input.status == v1::MEETING_STATUS_PUBLISHED) {
    absl::StrAppend(out, " <div class=\"badge status\">", Escape(c.m.official), "</div>\n");
  } else if (input.status != v1::MEETING_STATUS_UNSPECIFIED) {
    absl::StrAppend(out, " <div class=\"badge status unofficial\">", Escape(c.m.unofficial),
                    "</div>\n");
  }
  absl::StrAppend(out, "</header>\n");
  if (input.variant == Variant::kFull) {
    absl::StrAppend(out, "<p class=\"warning\">", Escape(c.m.variant_full_warning), "</p>\n");
  }
  sections::AppendFacts({{c.m.meeting_id, input.result.meeting_id(), false},
                         {c.m.ledger_entries, absl::StrCat(input.result.ledger_size()), false}},
                        out);
}

void AppendForm(const sections::Context& c, const v1::FormTally& form_tally, std::string* out) {
  const v1::Form* form = sections::FindForm(c.spec, form_tally.form_id());
  const std::string title =
      form != nullptr && !form->title().empty() ? form->title() : form_tally.form_id();
  const std::string mode = form != nullptr ? sections::ModeName(c, form->mode()) : "";
  absl::StrAppend(out, "<section class=\"form\" data-form=\"", Escape(form_tally.form_id()),
                  "\">\n<h2>", Escape(title), mode.empty() ? "" : absl::StrCat("（", mode, "）"),
                  "</h2>\n");
  sections::AppendFormValidity(c, form_tally, out);
  for (const v1::QuestionTally& q : form_tally.questions()) {
    sections::AppendQuestion(c, form, q, out);
  }
  sections::AppendWeighted(c, form, form_tally, out);
  sections::AppendGroups(c, form_tally, out);
  absl::StrAppend(out, "</section>\n");
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

absl::StatusOr<std::string> RenderResultHtml(const ResultReportInput& input) {
  if (absl::Status s = CheckNamedBallots(input); !s.ok()) return s;
  const Messages& m = MessagesFor(input.locale);
  const sections::Context c{m, input.spec, IsEnglish(input.locale)};
  std::string body;
  AppendHeader(c, input, &body);
  sections::AppendTurnout(c, input.result, &body);
  for (const v1::FormTally& f : input.result.forms()) AppendForm(c, f, &body);
  sections::AppendComposites(c, input.result, &body);
  if (input.variant == Variant::kFull) {
    for (const v1::Form& form : input.spec.forms()) {
      if (form.mode() != v1::FORM_MODE_NAMED) continue;
      std::vector<const NamedBallot*> ballots;
      for (const NamedBallot& b : input.named_ballots) {
        if (b.ballot.form_id() == form.id()) ballots.push_back(&b);
      }
      sections::AppendNamedChoices(c, form, ballots, &body);
    }
  }
  sections::AppendLedgerTie(c, input.tie, &body);
  absl::StrAppend(&body, "<footer class=\"doc\"><p>", Escape(m.not_sole_basis), "</p><p>",
                  Escape(m.generated_by), "</p></footer>\n");
  return Page(m.html_lang, absl::Substitute(m.report_title, input.spec.title()), body);
}

absl::StatusOr<std::string> RenderResultJson(const ResultReportInput& input) {
  if (absl::Status s = CheckNamedBallots(input); !s.ok()) return s;
  google::protobuf::Struct doc;
  auto& f = *doc.mutable_fields();
  f["meeting_id"] = StringValue(input.result.meeting_id());
  f["variant"] = StringValue(input.variant == Variant::kFull ? "full" : "public");
  f["locale"] = StringValue(IsEnglish(input.locale) ? "en" : "zh-CN");
  f["status"] = StringValue(v1::MeetingStatus_Name(input.status));
  f["result"] = ProtoValue(input.result);
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
