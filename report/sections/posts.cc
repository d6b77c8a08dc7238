// The declared posts (spec.posts) in the result: each post with its seats
// and qualifications (任职资格), so the result is read against the same
// terms the announcement published.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {

void AppendDeclaredPostsResult(const Context& c, Block* out) {
  if (c.spec.posts().empty()) return;
  Block& section = AddSection(out, "", c.m.posts_heading);
  section.id = "posts";
  Block& table = AddTable(&section, "posts");
  table.table.header = {{c.m.post}, {c.m.seats, true}, {c.m.qualifications}};
  for (const v1::Post& post : c.spec.posts()) {
    Row row;
    row.data.push_back({"post", post.id()});
    std::vector<std::string> quals(post.qualifications().begin(), post.qualifications().end());
    row.cells = {{post.title()},
                 {post.seats() > 0 ? absl::StrCat(post.seats()) : "", true},
                 {quals.empty() ? std::string(c.m.none)
                                : absl::StrJoin(quals, c.english ? "; " : "；")}};
    table.table.rows.push_back(std::move(row));
    Record r;
    r.kind = "post";
    r.post = post.id();
    r.name = post.title();
    r.votes = post.seats() > 0 ? absl::StrCat(post.seats()) : "";
    r.grade = absl::StrJoin(quals, "\n");
    table.records.push_back(std::move(r));
  }
}

}  // namespace gongxin::report::sections
