#include "crypto/key_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/crypto/temp_dir.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class KeyFileTest : public TempDirTest {
 protected:
  // DirEntries returns the names in dir_, to catch stray temporary files.
  std::vector<std::string> DirEntries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(KeyFileTest, LoadOrCreateWritesNewKeyWithMode0600) {
  const std::string path = Path("server.key");
  bool created = false;
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key,
                       LoadOrCreateEd25519KeyFile(path, &created));
  EXPECT_TRUE(created);
  EXPECT_EQ(FileMode(path), 0600);
  EXPECT_THAT(DirEntries(), ElementsAre("server.key"));
  ASSERT_OK_AND_ASSIGN(std::string pem, ReadFile(path));
  EXPECT_THAT(pem, StartsWith("-----BEGIN " "PRIVATE KEY-----\n"));
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey on_disk,
                       Ed25519PrivateKey::FromPem(pem));
  EXPECT_EQ(on_disk.public_key().raw(), key.public_key().raw());
}

TEST_F(KeyFileTest, LoadOrCreateLoadsTheSameKeyOnSecondCall) {
  const std::string path = Path("server.key");
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey first,
                       LoadOrCreateEd25519KeyFile(path));
  bool created = true;
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey second,
                       LoadOrCreateEd25519KeyFile(path, &created));
  EXPECT_FALSE(created);
  EXPECT_EQ(second.public_key().raw(), first.public_key().raw());
}

TEST_F(KeyFileTest, LoadOrCreateRefusesFileWithAnyGroupOrOtherBit) {
  const std::string path = Path("server.key");
  ASSERT_OK(LoadOrCreateEd25519KeyFile(path).status());
  for (mode_t bit : {0040, 0020, 0010, 0004, 0002, 0001}) {
    const mode_t mode = 0600 | bit;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    char mode_text[16];
    std::snprintf(mode_text, sizeof(mode_text), "%04o", mode);
    EXPECT_THAT(LoadOrCreateEd25519KeyFile(path),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(path), HasSubstr(mode_text))))
        << "mode " << mode_text;
  }
}

TEST_F(KeyFileTest, LoadOrCreateRefuses0644File) {
  const std::string path = Path("server.key");
  ASSERT_OK(LoadOrCreateEd25519KeyFile(path).status());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_THAT(LoadOrCreateEd25519KeyFile(path),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(path), HasSubstr("0644"))));
}

TEST_F(KeyFileTest, LoadOrCreateRejectsGarbageNamingThePath) {
  const std::string path = Path("server.key");
  ASSERT_OK(WriteFileAtomically(path, "not a key", 0600));
  bool created = true;
  EXPECT_THAT(LoadOrCreateEd25519KeyFile(path, &created),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path)));
  EXPECT_FALSE(created);
  ASSERT_OK_AND_ASSIGN(std::string contents, ReadFile(path));
  EXPECT_EQ(contents, "not a key");  // never replaced
}

