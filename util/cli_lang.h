// The command line's language (gongxin, gongxin-verify). Help texts are declared before the command
// line is parsed, so the language is decided first from argv and the
// environment: `--lang en` (or zh-CN), else $GONGXIN_LANG, else Chinese —
// the staff of an organisation department read Chinese. $LANG is not
// consulted: a laptop set up in English must not switch what the staff see.
#ifndef GONGXIN_UTIL_CLI_LANG_H_
#define GONGXIN_UTIL_CLI_LANG_H_

#include <cstdlib>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"

namespace gongxin::util {

inline bool& CliEnglishFlag() {
  static bool english = false;
  return english;
}

// Returns "en" or "zh-CN", and makes T() answer in it.
inline std::string SetCliLanguage(int argc, char** argv) {
  std::string lang;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) lang = argv[i + 1];
    if (absl::StartsWith(arg, "--lang=")) lang = arg.substr(7);
  }
  if (lang.empty()) {
    if (const char* env = std::getenv("GONGXIN_LANG"); env != nullptr) lang = env;
  }
  CliEnglishFlag() = lang == "en";
  return CliEnglishFlag() ? "en" : "zh-CN";
}

// The text in the command line's language.
inline const char* T(const char* zh, const char* en) { return CliEnglishFlag() ? en : zh; }

// Puts CLI11's own words (usage line, group names, the help flag) in the
// command line's language. Call on the top App before adding anything:
// subcommands and options created later inherit it.
inline void LocaliseApp(CLI::App& app) {
  if (!CliEnglishFlag()) {
    auto formatter = std::make_shared<CLI::Formatter>();
    for (const auto& [key, zh] : {std::pair<const char*, const char*>{"Usage", "用法"},
                                  {"OPTIONS", "选项"},
                                  {"SUBCOMMAND", "子命令"},
                                  {"SUBCOMMANDS", "子命令"},
                                  {"Positionals", "位置参数"},
                                  {"Env", "环境变量"}}) {
      formatter->label(key, zh);
    }
    app.formatter(formatter);
  }
  // CLI11 pads by bytes: type names stay ASCII so the columns line up.
  app.option_defaults()->group(T("选项", "Options"));
  app.set_help_flag("-h,--help", T("显示此帮助并退出", "Print this help message and exit"));
}

// ParseCommandLine parses argv into `app` (running its callbacks); if the
// program must stop there, returns its exit code: 0 after --help, else 2,
// the usage-error code of getopt programs and of docs/api.md (CLI11's own
// codes, 105 for a bad value, 106 for an unknown option, mean nothing to a
// script).
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

// Names the subcommand groups (and help flags' groups) of `app` and below
// in the command line's language; call once every subcommand exists.
inline void LocaliseSubcommandGroups(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->group(T("子命令", "Subcommands"));
    // A subcommand makes its help flag before it inherits the group name.
    if (CLI::Option* help = sub->get_help_ptr(); help != nullptr) help->group(T("选项", "Options"));
    LocaliseSubcommandGroups(*sub);
  }
}

}  // namespace gongxin::util

#endif  // GONGXIN_UTIL_CLI_LANG_H_
