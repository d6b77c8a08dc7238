#include "client/spec_loader.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/roll_csv.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::AllOf;

constexpr char kRoll[] =
    "voter_id,name,group\n"
    "v001,张三,leaders\n"
    "v002,李四,staff\n";

// A spec using every key, each with a non-default value.
constexpr char kFullSpec[] = R"(title: 某县2026年度科级领导干部民主推荐会
unit: 中共某县委组织部
description: 推荐结果作为重要参考
locale: en
roll: voters.csv
groups:
  - id: leaders
    name: 领导班子成员
  - id: staff
    name: 一般干部
forms:
  - id: rec
    title: 民主推荐票
    mode: anonymous
    eligible_groups: [leaders, staff]
    overvote: spoil
    questions:
      - id: deputy-head
        title: 副局长人选推荐
        kind: approval
        post: 副局长
        seats: 2
        max_choices: 1
        allow_write_in: true
        candidates:
          - {id: c1, name: 张三, current_post: 办公室主任, note: "2024年度优秀"}
          - id: c2
            name: 李四
)";

constexpr char kFullSpecProto[] = R"pb(
  title: "某县2026年度科级领导干部民主推荐会"
  unit: "中共某县委组织部"
  description: "推荐结果作为重要参考"
  locale: "en"
  groups { id: "leaders" name: "领导班子成员" }
  groups { id: "staff" name: "一般干部" }
  forms {
    id: "rec"
    title: "民主推荐票"
    mode: FORM_MODE_ANONYMOUS
    eligible_groups: "leaders"
    eligible_groups: "staff"
    overvote_policy: OVERVOTE_POLICY_SPOIL
    questions {
      id: "deputy-head"
      title: "副局长人选推荐"
      approval {
        post: "副局长"
        seats: 2
        max_choices: 1
        allow_write_in: true
        candidates {
          id: "c1"
          name: "张三"
          current_post: "办公室主任"
          note: "2024年度优秀"
        }
        candidates { id: "c2" name: "李四" }
      }
    }
  }
)pb";

// A minimal valid spec; tests splice mistakes into copies of it. Line
// numbers below refer to this text.
constexpr char kMinimalSpec[] =
    "title: 推荐会\n"                      // 1
    "unit: 组织部\n"                       // 2
    "roll: voters.csv\n"                   // 3
    "groups:\n"                            // 4
    "  - {id: staff, name: 干部}\n"        // 5
    "forms:\n"                             // 6
    "  - id: rec\n"                        // 7
    "    title: 民主推荐票\n"              // 8
    "    mode: named\n"                    // 9
    "    questions:\n"                     // 10
    "      - id: q1\n"                     // 11
    "        title: 副局长\n"              // 12
    "        kind: approval\n"             // 13
    "        post: 副局长\n"               // 14
    "        seats: 1\n"                   // 15
    "        candidates:\n"                // 16
    "          - {id: c1, name: 张三}\n";  // 17

// A minimal spec with one graded question (rules C2, D2), as
// docs/spec-format.md proposes it. Line numbers below refer to this text.
constexpr char kGradedSpec[] =
    "title: 测评会\n"                                               // 1
    "unit: 组织部\n"                                                // 2
    "roll: voters.csv\n"                                            // 3
    "groups:\n"                                                     // 4
    "  - {id: staff, name: 干部}\n"                                 // 5
    "forms:\n"                                                      // 6
    "  - id: assess\n"                                              // 7
    "    title: 民主测评表\n"                                       // 8
    "    mode: anonymous\n"                                         // 9
    "    questions:\n"                                              // 10
    "      - id: competency\n"                                      // 11
    "        title: 新提拔干部民主测评\n"                           // 12
    "        kind: graded\n"                                        // 13
    "        subjects:\n"                                           // 14
    "          - {id: p1, name: 张三, current_post: 副局长}\n"      // 15
    "        scale:                       # best first\n"           // 16
    "          - {id: competent, label: 胜任}\n"                    // 17
    "          - {id: basic, label: 基本胜任}\n"                    // 18
    "          - {id: incompetent, label: 不胜任}\n"                // 19
    "          - {id: unknown, label: 不了解, dont_know: true}\n";  // 20

constexpr char kGradedScale[] =
    "        scale:                       # best first\n"
    "          - {id: competent, label: 胜任}\n"
    "          - {id: basic, label: 基本胜任}\n"
    "          - {id: incompetent, label: 不胜任}\n"
    "          - {id: unknown, label: 不了解, dont_know: true}\n";

// Each test gets its own directory holding meeting.yaml and voters.csv.
class SpecLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("spec_loader_test_", info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Write("voters.csv", kRoll);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, absl::string_view content) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  // Loads `spec` written as meeting.yaml.
  absl::StatusOr<LoadedMeeting> Load(absl::string_view spec) {
    return LoadMeetingSpec(Write("meeting.yaml", spec));
  }

  // Replaces the first occurrence of `from` in the minimal spec.
  static std::string Minimal(const std::string& from, const std::string& to) {
    return Replace(kMinimalSpec, from, to);
  }

  // Replaces the first occurrence of `from` in the graded spec.
  static std::string Graded(const std::string& from, const std::string& to) {
    return Replace(kGradedSpec, from, to);
  }

  static std::string Replace(std::string s, const std::string& from,
                             const std::string& to) {
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  }

  std::filesystem::path dir_;
};

void ExpectProtoEq(const google::protobuf::Message& actual,
                   absl::string_view expected_text) {
  std::unique_ptr<google::protobuf::Message> expected(actual.New());
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      std::string(expected_text), expected.get()));
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(*expected, actual))
      << "actual:\n"
      << actual.DebugString() << "\nexpected:\n"
      << expected->DebugString();
}

TEST_F(SpecLoaderTest, GoodSpecLoadsEveryField) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, Load(kFullSpec));
  ExpectProtoEq(meeting.spec, kFullSpecProto);
  ExpectProtoEq(meeting.roll, R"pb(
    voters { id: "v001" name: "张三" group: "leaders" }
    voters { id: "v002" name: "李四" group: "staff" }
  )pb");
}

