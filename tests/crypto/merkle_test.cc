#include "crypto/merkle.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crypto/compact_range.h"
#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/bytes.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::ReadVectorsFile;
using ::gongxin::testing::FlipBit;
using ::gongxin::testing::StatusIs;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// --- Helpers ---------------------------------------------------------------

std::string Hex(absl::string_view hex) {
  absl::StatusOr<std::string> bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

std::vector<std::string> Hexes(const std::vector<std::string>& hexes) {
  std::vector<std::string> out;
  for (const std::string& h : hexes) out.push_back(Hex(h));
  return out;
}

std::vector<std::string> Prefix(const std::vector<std::string>& v, size_t n) {
  return std::vector<std::string>(v.begin(), v.begin() + n);
}

std::vector<std::string> Slice(const std::vector<std::string>& v, size_t begin,
                               size_t end) {
  return std::vector<std::string>(v.begin() + begin, v.begin() + end);
}

// Distinct leaf hashes for leaves "leaf 0", "leaf 1", ...
std::vector<std::string> MakeLeafHashes(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash(absl::StrCat("leaf ", i)));
  return out;
}

uint64_t LargestPowerOfTwoBelow(uint64_t n) {
  return uint64_t{1} << (std::bit_width(n - 1) - 1);
}

// NaivePath is PATH(m, D[n]) of RFC 9162 §2.1.3.1, written straight from the
// RFC over a list of leaf hashes, as the oracle for InclusionProof.
std::vector<std::string> NaivePath(size_t m, const std::vector<std::string>& d) {
  const size_t n = d.size();
  if (n <= 1) return {};
  const size_t k = LargestPowerOfTwoBelow(n);
  std::vector<std::string> path;
  if (m < k) {
    path = NaivePath(m, Slice(d, 0, k));
    path.push_back(RootFromLeafHashes(Slice(d, k, n)));
  } else {
    path = NaivePath(m - k, Slice(d, k, n));
    path.push_back(RootFromLeafHashes(Slice(d, 0, k)));
  }
  return path;
}

// NaiveSubproof is SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1.
std::vector<std::string> NaiveSubproof(size_t m,
                                       const std::vector<std::string>& d,
                                       bool b) {
  const size_t n = d.size();
  if (m == n) {
    if (b) return {};
    return {RootFromLeafHashes(d)};
  }
  const size_t k = LargestPowerOfTwoBelow(n);
  std::vector<std::string> proof;
  if (m <= k) {
    proof = NaiveSubproof(m, Slice(d, 0, k), b);
    proof.push_back(RootFromLeafHashes(Slice(d, k, n)));
  } else {
    proof = NaiveSubproof(m - k, Slice(d, k, n), false);
    proof.push_back(RootFromLeafHashes(Slice(d, 0, k)));
  }
  return proof;
}

// NaiveProof is PROOF(m, D[n]) = SUBPROOF(m, D[n], true), empty for m == 0.
std::vector<std::string> NaiveProof(size_t m,
                                    const std::vector<std::string>& d) {
  if (m == 0) return {};
  return NaiveSubproof(m, d, true);
}

using NodeMap = std::map<std::pair<uint64_t, uint64_t>, std::string>;

// AllCompleteSubtrees returns every complete subtree of the tree over
// `leaf_hashes`, computed with the reference MTH.
NodeMap AllCompleteSubtrees(const std::vector<std::string>& leaf_hashes) {
  NodeMap nodes;
  for (uint64_t level = 0; (uint64_t{1} << level) <= leaf_hashes.size();
       ++level) {
    const uint64_t width = uint64_t{1} << level;
    for (uint64_t index = 0; (index + 1) * width <= leaf_hashes.size();
         ++index) {
      nodes[{level, index}] = RootFromLeafHashes(
          Slice(leaf_hashes, index * width, (index + 1) * width));
    }
  }
  return nodes;
}

// SourceFor serves `nodes` for a tree of `size` leaves, failing the test (and
// the call) if asked for a node outside that tree, which would silently
// prove a later tree.
NodeSource SourceFor(const NodeMap* nodes, uint64_t size) {
  return [nodes, size](uint64_t level,
                       uint64_t index) -> absl::StatusOr<std::string> {
    if (level >= 64 || index >= (size >> level)) {
      ADD_FAILURE() << "asked for node (" << level << ", " << index
                    << ") outside a tree of size " << size;
      return absl::OutOfRangeError("node outside the tree");
    }
    auto it = nodes->find({level, index});
    if (it == nodes->end()) {
      return absl::NotFoundError(
          absl::StrCat("no node (", level, ", ", index, ")"));
    }
    return it->second;
  };
}

// --- RFC 6962 hashing known answers ------------------------------------------

