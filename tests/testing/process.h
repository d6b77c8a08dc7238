// Real child processes for end-to-end tests: gongxind and the gongxin CLI,
// run from the build tree, with their output captured.
#ifndef GONGXIN_TESTS_TESTING_PROCESS_H_
#define GONGXIN_TESTS_TESTING_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace gongxin::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string GongxinBinary() { return std::string(GONGXIN_BINARY_DIR) + "/client/gongxin"; }
inline std::string GongxindBinary() { return std::string(GONGXIN_BINARY_DIR) + "/server/gongxind"; }
// The ledger tamper tool (storage/tamper_tool.cc), for the tampering tests.
inline std::string TamperBinary() {
  // Appended, not operator+: GCC 12's -Warray-bounds misreads the inlined
  // concatenation of a temporary here.
  std::string path = GONGXIN_BINARY_DIR;
  path += "/storage/gongxin_ledger_tamper";
  return path;
}

// A child process whose stdout and stderr go to files.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& out_path,
          const std::string& err_path)
      : out_path_(out_path), err_path_(err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() {
    if (running()) Kill(SIGKILL);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && !exited_; }
  // Whether the process has ended (reaping it if so), without waiting.
  bool Exited() {
    if (pid_ <= 0 || exited_) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exited_ = true;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  pid_t pid() const { return pid_; }

  // Wait returns the exit code (128+signal when killed by a signal).
  int Wait() {
    if (pid_ <= 0) return -1;
    if (!exited_) {
      int status = 0;
      waitpid(pid_, &status, 0);
      exited_ = true;
      code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return code_;
  }
  int Kill(int sig) {
    if (running()) ::kill(pid_, sig);
    return Wait();
  }
  std::string Stdout() const { return ReadWholeFile(out_path_); }
  std::string Stderr() const { return ReadWholeFile(err_path_); }

 private:
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = -1;
};

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Run runs a command to completion in `work_dir` (for its output files).
inline RunResult RunCommand(const std::vector<std::string>& argv, const std::string& work_dir) {
  static int counter = 0;
  const std::string base = work_dir + "/run-" + std::to_string(++counter);
  Process p(argv, base + ".out", base + ".err");
  RunResult r;
  r.code = p.Wait();
  r.out = p.Stdout();
  r.err = p.Stderr();
  return r;
}

// WaitForFile polls for a file with content (e.g. a --port-file), up to `limit`.
inline std::string WaitForFile(const std::string& path, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = ReadWholeFile(path);
    if (!text.empty() && text.back() == '\n') return text;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "";
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_PROCESS_H_
