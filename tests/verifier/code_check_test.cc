// Tests of verifier/code_check.h: a printed 核验码 is found in a real
// meeting's verified export — the announcement's and the result's — and a
// mistyped code, another meeting's code or a tampered export are not.
#include "verifier/code_check.h"

#include <memory>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/verifier/counted_export.h"

namespace gongxin::verifier {
namespace {

using ledger::DocumentKind;
using ledger::VerificationCodeBytes;

class CodeCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::MakeCountedExport(dir_, 4, 3, &made_));
    key_ = made_.key.get();
    counted_ = made_.counted;
    export_ = made_.bytes;
    // Entry 0's hash, read as a reader of the printed announcement would.
    std::istringstream in(export_);
    ledger::ExportReader reader(&in);
    ASSERT_OK(reader.ReadMagic());
    v1::ExportRecord record;
    while (genesis_hash_.empty()) {
      ASSERT_OK_AND_ASSIGN(bool more, reader.Next(&record));
      ASSERT_TRUE(more) << "no entry in the export";
      if (record.has_entry()) genesis_hash_ = ledger::EntryHash(record.entry());
    }
  }

  testing::TempDir dir_;
  testing::CountedExport made_;
  const crypto::Ed25519PrivateKey* key_ = nullptr;
  v1::CountResponse counted_;
  std::string export_;
  std::string genesis_hash_;
};

TEST_F(CodeCheckTest, FindsTheAnnouncementAndTheResultByTheirCodes) {
  ASSERT_OK_AND_ASSIGN(
      CodeCheck announcement,
      CheckVerificationCode(export_, key_->public_key(),
                            VerificationCodeBytes("m1", DocumentKind::kAnnouncement, 0, genesis_hash_)));
  ASSERT_TRUE(announcement.match.has_value()) << "the announcement's code was not found";
  EXPECT_EQ(announcement.match->kind, DocumentKind::kAnnouncement);
  EXPECT_EQ(announcement.match->seq, 0u);

  ASSERT_OK_AND_ASSIGN(CodeCheck result,
                       CheckVerificationCode(export_, key_->public_key(),
                                             VerificationCodeBytes("m1", DocumentKind::kResult,
                                                              counted_.seq(), counted_.entry_hash())));
  ASSERT_TRUE(result.match.has_value()) << "the result's code was not found";
  EXPECT_EQ(result.match->kind, DocumentKind::kResult);
  EXPECT_EQ(result.match->seq, counted_.seq());
  EXPECT_EQ(result.counts_seen, 1u);
  EXPECT_EQ(result.verdict.meeting_id, "m1");
}

TEST_F(CodeCheckTest, AnotherMeetingsOrAMistypedCodeMatchesNothing) {
  ASSERT_OK_AND_ASSIGN(
      CodeCheck other,
      CheckVerificationCode(export_, key_->public_key(),
                            VerificationCodeBytes("m2", DocumentKind::kResult, counted_.seq(),
                                             counted_.entry_hash())));
  EXPECT_FALSE(other.match.has_value()) << "a code made for meeting m2 matched m1";
  std::string typo = VerificationCodeBytes("m1", DocumentKind::kAnnouncement, 0, genesis_hash_);
  typo[5] ^= 1;
  ASSERT_OK_AND_ASSIGN(CodeCheck mistyped,
                       CheckVerificationCode(export_, key_->public_key(), typo));
  EXPECT_FALSE(mistyped.match.has_value());
  // The result's code under the announcement's kind is not the announcement.
  ASSERT_OK_AND_ASSIGN(
      CodeCheck wrong_kind,
      CheckVerificationCode(export_, key_->public_key(),
                            VerificationCodeBytes("m1", DocumentKind::kAnnouncement, counted_.seq(),
                                             counted_.entry_hash())));
  EXPECT_FALSE(wrong_kind.match.has_value());
}

TEST_F(CodeCheckTest, ATamperedExportOrAnotherKeyFailsBeforeAnyMatch) {
  std::string tampered = export_;
  const size_t at = tampered.rfind("c1");
  ASSERT_NE(at, std::string::npos);
  tampered[at + 1] = '2';
  EXPECT_FALSE(CheckVerificationCode(tampered, key_->public_key(),
                                     VerificationCodeBytes("m1", DocumentKind::kAnnouncement, 0,
                                                      genesis_hash_))
                   .ok())
      << "a tampered export must fail verification, not answer a code";
  ASSERT_OK_AND_ASSIGN(auto other_key, crypto::Ed25519PrivateKey::Generate());
  EXPECT_FALSE(CheckVerificationCode(export_, other_key.public_key(),
                                     VerificationCodeBytes("m1", DocumentKind::kAnnouncement, 0,
                                                      genesis_hash_))
                   .ok())
      << "an export signed by another key must not verify";
}

}  // namespace
}  // namespace gongxin::verifier
