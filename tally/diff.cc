// First-difference description over MessageDifferencer.
#include "tally/diff.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"

namespace gongxin::tally {
namespace {

using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;
using Path = std::vector<MessageDifferencer::SpecificField>;

constexpr size_t kMaxValueLength = 200;
constexpr absl::string_view kAbsent = "(absent)";

// Index of a repeated element on side 1 or 2 of the comparison.
int IndexOn(const MessageDifferencer::SpecificField& f, bool side2) {
  return side2 && f.new_index >= 0 ? f.new_index : f.index;
}

std::string PathString(const Path& path) {
  std::string out;
  for (const MessageDifferencer::SpecificField& f : path) {
    if (!out.empty()) out += '.';
    if (f.field == nullptr) {
      absl::StrAppend(&out, "(unknown field ", f.unknown_field_number, ")");
    } else {
      absl::StrAppend(&out, f.field->name());
      if (f.field->is_repeated() && f.index >= 0) absl::StrAppend(&out, "[", f.index, "]");
    }
  }
  return out;
}

// The value of the last field of `path` in `parent` (the message holding it,
// as the differencer passes it to the reporter), as single-line text format.
std::string ValueAt(const Message& parent, const Path& path, bool side2) {
  const MessageDifferencer::SpecificField& f = path.back();
  if (f.field == nullptr) return "(unknown)";
  int index = -1;
  if (f.field->is_repeated()) {
    index = IndexOn(f, side2);
    if (index < 0 || index >= parent.GetReflection()->FieldSize(parent, f.field)) {
      return std::string(kAbsent);
    }
  }
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  printer.PrintFieldValueToString(parent, f.field, index, &out);
  out = std::string(absl::StripAsciiWhitespace(out));
  if (out.size() > kMaxValueLength) out = out.substr(0, kMaxValueLength) + "...";
  return out;
}

// Whether the last field of `path` can be absent (an element, a message or an
// unknown field) rather than hold its default value (a proto3 scalar).
bool HasPresence(const Path& path) {
  const google::protobuf::FieldDescriptor* field = path.back().field;
  return field == nullptr || field->is_repeated() ||
         field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
}

class FirstDifferenceReporter : public MessageDifferencer::Reporter {
 public:
  void ReportAdded(const Message& a, const Message& b, const Path& path) override {
    Record(path, HasPresence(path) ? std::string(kAbsent) : ValueAt(a, path, false),
           ValueAt(b, path, true));
  }
  void ReportDeleted(const Message& a, const Message& b, const Path& path) override {
    Record(path, ValueAt(a, path, false),
           HasPresence(path) ? std::string(kAbsent) : ValueAt(b, path, true));
  }
  void ReportModified(const Message& a, const Message& b, const Path& path) override {
    Record(path, ValueAt(a, path, false), ValueAt(b, path, true));
  }

  std::optional<std::string> first;

 private:
  // Differences arrive leaves first (post-order), so the first one recorded
  // is the most specific.
  void Record(const Path& path, absl::string_view a, absl::string_view b) {
    if (!first) first = absl::StrCat(PathString(path), " ", a, " != ", b);
  }
};

}  // namespace

std::optional<std::string> FirstDifference(const Message& a, const Message& b) {
  FirstDifferenceReporter reporter;
  MessageDifferencer differencer;
  differencer.ReportDifferencesTo(&reporter);
  if (differencer.Compare(a, b)) return std::nullopt;
  if (!reporter.first) return "messages differ";  // e.g. different types
  return reporter.first;
}

}  // namespace gongxin::tally