TEST_F(SpecLoaderTest, DefaultsAreWrittenExplicitly) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, Load(kMinimalSpec));
  EXPECT_EQ(meeting.spec.locale(), "zh-CN");
  EXPECT_EQ(meeting.spec.description(), "");
  const v1::Form& form = meeting.spec.forms(0);
  EXPECT_EQ(form.mode(), v1::FORM_MODE_NAMED);
  EXPECT_EQ(form.overvote_policy(), v1::OVERVOTE_POLICY_REJECT);
  EXPECT_EQ(form.eligible_groups_size(), 0);
  const v1::ApprovalQuestion& q = form.questions(0).approval();
  EXPECT_EQ(q.seats(), 1u);
  EXPECT_EQ(q.max_choices(), 1u);  // = seats
  EXPECT_FALSE(q.allow_write_in());
}

TEST_F(SpecLoaderTest, TrialKeyMarksATrialVote) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting formal, Load(kMinimalSpec));
  EXPECT_FALSE(formal.spec.trial());
  ASSERT_OK_AND_ASSIGN(LoadedMeeting trial,
                       Load(Minimal("unit: 组织部\n", "unit: 组织部\ntrial: true\n")));
  EXPECT_TRUE(trial.spec.trial());
  EXPECT_THAT(Load(Minimal("unit: 组织部\n", "unit: 组织部\ntrial: maybe\n")),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(SpecLoaderTest, AnonymousFormTakesATokenKeySize) {
  ASSERT_OK_AND_ASSIGN(
      LoadedMeeting meeting,
      Load(Minimal("mode: named", "mode: anonymous\n    token_key_bits: 3072")));
  EXPECT_EQ(meeting.spec.forms(0).mode(), v1::FORM_MODE_ANONYMOUS);
  EXPECT_EQ(meeting.spec.forms(0).token_key_bits(), 3072u);
  EXPECT_THAT(Load(Minimal("mode: named", "mode: anonymous\n    token_key_bits: big")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token_key_bits")));
}

TEST_F(SpecLoaderTest, PostsLoadWithTheirQualifications) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       Load(Minimal("forms:\n", R"(posts:
  - id: deputy
    title: 副局长
    seats: 1
    qualifications:
      - 具有大学本科以上文化程度
      - 任正科级职务满 3 年
forms:
)")));
  ExpectProtoEq(meeting.spec.posts(0), R"pb(
    id: "deputy" title: "副局长" seats: 1
    qualifications: "具有大学本科以上文化程度" qualifications: "任正科级职务满 3 年"
  )pb");
  EXPECT_THAT(Load(Minimal("forms:\n", "posts:\n  - {id: deputy, title: 副局长, rank: 3}\nforms:\n")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rank")));
}

TEST_F(SpecLoaderTest, SampledSurveyLoadsItsStrataAndBeaconSource) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       Load(Minimal("forms:\n", R"(sample:
  beacon_source: 2026年12月10日 福彩3D 开奖号码
  strata:
    - {group: staff, size: 30}
forms:
)")));
  ExpectProtoEq(meeting.spec.sample(), R"pb(
    beacon_source: "2026年12月10日 福彩3D 开奖号码"
    strata { group: "staff" size: 30 }
  )pb");
  // A stratum without its size, and a sample without its beacon's source.
  // (What the server checks of the values — declared groups, sizes — is
  // tally::ValidateSample's, tested in tests/tally/sample_test.cc.)
  EXPECT_THAT(Load(Minimal("forms:\n", "sample:\n  beacon_source: x\n  strata:\n"
                                       "    - {group: staff}\nforms:\n")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("size")));
  EXPECT_THAT(Load(Minimal("forms:\n", "sample:\n  strata:\n"
                                       "    - {group: staff, size: 3}\nforms:\n")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("beacon_source")));
}

TEST_F(SpecLoaderTest, JsonSpecLoadsLikeYaml) {
  const std::string json = R"({
  "title": "某县2026年度科级领导干部民主推荐会",
  "unit": "中共某县委组织部",
  "description": "推荐结果作为重要参考",
  "locale": "en",
  "roll": "voters.csv",
  "groups": [{"id": "leaders", "name": "领导班子成员"},
             {"id": "staff", "name": "一般干部"}],
  "forms": [{
    "id": "rec", "title": "民主推荐票", "mode": "anonymous",
    "eligible_groups": ["leaders", "staff"], "overvote": "spoil",
    "questions": [{
      "id": "deputy-head", "title": "副局长人选推荐", "kind": "approval",
      "post": "副局长", "seats": 2, "max_choices": 1, "allow_write_in": true,
      "candidates": [
        {"id": "c1", "name": "张三", "current_post": "办公室主任",
         "note": "2024年度优秀"},
        {"id": "c2", "name": "李四"}]
    }]
  }]
})";
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       LoadMeetingSpec(Write("meeting.json", json)));
  ExpectProtoEq(meeting.spec, kFullSpecProto);
}

TEST_F(SpecLoaderTest, JsonTypeErrorsAreLocatedToo) {
  const std::string json =
      "{\"title\": \"t\", \"unit\": \"u\", \"roll\": \"voters.csv\",\n"
      " \"groups\": [{\"id\": \"g\", \"name\": \"n\"}],\n"
      " \"forms\": \"rec\"}\n";
  EXPECT_THAT(LoadMeetingSpec(Write("meeting.json", json)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.json:3:11: forms: expected a list, "
                                 "got \"rec\"")));
}

TEST_F(SpecLoaderTest, UnknownKeyIsLocatedNamedAndListsAllowedKeys) {
  EXPECT_THAT(
      Load(Minimal("    mode: named\n", "    mode: named\n    modee: x\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:10:5: forms[0]: unknown key \"modee\" "
                         "(did you mean \"mode\"?); allowed keys: id, title, "
                         "mode, eligible_groups, overvote, token_key_bits, "
                         "questions")));
}

TEST_F(SpecLoaderTest, UnknownTopLevelKeyHasNoPathPrefix) {
  EXPECT_THAT(Load(Minimal("unit: 组织部\n", "unit: 组织部\nvoters: x\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:3:1: unknown key \"voters\"; "
                                 "allowed keys: title, unit, description, "
                                 "locale, roll, groups, forms")));
}

TEST_F(SpecLoaderTest, ColumnsCountCharactersNotBytes) {
  // The unknown key follows three Chinese characters (9 bytes) on line 17.
  EXPECT_THAT(
      Load(Minimal("{id: c1, name: 张三}", "{id: c1, name: 张三丰, nmae: x}")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:17:33: "
                         "forms[0].questions[0].candidates[0]: "
                         "unknown key \"nmae\" (did you mean "
                         "\"name\"?)")));
}

