// Messages written as protobuf text format in tests and benchmarks, where a
// spec or a result reads best as it would print.
#ifndef GONGXIN_TESTS_TESTING_TEXT_PROTO_H_
#define GONGXIN_TESTS_TESTING_TEXT_PROTO_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "google/protobuf/text_format.h"

namespace gongxin::testing {

// Parses `text`; a typo aborts loudly rather than leaving a field unset.
template <typename T>
T ParseText(const std::string& text) {
  T message;
  if (!google::protobuf::TextFormat::ParseFromString(text, &message)) {
    std::fprintf(stderr, "ParseText: not a %s:\n%s\n", T::descriptor()->full_name().c_str(),
                 text.c_str());
    std::abort();
  }
  return message;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_TEXT_PROTO_H_
