// A real meeting's export for the verifier's tests: the sample meeting on a
// memory store, voters 1..`voters` of a roll of `roll` each casting a
// recommendation ballot (head = c1 for odd voters, c2 for even), closed and
// counted, exported in the export file format.
#ifndef GONGXIN_TESTS_VERIFIER_COUNTED_EXPORT_H_
#define GONGXIN_TESTS_VERIFIER_COUNTED_EXPORT_H_

#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/meeting.h"
#include "storage/memory_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::testing {

struct CountedExport {
  std::unique_ptr<crypto::Ed25519PrivateKey> key;
  std::unique_ptr<storage::Store> store;
  v1::CountResponse counted;
  std::string bytes;  // the export file's bytes
};

// Use with ASSERT_NO_FATAL_FAILURE(MakeCountedExport(...)).
inline void MakeCountedExport(const TempDir& dir, int roll, int voters, CountedExport* out) {
  ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
  out->key = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
  out->store = storage::NewMemoryStore();
  ASSERT_OK_AND_ASSIGN(auto meeting,
                       server::Meeting::Create(out->store.get(), out->key.get(), "m1",
                                               SampleSpec(), SampleRoll(roll), "admin-1",
                                               dir.File("secrets")));
  for (auto to : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
    ASSERT_OK(meeting->Transition(to, "admin-1").status());
  }
  for (int i = 1; i <= voters; ++i) {
    ASSERT_OK_AND_ASSIGN(auto checked_in, meeting->CheckIn(VoterId(i), "kiosk-1"));
    v1::Ballot ballot;
    ballot.set_form_id("rec");
    auto* a = ballot.add_answers();
    a->set_question_id("head");
    a->add_choices(i % 2 ? "c1" : "c2");
    ASSERT_OK(meeting->Cast(checked_in.credentials(0), ballot).status());
  }
  ASSERT_OK(meeting->Transition(v1::MEETING_STATUS_CLOSED, "admin-1").status());
  ASSERT_OK_AND_ASSIGN(out->counted, meeting->Count("officer-1"));
  std::ostringstream bytes;
  ledger::ExportWriter writer(&bytes);
  ASSERT_OK(meeting->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
  out->bytes = bytes.str();
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_VERIFIER_COUNTED_EXPORT_H_