TEST_F(KeyFileTest, LoadOrCreateFailsInMissingDirectory) {
  EXPECT_THAT(LoadOrCreateEd25519KeyFile(Path("missing/server.key")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing")));
}

TEST_F(KeyFileTest, WriteFileAtomicallySetsExactModeDespiteUmask) {
  const mode_t old_umask = ::umask(0077);
  absl::Status status = WriteFileAtomically(Path("cert.pem"), "cert", 0644);
  ::umask(old_umask);
  ASSERT_OK(status);
  EXPECT_EQ(FileMode(Path("cert.pem")), 0644);
  ASSERT_OK(WriteFileAtomically(Path("key"), "key", 0600));
  EXPECT_EQ(FileMode(Path("key")), 0600);
}

TEST_F(KeyFileTest, WriteFileAtomicallyReplacesContentAndMode) {
  const std::string path = Path("file");
  ASSERT_OK(WriteFileAtomically(path, "old contents, longer", 0644));
  ASSERT_OK(WriteFileAtomically(path, "new", 0600));
  ASSERT_OK_AND_ASSIGN(std::string contents, ReadFile(path));
  EXPECT_EQ(contents, "new");
  EXPECT_EQ(FileMode(path), 0600);
  EXPECT_THAT(DirEntries(), ElementsAre("file"));
}

TEST_F(KeyFileTest, CreateFileAtomicallyNeverReplaces) {
  const std::string path = Path("file");
  ASSERT_OK(CreateFileAtomically(path, "first", 0600));
  EXPECT_THAT(CreateFileAtomically(path, "second", 0600),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr(path)));
  ASSERT_OK_AND_ASSIGN(std::string contents, ReadFile(path));
  EXPECT_EQ(contents, "first");
  EXPECT_THAT(DirEntries(), ElementsAre("file"));
}

TEST_F(KeyFileTest, WriteFileAtomicallyFailsInMissingDirectory) {
  EXPECT_THAT(WriteFileAtomically(Path("missing/file"), "x", 0644),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing")));
}

TEST_F(KeyFileTest, ReadFileRoundTripsBinaryData) {
  std::string data(1 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  ASSERT_OK(WriteFileAtomically(Path("blob"), data, 0600));
  ASSERT_OK_AND_ASSIGN(std::string read, ReadFile(Path("blob")));
  EXPECT_EQ(read, data);
  ASSERT_OK(WriteFileAtomically(Path("empty"), "", 0600));
  ASSERT_OK_AND_ASSIGN(std::string empty, ReadFile(Path("empty")));
  EXPECT_EQ(empty, "");
}

TEST_F(KeyFileTest, ReadFileReadsMoreThanTheReportedSize) {
  // A FIFO reports size 0, like files in /proc or one that grows meanwhile.
  const std::string path = Path("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string data(100'000, 'q');
  // If ReadFile stopped early, the writer must fail rather than kill us.
  auto old_handler = std::signal(SIGPIPE, SIG_IGN);
  std::thread writer([&] {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) return;
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
  });
  absl::StatusOr<std::string> read = ReadFile(path);
  writer.join();
  std::signal(SIGPIPE, old_handler);
  ASSERT_OK(read);
  EXPECT_EQ(read->size(), data.size());
  EXPECT_EQ(*read, data);
}

TEST_F(KeyFileTest, ConcurrentLoadOrCreateAgreesOnOneKey) {
  const std::string path = Path("server.key");
  constexpr int kThreads = 8;
  std::vector<std::string> public_keys(kThreads);
  std::vector<char> created(kThreads, false);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kThreads) {
      }
      bool was_created = false;
      absl::StatusOr<Ed25519PrivateKey> key =
          LoadOrCreateEd25519KeyFile(path, &was_created);
      if (key.ok()) public_keys[i] = key->public_key().raw();
      created[i] = was_created;
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey on_disk,
                       LoadOrCreateEd25519KeyFile(path));
  EXPECT_THAT(public_keys, ::testing::Each(on_disk.public_key().raw()));
  EXPECT_EQ(std::count(created.begin(), created.end(), true), 1);
  EXPECT_THAT(DirEntries(), ElementsAre("server.key"));
}

TEST_F(KeyFileTest, ReadFileOfMissingFileIsNotFoundNamingThePath) {
  const std::string path = Path("absent");
  EXPECT_THAT(ReadFile(path),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
  EXPECT_THAT(ReadPrivateFile(path),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

TEST_F(KeyFileTest, ReadPrivateFileAcceptsOwnerOnlyModes) {
  ASSERT_OK(WriteFileAtomically(Path("a"), "secret", 0600));
  ASSERT_OK(WriteFileAtomically(Path("b"), "secret", 0400));
  ASSERT_OK_AND_ASSIGN(std::string a, ReadPrivateFile(Path("a")));
  ASSERT_OK_AND_ASSIGN(std::string b, ReadPrivateFile(Path("b")));
  EXPECT_EQ(a, "secret");
  EXPECT_EQ(b, "secret");
}

TEST_F(KeyFileTest, ReadPrivateFileRefusesDirectory) {
  const std::string path = Path("subdir");
  ASSERT_EQ(::mkdir(path.c_str(), 0700), 0);
  EXPECT_THAT(ReadPrivateFile(path),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(path), HasSubstr("regular file"))));
}

TEST_F(KeyFileTest, EnsurePrivateDirectoryCreatesOwnerOnly) {
  const std::string path = Path("data");
  const mode_t old_umask = ::umask(0);  // 0700 even when the umask would allow more
  absl::Status made = EnsurePrivateDirectory(path);
  ::umask(old_umask);
  ASSERT_OK(made);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_OK(EnsurePrivateDirectory(path));  // and takes it again as it is
}

TEST_F(KeyFileTest, EnsurePrivateDirectoryRefusesAWideOneSayingWhatToRun) {
  const std::string path = Path("data");
  for (mode_t mode : {0755, 0750, 0701, 0711}) {
    ASSERT_EQ(::mkdir(path.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    char octal[8];
    std::snprintf(octal, sizeof(octal), "%04o", mode);
    EXPECT_THAT(EnsurePrivateDirectory(path),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(path), HasSubstr(octal),
                               HasSubstr("chmod 700 " + path))))
        << octal;
    // Refused, not tightened behind the operator's back.
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, mode);
    ASSERT_EQ(::rmdir(path.c_str()), 0);
  }
}

TEST_F(KeyFileTest, EnsurePrivateDirectoryRefusesAFile) {
  ASSERT_OK(WriteFileAtomically(Path("file"), "x", 0600));
  EXPECT_THAT(EnsurePrivateDirectory(Path("file")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not a directory")));
}

}  // namespace
}  // namespace gongxin::crypto
