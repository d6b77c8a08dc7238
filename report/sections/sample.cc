// A sampled survey's section (spec.sample; tally/sample.h): per group, the
// voters on the roll and those drawn; the public value named in advance,
// its value and the seed once drawn — what anyone needs to redraw it. The
// announcement shows it before the draw, the result after.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"
#include "tally/sample.h"

namespace gongxin::report::sections {

void AppendSample(const Context& c, const v1::SampleInfo& sample, Block* out) {
  if (!c.spec.has_sample()) return;
  Block& section = AddSection(out, "", c.m.sample_heading);
  section.id = "sample";
  AddParagraph(&section, "small", c.m.sample_intro);
  Block& table = AddTable(&section, "sample");
  table.table.header = {{c.m.group}, {c.m.sample_population, true}, {c.m.sample_drawn_count, true}};
  uint64_t population = 0;
  uint64_t participants = 0;
  for (const v1::SampleGroupInfo& g : sample.groups()) {
    const bool whole = tally::FindStratum(c.spec, g.group()) == nullptr;
    Row row;
    row.data.push_back({"group", g.group()});
    row.cells = {{GroupName(c.spec, g.group())},
                 {absl::StrCat(g.population()), true},
                 {whole ? absl::StrCat(g.participants(), " (", c.m.sample_whole, ")")
                        : absl::StrCat(g.participants()),
                  true}};
    table.table.rows.push_back(std::move(row));
    population += g.population();
    participants += g.participants();
    Record r;
    r.kind = "sample";
    r.candidate_id = g.group();
    r.name = GroupName(c.spec, g.group());
    r.votes = absl::StrCat(g.participants());
    r.rate_denominator = absl::StrCat(g.population());
    table.records.push_back(std::move(r));
  }
  Row total;
  total.cells = {{c.m.total}, {absl::StrCat(population), true}, {absl::StrCat(participants), true}};
  table.table.rows.push_back(std::move(total));
  std::vector<Fact> facts = {{c.m.sample_beacon_source, c.spec.sample().beacon_source(), false}};
  if (sample.drawn()) {
    facts.push_back({c.m.sample_beacon, sample.beacon(), false});
    facts.push_back({c.m.sample_seed, Hex(sample.seed()), true});
    facts.push_back({c.m.sample_entry_label, absl::Substitute(c.m.sample_entry, sample.seq()), false});
  }
  AddFacts(&section, std::move(facts));
  if (!sample.drawn()) AddParagraph(&section, "warning", c.m.sample_not_drawn);
}

}  // namespace gongxin::report::sections
