// A small meeting spec and roll written to disk, for tests that drive the CLI.
#ifndef GONGXIN_TESTS_E2E_MEETING_FILES_H_
#define GONGXIN_TESTS_E2E_MEETING_FILES_H_

#include <fstream>
#include <string>

#include "absl/strings/str_format.h"

namespace gongxin::testing {

// Form "rec" with question "head" (1 seat of c1..c3, write-ins allowed) and
// "deputy" (2 seats of d1..d4); `voters` voters v001.., groups leaders/staff.
inline void WriteMeetingFiles(const std::string& dir, int voters) {
  std::ofstream(dir + "/meeting.yaml") << R"(title: 测试县民主推荐会
unit: 中共测试县委组织部
roll: voters.csv
groups:
  - {id: leaders, name: 领导班子成员}
  - {id: staff, name: 一般干部}
forms:
  - id: rec
    title: 民主推荐票
    mode: named
    questions:
      - id: head
        title: 局长人选
        kind: approval
        post: 局长
        seats: 1
        max_choices: 1
        allow_write_in: true
        candidates:
          - {id: c1, name: 张伟}
          - {id: c2, name: 王芳}
          - {id: c3, name: 李娜}
      - id: deputy
        title: 副局长人选
        kind: approval
        post: 副局长
        seats: 2
        max_choices: 2
        candidates:
          - {id: d1, name: 刘洋}
          - {id: d2, name: 陈静}
          - {id: d3, name: 杨磊}
          - {id: d4, name: 赵敏}
)";
  std::ofstream roll(dir + "/voters.csv");
  roll << "\xEF\xBB\xBFvoter_id,name,group\r\n";
  for (int i = 1; i <= voters; ++i) {
    roll << absl::StrFormat("v%03d,投票人%d,%s\r\n", i, i, i <= voters / 3 ? "leaders" : "staff");
  }
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_E2E_MEETING_FILES_H_
