// Unknown-field refusal by reflection.
#include "util/proto_fields.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"

namespace gongxin::util {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status Walk(const Message& message, const std::string& path) {
  const Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
  if (!unknown.empty()) {
    std::vector<int> numbers;
    for (int i = 0; i < unknown.field_count() && numbers.size() < 5; ++i) {
      numbers.push_back(unknown.field(i).number());
    }
    return absl::InvalidArgumentError(absl::StrCat(
        path, path.empty() ? "" : ": ", "unknown field", numbers.size() > 1 ? "s " : " ", absl::StrJoin(numbers, ", "),
        unknown.field_count() > 5 ? ", ..." : "", " (not in ", message.GetDescriptor()->full_name(),
        ")"));
  }
  // ListFields gives the set fields only (non-default scalars, present
  // messages, non-empty repeated ones), oneof members included.
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string field_path = absl::StrCat(path, path.empty() ? "" : ".", field->name());
    if (!field->is_repeated()) {
      if (absl::Status s = Walk(reflection->GetMessage(message, field), field_path); !s.ok()) {
        return s;
      }
      continue;
    }
    // Repeated messages and map entries (a map is a repeated entry message).
    const int n = reflection->FieldSize(message, field);
    for (int i = 0; i < n; ++i) {
      absl::Status s = Walk(reflection->GetRepeatedMessage(message, field, i),
                            absl::StrCat(field_path, "[", i, "]"));
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RefuseUnknownFields(const Message& message, absl::string_view root) {
  return Walk(message, std::string(root));
}

}  // namespace gongxin::util