TEST_F(SpecLoaderTest, DuplicateKeyIsAnError) {
  EXPECT_THAT(
      Load(Minimal("        seats: 1\n",
                   "        seats: 1\n        seats: 2\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:16:9: forms[0].questions[0]: duplicate "
                         "key \"seats\" (first at ")));
}

TEST_F(SpecLoaderTest, BadEnumSpellingListsChoices) {
  EXPECT_THAT(Load(Minimal("mode: named", "mode: secret")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:9:11: forms[0].mode: expected "
                                 "one of named, anonymous; got \"secret\"")));
  EXPECT_THAT(Load(Minimal("kind: approval", "kind: grading")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:13:15: forms[0].questions[0]."
                                 "kind: expected one of approval, graded, "
                                 "decision, element, checklist; got "
                                 "\"grading\"")));
  EXPECT_THAT(Load(Minimal("unit: 组织部\n", "unit: 组织部\nlocale: zh\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:3:9: locale: expected one of "
                                 "zh-CN, en; got \"zh\"")));
}

TEST_F(SpecLoaderTest, MissingTitleIsReported) {
  EXPECT_THAT(Load(Minimal("title: 推荐会\n", "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:1:1: missing required key "
                                 "\"title\"")));
}

TEST_F(SpecLoaderTest, MissingModeHasNoDefault) {
  EXPECT_THAT(Load(Minimal("    mode: named\n", "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:7:5: forms[0]: missing "
                                 "required key \"mode\"")));
}

TEST_F(SpecLoaderTest, EmptyRequiredStringIsLocatedAtItsKey) {
  EXPECT_THAT(Load(Minimal("title: 推荐会", "title:")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:1:1: title: must not be "
                                 "empty")));
  EXPECT_THAT(Load(Minimal("name: 张三", "name: \"  \"")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:17:28: forms[0].questions[0]."
                                 "candidates[0].name: must not be empty")));
}

TEST_F(SpecLoaderTest, NonNumericSeatsIsLocated) {
  EXPECT_THAT(Load(Minimal("seats: 1", "seats: abc")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:15:16: forms[0].questions[0]."
                                 "seats: expected a positive integer, got "
                                 "\"abc\"")));
}

TEST_F(SpecLoaderTest, SeatsMustBeAPositiveUnquotedInteger) {
  EXPECT_THAT(Load(Minimal("seats: 1", "seats: 0")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("seats: expected a positive integer, got 0")));
  EXPECT_THAT(Load(Minimal("seats: 1", "seats: -1")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("seats: expected a positive integer")));
  EXPECT_THAT(Load(Minimal("seats: 1", "seats: 010")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("got 010 (no leading zeros)")));
  EXPECT_THAT(
      Load(Minimal("seats: 1", "seats: 4294967296")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("(too large)")));
  EXPECT_THAT(Load(Minimal("seats: 1", "seats: \"1\"")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("got the quoted string \"1\"")));
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       Load(Minimal("seats: 1", "seats: 4294967295")));
  EXPECT_EQ(meeting.spec.forms(0).questions(0).approval().seats(), 4294967295u);
}

TEST_F(SpecLoaderTest, BooleansAreTrueOrFalseOnly) {
  EXPECT_THAT(Load(Minimal("        seats: 1\n",
                           "        seats: 1\n        allow_write_in: yes\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:16:25: forms[0].questions[0]."
                                 "allow_write_in: expected true or false, got "
                                 "\"yes\"")));
}

TEST_F(SpecLoaderTest, WrongNodeTypesAreNamed) {
  EXPECT_THAT(Load(Minimal("title: 推荐会", "title: [a, b]")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:1:8: title: expected a string, "
                                 "got a list")));
  EXPECT_THAT(Load(Minimal("  - {id: staff, name: 干部}", "  - staff")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:5:5: groups[0]: expected a "
                                 "mapping (keys: id, name), got \"staff\"")));
  EXPECT_THAT(Load("- just a list\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:1:1: expected a mapping")));
}

TEST_F(SpecLoaderTest, EmptyListsAreRefused) {
  EXPECT_THAT(
      Load(Minimal("groups:\n  - {id: staff, name: 干部}\n", "groups: []\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:4:9: groups: must list at "
                         "least one entry")));
  EXPECT_THAT(
      Load(Minimal("        candidates:\n          - {id: c1, name: 张三}\n",
                   "        candidates: []\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:16:21: forms[0].questions[0]."
                         "candidates: must list at least one entry")));
}

TEST_F(SpecLoaderTest, YamlSyntaxErrorIsLocated) {
  EXPECT_THAT(
      Load(Minimal("seats: 1", "seats: [1")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:16:19: YAML syntax error: end of "
                         "sequence flow not found")));
}

