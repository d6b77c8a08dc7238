// The sample meeting with one composite rule from a preset on the named
// recommendation (rec/head: c1, c2, c3) and a count that needs two
// officers' approval: what the officer-input tests of the server and of the
// state machine start from.
#ifndef GONGXIN_TESTS_TESTING_OFFICER_SPEC_H_
#define GONGXIN_TESTS_TESTING_OFFICER_SPEC_H_

#include "absl/status/status.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/composite.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {

inline v1::MeetingSpec OfficerSpec(v1::MeetingSpec spec, const char* rule_id, const char* title,
                                   const char* preset) {
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id(rule_id);
  rule->set_title(title);
  rule->set_preset(preset);
  rule->set_form_id("rec");
  rule->set_question_id("head");
  const absl::Status expanded = tally::ExpandCompositePreset(spec, *rule);
  if (!expanded.ok()) ADD_FAILURE() << "preset " << preset << ": " << expanded;
  spec.set_count_approvals_required(2);
  return spec;
}

// Rule S-2 as shipped ("s2": vote rate, basic quality, commendations).
inline v1::MeetingSpec S2OfficerSpec() {
  return OfficerSpec(SampleSpec(), "s2", "考察人选综合得分", "S-2");
}

// Rule S-3 ("s3": four officer indicators and the pass rate), over the
// sample with both over-vote policies.
inline v1::MeetingSpec S3OfficerSpec() {
  return OfficerSpec(SampleSpec(kBothPolicies), "s3", "考察综合评价", "S-3");
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_OFFICER_SPEC_H_
