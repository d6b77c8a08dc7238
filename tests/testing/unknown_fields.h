// Test helper: the unknown fields of a message, to add fields its schema does
// not declare (as a compromised client or a forger would).
#ifndef GONGXIN_TESTS_TESTING_UNKNOWN_FIELDS_H_
#define GONGXIN_TESTS_TESTING_UNKNOWN_FIELDS_H_

#include "google/protobuf/message.h"
#include "google/protobuf/unknown_field_set.h"

namespace gongxin::testing {

inline google::protobuf::UnknownFieldSet* UnknownFields(google::protobuf::Message* message) {
  return message->GetReflection()->MutableUnknownFields(message);
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_UNKNOWN_FIELDS_H_
