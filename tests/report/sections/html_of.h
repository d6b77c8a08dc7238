// The HTML of the blocks a section function added to `root`, rendered at
// the depth a question's section has in a form (headings from h3; `depth`
// 1 for a top-level section, 3 for one inside a question), so the tests
// read the markup the printed report carries.
#ifndef GONGXIN_TESTS_REPORT_SECTIONS_HTML_OF_H_
#define GONGXIN_TESTS_REPORT_SECTIONS_HTML_OF_H_

#include <string>

#include "report/view.h"

namespace gongxin::report::sections {

inline std::string HtmlOf(const Block& root, int depth = 2) {
  std::string out;
  for (const Block& b : root.children) out += RenderBlockHtml(b, depth);
  return out;
}

}  // namespace gongxin::report::sections

#endif  // GONGXIN_TESTS_REPORT_SECTIONS_HTML_OF_H_
