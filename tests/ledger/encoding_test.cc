#include "ledger/encoding.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

v1::Entry CastEntry() {
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.set_seq(3);
  entry.set_prev_hash(std::string(32, 'h'));
  v1::Ballot* ballot = entry.mutable_ballot_cast()->mutable_ballot();
  ballot->set_form_id("rec");
  v1::Answer* answer = ballot->add_answers();
  answer->set_question_id("head");
  answer->add_choices("c1");
  return entry;
}

absl::Status Check(const std::string& bytes) {
  v1::Entry parsed;
  if (!parsed.ParseFromString(bytes)) return absl::InternalError("test bytes do not parse");
  return CheckEntryEncoding(parsed, bytes);
}

TEST(EntryEncodingTest, AcceptsWhatTheSerialiserWrites) {
  v1::Entry entry = CastEntry();
  EXPECT_OK(Check(CanonicalBytes(entry)));
  EXPECT_OK(Check(entry.SerializeAsString()));
}

TEST(EntryEncodingTest, RefusesAnUnknownFieldInsideABallotAnswer) {
  v1::Entry entry = CastEntry();
  testing::UnknownFields(entry.mutable_ballot_cast()->mutable_ballot()->mutable_answers(0))
      ->AddLengthDelimited(77, "v001");
  EXPECT_THAT(Check(entry.SerializeAsString()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("ballot_cast.ballot.answers[0]: unknown field 77")));
}

TEST(EntryEncodingTest, RefusesAnUnknownFieldOfTheEntryItself) {
  v1::Entry entry = CastEntry();
  testing::UnknownFields(&entry)->AddVarint(99, 1);
  EXPECT_THAT(Check(entry.SerializeAsString()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("unknown field 99 (not in gongxin.v1.Entry)")));
}

TEST(EntryEncodingTest, RefusesAnUnknownFieldInsideTheAnonymousBallotBytes) {
  v1::AnonymousBallot anonymous;
  anonymous.set_form_id("anon");
  anonymous.set_token_message("m");
  anonymous.set_token_signature("s");
  anonymous.mutable_ballot()->set_form_id("anon");
  testing::UnknownFields(anonymous.mutable_ballot()->add_answers())
      ->AddLengthDelimited(77, "v001");
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.set_anonymous_ballot(anonymous.SerializeAsString());
  EXPECT_THAT(Check(entry.SerializeAsString()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("anonymous_ballot.ballot.answers[0]: unknown field 77")));
}

TEST(EntryEncodingTest, RefusesAnonymousBallotBytesThatAreNotCanonical) {
  v1::AnonymousBallot anonymous;
  anonymous.set_form_id("anon");
  // The form id twice: a parser keeps the second, so the first would be
  // bytes that no verifier ever shows.
  const std::string bytes = "\x0a\x05hiddn" + anonymous.SerializeAsString();
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.set_anonymous_ballot(bytes);
  EXPECT_THAT(Check(entry.SerializeAsString()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("anonymous_ballot: not in canonical encoding")));
}

TEST(EntryEncodingTest, RefusesASingularFieldRepeated) {
  const std::string canonical = CanonicalBytes(CastEntry());
  // meeting_id again, with another value first: parsers keep the last one.
  const std::string bytes = std::string("\x0a\x02m9", 4) + canonical;
  EXPECT_THAT(Check(bytes), StatusIs(absl::StatusCode::kDataLoss,
                                     HasSubstr("not in canonical encoding: re-encoding gives")));
}

TEST(EntryEncodingTest, RefusesAPaddedVarint) {
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.mutable_state_changed()->set_at(5);
  std::string bytes = CanonicalBytes(entry);
  // seq 1 as a two-byte varint (0x81 0x00) where one byte (0x01) is enough.
  bytes.insert(4, std::string("\x10\x81\x00", 3));
  EXPECT_THAT(Check(bytes), StatusIs(absl::StatusCode::kDataLoss,
                                     HasSubstr("not in canonical encoding")));
}

TEST(EntryEncodingTest, RefusesFieldsOutOfOrder) {
  v1::Entry entry;
  entry.set_seq(1);
  entry.mutable_state_changed()->set_at(5);
  v1::Entry id_only;
  id_only.set_meeting_id("m1");
  // seq and body first, meeting_id (field 1) last.
  const std::string bytes = CanonicalBytes(entry) + CanonicalBytes(id_only);
  EXPECT_THAT(Check(bytes), StatusIs(absl::StatusCode::kDataLoss,
                                     HasSubstr("not in canonical encoding")));
}

TEST(EntryEncodingTest, RefusesADefaultValueWrittenOut) {
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.mutable_state_changed()->set_at(5);
  // seq = 0 written explicitly; proto3 leaves default scalars out.
  const std::string bytes = CanonicalBytes(entry).insert(4, std::string("\x10\x00", 2));
  EXPECT_THAT(Check(bytes), StatusIs(absl::StatusCode::kDataLoss,
                                     HasSubstr("not in canonical encoding")));
}

}  // namespace
}  // namespace gongxin::ledger