// ParseRfc6962Kats returns the "<name> = <hex>" lines of section 3 of
// signed-note-and-rfc6962-kats.txt, keyed by the name.
std::map<std::string, std::string> ParseRfc6962Kats(const std::string& file) {
  std::map<std::string, std::string> kats;
  std::istringstream in(file);
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) {
      // Section headers are "# 1) ...", "# 2) ...", "# 3) ..."; other
      // comment lines keep the current section.
      if (line.size() > 3 && line[3] == ')') in_section = line[2] == '3';
      continue;
    }
    const size_t eq = line.find('=');
    if (!in_section || eq == std::string::npos) continue;
    std::string name = line.substr(0, eq);
    name.erase(name.find_last_not_of(' ') + 1);
    std::istringstream value(line.substr(eq + 1));
    std::string hex;
    value >> hex;
    kats[name] = hex;
  }
  return kats;
}

TEST(MerkleHashTest, MatchesRfc6962KnownAnswersFromVectorsFile) {
  ASSERT_OK_AND_ASSIGN(std::string file,
                       ReadVectorsFile("signed-note-and-rfc6962-kats.txt"));
  const std::map<std::string, std::string> kats = ParseRfc6962Kats(file);
  ASSERT_EQ(kats.size(), 4u) << "vectors file changed shape";
  ASSERT_TRUE(kats.count("empty tree"));
  ASSERT_TRUE(kats.count("leaf(\"\")"));
  ASSERT_TRUE(kats.count("leaf(\"L123456\")"));
  ASSERT_TRUE(kats.count("node(\"N123\",\"N456\")"));

  EXPECT_EQ(HexEncode(EmptyTreeRoot()), kats.at("empty tree"));
  EXPECT_EQ(HexEncode(RootFromLeafHashes({})), kats.at("empty tree"));
  EXPECT_EQ(HexEncode(LeafHash("")), kats.at("leaf(\"\")"));
  EXPECT_EQ(HexEncode(LeafHash("L123456")), kats.at("leaf(\"L123456\")"));
  EXPECT_EQ(HexEncode(NodeHash("N123", "N456")),
            kats.at("node(\"N123\",\"N456\")"));
}

TEST(MerkleHashTest, LeafAndNodeHashesAreDomainSeparated) {
  const std::string l = LeafHash("a");
  const std::string r = LeafHash("b");
  // A leaf whose bytes are two hashes must not hash like the node above them.
  EXPECT_NE(LeafHash(l + r), NodeHash(l, r));
}

// The 8-leaf reference tree of the certificate-transparency test suite
// (cpp/merkletree/merkle_tree_test.cc), recomputed independently.
const std::vector<std::string>& ReferenceLeaves() {
  static const auto* leaves = new std::vector<std::string>{
      std::string(),
      std::string("\x00", 1),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  return *leaves;
}

std::vector<std::string> ReferenceLeafHashes() {
  std::vector<std::string> out;
  for (const std::string& leaf : ReferenceLeaves()) out.push_back(LeafHash(leaf));
  return out;
}

TEST(MerkleReferenceTreeTest, RootsMatchPublishedValues) {
  const std::vector<std::string> roots = Hexes({
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  });
  const std::vector<std::string> leaves = ReferenceLeafHashes();
  const NodeMap nodes = AllCompleteSubtrees(leaves);
  CompactRange range;
  for (size_t size = 0; size <= 8; ++size) {
    EXPECT_EQ(HexEncode(RootFromLeafHashes(Prefix(leaves, size))),
              HexEncode(roots[size]))
        << "size " << size;
    ASSERT_OK_AND_ASSIGN(std::string root,
                         RootHash(size, SourceFor(&nodes, size)));
    EXPECT_EQ(HexEncode(root), HexEncode(roots[size])) << "size " << size;
    EXPECT_EQ(HexEncode(range.Root()), HexEncode(roots[size])) << "size " << size;
    if (size < 8) {
      ASSERT_OK(range.Append(leaves[size], [](auto, auto, auto) {}));
    }
  }
}

TEST(MerkleReferenceTreeTest, InclusionProofsMatchPublishedValues) {
  struct Case {
    uint64_t index, size;
    std::vector<std::string> proof;
  };
  const std::vector<Case> cases = {
      {0, 1, {}},
      {0, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5, 8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1, 5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  const std::vector<std::string> leaves = ReferenceLeafHashes();
  const NodeMap nodes = AllCompleteSubtrees(leaves);
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("index ", c.index, " size ", c.size));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                         InclusionProof(c.index, c.size, SourceFor(&nodes, c.size)));
    EXPECT_THAT(proof, ElementsAreArray(Hexes(c.proof)));
    EXPECT_OK(VerifyInclusion(c.index, c.size, leaves[c.index], Hexes(c.proof),
                              RootFromLeafHashes(Prefix(leaves, c.size))));
  }
}

