// A minimal line logger for gongxind (Debian's Abseil has no absl/log).
// What may be logged is a secrecy question: never a token, a credential, a
// ballot's content, or a voter next to anything cast (docs/threat-model.md).
// Call sites pass only ids of meetings, forms, RPCs and status codes.
#ifndef GONGXIN_SERVER_LOG_H_
#define GONGXIN_SERVER_LOG_H_

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongxin::server {

enum class LogLevel { kInfo, kWarning, kError };

// Log writes one line to stderr: "<UTC time> <level> <message>".
void Log(LogLevel level, absl::string_view message);

template <typename... Args>
void LogInfo(const Args&... args) {
  Log(LogLevel::kInfo, absl::StrCat(args...));
}
template <typename... Args>
void LogWarning(const Args&... args) {
  Log(LogLevel::kWarning, absl::StrCat(args...));
}
template <typename... Args>
void LogError(const Args&... args) {
  Log(LogLevel::kError, absl::StrCat(args...));
}

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_LOG_H_
