// Sizes of protobuf encodings, for the bound on a ballot's size
// (tally/ballot_bound.h): the ballot as a whole and each question kind's
// marks (QuestionKind::MaxMarkBytes) add up the same arithmetic.
#ifndef GONGXIN_TALLY_WIRE_SIZE_H_
#define GONGXIN_TALLY_WIRE_SIZE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "google/protobuf/io/coded_stream.h"

namespace gongxin::tally {

// Every field of Ballot and its parts has a number below 16, so each tag is
// one byte.
inline size_t VarintSize(size_t n) {
  return google::protobuf::io::CodedOutputStream::VarintSize64(static_cast<uint64_t>(n));
}
// A length-delimited field (string, bytes, message) of `n` bytes.
inline size_t Delimited(size_t n) { return 1 + VarintSize(n) + n; }

// The longest id among `people` (anything with an id(): candidates, grades).
template <typename People>
size_t LongestId(const People& people) {
  size_t longest = 0;
  for (const auto& p : people) longest = std::max(longest, p.id().size());
  return longest;
}

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_WIRE_SIZE_H_