TEST_F(SpecLoaderTest, InvalidUtf8IsLocated) {
  // "组" in GBK, as an editor set to the Windows code page saves it.
  EXPECT_THAT(Load(Minimal("unit: 组织部", "unit: \xD7\xE9织部")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:2:7: not valid UTF-8")));
}

TEST_F(SpecLoaderTest, BomAndCrlfAreAccepted) {
  std::string crlf;
  for (char c : std::string(kMinimalSpec)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, Load("\xEF\xBB\xBF" + crlf));
  EXPECT_EQ(meeting.spec.title(), "推荐会");
  // Line numbers still count CRLF once.
  EXPECT_THAT(
      Load("\xEF\xBB\xBF" + crlf.replace(crlf.find("seats: 1"), 8, "seats: x")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:15:16:")));
}

TEST_F(SpecLoaderTest, EmptyFileIsReported) {
  EXPECT_THAT(Load("# nothing yet\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml: the file is empty")));
}

TEST_F(SpecLoaderTest, SecondYamlDocumentIsRefused) {
  EXPECT_THAT(Load(std::string(kMinimalSpec) + "---\ntitle: x\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only one YAML document")));
}

// yaml-cpp 0.7's LoadAll loops forever, allocating, on a document it cannot
// consume (found by fuzz/spec_loader_fuzzer; fuzz/corpus/spec_loader/
// hang-stray-comma): the loader must answer, with the place.
TEST_F(SpecLoaderTest, StrayCommaIsASyntaxErrorNotAHang) {
  EXPECT_THAT(Load(","), StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("meeting.yaml:1:1: YAML syntax error: unexpected \",\"")));
  EXPECT_THAT(Load("---\n,itler a--"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:2:1: YAML syntax error: unexpected \",\"")));
  EXPECT_THAT(Load(std::string(kMinimalSpec) + ",\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("YAML syntax error")));
}

TEST_F(SpecLoaderTest, RollIsResolvedRelativeToTheSpec) {
  Write("meetings/m1/people.csv", "voter_id,name,group\nv009,王五,staff\n");
  const std::string spec =
      Write("meetings/m1/meeting.yaml",
            Minimal("roll: voters.csv", "roll: people.csv"));
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, LoadMeetingSpec(spec));
  ASSERT_EQ(meeting.roll.voters_size(), 1);
  EXPECT_EQ(meeting.roll.voters(0).id(), "v009");
}

TEST_F(SpecLoaderTest, RollOverrideReplacesTheSpecsRoll) {
  const std::string other =
      Write("other.csv", "voter_id,name,group\nv100,赵六,staff\n");
  // The spec's roll does not exist; the override must win without reading it.
  const std::string spec =
      Write("meeting.yaml", Minimal("roll: voters.csv", "roll: missing.csv"));
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, LoadMeetingSpec(spec, other));
  ASSERT_EQ(meeting.roll.voters_size(), 1);
  EXPECT_EQ(meeting.roll.voters(0).id(), "v100");
  // Without the override the missing roll is reported where it is named.
  EXPECT_THAT(LoadMeetingSpec(spec),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("meeting.yaml:3:7: roll: cannot open")));
}

TEST_F(SpecLoaderTest, RollOverrideAllowsSpecWithoutRoll) {
  const std::string spec =
      Write("meeting.yaml", Minimal("roll: voters.csv\n", ""));
  EXPECT_OK(LoadMeetingSpec(spec, (dir_ / "voters.csv").string()));
  EXPECT_THAT(LoadMeetingSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("missing required key \"roll\"")));
}

TEST_F(SpecLoaderTest, RollErrorsNameTheRollFile) {
  Write("voters.csv", "voter_id,name,group\nv001,张三,\n");
  EXPECT_THAT(Load(kMinimalSpec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2, column 3 (group): empty "
                                 "value")));
}

TEST_F(SpecLoaderTest, MissingSpecIsNotFound) {
  EXPECT_THAT(LoadMeetingSpec((dir_ / "nope.yaml").string()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope.yaml")));
}

// --- Graded questions (rules C2, D2, D3, S-1, S-4) -------------------------

TEST_F(SpecLoaderTest, GradedQuestionWithListedScaleLoads_C2) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, Load(kGradedSpec));
  ASSERT_EQ(meeting.spec.forms_size(), 1);
  ASSERT_EQ(meeting.spec.forms(0).questions_size(), 1);
  ExpectProtoEq(meeting.spec.forms(0).questions(0), R"pb(
    id: "competency"
    title: "新提拔干部民主测评"
    graded {
      subjects { id: "p1" name: "张三" current_post: "副局长" }
      scale { id: "competent" label: "胜任" }
      scale { id: "basic" label: "基本胜任" }
      scale { id: "incompetent" label: "不胜任" }
      scale { id: "unknown" label: "不了解" dont_know: true }
    }
  )pb");
}

// A named scale is written out grade by grade, so that the stored spec says
// exactly what voters saw; `dont_know: true` appends 不了解.
struct NamedScale {
  std::string name;
  std::string scale;     // the YAML lines replacing the listed scale
  std::string expected;  // the GradedQuestion's scale in text format
};

class NamedScaleTest : public SpecLoaderTest,
                       public ::testing::WithParamInterface<NamedScale> {};

TEST_P(NamedScaleTest, IsWrittenOutGradeByGrade_C2) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       Load(Graded(kGradedScale, GetParam().scale)));
  v1::GradedQuestion expected;
  *expected.add_subjects() =
      meeting.spec.forms(0).questions(0).graded().subjects(0);
  ASSERT_TRUE(google::protobuf::TextFormat::MergeFromString(GetParam().expected,
                                                            &expected));
  ExpectProtoEq(meeting.spec.forms(0).questions(0).graded(),
                expected.DebugString());
}

