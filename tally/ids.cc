// Identifier syntax.
#include "tally/ids.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/text.h"

namespace gongxin::tally {

absl::Status DistinctIds::Add(const std::string& field, absl::string_view id, std::string where) {
  auto [it, inserted] =
      by_folded_id_.try_emplace(absl::AsciiStrToLower(id), First{std::string(id), std::move(where)});
  if (inserted) return absl::OkStatus();
  const std::string kind = what_.empty() ? "id" : absl::StrCat(what_, " id");
  if (it->second.id == id) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": duplicate ", kind, " ", Quote(id),
                                                   " (first at ", it->second.where, ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": ", kind, " ", Quote(id), " differs only in letter case from ",
      Quote(it->second.id), " (at ", it->second.where,
      "); ids must differ in more than letter case"));
}

absl::Status ValidateId(absl::string_view field_path, absl::string_view id) {
  if (id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field_path, ": must not be empty"));
  }
  if (id.size() > kMaxIdLength) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: must be at most %d characters (got %d)",
                                                      field_path, kMaxIdLength, id.size()));
  }
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (!absl::ascii_isalnum(c) && c != '_' && c != '.' && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: byte %d of %s is not allowed (use A-Z a-z 0-9 _ . -)", field_path,
                          i + 1, Quote(id)));
    }
  }
  if (id[0] == '.' || id[0] == '-') {
    return absl::InvalidArgumentError(
        absl::StrCat(field_path, ": must not start with '.' or '-' (got ", Quote(id), ")"));
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
