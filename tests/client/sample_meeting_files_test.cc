// The sample meeting's files (tests/testing/sample_meeting.h), which the
// end-to-end tests give `gongxin meeting create`, load through the spec
// loader as exactly the meeting the other tests build as a message: one
// sample, however a test reaches it.
#include <ostream>
#include <string>

#include "client/spec_loader.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::SampleOptions;

struct Case {
  std::string name;
  SampleOptions options;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class SampleMeetingFilesTest : public ::testing::TestWithParam<Case> {};

TEST_P(SampleMeetingFilesTest, LoadAsTheSampleSpecAndRoll) {
  testing::TempDir dir;
  testing::WriteSampleMeetingFiles(dir.path(), 7, GetParam().options);
  ASSERT_OK_AND_ASSIGN(LoadedMeeting loaded, LoadMeetingSpec(dir.File("meeting.yaml")));

  std::string differences;
  google::protobuf::util::MessageDifferencer spec_diff;
  spec_diff.ReportDifferencesToString(&differences);
  EXPECT_TRUE(spec_diff.Compare(loaded.spec, testing::SampleSpec(GetParam().options)))
      << differences;
  differences.clear();
  google::protobuf::util::MessageDifferencer roll_diff;
  roll_diff.ReportDifferencesToString(&differences);
  EXPECT_TRUE(roll_diff.Compare(loaded.roll, testing::SampleRoll(7))) << differences;
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, SampleMeetingFilesTest,
    ::testing::Values(Case{"Base", {}},
                      Case{"BothPoliciesAndAssessment", testing::kBothPoliciesAndAssessment},
                      Case{"Satisfaction", {.satisfaction = true}}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace gongxin::client