INSTANTIATE_TEST_SUITE_P(
    Presets, NamedScaleTest,
    ::testing::
        Values(
            NamedScale{
                "Competency_S1", "        scale: competency\n",
                R"pb(scale { id: "competent" label: "胜任" }
                     scale { id: "basic" label: "基本胜任" }
                     scale { id: "incompetent" label: "不胜任" })pb"},
            NamedScale{"CompetencyWithDontKnow_S1",
                       "        scale: competency\n        dont_know: true\n",
                       R"pb(scale { id: "competent" label: "胜任" }
                            scale { id: "basic" label: "基本胜任" }
                            scale { id: "incompetent" label: "不胜任" }
                            scale {
                              id: "unknown"
                              label: "不了解"
                              dont_know: true
                            })pb"},
            NamedScale{
                "AnnualReview_C2", "        scale: annual_review\n",
                R"pb(scale { id: "excellent" label: "优秀" }
                     scale { id: "competent" label: "称职" }
                     scale { id: "basic" label: "基本称职" }
                     scale { id: "incompetent" label: "不称职" })pb"},
            NamedScale{"SatisfactionWithDontKnow_S4_D3",
                       "        dont_know: true\n        scale: satisfaction\n",
                       R"pb(scale { id: "satisfied" label: "满意" }
                            scale { id: "basic" label: "基本满意" }
                            scale { id: "dissatisfied" label: "不满意" }
                            scale {
                              id: "unknown"
                              label: "不了解"
                              dont_know: true
                            })pb"},
            NamedScale{
                "DontKnowFalseAppendsNothing",
                "        scale: \"satisfaction\"\n        dont_know: false\n",
                R"pb(scale { id: "satisfied" label: "满意" }
                     scale { id: "basic" label: "基本满意" }
                     scale { id: "dissatisfied" label: "不满意" })pb"}),
    [](const ::testing::TestParamInfo<NamedScale>& info) {
      return info.param.name;
    });

TEST_F(SpecLoaderTest, UnknownNamedScaleListsTheNames) {
  EXPECT_THAT(
      Load(Graded(kGradedScale, "        scale: competence\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:16:16: forms[0].questions[0].scale: "
                         "expected a list of grades or a named scale "
                         "(competency, annual_review, satisfaction); got "
                         "\"competence\"")));
  EXPECT_THAT(
      Load(Graded(kGradedScale, "        scale: {id: a, label: b}\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("forms[0].questions[0].scale: expected a list of "
                         "grades or a named scale (competency, annual_review, "
                         "satisfaction); got a mapping")));
  EXPECT_THAT(Load(Graded(kGradedScale, "        scale: []\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:16:16: forms[0].questions[0]."
                                 "scale: must list at least one entry")));
}

TEST_F(SpecLoaderTest, DontKnowBesideAListedScaleIsAnError) {
  EXPECT_THAT(
      Load(Graded("        kind: graded\n",
                  "        kind: graded\n        dont_know: true\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:14:20: forms[0].questions[0].dont_know: "
                         "applies to a named scale only")));
}

TEST_F(SpecLoaderTest, DontKnowMustBeABoolean) {
  EXPECT_THAT(
      Load(Graded(kGradedScale,
                  "        scale: competency\n        dont_know: yes\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:17:20: forms[0].questions[0].dont_know: "
                         "expected true or false, got \"yes\"")));
  EXPECT_THAT(
      Load(Graded("不了解, dont_know: true}", "不了解, dont_know: 1}")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:20:50: forms[0].questions[0].scale[3]."
                         "dont_know: expected true or false, got \"1\"")));
}

TEST_F(SpecLoaderTest, ApprovalKeyOnAGradedQuestionIsNamed) {
  EXPECT_THAT(
      Load(Graded("        kind: graded\n",
                  "        kind: graded\n        seats: 1\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:14:9: forms[0].questions[0]: key "
                         "\"seats\" is for approval questions, not graded "
                         "ones; allowed keys: id, title, kind, subjects, "
                         "scale, dont_know")));
  // Even before the kind: the keys are checked once the kind is known.
  EXPECT_THAT(
      Load(Graded("      - id: competency\n",
                  "      - id: competency\n        candidates: []\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:12:9: forms[0].questions[0]: key "
                         "\"candidates\" is for approval questions")));
}

TEST_F(SpecLoaderTest, GradedKeyOnAnApprovalQuestionIsNamed) {
  EXPECT_THAT(
      Load(Minimal("        seats: 1\n",
                   "        seats: 1\n        scale: competency\n")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("meeting.yaml:16:9: forms[0].questions[0]: key "
                         "\"scale\" is for graded questions, not approval "
                         "ones; allowed keys: id, title, kind, post, seats, "
                         "max_choices, allow_write_in, candidates")));
  EXPECT_THAT(Load(Minimal("{id: c1, name: 张三}",
                           "{id: c1, name: 张三, dont_know: true}")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("forms[0].questions[0].candidates[0]: "
                                 "unknown key \"dont_know\"")));
}

TEST_F(SpecLoaderTest, TyposInGradedKeysAreSuggested) {
  EXPECT_THAT(Load(Graded("        subjects:\n", "        subject:\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:14:9: forms[0].questions[0]: "
                                 "unknown key \"subject\" (did you mean "
                                 "\"subjects\"?); allowed keys: id, title, "
                                 "kind, subjects, scale, dont_know")));
  EXPECT_THAT(Load(Graded("{id: competent, label: 胜任}",
                          "{id: competent, lable: 胜任}")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:17:29: forms[0].questions[0]."
                                 "scale[0]: unknown key \"lable\" (did you "
                                 "mean \"label\"?); allowed keys: id, label, "
                                 "dont_know")));
}

TEST_F(SpecLoaderTest, GradedRequiredKeysAndStrings) {
  EXPECT_THAT(Load(Graded(kGradedScale, "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:11:9: forms[0].questions[0]: "
                                 "missing required key \"scale\"")));
  EXPECT_THAT(Load(Graded("        subjects:\n          - {id: p1, name: 张三, "
                          "current_post: 副局长}\n",
                          "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("forms[0].questions[0]: missing required key "
                                 "\"subjects\"")));
  EXPECT_THAT(Load(Graded("        subjects:\n          - {id: p1, name: 张三, "
                          "current_post: 副局长}\n",
                          "        subjects: []\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:14:19: forms[0].questions[0]."
                                 "subjects: must list at least one entry")));
  EXPECT_THAT(Load(Graded("label: 基本胜任", "label: \"\"")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("meeting.yaml:18:32: forms[0].questions[0]."
                                 "scale[1].label: must not be empty")));
  EXPECT_THAT(Load(Graded("name: 张三", "name:")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("forms[0].questions[0].subjects[0].name: "
                                 "must not be empty")));
}

TEST_F(SpecLoaderTest, ScaleSizeIsLeftToTheServersValidator) {
  // Structure only: a one-grade scale loads here and is refused by
  // tally::ValidateSpec (tests/tally/spec_test.cc), which sees every spec.
  ASSERT_OK_AND_ASSIGN(
      LoadedMeeting meeting,
      Load(Graded(kGradedScale,
                  "        scale:\n          - {id: a, label: 甲}\n")));
  EXPECT_EQ(meeting.spec.forms(0).questions(0).graded().scale_size(), 1);
}

