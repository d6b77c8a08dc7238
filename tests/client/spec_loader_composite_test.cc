// Composite rules in the YAML spec (rules S-2, S-3, S-9): presets written
// out component by component, listed components kept exactly as written,
// and the documented example valid for the server's validator too.
#include <filesystem>
#include <fstream>

#include "client/spec_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/spec.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kSpec[] = R"(title: 考察
unit: 组织部
roll: voters.csv
groups:
  - {id: all, name: 全体}
forms:
  - id: rec
    title: 推荐票
    mode: named
    questions:
      - id: head
        title: 局长
        kind: approval
        post: 局长
        seats: 1
        candidates:
          - {id: c1, name: 甲}
          - {id: c2, name: 乙}
)";

class SpecLoaderCompositeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "voters.csv") << "voter_id,name,group\nv001,张三,all\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  absl::StatusOr<LoadedMeeting> Load(const std::string& extra) {
    std::ofstream(dir_ / "meeting.yaml") << kSpec << extra;
    return LoadMeetingSpec((dir_ / "meeting.yaml").string());
  }
  std::filesystem::path dir_;
};

TEST_F(SpecLoaderCompositeTest, S2_PresetIsWrittenOutAndValid) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting m, Load(R"(count_approvals_required: 2
composites:
  - {id: s2, title: 综合, preset: S-2, form: rec, question: head}
)"));
  EXPECT_EQ(m.spec.count_approvals_required(), 2u);
  ASSERT_EQ(m.spec.composites_size(), 1);
  const v1::CompositeRule& r = m.spec.composites(0);
  ASSERT_EQ(r.components_size(), 3);
  EXPECT_EQ(r.components(0).weight(), "90");
  EXPECT_EQ(r.take_ratio(), 3u);
  EXPECT_OK(tally::ValidateSpec(m.spec));
}

TEST_F(SpecLoaderCompositeTest, ListedComponentsKeepTheirExactText) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting m, Load(R"(composites:
  - id: avg
    title: 平均
    form: rec
    question: head
    exclude_below: 59.5
    components:
      - {id: a, label: 甲项, weight: 100/3, officer: {min: 0, max: 10}}
      - {id: b, label: 乙项, weight: 200/3, ballot: {form: rec, question: head, kind: vote_rate}}
)"));
  const v1::CompositeRule& r = m.spec.composites(0);
  EXPECT_EQ(r.exclude_below(), "59.5");
  EXPECT_EQ(r.components(0).weight(), "100/3");
  EXPECT_EQ(r.components(0).officer().scale_max(), "10");
  EXPECT_EQ(r.components(1).ballot().kind(), v1::BallotFigure::KIND_VOTE_RATE);
  EXPECT_OK(tally::ValidateSpec(m.spec));
}

TEST_F(SpecLoaderCompositeTest, AcceptsAQuotedFractionAsJsonMustWriteIt) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting m, Load(R"(composites:
  - id: avg
    title: 平均
    form: rec
    question: head
    exclude_below: "59.5"
    components:
      - {"id": "a", "label": "甲项", "weight": "100/3", "officer": {"min": "0", "max": "10"}}
      - {"id": "b", "label": "乙项", "weight": "200/3", "ballot": {"form": "rec", "question": "head", "kind": "vote_rate"}}
)"));
  const v1::CompositeRule& r = m.spec.composites(0);
  EXPECT_EQ(r.exclude_below(), "59.5");
  EXPECT_EQ(r.components(0).weight(), "100/3");
  EXPECT_EQ(r.components(1).weight(), "200/3");
  EXPECT_EQ(r.components(0).officer().scale_max(), "10");
  EXPECT_OK(tally::ValidateSpec(m.spec));
  // Quoted or not, the text must still be a number.
  EXPECT_THAT(Load(R"(composites:
  - id: avg
    title: 平均
    form: rec
    question: head
    components:
      - {id: a, label: 甲项, weight: "a third", officer: {min: 0, max: 10}}
      - {id: b, label: 乙项, weight: 200/3, ballot: {form: rec, question: head, kind: vote_rate}}
)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected a number such as 90, 87.5 or 100/3, got \"a third\"")));
}

TEST_F(SpecLoaderCompositeTest, RefusesPresetAndComponentsTogetherNamingThePlace) {
  EXPECT_THAT(Load(R"(composites:
  - id: x
    title: 综合
    preset: S-3
    form: rec
    question: head
    components: []
)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("composites[0]: needs exactly one of \"preset\"")));
  EXPECT_THAT(Load(R"(composites:
  - {id: x, title: 综合, preset: S-7, form: rec, question: head}
)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("composites[0].preset: expected one of S-2, S-3")));
}

TEST_F(SpecLoaderCompositeTest, DocumentedCompositeExampleIsValid) {
  std::ifstream in(GONGXIN_DOCS_DIR "/spec-format.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = doc.find("```yaml\ntitle: 副局长考察人选推荐");
  ASSERT_NE(at, std::string::npos) << "the composite example left docs/spec-format.md";
  const size_t body = at + 8;
  std::ofstream(dir_ / "meeting.yaml") << doc.substr(body, doc.find("```", body) - body);
  std::ofstream(dir_ / "voters.csv") << "voter_id,name,group\nv001,张三,leaders\n";
  ASSERT_OK_AND_ASSIGN(LoadedMeeting m, LoadMeetingSpec((dir_ / "meeting.yaml").string()));
  EXPECT_EQ(m.spec.composites_size(), 2);
  EXPECT_OK(tally::ValidateSpec(m.spec));
}

}  // namespace
}  // namespace gongxin::client
