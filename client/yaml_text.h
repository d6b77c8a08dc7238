// Text the CLI writes into YAML it generates (next-round and follow-up
// specs): a double-quoted scalar with backslash escapes as in JSON, so any
// text (quotes, colons, '#', leading dashes) reads back as written.
#ifndef GONGXIN_CLIENT_YAML_TEXT_H_
#define GONGXIN_CLIENT_YAML_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace gongxin::client {

inline std::string YamlQuoted(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_YAML_TEXT_H_
