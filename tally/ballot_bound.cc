#include "tally/ballot_bound.h"

#include <algorithm>
#include <cstdint>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "tally/ballot.h"

namespace gongxin::tally {
namespace {

// Every field of Ballot and its parts has a number below 16, so each tag is
// one byte.
size_t VarintSize(size_t n) {
  return google::protobuf::io::CodedOutputStream::VarintSize64(static_cast<uint64_t>(n));
}
// A length-delimited field (string, bytes, message) of `n` bytes.
size_t Delimited(size_t n) { return 1 + VarintSize(n) + n; }

template <typename People>
size_t LongestId(const People& people) {
  size_t longest = 0;
  for (const auto& p : people) longest = std::max(longest, p.id().size());
  return longest;
}

// The encoded Answer (without its own tag and length) that marks all of
// `question`.
size_t MaxAnswerBytes(const v1::Question& question) {
  size_t bytes = Delimited(question.id().size());
  switch (question.kind_case()) {
    case v1::Question::kApproval: {
      for (const v1::Candidate& c : question.approval().candidates()) {
        bytes += Delimited(c.id().size());
      }
      bytes += MaxWriteIns(question) * Delimited(4 * static_cast<size_t>(kMaxWriteInChars));
      break;
    }
    case v1::Question::kGraded: {
      const size_t grade = LongestId(question.graded().scale());
      for (const v1::Candidate& s : question.graded().subjects()) {
        bytes += Delimited(Delimited(s.id().size()) + Delimited(grade));
      }
      break;
    }
    case v1::Question::kDecision: {
      // The vote is an enum: a tag and a one-byte varint (values below 128;
      // ClassifyDecision refuses any other).
      for (const v1::Candidate& c : question.decision().candidates()) {
        bytes += Delimited(Delimited(c.id().size()) + 2);
      }
      break;
    }
    case v1::Question::kElement: {
      const size_t candidate = LongestId(question.element().candidates());
      for (const v1::Element& e : question.element().elements()) {
        bytes += Delimited(Delimited(e.id().size()) + Delimited(candidate));
      }
      break;
    }
    case v1::Question::kChecklist: {
      size_t items = 0;
      for (const v1::ChecklistItem& i : question.checklist().items()) {
        items += Delimited(i.id().size());
      }
      for (const v1::Candidate& s : question.checklist().subjects()) {
        bytes += Delimited(Delimited(s.id().size()) + items);
      }
      break;
    }
    case v1::Question::KIND_NOT_SET:
      break;
  }
  return bytes;
}

}  // namespace

int MaxWriteIns(const v1::Question& question) {
  if (!question.has_approval() || !question.approval().allow_write_in()) return 0;
  return static_cast<int>(
      std::min<uint32_t>(question.approval().max_choices(), kMaxWriteInsPerAnswer));
}

size_t MaxBallotBytes(const v1::Form& form) {
  size_t bytes = Delimited(form.id().size());
  for (const v1::Question& question : form.questions()) {
    bytes += Delimited(MaxAnswerBytes(question));
  }
  return bytes;
}

}  // namespace gongxin::tally
