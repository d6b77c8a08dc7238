#include "ledger/signing.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;

class SigningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto k, crypto::Ed25519PrivateKey::Generate());
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(k));
    ASSERT_OK_AND_ASSIGN(auto o, crypto::Ed25519PrivateKey::Generate());
    other_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(o));
  }
  std::unique_ptr<crypto::Ed25519PrivateKey> key_, other_;
};

TEST_F(SigningTest, HeadVerifiesAndDetectsAlteredSize) {
  ASSERT_OK_AND_ASSIGN(v1::SignedHead head, SignHead(*key_, "m1", 5, std::string(32, 'h')));
  EXPECT_OK(VerifyHead(key_->public_key(), head));
  head.set_size(4);
  EXPECT_THAT(VerifyHead(key_->public_key(), head),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SigningTest, HeadFromAnotherKeyIsRefused) {
  ASSERT_OK_AND_ASSIGN(v1::SignedHead head, SignHead(*other_, "m1", 5, std::string(32, 'h')));
  EXPECT_THAT(VerifyHead(key_->public_key(), head),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SigningTest, CredentialBindsFormAndVoter) {
  ASSERT_OK_AND_ASSIGN(v1::Credential c, SignCredential(*key_, "m1", "rec", std::string(32, 'c')));
  EXPECT_OK(VerifyCredential(key_->public_key(), c));
  v1::Credential other_form = c;
  other_form.set_form_id("sat");
  EXPECT_THAT(VerifyCredential(key_->public_key(), other_form),
              StatusIs(absl::StatusCode::kUnauthenticated));
  v1::Credential other_voter = c;
  other_voter.set_voter_commitment(std::string(32, 'd'));
  EXPECT_THAT(VerifyCredential(key_->public_key(), other_voter),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SigningTest, ReceiptBindsPositionAndHash) {
  ASSERT_OK_AND_ASSIGN(v1::Receipt r, SignReceipt(*key_, "m1", "rec", 9, std::string(32, 'e')));
  EXPECT_OK(VerifyReceipt(key_->public_key(), r));
  r.set_seq(10);
  EXPECT_THAT(VerifyReceipt(key_->public_key(), r),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace gongxin::ledger
