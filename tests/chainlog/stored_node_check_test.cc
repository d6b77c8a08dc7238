// StoredNodeCheck on its own: blocks of 1,000 indices per level, checked
// with one scan each, must catch a changed node wherever it lies, report
// the missing ones and ignore nodes past the replayed size.
#include "chainlog/stored_node_check.h"

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "chainlog/chain_log.h"
#include "crypto/compact_range.h"
#include "crypto/merkle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::chainlog {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::gongxin::testing::StatusIs;

constexpr char kNodesChain[] = "c1";

struct RecomputedNode {
  uint64_t level, index;
  std::string hash;
};

// Every complete-subtree node of `n` leaves, in the order a replay
// recomputes them.
std::vector<RecomputedNode> NodesOfTree(uint64_t n) {
  std::vector<RecomputedNode> nodes;
  crypto::CompactRange range;
  for (uint64_t i = 0; i < n; ++i) {
    EXPECT_OK(range.Append(crypto::LeafHash(absl::StrCat("entry ", i)),
                           [&](uint64_t level, uint64_t index, absl::string_view hash) {
                             nodes.push_back({level, index, std::string(hash)});
                           }));
  }
  return nodes;
}

// Stores `nodes` as the log writes them, but with `changed` replaced and
// `dropped` left out.
std::unique_ptr<storage::Store> StoreHoldingNodes(const std::vector<RecomputedNode>& nodes,
                                          const std::string& changed = "",
                                          const std::string& dropped = "") {
  auto store = storage::NewMemoryStore();
  storage::AppendBatch batch;
  batch.chain = kNodesChain;
  batch.entries.push_back("genesis");
  for (const RecomputedNode& node : nodes) {
    std::string key = TreeNodeKey(node.level, node.index);
    if (key == dropped) continue;
    batch.create_keys.emplace_back(key, key == changed ? std::string(32, 'x') : node.hash);
  }
  EXPECT_OK(store->Append(batch));
  return store;
}

absl::Status CheckEveryNode(storage::Store* store, const std::vector<RecomputedNode>& nodes,
                      StoredNodeCheck* check) {
  for (const RecomputedNode& node : nodes) {
    absl::Status s = check->Add(node.level, node.index, node.hash);
    if (!s.ok()) return s;
  }
  return check->Finish();
}

TEST(StoredNodeCheckTest, AnUnchangedTreeOverSeveralBlocksPasses) {
  const std::vector<RecomputedNode> nodes = NodesOfTree(2500);
  auto store = StoreHoldingNodes(nodes);
  StoredNodeCheck check(store.get(), kNodesChain);
  EXPECT_OK(CheckEveryNode(store.get(), nodes, &check));
  EXPECT_THAT(check.TakeMissing(), IsEmpty());
}

TEST(StoredNodeCheckTest, AChangedNodeIsNamedWithTheEntryThatCompletedIt) {
  const std::vector<RecomputedNode> nodes = NodesOfTree(2500);
  // A leaf in the second block, an inner node, the last (partial) block.
  for (const auto& [level, index, seq] : std::vector<std::tuple<uint64_t, uint64_t, uint64_t>>{
           {0, 1234, 1234}, {3, 17, 143}, {0, 2499, 2499}, {1, 1249, 2499}}) {
    const std::string key = TreeNodeKey(level, index);
    auto store = StoreHoldingNodes(nodes, key);
    StoredNodeCheck check(store.get(), kNodesChain);
    EXPECT_THAT(CheckEveryNode(store.get(), nodes, &check),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr(absl::StrCat("entry ", seq, ": stored merkle node ", key))))
        << key;
  }
}

TEST(StoredNodeCheckTest, MissingNodesAreReturnedForTheCallerToStore) {
  const std::vector<RecomputedNode> nodes = NodesOfTree(1500);
  const std::string dropped = TreeNodeKey(2, 300);
  auto store = StoreHoldingNodes(nodes, "", dropped);
  StoredNodeCheck check(store.get(), kNodesChain);
  EXPECT_OK(CheckEveryNode(store.get(), nodes, &check));
  auto missing = check.TakeMissing();
  ASSERT_THAT(missing, SizeIs(1));
  EXPECT_EQ(missing[0].first, dropped);
}

TEST(StoredNodeCheckTest, NodesPastTheReplayedSizeAreIgnored) {
  // The store holds 1,200 entries' nodes (another writer went on); the
  // replay read 1,100.
  const std::vector<RecomputedNode> stored = NodesOfTree(1200), replayed = NodesOfTree(1100);
  auto store = StoreHoldingNodes(stored);
  StoredNodeCheck check(store.get(), kNodesChain);
  EXPECT_OK(CheckEveryNode(store.get(), replayed, &check));
  EXPECT_THAT(check.TakeMissing(), IsEmpty());
}

TEST(StoredNodeCheckTest, NodesOutOfOrderAreRefused) {
  auto store = storage::NewMemoryStore();
  StoredNodeCheck check(store.get(), kNodesChain);
  EXPECT_OK(check.Add(0, 0, std::string(32, 'a')));
  EXPECT_THAT(check.Add(0, 2, std::string(32, 'b')),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("out of order")));
}

}  // namespace
}  // namespace gongxin::chainlog