TEST_F(SpecLoaderTest, JsonGradedQuestionLoadsLikeYaml) {
  const std::string json = R"({
  "title": "测评会", "unit": "组织部", "roll": "voters.csv",
  "groups": [{"id": "staff", "name": "干部"}],
  "forms": [{
    "id": "assess", "title": "民主测评表", "mode": "anonymous",
    "questions": [{
      "id": "competency", "title": "新提拔干部民主测评", "kind": "graded",
      "subjects": [{"id": "p1", "name": "张三", "current_post": "副局长"}],
      "scale": [{"id": "competent", "label": "胜任"},
                {"id": "basic", "label": "基本胜任"},
                {"id": "incompetent", "label": "不胜任"},
                {"id": "unknown", "label": "不了解", "dont_know": true}]
    }]
  }]
})";
  ASSERT_OK_AND_ASSIGN(LoadedMeeting from_json,
                       LoadMeetingSpec(Write("meeting.json", json)));
  ASSERT_OK_AND_ASSIGN(LoadedMeeting from_yaml, Load(kGradedSpec));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      from_json.spec, from_yaml.spec))
      << from_json.spec.DebugString();
}

// The examples in docs/spec-format.md must stay loadable: every ```yaml and
// ```json block there is a complete spec.
TEST_F(SpecLoaderTest, DocumentedExamplesLoad) {
  ASSERT_OK_AND_ASSIGN(
      std::string doc,
      ReadFileToString(GONGXIN_DOCS_DIR "/spec-format.md", 1 << 20));
  Write("voters.csv",
        "voter_id,name,group\nv001,张三,leaders\nv002,李四,middle\n"
        "v003,王五,staff\n");
  int loaded = 0, graded = 0;
  for (const std::string fence : {"```yaml\n", "```json\n"}) {
    for (size_t start = doc.find(fence); start != std::string::npos;
         start = doc.find(fence, start + 1)) {
      const size_t body = start + fence.size();
      const std::string example =
          doc.substr(body, doc.find("```", body) - body);
      SCOPED_TRACE(example);
      absl::StatusOr<LoadedMeeting> meeting =
          LoadMeetingSpec(Write("example.yaml", example));
      EXPECT_OK(meeting);
      ++loaded;
      if (!meeting.ok()) continue;
      for (const v1::Form& form : meeting->spec.forms()) {
        for (const v1::Question& q : form.questions()) graded += q.has_graded();
      }
    }
  }
  EXPECT_GE(loaded, 2);
  // The documented graded example shows a listed scale and a named one.
  EXPECT_GE(graded, 2);
}


// --- Counting rules (rules A2, A4, A7, B1, C3, C5, S-1, S-5) ----------------

constexpr char kRulesSpec[] = R"(title: 规则
unit: 某县
roll: voters.csv
quorum: {fraction: 1/2, comparator: gt}
min_group_size: 3
groups:
  - {id: leaders, name: 领导班子}
  - {id: staff, name: 一般干部}
forms:
  - id: rec
    title: 推荐票
    mode: named
    weights: {leaders: 40, staff: 60}
    quorum: none
    questions:
      - id: q
        title: 副局长
        kind: approval
        post: 副局长
        seats: 1
        shortlist: "1:3"
        min_vote_rate: 10%
        min_vote_rate_basis: present
        rate_basis: valid
        candidates: [{id: c1, name: 甲}, {id: c2, name: 乙}]
  - id: assess
    title: 测评表
    mode: anonymous
    rules:
      - preset: S-1
      - preset: C3-beijing-2001
        fraction: 1/4
        question: review
      - id: X-1
        text: 优秀率低于一半
        text_en: excellent below half
        measure: excellent
        comparator: lt
        fraction: 1/2
        basis: assessed
        flag: low-excellent
        kind: veto
    questions:
      - id: comp
        title: 胜任度
        kind: graded
        scale: competency
        subjects: [{id: s1, name: 张三}]
      - id: review
        title: 年度考核
        kind: graded
        scale: annual_review
        rate_basis: assessed
        satisfaction: score
        scores: {excellent: 100, competent: 80, basic: 60, incompetent: 0}
        subjects: [{id: s1, name: 张三}]
)";

TEST_F(SpecLoaderTest, ReadsRulesQuorumWeightsAndShortlistAndExpandsPresets) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting m, Load(kRulesSpec));
  const v1::MeetingSpec& spec = m.spec;
  EXPECT_EQ(spec.quorum().fraction().num(), 1u);
  EXPECT_EQ(spec.quorum().fraction().den(), 2u);
  EXPECT_EQ(spec.quorum().comparator(), v1::COMPARATOR_GT);
  EXPECT_EQ(spec.min_group_size(), 3u);
  const v1::Form& rec = spec.forms(0);
  EXPECT_TRUE(rec.quorum().disabled());
  ASSERT_EQ(rec.group_weights_size(), 2);
  EXPECT_EQ(rec.group_weights(1).group(), "staff");
  EXPECT_EQ(rec.group_weights(1).weight(), 60u);
  const v1::ApprovalQuestion& a = rec.questions(0).approval();
  EXPECT_EQ(a.shortlist_ratio(), 3u);
  EXPECT_EQ(a.min_vote_rate().num(), 10u);
  EXPECT_EQ(a.min_vote_rate().den(), 100u);
  EXPECT_EQ(a.min_vote_rate_basis(), v1::RATE_BASIS_PRESENT);
  EXPECT_EQ(a.rate_basis(), v1::RATE_BASIS_VALID);
  const v1::Form& assess = spec.forms(1);
  // S-1 → S-1a, S-1b; the Beijing preset with its fraction; X-1 as written.
  ASSERT_EQ(assess.rules_size(), 4);
  EXPECT_EQ(assess.rules(0).rule_id(), "S-1a");
  EXPECT_EQ(assess.rules(1).rule_id(), "S-1b");
  EXPECT_EQ(assess.rules(2).rule_id(), "C3-beijing-2001");
  EXPECT_EQ(assess.rules(2).fraction().den(), 4u);
  EXPECT_EQ(assess.rules(2).question_id(), "review");
  EXPECT_EQ(assess.rules(3).measure(), v1::MEASURE_EXCELLENT);
  EXPECT_EQ(assess.rules(3).kind(), v1::FLAG_KIND_VETO);
  EXPECT_EQ(assess.rules(3).basis(), v1::RATE_BASIS_ASSESSED);
  EXPECT_EQ(assess.rules(3).text_en(), "excellent below half");
  const v1::GradedQuestion& review = assess.questions(1).graded();
  EXPECT_EQ(review.satisfaction_formula(), v1::SATISFACTION_FORMULA_SCORE);
  EXPECT_EQ(review.rate_basis(), v1::RATE_BASIS_ASSESSED);
  EXPECT_EQ(review.scale(1).score(), 80u);
  EXPECT_TRUE(review.scale(3).has_score());
  EXPECT_EQ(review.scale(3).score(), 0u);
}