TEST(MerkleReferenceTreeTest, ConsistencyProofsMatchPublishedValues) {
  struct Case {
    uint64_t size1, size2;
    std::vector<std::string> proof;
  };
  const std::vector<Case> cases = {
      {1, 1, {}},
      {1, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6, 8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  const std::vector<std::string> leaves = ReferenceLeafHashes();
  const NodeMap nodes = AllCompleteSubtrees(leaves);
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("size1 ", c.size1, " size2 ", c.size2));
    ASSERT_OK_AND_ASSIGN(
        std::vector<std::string> proof,
        ConsistencyProof(c.size1, c.size2, SourceFor(&nodes, c.size2)));
    EXPECT_THAT(proof, ElementsAreArray(Hexes(c.proof)));
    EXPECT_OK(VerifyConsistency(c.size1, c.size2,
                                RootFromLeafHashes(Prefix(leaves, c.size1)),
                                RootFromLeafHashes(Prefix(leaves, c.size2)),
                                Hexes(c.proof)));
  }
}

// --- Exhaustive agreement with the RFC for small trees ------------------------

class MerkleSmallTreesTest : public ::testing::Test {
 protected:
  static constexpr size_t kMaxSize = 64;
  MerkleSmallTreesTest()
      : leaves_(MakeLeafHashes(kMaxSize)), nodes_(AllCompleteSubtrees(leaves_)) {
    for (size_t size = 0; size <= kMaxSize; ++size) {
      roots_.push_back(RootFromLeafHashes(Prefix(leaves_, size)));
    }
  }

  std::vector<std::string> leaves_;
  NodeMap nodes_;
  std::vector<std::string> roots_;  // roots_[size]
};

TEST_F(MerkleSmallTreesTest, RootHashFromNodeSourceMatchesReferenceForEverySize) {
  for (uint64_t size = 0; size <= kMaxSize; ++size) {
    ASSERT_OK_AND_ASSIGN(std::string root, RootHash(size, SourceFor(&nodes_, size)));
    EXPECT_EQ(HexEncode(root), HexEncode(roots_[size])) << "size " << size;
  }
}

TEST_F(MerkleSmallTreesTest, InclusionProofEqualsNaivePathAndVerifiesForEveryLeaf) {
  for (uint64_t size = 1; size <= kMaxSize; ++size) {
    const std::vector<std::string> tree = Prefix(leaves_, size);
    for (uint64_t index = 0; index < size; ++index) {
      SCOPED_TRACE(absl::StrCat("index ", index, " size ", size));
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                           InclusionProof(index, size, SourceFor(&nodes_, size)));
      EXPECT_EQ(proof, NaivePath(index, tree));
      EXPECT_EQ(proof.size(), InclusionProofSize(index, size));
      EXPECT_OK(VerifyInclusion(index, size, leaves_[index], proof, roots_[size]));
    }
  }
}

TEST_F(MerkleSmallTreesTest, ConsistencyProofEqualsNaiveSubproofAndVerifiesForEveryPair) {
  for (uint64_t size2 = 0; size2 <= kMaxSize; ++size2) {
    const std::vector<std::string> tree = Prefix(leaves_, size2);
    for (uint64_t size1 = 0; size1 <= size2; ++size1) {
      SCOPED_TRACE(absl::StrCat("size1 ", size1, " size2 ", size2));
      ASSERT_OK_AND_ASSIGN(
          std::vector<std::string> proof,
          ConsistencyProof(size1, size2, SourceFor(&nodes_, size2)));
      EXPECT_EQ(proof, NaiveProof(size1, tree));
      EXPECT_EQ(proof.size(), ConsistencyProofSize(size1, size2));
      EXPECT_OK(VerifyConsistency(size1, size2, roots_[size1], roots_[size2],
                                  proof));
    }
  }
}

// --- Inclusion: negative cases ------------------------------------------------

class InclusionRejectionTest : public MerkleSmallTreesTest {
 protected:
  std::vector<std::string> Proof(uint64_t index, uint64_t size) {
    absl::StatusOr<std::vector<std::string>> proof =
        InclusionProof(index, size, SourceFor(&nodes_, size));
    EXPECT_OK(proof);
    return proof.ok() ? *proof : std::vector<std::string>();
  }
};

TEST_F(InclusionRejectionTest, FlippedBitInAnyProofHash) {
  for (auto [index, size] : std::vector<std::pair<uint64_t, uint64_t>>{
           {0, 8}, {5, 8}, {2, 3}, {13, 37}, {63, 64}, {40, 41}}) {
    const std::vector<std::string> proof = Proof(index, size);
    for (size_t i = 0; i < proof.size(); ++i) {
      for (size_t bit = 0; bit < 8 * kSha256Size; ++bit) {
        std::vector<std::string> bad = proof;
        bad[i] = FlipBit(bad[i], bit);
        EXPECT_THAT(VerifyInclusion(index, size, leaves_[index], bad, roots_[size]),
                    StatusIs(absl::StatusCode::kUnauthenticated))
            << "index " << index << " size " << size << " hash " << i
            << " bit " << bit;
      }
    }
  }
}

