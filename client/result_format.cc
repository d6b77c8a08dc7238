#include "client/result_format.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "report/messages.h"
#include "report/result_report.h"

namespace gongxin::client {
namespace {

std::string FormatJson(const v1::TallyResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;                 // diffable, and still one parse away
  options.always_print_primitive_fields = true;  // a zero is a count too
  options.preserve_proto_field_names = true;     // same names as the proto
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(result, &json, options);
  if (!status.ok()) {
    // TallyResult holds no Any and no maps, so the printer has nothing that
    // can fail; reaching this is a bug in gongxin or protobuf, not input.
    std::fprintf(stderr, "gongxin: cannot print TallyResult as JSON: %s\n",
                 status.ToString().c_str());
    std::abort();
  }
  return json;
}

}  // namespace

absl::StatusOr<ResultFormat> ParseResultFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "table") return ResultFormat::kTable;
  if (lower == "json") return ResultFormat::kJson;
  if (lower == "csv") return ResultFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown result format \"", name, "\"; expected table, json or csv"));
}

std::string FormatTallyResult(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                              ResultFormat format, absl::string_view locale) {
  if (format == ResultFormat::kJson) return FormatJson(result);
  // The public variant with no named ballots and no ledger tie: what the
  // terminal shows is the count alone. Such an input cannot be refused.
  report::ResultReportInput input;
  input.spec = spec;
  input.result = result;
  input.locale = std::string(locale);
  absl::StatusOr<std::string> out = format == ResultFormat::kCsv
                                        ? report::RenderResultCsv(input)
                                        : report::RenderResultText(input);
  if (!out.ok()) {
    std::fprintf(stderr, "gongxin: cannot render the result: %s\n", out.status().ToString().c_str());
    std::abort();
  }
  return *std::move(out);
}

std::string StatusName(v1::MeetingStatus status, absl::string_view locale) {
  return report::StatusName(report::MessagesFor(locale), status);
}

}  // namespace gongxin::client