TEST_F(SpecLoaderTest, UnknownPresetIsRefusedWithTheKnownNames) {
  std::string spec = kRulesSpec;
  spec.replace(spec.find("preset: S-1"), 11, "preset: S-7");
  EXPECT_THAT(Load(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr("forms[1].rules[0].preset"),
                                         HasSubstr("unknown preset \"S-7\""),
                                         HasSubstr("C3-probation"))));
}

TEST_F(SpecLoaderTest, APresetReferenceTakesNoOtherRuleKeys) {
  std::string spec = kRulesSpec;
  spec.replace(spec.find("      - preset: S-1\n"), 20,
               "      - preset: S-1\n        comparator: gt\n");
  EXPECT_THAT(Load(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                   HasSubstr("a preset reference takes only")));
}

TEST_F(SpecLoaderTest, MalformedFractionAndShortlistAreRefusedWithTheirPlace) {
  std::string spec = kRulesSpec;
  spec.replace(spec.find("min_vote_rate: 10%"), 18, "min_vote_rate: ten");
  EXPECT_THAT(Load(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("min_vote_rate"), HasSubstr("expected a fraction"))));
  spec = kRulesSpec;
  spec.replace(spec.find("shortlist: \"1:3\""), 16, "shortlist: \"3:1\"");
  EXPECT_THAT(Load(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                   HasSubstr("expected a differential ratio")));
}

// The sample the README demo runs must keep loading, and its scripted
// ballots must keep matching it.
TEST(SampleMeetingTest, SampleSpecRollAndBallotsAgree) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting,
                       LoadMeetingSpec(GONGXIN_SAMPLE_DIR "/meeting.yaml"));
  const v1::MeetingSpec& spec = meeting.spec;
  EXPECT_EQ(spec.groups_size(), 3);
  ASSERT_EQ(spec.forms_size(), 3);
  EXPECT_EQ(spec.forms(0).mode(), v1::FORM_MODE_NAMED);
  EXPECT_EQ(spec.forms(0).questions_size(), 2);
  // A 1:3 shortlist (rules A2, S-8) on the deputy head.
  EXPECT_EQ(spec.forms(0).questions(0).approval().shortlist_ratio(), 3u);
  // The anonymous competency assessment under preset S-1, spelled out.
  EXPECT_EQ(spec.forms(1).mode(), v1::FORM_MODE_ANONYMOUS);
  ASSERT_EQ(spec.forms(1).rules_size(), 2);
  EXPECT_EQ(spec.forms(1).rules(0).rule_id(), "S-1a");
  EXPECT_EQ(spec.forms(1).rules(0).preset(), "S-1");
  // The anonymous satisfaction evaluation (一报告两评议) after it.
  EXPECT_EQ(spec.forms(2).mode(), v1::FORM_MODE_ANONYMOUS);
  ASSERT_EQ(spec.forms(2).questions_size(), 1);
  const v1::GradedQuestion& work = spec.forms(2).questions(0).graded();
  std::set<std::string> grades;
  for (const v1::Grade& grade : work.scale()) grades.insert(grade.id());
  EXPECT_EQ(meeting.roll.voters_size(), 30);

  std::set<std::string> groups;
  for (const v1::VoterGroup& g : spec.groups()) groups.insert(g.id());
  std::set<std::string> voters;
  for (const v1::Voter& v : meeting.roll.voters()) {
    EXPECT_TRUE(groups.count(v.group())) << v.id() << " " << v.group();
    voters.insert(v.id());
  }

  // ballots.csv: voter_id,question_id,choices (';'-separated),write_in.
  ASSERT_OK_AND_ASSIGN(
      std::string ballots,
      ReadFileToString(GONGXIN_SAMPLE_DIR "/ballots.csv", 1 << 20));
  std::vector<std::string> lines =
      absl::StrSplit(ballots, '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "voter_id,question_id,choices,write_in");
  std::map<std::string, const v1::Question*> questions;
  for (const v1::Question& q : spec.forms(0).questions()) {
    questions[q.id()] = &q;
  }
  std::set<std::pair<std::string, std::string>> answered;
  int blank = 0, write_ins = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    std::vector<std::string> f = absl::StrSplit(lines[i], ',');
    ASSERT_EQ(f.size(), 4u);
    EXPECT_TRUE(voters.count(f[0]));
    ASSERT_TRUE(questions.count(f[1]));
    EXPECT_TRUE(answered.insert({f[0], f[1]}).second) << "answered twice";
    const v1::ApprovalQuestion& a = questions[f[1]]->approval();
    std::vector<std::string> choices =
        absl::StrSplit(f[2], ';', absl::SkipEmpty());
    EXPECT_LE(choices.size(), a.max_choices());
    for (const std::string& c : choices) {
      bool listed = false;
      for (const v1::Candidate& cand : a.candidates()) listed |= cand.id() == c;
      EXPECT_TRUE(listed) << c;
    }
    if (!f[3].empty()) {
      EXPECT_TRUE(a.allow_write_in());
      ++write_ins;
    }
    if (choices.empty() && f[3].empty()) ++blank;
  }
  // satisfaction.csv: voter_id,grade — every voter once, grades from the
  // scale or empty (a blank evaluation).
  ASSERT_OK_AND_ASSIGN(std::string sat,
                       ReadFileToString(GONGXIN_SAMPLE_DIR "/satisfaction.csv", 1 << 20));
  std::vector<std::string> sat_lines = absl::StrSplit(sat, '\n', absl::SkipEmpty());
  ASSERT_EQ(sat_lines.size(), 31u);
  EXPECT_EQ(sat_lines[0], "voter_id,grade");
  std::set<std::string> evaluated;
  for (size_t i = 1; i < sat_lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(sat_lines[i], ',');
    ASSERT_EQ(f.size(), 2u) << sat_lines[i];
    EXPECT_TRUE(voters.count(f[0])) << f[0];
    EXPECT_TRUE(evaluated.insert(f[0]).second) << f[0] << " twice";
    EXPECT_TRUE(f[1].empty() || grades.count(f[1])) << f[1];
  }
  // assessment.csv: voter_id,a1,a2 — every voter once, grades from the
  // competency scale or empty.
  ASSERT_OK_AND_ASSIGN(std::string assessment,
                       ReadFileToString(GONGXIN_SAMPLE_DIR "/assessment.csv", 1 << 20));
  std::vector<std::string> assessment_lines =
      absl::StrSplit(assessment, '\n', absl::SkipEmpty());
  ASSERT_EQ(assessment_lines.size(), 31u);
  EXPECT_EQ(assessment_lines[0], "voter_id,a1,a2");
  std::set<std::string> competency;
  for (const v1::Grade& grade : spec.forms(1).questions(0).graded().scale()) {
    competency.insert(grade.id());
  }
  for (size_t i = 1; i < assessment_lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(assessment_lines[i], ',');
    ASSERT_EQ(f.size(), 3u) << assessment_lines[i];
    EXPECT_TRUE(voters.count(f[0])) << f[0];
    for (int k : {1, 2}) EXPECT_TRUE(f[k].empty() || competency.count(f[k])) << f[k];
  }
  // Every voter answers every question: 30 ballots.
  EXPECT_EQ(answered.size(), 30u * questions.size());
  EXPECT_GE(blank, 1);
  EXPECT_LE(blank, 2);
  EXPECT_EQ(write_ins, 1);
}

