// Reading a data directory raw, as someone with the disk would: every file
// under it, RocksDB's write-ahead logs and MANIFEST read through their
// record framing. For tests of what the server leaves on disk (anonymity
// at rest, a purged trial vote).
#ifndef GONGXIN_TESTS_TESTING_RAW_FILES_H_
#define GONGXIN_TESTS_TESTING_RAW_FILES_H_

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/testing/temp_dir.h"

namespace gongxin::testing {

// RocksDB writes its WAL (NNNNNN.log) and MANIFEST in 32 KiB blocks of
// framed records (db/log_format.h): a 7-byte header — CRC, length, type —
// or 11 bytes for the recyclable types 5-8, and zero padding at the end of
// a block. A record longer than what is left of a block is split into
// FIRST/MIDDLE/LAST fragments, so a 256-byte signature can be cut in two by
// a header. LogPayload returns the fragments' bytes joined, in file order,
// which is what a reader of the file recovers; anything that does not parse
// as framing is kept as it is.
inline std::string LogPayload(const std::string& file) {
  constexpr size_t kBlock = 32768;
  std::string out;
  out.reserve(file.size());
  for (size_t block = 0; block < file.size(); block += kBlock) {
    const size_t end = std::min(block + kBlock, file.size());
    size_t pos = block;
    while (end - pos >= 7) {
      const auto byte = [&](size_t k) { return static_cast<unsigned char>(file[pos + k]); };
      const size_t length = byte(4) | (byte(5) << 8);
      const unsigned type = byte(6);
      if (type == 0 && length == 0) break;  // padding, or preallocated space
      const size_t header = (type >= 5 && type <= 8) ? 11 : 7;
      if (pos + header + length > end) break;  // torn tail: kept below
      out.append(file, pos + header, length);
      pos += header + length;
    }
    out.append(file, pos, end - pos);  // whatever was not a whole record
  }
  return out;
}

// Whether RocksDB writes `path` in the framed log format.
inline bool IsRocksDbLogFormat(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return (path.extension() == ".log" && name != ".log") || name.rfind("MANIFEST-", 0) == 0;
}

// Every regular file under `dir`, in sorted-path order.
inline std::vector<std::filesystem::path> FilesUnder(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (f.is_regular_file()) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A file's bytes as a reader recovers them: raw, or through the log
// framing for RocksDB's logs. The raw bytes are searched too by
// FilesHolding, so nothing that framing would hide is missed.
inline std::string RecoveredBytes(const std::filesystem::path& path) {
  const std::string raw = ReadWholeFileForTest(path);
  return IsRocksDbLogFormat(path) ? LogPayload(raw) : raw;
}

// The files under `dir` whose bytes (raw, or through the log framing)
// contain `needle`.
inline std::vector<std::string> FilesHolding(const std::string& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const std::filesystem::path& path : FilesUnder(dir)) {
    const std::string raw = ReadWholeFileForTest(path);
    if (raw.find(needle) != std::string::npos ||
        (IsRocksDbLogFormat(path) && LogPayload(raw).find(needle) != std::string::npos)) {
      found.push_back(path.string());
    }
  }
  return found;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_RAW_FILES_H_
