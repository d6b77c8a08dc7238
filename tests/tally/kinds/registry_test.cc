// Tests of tally/kinds/registry.h: every case of v1::Question's oneof has a
// kind, so a kind added to the proto without an implementation fails here,
// and every field of v1::Answer belongs to exactly one kind.
#include "tally/kinds/registry.h"

#include <map>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"

namespace gongxin::tally {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::OneofDescriptor;

const OneofDescriptor& KindOneof() {
  const OneofDescriptor* oneof = v1::Question::descriptor()->FindOneofByName("kind");
  EXPECT_NE(oneof, nullptr);
  return *oneof;
}

TEST(KindRegistryTest, EveryOneofCaseHasAKind) {
  const OneofDescriptor& oneof = KindOneof();
  ASSERT_GT(oneof.field_count(), 0);
  for (int i = 0; i < oneof.field_count(); ++i) {
    const FieldDescriptor* field = oneof.field(i);
    const auto kind_case = static_cast<v1::Question::KindCase>(field->number());
    const QuestionKind* kind = KindFor(kind_case);
    ASSERT_NE(kind, nullptr) << "Question." << field->name()
                             << " has no kind in tally/kinds/registry.cc";
    EXPECT_EQ(kind->kind_case(), kind_case);
    EXPECT_EQ(kind->name(), field->name());
  }
}

TEST(KindRegistryTest, AllKindsAreTheOneofFieldsInOrder) {
  const OneofDescriptor& oneof = KindOneof();
  ASSERT_EQ(AllKinds().size(), static_cast<size_t>(oneof.field_count()));
  for (int i = 0; i < oneof.field_count(); ++i) {
    EXPECT_EQ(AllKinds()[i]->name(), oneof.field(i)->name());
  }
}

TEST(KindRegistryTest, KindForFindsTheQuestionsKind) {
  v1::Question question;
  EXPECT_EQ(KindFor(question), nullptr);
  question.mutable_checklist();
  ASSERT_NE(KindFor(question), nullptr);
  EXPECT_EQ(KindFor(question)->name(), "checklist");
  question.mutable_approval();
  EXPECT_EQ(KindFor(question)->name(), "approval");
}

// Sets one entry of repeated field `field` of `answer`.
void SetOne(v1::Answer& answer, const FieldDescriptor& field) {
  const google::protobuf::Reflection& reflection = *answer.GetReflection();
  ASSERT_TRUE(field.is_repeated()) << field.name();
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    reflection.AddMessage(&answer, &field);
  } else {
    ASSERT_EQ(field.cpp_type(), FieldDescriptor::CPPTYPE_STRING) << field.name();
    reflection.AddString(&answer, &field, "x");
  }
}

TEST(KindRegistryTest, EveryAnswerFieldBelongsToExactlyOneKind) {
  std::map<std::string, std::string> owner;  // answer field → kind
  for (const QuestionKind* kind : AllKinds()) {
    for (const AnswerField& field : kind->answer_fields()) {
      const auto [it, inserted] = owner.emplace(std::string(field.name), kind->name());
      EXPECT_TRUE(inserted) << field.name << " claimed by " << it->second << " and "
                            << kind->name();
    }
  }
  const google::protobuf::Descriptor& answer = *v1::Answer::descriptor();
  std::set<std::string> fields;
  for (int i = 0; i < answer.field_count(); ++i) {
    const FieldDescriptor& field = *answer.field(i);
    if (field.name() == "question_id") continue;
    fields.insert(field.name());
    EXPECT_TRUE(owner.contains(field.name()))
        << "Answer." << field.name() << " belongs to no kind in tally/kinds/";
  }
  for (const auto& [name, kind] : owner) {
    EXPECT_TRUE(fields.contains(name)) << kind << " claims Answer." << name << ", not a field";
  }
}

TEST(KindRegistryTest, AnswerFieldsSeeOnlyTheirOwnField) {
  const google::protobuf::Descriptor& descriptor = *v1::Answer::descriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor& set = *descriptor.field(i);
    if (set.name() == "question_id") continue;
    v1::Answer answer;
    SetOne(answer, set);
    for (const QuestionKind* kind : AllKinds()) {
      for (const AnswerField& field : kind->answer_fields()) {
        EXPECT_EQ(field.present(answer), field.name == set.name())
            << kind->name() << "'s " << field.name << " with Answer." << set.name() << " set";
      }
    }
  }
}

TEST(KindRegistryTest, ForeignAnswerFieldsNamesTheFieldAndTheKind) {
  v1::Question question;
  question.set_id("q1");
  question.mutable_decision();
  v1::Answer answer;
  answer.add_write_ins("张三");
  const absl::Status status =
      ForeignAnswerFields("ballot.answers[0]", *KindFor(question), question, answer);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "ballot.answers[0].write_ins: question q1 is a decision question; it takes no "
            "write_ins");
  answer.clear_write_ins();
  answer.add_decisions();
  EXPECT_TRUE(ForeignAnswerFields("ballot.answers[0]", *KindFor(question), question, answer).ok());
}

}  // namespace
}  // namespace gongxin::tally
