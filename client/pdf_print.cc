#include "client/pdf_print.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/output_file.h"
#include "client/roll_csv.h"
#include "client/scratch_dir.h"
#include "util/status_macros.h"

extern char** environ;

namespace gongxin::client {
namespace {

// Owns posix_spawn's attribute and file-action objects.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawnattr_t* attr() { return &attr_; }
  posix_spawn_file_actions_t* actions() { return &actions_; }

 private:
  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

// Runs `argv` in a process group of its own (Chromium starts helpers; a
// timeout must end them all), stdin from /dev/null, stdout and stderr to
// `log`. Returns the exit code, or DEADLINE_EXCEEDED after killing the group.
absl::StatusOr<int> RunToEnd(const std::vector<std::string>& argv, const std::string& log,
                             int timeout_seconds) {
  SpawnSetup setup;
  posix_spawnattr_setflags(setup.attr(), POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(setup.attr(), 0);
  posix_spawn_file_actions_addopen(setup.actions(), 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(setup.actions(), 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(setup.actions(), 1, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (const int e = posix_spawn(&pid, args[0], setup.actions(), setup.attr(), args.data(), environ);
      e != 0) {
    return absl::ErrnoToStatus(e, absl::StrCat("cannot start ", argv[0]));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      kill(-pid, SIGKILL);  // helpers that outlived the browser
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (done < 0 && errno != EINTR) return absl::ErrnoToStatus(errno, "waiting for Chromium");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return absl::DeadlineExceededError(
          absl::StrCat("Chromium did not finish printing in ", timeout_seconds, " s"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string Tail(const std::string& text, size_t n) {
  return text.size() <= n ? text : absl::StrCat("…", text.substr(text.size() - n));
}

}  // namespace

std::string ChromiumPath() {
  if (const char* env = std::getenv("GONGXIN_CHROMIUM"); env != nullptr && *env != '\0') {
    return env;
  }
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

absl::StatusOr<std::string> PrintHtmlToPdf(absl::string_view html, int timeout_seconds) {
  const std::string chromium = ChromiumPath();
  if (chromium.empty()) {
    return absl::FailedPreconditionError(
        "--format pdf: needs Chromium to print the page (apt-get install chromium "
        "fonts-wqy-microhei, or set GONGXIN_CHROMIUM); the html format needs nothing");
  }
  ASSIGN_OR_RETURN(const ScratchDir dir, ScratchDir::Create());
  const std::string page = dir.File("page.html");
  const std::string pdf = dir.File("page.pdf");
  RETURN_IF_ERROR(WriteOutputFile(page, kPrivateFileMode, html));
  const std::vector<std::string> argv = {
      chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-extensions", "--hide-scrollbars", "--no-pdf-header-footer",
      absl::StrCat("--user-data-dir=", dir.File("profile")), absl::StrCat("--print-to-pdf=", pdf),
      absl::StrCat("file://", page)};
  const std::string log = dir.File("chromium.log");
  ASSIGN_OR_RETURN(const int code, RunToEnd(argv, log, timeout_seconds));
  absl::StatusOr<std::string> bytes = ReadFileToString(pdf, 512u << 20);
  if (code != 0 || !bytes.ok() || !absl::StartsWith(*bytes, "%PDF-")) {
    const std::string said = ReadFileToString(log, 1u << 20).value_or("");
    return absl::UnavailableError(absl::StrCat("Chromium did not print a PDF (exit ", code,
                                               "): ", Tail(said, 600)));
  }
  return bytes;
}

}  // namespace gongxin::client