TEST_F(InclusionRejectionTest, FlippedBitInLeafHashOrRoot) {
  const std::vector<std::string> proof = Proof(13, 37);
  for (size_t bit = 0; bit < 8 * kSha256Size; ++bit) {
    EXPECT_THAT(VerifyInclusion(13, 37, FlipBit(leaves_[13], bit), proof, roots_[37]),
                StatusIs(absl::StatusCode::kUnauthenticated));
    EXPECT_THAT(VerifyInclusion(13, 37, leaves_[13], proof, FlipBit(roots_[37], bit)),
                StatusIs(absl::StatusCode::kUnauthenticated));
  }
}

TEST_F(InclusionRejectionTest, WrongSizeWithSameProofLength) {
  // Every (index, size) proof, checked as if for another size that expects as
  // many hashes, against that other tree's root: never accepted.
  for (uint64_t size = 1; size <= 32; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      const std::vector<std::string> proof = Proof(index, size);
      for (uint64_t claimed = index + 1; claimed <= kMaxSize; ++claimed) {
        if (claimed == size || InclusionProofSize(index, claimed) != proof.size()) {
          continue;
        }
        EXPECT_THAT(VerifyInclusion(index, claimed, leaves_[index], proof,
                                    roots_[claimed]),
                    StatusIs(absl::StatusCode::kUnauthenticated))
            << "index " << index << " size " << size << " claimed " << claimed;
      }
    }
  }
}

TEST_F(InclusionRejectionTest, SizeIsAuthenticatedOnlyTogetherWithTheRoot) {
  // Leaf 5 has the same path shape in trees of 7 and 8 leaves, so the size
  // alone proves nothing: it must come with its root from one checkpoint.
  ASSERT_EQ(InclusionProofSize(5, 7), InclusionProofSize(5, 8));
  EXPECT_OK(VerifyInclusion(5, 7, leaves_[5], Proof(5, 8), roots_[8]));
  EXPECT_THAT(VerifyInclusion(5, 7, leaves_[5], Proof(5, 8), roots_[7]),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(InclusionRejectionTest, WrongSizeWithOtherProofLengthSaysExpectedVsGot) {
  EXPECT_THAT(VerifyInclusion(5, 9, leaves_[5], Proof(5, 8), roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 4 hashes, got 3")));
}

TEST_F(InclusionRejectionTest, WrongIndex) {
  EXPECT_THAT(VerifyInclusion(4, 8, leaves_[5], Proof(5, 8), roots_[8]),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyInclusion(4, 8, leaves_[4], Proof(5, 8), roots_[8]),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(InclusionRejectionTest, ExtraTrailingHash) {
  std::vector<std::string> proof = Proof(5, 8);
  proof.push_back(proof.back());
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 4")));
}

TEST_F(InclusionRejectionTest, PrecedingGarbageHash) {
  std::vector<std::string> proof = Proof(5, 8);
  proof.insert(proof.begin(), std::string(kSha256Size, 'g'));
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 4")));
}

TEST_F(InclusionRejectionTest, MissingHash) {
  std::vector<std::string> proof = Proof(5, 8);
  proof.pop_back();
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 2")));
}

TEST_F(InclusionRejectionTest, TruncatedProofHash) {
  std::vector<std::string> proof = Proof(5, 8);
  proof[1].pop_back();
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("proof hash 1 must be 32 bytes, got 31")));
}

TEST_F(InclusionRejectionTest, TrailingGarbageInProofHash) {
  std::vector<std::string> proof = Proof(5, 8);
  proof[2].push_back('x');
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("proof hash 2 must be 32 bytes, got 33")));
}

TEST_F(InclusionRejectionTest, MalformedLeafHashOrRoot) {
  const std::vector<std::string> proof = Proof(5, 8);
  EXPECT_THAT(VerifyInclusion(5, 8, "short", proof, roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("leaf hash must be 32 bytes, got 5")));
  EXPECT_THAT(VerifyInclusion(5, 8, leaves_[5], proof, roots_[8] + "x"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("root must be 32 bytes, got 33")));
}

TEST_F(InclusionRejectionTest, RootOfAnotherTreeNamesBothRoots) {
  const std::vector<std::string> proof = Proof(5, 8);
  const std::string other_root = RootFromLeafHashes(MakeLeafHashes(3));
  absl::Status status = VerifyInclusion(5, 8, leaves_[5], proof, other_root);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated,
                               HasSubstr(HexEncode(other_root))));
  EXPECT_THAT(status.message(), HasSubstr(HexEncode(roots_[8])));
}

