#include "crypto/sha256.h"

#include <string>
#include <thread>
#include <vector>

#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gongxin::crypto {
namespace {

TEST(Sha256Test, EmptyStringKnownAnswer) {
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, AbcKnownAnswer) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, TwoBlockMessageKnownAnswer) {
  EXPECT_EQ(HexEncode(Sha256(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, DigestHasDocumentedSize) {
  EXPECT_EQ(Sha256("x").size(), kSha256Size);
}

TEST(Sha256HasherTest, MillionAsInUnevenChunksKnownAnswer) {
  // FIPS 180-2 vector; 997-byte chunks straddle the 64-byte block boundary.
  Sha256Hasher hasher;
  const std::string chunk(997, 'a');
  size_t left = 1'000'000;
  while (left > 0) {
    size_t n = std::min(left, chunk.size());
    hasher.Update(absl::string_view(chunk).substr(0, n));
    left -= n;
  }
  EXPECT_EQ(HexEncode(hasher.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256HasherTest, IncrementalMatchesOneShotAtEverySplit) {
  const std::string data =
      "The quick brown fox jumps over the lazy dog, twice.";
  for (size_t split = 0; split <= data.size(); ++split) {
    Sha256Hasher hasher;
    hasher.Update(absl::string_view(data).substr(0, split));
    hasher.Update(absl::string_view(data).substr(split));
    EXPECT_EQ(hasher.Finish(), Sha256(data)) << "split at " << split;
  }
}

TEST(Sha256HasherTest, FinishResetsForTheNextMessage) {
  Sha256Hasher hasher;
  hasher.Update("first message");
  hasher.Finish();
  EXPECT_EQ(hasher.Finish(), Sha256(""));
  hasher.Update("abc");
  EXPECT_EQ(hasher.Finish(), Sha256("abc"));
}

TEST(Sha256HasherTest, FinishWithoutUpdateIsTheEmptyDigest) {
  Sha256Hasher hasher;
  EXPECT_EQ(HexEncode(hasher.Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256ConcatTest, EqualsTheHashOfTheJoinedParts) {
  EXPECT_EQ(Sha256Concat({"ab", "", "c"}), Sha256("abc"));
  EXPECT_EQ(Sha256Concat({}), Sha256(""));
}

TEST(Sha256Test, ThreadsHashingAtOnceGetTheirOwnDigests) {
  // The one-shot functions share one hasher per thread: no thread may see
  // another's input.
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      const std::string mine(100 + t, static_cast<char>('a' + t));
      const std::string want = HexEncode(Sha256(mine));
      for (int i = 0; i < 20000; ++i) {
        if (HexEncode(Sha256Concat({mine.substr(0, 7), mine.substr(7)})) != want) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(DomainHashTest, MatchesDocumentedConstruction) {
  const std::string expected_input =
      std::string("gongxin/test\0", 13) +            // tag, 0x00
      std::string("\0\0\0\0\0\0\0\x02", 8) + "ab" +  // len("ab"), "ab"
      std::string("\0\0\0\0\0\0\0\x00", 8) +         // len(""), ""
      std::string("\0\0\0\0\0\0\x01\x00", 8) + std::string(256, 'z');
  EXPECT_EQ(DomainHash("gongxin/test", {"ab", "", std::string(256, 'z')}),
            Sha256(expected_input));
}

TEST(DomainHashTest, DistinguishesPartBoundaries) {
  EXPECT_NE(DomainHash("t", {"ab", "c"}), DomainHash("t", {"a", "bc"}));
  EXPECT_NE(DomainHash("t", {"abc"}), DomainHash("t", {"abc", ""}));
  EXPECT_NE(DomainHash("t", {}), DomainHash("t", {""}));
}

TEST(DomainHashTest, DistinguishesTags) {
  EXPECT_NE(DomainHash("gongxin/a", {"x"}), DomainHash("gongxin/b", {"x"}));
  EXPECT_NE(DomainHash("ab", {}), DomainHash("a", {"b"}));
}

TEST(DomainHashTest, IsDeterministic) {
  EXPECT_EQ(DomainHash("t", {"a", "b"}), DomainHash("t", {"a", "b"}));
  EXPECT_EQ(DomainHash("t", {"a", "b"}).size(), kSha256Size);
}

TEST(DomainHashDeathTest, TagWithZeroByteAborts) {
  EXPECT_DEATH(DomainHash(absl::string_view("a\0b", 3), {"x"}), "0x00");
}

}  // namespace
}  // namespace gongxin::crypto
