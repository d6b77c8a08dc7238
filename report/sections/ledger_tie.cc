// The block that ties a printed page to the ledger: the signed head (size,
// hash, signature and the exact signed text), the server key it verifies
// under, the count's own entry, and the transparency checkpoint.
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {

void AppendLedgerTie(const Context& c, const LedgerTie& tie, std::string* out) {
  absl::StrAppend(out, "<section id=\"ledger\">\n<h2>", Escape(c.m.ledger_heading), "</h2>\n");
  std::vector<Fact> facts = {
      {c.m.meeting_id, tie.head.meeting_id(), false},
      {c.m.ledger_size, absl::StrCat(tie.head.size()), false},
      {c.m.head_hash, GroupedHex(tie.head.head_hash()), true},
      {c.m.head_signature, GroupedHex(tie.head.signature()), true},
  };
  if (!tie.server_public_key.empty()) {
    facts.push_back({c.m.server_key, GroupedHex(tie.server_public_key), true});
  }
  if (!tie.count_entry_hash.empty()) {
    facts.push_back({absl::Substitute(c.m.count_entry, tie.count_seq),
                     GroupedHex(tie.count_entry_hash), true});
  }
  AppendFacts(facts, out);
  if (!tie.signed_text.empty()) {
    absl::StrAppend(out, "<h3>", Escape(c.m.signed_text), "</h3>\n<pre class=\"note signed-text\">",
                    Escape(tie.signed_text), "</pre>\n");
  }
  if (!tie.checkpoint_note.empty()) {
    absl::StrAppend(out, "<h3>", Escape(c.m.checkpoint), "</h3>\n<pre class=\"note checkpoint\">",
                    Escape(tie.checkpoint_note), "</pre>\n");
  }
  absl::StrAppend(out, "<p class=\"small\">", Escape(c.m.ledger_howto), "</p>\n</section>\n");
}

}  // namespace gongxin::report::sections