TEST_F(InclusionRejectionTest, IndexNotBelowSize) {
  EXPECT_THAT(VerifyInclusion(8, 8, leaves_[5], Proof(5, 8), roots_[8]),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("leaf index 8 is outside the tree of size 8")));
  EXPECT_THAT(VerifyInclusion(0, 0, leaves_[0], {}, EmptyTreeRoot()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(InclusionProof(8, 8, SourceFor(&nodes_, 8)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(InclusionRejectionTest, SingleLeafTreeNeedsEmptyProofAndLeafAsRoot) {
  EXPECT_OK(VerifyInclusion(0, 1, leaves_[0], {}, leaves_[0]));
  EXPECT_THAT(VerifyInclusion(0, 1, leaves_[0], {}, leaves_[1]),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyInclusion(0, 1, leaves_[0], {leaves_[1]}, leaves_[0]),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- Consistency: negative cases ----------------------------------------------

class ConsistencyRejectionTest : public MerkleSmallTreesTest {
 protected:
  std::vector<std::string> Proof(uint64_t size1, uint64_t size2) {
    absl::StatusOr<std::vector<std::string>> proof =
        ConsistencyProof(size1, size2, SourceFor(&nodes_, size2));
    EXPECT_OK(proof);
    return proof.ok() ? *proof : std::vector<std::string>();
  }
};

TEST_F(ConsistencyRejectionTest, FlippedBitInAnyProofHash) {
  for (auto [size1, size2] : std::vector<std::pair<uint64_t, uint64_t>>{
           {1, 8}, {6, 8}, {2, 5}, {3, 7}, {7, 64}, {33, 64}, {32, 45}}) {
    const std::vector<std::string> proof = Proof(size1, size2);
    for (size_t i = 0; i < proof.size(); ++i) {
      for (size_t bit = 0; bit < 8 * kSha256Size; ++bit) {
        std::vector<std::string> bad = proof;
        bad[i] = FlipBit(bad[i], bit);
        EXPECT_THAT(VerifyConsistency(size1, size2, roots_[size1],
                                      roots_[size2], bad),
                    StatusIs(absl::StatusCode::kUnauthenticated))
            << "size1 " << size1 << " size2 " << size2 << " hash " << i
            << " bit " << bit;
      }
    }
  }
}

TEST_F(ConsistencyRejectionTest, FlippedBitInEitherRoot) {
  for (auto [size1, size2] :
       std::vector<std::pair<uint64_t, uint64_t>>{{6, 8}, {4, 8}, {1, 2}}) {
    const std::vector<std::string> proof = Proof(size1, size2);
    for (size_t bit = 0; bit < 8 * kSha256Size; ++bit) {
      EXPECT_THAT(VerifyConsistency(size1, size2, FlipBit(roots_[size1], bit),
                                    roots_[size2], proof),
                  StatusIs(absl::StatusCode::kUnauthenticated));
      EXPECT_THAT(VerifyConsistency(size1, size2, roots_[size1],
                                    FlipBit(roots_[size2], bit), proof),
                  StatusIs(absl::StatusCode::kUnauthenticated));
    }
  }
}

TEST_F(ConsistencyRejectionTest, Size1LargerThanSize2) {
  EXPECT_THAT(VerifyConsistency(9, 8, roots_[9], roots_[8], Proof(8, 9)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("size1 9 is larger than size2 8")));
  EXPECT_THAT(ConsistencyProof(9, 8, SourceFor(&nodes_, 9)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ConsistencyRejectionTest, Size1ZeroIsConsistentWithAnyTreeGivenEmptyRoot) {
  EXPECT_THAT(Proof(0, 13), IsEmpty());
  EXPECT_OK(VerifyConsistency(0, 13, EmptyTreeRoot(), roots_[13], {}));
  EXPECT_OK(VerifyConsistency(0, 0, EmptyTreeRoot(), EmptyTreeRoot(), {}));
}

TEST_F(ConsistencyRejectionTest, Size1ZeroWithNonEmptyProof) {
  EXPECT_THAT(VerifyConsistency(0, 13, EmptyTreeRoot(), roots_[13], {roots_[13]}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 0 hashes, got 1")));
}

TEST_F(ConsistencyRejectionTest, Size1ZeroWithRootThatIsNotTheEmptyTree) {
  EXPECT_THAT(VerifyConsistency(0, 13, roots_[1], roots_[13], {}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(HexEncode(roots_[1]))));
}

TEST_F(ConsistencyRejectionTest, EqualSizesNeedEmptyProofAndEqualRoots) {
  EXPECT_OK(VerifyConsistency(8, 8, roots_[8], roots_[8], {}));
  EXPECT_THAT(VerifyConsistency(8, 8, roots_[8], roots_[7], {}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(HexEncode(roots_[7]))));
  EXPECT_THAT(VerifyConsistency(8, 8, roots_[8], roots_[8], {roots_[8]}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 0 hashes, got 1")));
}

TEST_F(ConsistencyRejectionTest, WrongSize1) {
  // PROOF(5, D[8]) and PROOF(7, D[8]) both have 4 hashes.
  ASSERT_EQ(ConsistencyProofSize(5, 8), ConsistencyProofSize(7, 8));
  EXPECT_THAT(VerifyConsistency(7, 8, roots_[7], roots_[8], Proof(5, 8)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("root1")));
  EXPECT_THAT(VerifyConsistency(7, 8, roots_[5], roots_[8], Proof(5, 8)),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(ConsistencyRejectionTest, WrongSize2) {
  // PROOF(6, D[7]) and PROOF(6, D[8]) have the same shape; with the claimed
  // tree's root the proof fails, and a size of another shape is malformed.
  ASSERT_EQ(ConsistencyProofSize(6, 7), ConsistencyProofSize(6, 8));
  EXPECT_THAT(VerifyConsistency(6, 7, roots_[6], roots_[7], Proof(6, 8)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("root2")));
  EXPECT_THAT(VerifyConsistency(6, 9, roots_[6], roots_[8], Proof(6, 8)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 4 hashes, got 3")));
}

TEST_F(ConsistencyRejectionTest, WrongSizesWithSameProofLength) {
  // Every proof, checked for other sizes that expect as many hashes, against
  // those trees' roots: never accepted.
  for (uint64_t size2 = 2; size2 <= 24; ++size2) {
    for (uint64_t size1 = 1; size1 < size2; ++size1) {
      const std::vector<std::string> proof = Proof(size1, size2);
      for (uint64_t claimed2 = 2; claimed2 <= 24; ++claimed2) {
        for (uint64_t claimed1 = 1; claimed1 < claimed2; ++claimed1) {
          if ((claimed1 == size1 && claimed2 == size2) ||
              ConsistencyProofSize(claimed1, claimed2) != proof.size()) {
            continue;
          }
          EXPECT_THAT(VerifyConsistency(claimed1, claimed2, roots_[claimed1],
                                        roots_[claimed2], proof),
                      StatusIs(absl::StatusCode::kUnauthenticated))
              << "proof " << size1 << "->" << size2 << " claimed " << claimed1
              << "->" << claimed2;
        }
      }
    }
  }
}

TEST_F(ConsistencyRejectionTest, ExtraTrailingHash) {
  std::vector<std::string> proof = Proof(6, 8);
  proof.push_back(proof.back());
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], proof),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 4")));
}

TEST_F(ConsistencyRejectionTest, PrecedingGarbageHash) {
  std::vector<std::string> proof = Proof(6, 8);
  proof.insert(proof.begin(), std::string(kSha256Size, 'g'));
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], proof),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 4")));
}

TEST_F(ConsistencyRejectionTest, MissingHash) {
  std::vector<std::string> proof = Proof(6, 8);
  proof.erase(proof.begin());
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], proof),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must have 3 hashes, got 2")));
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ConsistencyRejectionTest, TruncatedOrOverlongProofHash) {
  std::vector<std::string> truncated = Proof(6, 8);
  truncated[0].pop_back();
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], truncated),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("proof hash 0 must be 32 bytes, got 31")));
  std::vector<std::string> overlong = Proof(6, 8);
  overlong[2] += "garbage";
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], roots_[8], overlong),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("proof hash 2 must be 32 bytes, got 39")));
}

TEST_F(ConsistencyRejectionTest, RootOfAnotherTreeNamesBothRoots) {
  const std::string other_root = RootFromLeafHashes(MakeLeafHashes(3));
  absl::Status status =
      VerifyConsistency(6, 8, roots_[6], other_root, Proof(6, 8));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated,
                               HasSubstr("root2")));
  EXPECT_THAT(status.message(), HasSubstr(HexEncode(other_root)));
  EXPECT_THAT(status.message(), HasSubstr(HexEncode(roots_[8])));
}

