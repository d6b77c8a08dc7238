// Tests of client/form_display.h: every question kind is shown to the voter
// with its options and the flag that answers it.
#include "client/form_display.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace gongxin::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Form KindsForm() {
  v1::Form form;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "vote" title: "表决票" mode: FORM_MODE_NAMED
    questions {
      id: "appoint" title: "任职表决"
      decision {
        allow_defer: true
        candidates { id: "c1" name: "张三" current_post: "副局长" proposed_post: "局长" }
      }
    }
    questions {
      id: "pick" title: "差额票决"
      decision {
        competitive: true post: "办公室主任"
        candidates { id: "a" name: "甲" }
        candidates { id: "b" name: "乙" }
      }
    }
    questions {
      id: "best" title: "最优要素"
      element {
        elements { id: "morals" label: "道德品行最好" }
        candidates { id: "p1" name: "王五" }
      }
    }
    questions {
      id: "check" title: "正反向测评"
      checklist {
        subjects { id: "p1" name: "王五" }
        items { id: "lax" label: "作风漂浮" polarity: ITEM_POLARITY_NEGATIVE }
      }
    })pb",
                                                &form);
  return form;
}

TEST(FormDisplayTest, D4_DecisionRowsShowPostsAndOptionsWithoutAWriteInLine) {
  const std::string zh = FormatForm(KindsForm(), false);
  EXPECT_THAT(zh, HasSubstr("张三 [c1]  副局长 → 局长   □同意  □不同意  □弃权  □缓议"));
  EXPECT_THAT(zh, HasSubstr("不得另提他人"));
  EXPECT_THAT(zh, Not(HasSubstr("另推他人")));
  EXPECT_THAT(zh, HasSubstr("差额票决：办公室主任，每票最多同意 1 人"));
  EXPECT_THAT(zh, HasSubstr("--decide appoint=CANDIDATE:agree|disagree|abstain|defer"));
  EXPECT_THAT(zh, HasSubstr("--decide pick=CANDIDATE:agree[,...]"));
}

TEST(FormDisplayTest, S6_S7_ElementsAndChecklistItemsAreListed) {
  const std::string zh = FormatForm(KindsForm(), false);
  EXPECT_THAT(zh, HasSubstr("道德品行最好 [morals]"));
  EXPECT_THAT(zh, HasSubstr("每个要素限推荐一人"));
  EXPECT_THAT(zh, HasSubstr("□ 作风漂浮 [lax] (反向)"));
  EXPECT_THAT(zh, HasSubstr("--tick check=SUBJECT:ITEM"));
  const std::string en = FormatForm(KindsForm(), true);
  EXPECT_THAT(en, HasSubstr("No write-ins."));
  EXPECT_THAT(en, HasSubstr("(negative)"));
  EXPECT_THAT(en, HasSubstr("One person per element"));
}

}  // namespace
}  // namespace gongxin::client