// Rules B1–B7, D4, S-6, S-7: the three further kinds, as
// docs/spec-format.md shows them.
constexpr char kKindsSpec[] =
    "title: 常委会\n"
    "unit: 县委\n"
    "roll: voters.csv\n"
    "groups:\n"
    "  - {id: staff, name: 干部}\n"
    "forms:\n"
    "  - id: vote\n"
    "    title: 表决票\n"
    "    mode: named\n"
    "    questions:\n"
    "      - id: q1\n"
    "        title: 任职表决\n"
    "        kind: decision\n"
    "        allow_defer: true\n"
    "        quorum: \">= 2/3\"\n"
    "        pass: \"> 1/2\"\n"
    "        pass_basis: due\n"
    "        candidates:\n"
    "          - {id: c1, name: 张三, current_post: 副局长, proposed_post: 局长, recused: [v001]}\n"
    "      - id: q2\n"
    "        title: 差额票决\n"
    "        kind: decision\n"
    "        competitive: true\n"
    "        max_agree: 1\n"
    "        post: 局长\n"
    "        candidates:\n"
    "          - {id: a, name: 甲}\n"
    "          - {id: b, name: 乙}\n"
    "  - id: best\n"
    "    title: 要素推荐表\n"
    "    mode: anonymous\n"
    "    questions:\n"
    "      - id: e1\n"
    "        title: 最优要素\n"
    "        kind: element\n"
    "        elements:\n"
    "          - {id: morals, label: 道德品行最好}\n"
    "        candidates:\n"
    "          - {id: p1, name: 甲}\n"
    "      - id: k1\n"
    "        title: 正反向测评\n"
    "        kind: checklist\n"
    "        subjects:\n"
    "          - {id: p1, name: 甲}\n"
    "        items:\n"
    "          - {id: firm, label: 政治坚定, polarity: positive}\n"
    "          - {id: lax, label: 作风漂浮, polarity: negative}\n";

TEST_F(SpecLoaderTest, DecisionElementAndChecklistQuestionsLoad) {
  ASSERT_OK_AND_ASSIGN(LoadedMeeting meeting, Load(kKindsSpec));
  ExpectProtoEq(meeting.spec.forms(0).questions(0), R"pb(
    id: "q1" title: "任职表决"
    decision {
      allow_defer: true
      quorum { numerator: 2 denominator: 3 inclusive: true }
      pass { numerator: 1 denominator: 2 inclusive: false }
      pass_basis: DECISION_BASIS_DUE
      candidates {
        id: "c1" name: "张三" current_post: "副局长" proposed_post: "局长"
        recused_voter_ids: "v001"
      }
    })pb");
  const v1::DecisionQuestion& q2 = meeting.spec.forms(0).questions(1).decision();
  EXPECT_TRUE(q2.competitive());
  EXPECT_EQ(q2.max_agree(), 1u);
  EXPECT_EQ(q2.post(), "局长");
  ExpectProtoEq(meeting.spec.forms(1).questions(0), R"pb(
    id: "e1" title: "最优要素"
    element {
      elements { id: "morals" label: "道德品行最好" }
      candidates { id: "p1" name: "甲" }
    })pb");
  const v1::ChecklistQuestion& k1 = meeting.spec.forms(1).questions(1).checklist();
  ASSERT_EQ(k1.items_size(), 2);
  EXPECT_EQ(k1.items(1).polarity(), v1::ITEM_POLARITY_NEGATIVE);
}

TEST_F(SpecLoaderTest, DecisionRefusesWriteInsAndFractionsWithoutAComparison) {
  EXPECT_THAT(Load(Replace(kKindsSpec, "        allow_defer: true\n",
                           "        allow_write_in: true\n")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("key \"allow_write_in\" is for approval questions, not "
                                 "decision ones")));
  EXPECT_THAT(Load(Replace(kKindsSpec, "\">= 2/3\"", "2/3")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("meeting.yaml:15:"), HasSubstr("forms[0].questions[0].quorum"),
                             HasSubstr("comparison"))));
  EXPECT_THAT(Load(Replace(kKindsSpec, "polarity: negative", "polarity: bad")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("positive, negative")));
  // Recusal and the proposed post belong to decision candidates only.
  EXPECT_THAT(Load(Replace(kKindsSpec, "{id: p1, name: 甲}", "{id: p1, name: 甲, recused: [v001]}")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"recused\" is for candidates of a decision question")));
}

}  // namespace
}  // namespace gongxin::client