TEST_F(ConsistencyRejectionTest, ForkedLogIsDetected) {
  // A log that rewrote leaf 2 after publishing size 6 cannot prove
  // consistency from the published root.
  std::vector<std::string> forked = Prefix(leaves_, 8);
  forked[2] = LeafHash("rewritten");
  const NodeMap forked_nodes = AllCompleteSubtrees(forked);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                       ConsistencyProof(6, 8, SourceFor(&forked_nodes, 8)));
  EXPECT_THAT(VerifyConsistency(6, 8, roots_[6], RootFromLeafHashes(forked), proof),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("root1")));
}

// --- NodeSource errors ----------------------------------------------------------

TEST(NodeSourceTest, SourceErrorsPassThrough) {
  NodeSource failing = [](uint64_t, uint64_t) -> absl::StatusOr<std::string> {
    return absl::UnavailableError("disk on fire");
  };
  EXPECT_THAT(RootHash(5, failing),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk on fire")));
  EXPECT_THAT(InclusionProof(1, 5, failing),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(ConsistencyProof(3, 5, failing),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(NodeSourceTest, WrongLengthStoredHashIsDataLoss) {
  NodeSource corrupt = [](uint64_t, uint64_t) -> absl::StatusOr<std::string> {
    return std::string(31, 'x');
  };
  EXPECT_THAT(RootHash(5, corrupt),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("31 bytes")));
  EXPECT_THAT(InclusionProof(1, 5, corrupt),
              StatusIs(absl::StatusCode::kDataLoss));
}

// --- Scale: O(log n) lookups --------------------------------------------------

// In a tree whose leaves all hash alike, every complete subtree at a level
// has the same hash, so a consistent "tree" of any size costs nothing to
// serve. The source counts lookups and checks they stay inside the tree.
class UniformTreeSource {
 public:
  UniformTreeSource() {
    level_hashes_.push_back(LeafHash("same"));
    for (int level = 1; level < 64; ++level) {
      level_hashes_.push_back(NodeHash(level_hashes_.back(), level_hashes_.back()));
    }
  }

  NodeSource ForSize(uint64_t size) {
    return [this, size](uint64_t level,
                        uint64_t index) -> absl::StatusOr<std::string> {
      ++lookups_;
      if (level >= 64 || index >= (size >> level)) {
        ADD_FAILURE() << "node (" << level << ", " << index
                      << ") outside a tree of size " << size;
        return absl::OutOfRangeError("outside the tree");
      }
      return level_hashes_[level];
    };
  }

  const std::string& leaf() const { return level_hashes_[0]; }
  int lookups_ = 0;

 private:
  std::vector<std::string> level_hashes_;
};

TEST(MerkleScaleTest, ProofsInHugeTreesUseLogarithmicallyManyLookups) {
  UniformTreeSource tree;
  for (uint64_t size : {uint64_t{1'000'000}, (uint64_t{1} << 40) + 12345,
                        ~uint64_t{0}}) {
    SCOPED_TRACE(absl::StrCat("size ", size));
    tree.lookups_ = 0;
    ASSERT_OK_AND_ASSIGN(std::string root, RootHash(size, tree.ForSize(size)));
    EXPECT_LE(tree.lookups_, 64);

    for (uint64_t index : {uint64_t{0}, size / 3, size - 1}) {
      tree.lookups_ = 0;
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                           InclusionProof(index, size, tree.ForSize(size)));
      EXPECT_LE(tree.lookups_, 2 * 64) << "index " << index;
      EXPECT_OK(VerifyInclusion(index, size, tree.leaf(), proof, root));
    }

    const uint64_t size1 = size / 2 + 7;
    tree.lookups_ = 0;
    ASSERT_OK_AND_ASSIGN(std::string root1, RootHash(size1, tree.ForSize(size1)));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                         ConsistencyProof(size1, size, tree.ForSize(size)));
    EXPECT_LE(tree.lookups_, 4 * 64);
    EXPECT_OK(VerifyConsistency(size1, size, root1, root, proof));
  }
}

// --- CompactRange ---------------------------------------------------------------

void Ignore(uint64_t, uint64_t, absl::string_view) {}

TEST(CompactRangeTest, RootMatchesReferenceForEverySizeUpTo300) {
  const std::vector<std::string> leaves = MakeLeafHashes(300);
  CompactRange range;
  EXPECT_EQ(range.size(), 0u);
  EXPECT_EQ(range.Root(), EmptyTreeRoot());
  for (size_t i = 0; i < leaves.size(); ++i) {
    ASSERT_OK(range.Append(leaves[i], Ignore));
    ASSERT_EQ(range.size(), i + 1);
    EXPECT_EQ(range.hashes().size(), static_cast<size_t>(std::popcount(i + 1)));
    EXPECT_EQ(HexEncode(range.Root()),
              HexEncode(RootFromLeafHashes(Prefix(leaves, i + 1))))
        << "size " << i + 1;
  }
}

TEST(CompactRangeTest, ReportsEveryCompleteSubtreeOnceWithItsHash) {
  const std::vector<std::string> leaves = MakeLeafHashes(100);
  const NodeMap expected = AllCompleteSubtrees(leaves);
  NodeMap reported;
  std::vector<std::pair<uint64_t, uint64_t>> order;
  CompactRange range;
  for (const std::string& leaf : leaves) {
    ASSERT_OK(range.Append(leaf, [&](uint64_t level, uint64_t index,
                                     absl::string_view hash) {
      EXPECT_FALSE(reported.count({level, index}))
          << "reported twice: (" << level << ", " << index << ")";
      reported[{level, index}] = std::string(hash);
      order.push_back({level, index});
    }));
  }
  EXPECT_EQ(reported, expected);
  // Appending leaf 7 completes (0,7), (1,3), (2,1), (3,0), bottom-up.
  const auto leaf7 = std::find(order.begin(), order.end(),
                               std::pair<uint64_t, uint64_t>{0, 7});
  ASSERT_NE(leaf7, order.end());
  using Node = std::pair<uint64_t, uint64_t>;
  const std::vector<Node> expected_order = {{0, 7}, {1, 3}, {2, 1}, {3, 0}};
  EXPECT_EQ(std::vector<Node>(leaf7, leaf7 + 4), expected_order);
}

TEST(CompactRangeTest, RestoredFromHashesContinuesIdentically) {
  const std::vector<std::string> leaves = MakeLeafHashes(300);
  for (size_t cut : {0, 1, 2, 3, 7, 8, 100, 255, 256}) {
    SCOPED_TRACE(absl::StrCat("restored at size ", cut));
    CompactRange original;
    for (size_t i = 0; i < cut; ++i) ASSERT_OK(original.Append(leaves[i], Ignore));
    ASSERT_OK_AND_ASSIGN(CompactRange restored,
                         CompactRange::FromHashes(original.size(), original.hashes()));
    EXPECT_EQ(restored.Root(), original.Root());
    for (size_t i = cut; i < leaves.size(); ++i) {
      std::vector<std::string> from_original, from_restored;
      ASSERT_OK(original.Append(leaves[i], [&](uint64_t l, uint64_t x, absl::string_view h) {
        from_original.push_back(absl::StrCat(l, "/", x, "/", HexEncode(h)));
      }));
      ASSERT_OK(restored.Append(leaves[i], [&](uint64_t l, uint64_t x, absl::string_view h) {
        from_restored.push_back(absl::StrCat(l, "/", x, "/", HexEncode(h)));
      }));
      ASSERT_EQ(from_restored, from_original) << "leaf " << i;
    }
    EXPECT_EQ(restored.size(), original.size());
    EXPECT_EQ(restored.hashes(), original.hashes());
    EXPECT_EQ(restored.Root(), RootFromLeafHashes(leaves));
  }
}

TEST(CompactRangeTest, FromHashesRejectsWrongNumberOfHashes) {
  const std::vector<std::string> leaves = MakeLeafHashes(2);
  EXPECT_THAT(CompactRange::FromHashes(5, leaves),  // 5 = 0b101 needs 2
              ::gongxin::testing::IsOk());
  EXPECT_THAT(CompactRange::FromHashes(5, {leaves[0]}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("size 5 has 2 hashes, got 1")));
  EXPECT_THAT(CompactRange::FromHashes(0, {leaves[0]}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("size 0 has 0 hashes, got 1")));
}

TEST(CompactRangeTest, FromHashesRejectsWrongLengthHash) {
  EXPECT_THAT(CompactRange::FromHashes(1, {std::string(31, 'x')}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("hash 0 must be 32 bytes, got 31")));
}

TEST(CompactRangeTest, AppendRejectsWrongLengthLeafHashAndChangesNothing) {
  CompactRange range;
  ASSERT_OK(range.Append(LeafHash("a"), Ignore));
  const std::string root = range.Root();
  bool called = false;
  EXPECT_THAT(range.Append("not a hash", [&](auto, auto, auto) { called = true; }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("leaf hash must be 32 bytes, got 10")));
  EXPECT_FALSE(called);
  EXPECT_EQ(range.size(), 1u);
  EXPECT_EQ(range.Root(), root);
}

TEST(CompactRangeTest, AppendRefusesToOverflowTheTreeSize) {
  std::vector<std::string> hashes(64, LeafHash("x"));
  ASSERT_OK_AND_ASSIGN(CompactRange full,
                       CompactRange::FromHashes(~uint64_t{0}, hashes));
  EXPECT_THAT(full.Append(LeafHash("y"), Ignore),
              StatusIs(absl::StatusCode::kOutOfRange));
}

// This is how the server uses the pieces: it appends leaves to a
// CompactRange, stores every reported node, and serves proofs for any past
// tree size from the store alone.
TEST(CompactRangeTest, ReportedNodesServeProofsForEveryPastTreeSize) {
  constexpr size_t kLeaves = 300;
  const std::vector<std::string> leaves = MakeLeafHashes(kLeaves);
  NodeMap store;
  std::vector<std::string> roots = {EmptyTreeRoot()};  // roots[size]
  CompactRange range;
  for (const std::string& leaf : leaves) {
    ASSERT_OK(range.Append(leaf, [&](uint64_t level, uint64_t index,
                                     absl::string_view hash) {
      store[{level, index}] = std::string(hash);
    }));
    roots.push_back(range.Root());
  }

  for (uint64_t size = 1; size <= kLeaves; ++size) {
    ASSERT_OK_AND_ASSIGN(std::string root, RootHash(size, SourceFor(&store, size)));
    EXPECT_EQ(root, roots[size]) << "size " << size;
    for (uint64_t index : {uint64_t{0}, size / 3, size / 2, size - 1}) {
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                           InclusionProof(index, size, SourceFor(&store, size)));
      EXPECT_OK(VerifyInclusion(index, size, leaves[index], proof, roots[size]))
          << "index " << index << " size " << size;
    }
    for (uint64_t size1 : {uint64_t{0}, uint64_t{1}, size / 2, size - 1, size}) {
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                           ConsistencyProof(size1, size, SourceFor(&store, size)));
      EXPECT_OK(VerifyConsistency(size1, size, roots[size1], roots[size], proof))
          << "size1 " << size1 << " size2 " << size;
    }
  }
  // Spot-check against the RFC's own recursion at one ragged size.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> proof,
                       InclusionProof(200, 299, SourceFor(&store, 299)));
  EXPECT_EQ(proof, NaivePath(200, Prefix(leaves, 299)));
  ASSERT_OK_AND_ASSIGN(proof, ConsistencyProof(137, 299, SourceFor(&store, 299)));
  EXPECT_EQ(proof, NaiveProof(137, Prefix(leaves, 299)));
}

}  // namespace
}  // namespace gongxin::crypto
