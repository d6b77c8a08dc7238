// The block that ties a printed page to the ledger: the signed head (size,
// hash, signature and the exact signed text), the server key it verifies
// under, the count's own entry, and the transparency checkpoint.
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {

void AppendLedgerTie(const Context& c, const LedgerTie& tie, Block* out) {
  Block& section = AddSection(out, "", c.m.ledger_heading);
  section.id = "ledger";
  std::vector<Fact> facts;
  if (!tie.verification_code.empty()) {
    facts.push_back({c.m.verification_code, tie.verification_code, true});
  }
  facts.insert(facts.end(), {
      {c.m.meeting_id, tie.head.meeting_id(), false},
      {c.m.ledger_size, absl::StrCat(tie.head.size()), false},
      {c.m.head_hash, GroupedHex(tie.head.head_hash()), true},
      {c.m.head_signature, GroupedHex(tie.head.signature()), true},
  });
  if (!tie.server_public_key.empty()) {
    facts.push_back({c.m.server_key, GroupedHex(tie.server_public_key), true});
  }
  if (!tie.count_entry_hash.empty()) {
    facts.push_back({absl::Substitute(c.m.count_entry, tie.count_seq),
                     GroupedHex(tie.count_entry_hash), true});
  }
  AddFacts(&section, std::move(facts));
  // The exact texts, verbatim, each under its own heading.
  auto verbatim = [&](const char* heading, const char* role, const std::string& text) {
    if (text.empty()) return;
    Block& part = AddSection(&section, "", heading);
    Block pre;
    pre.kind = Block::Kind::kPre;
    pre.role = role;
    pre.text = text;
    part.children.push_back(std::move(pre));
  };
  verbatim(c.m.signed_text, "note signed-text", tie.signed_text);
  verbatim(c.m.checkpoint, "note checkpoint", tie.checkpoint_note);
  if (!tie.verification_code.empty()) {
    AddParagraph(&section, "small", c.m.verification_code_howto);
  }
  AddParagraph(&section, "small", c.m.ledger_howto);
}

}  // namespace gongxin::report::sections
