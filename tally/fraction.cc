// Exact rate comparison.
#include "tally/fraction.h"

namespace gongxin::tally {

bool Satisfies(uint64_t num, uint64_t den, v1::Comparator comparator,
               const v1::Fraction& threshold) {
  if (den == 0 || threshold.den() == 0) return false;
  // num/den ? t.num/t.den  ⇔  num·t.den ? t.num·den (both denominators > 0).
  const unsigned __int128 left = static_cast<unsigned __int128>(num) * threshold.den();
  const unsigned __int128 right = static_cast<unsigned __int128>(threshold.num()) * den;
  switch (comparator) {
    case v1::COMPARATOR_GE:
      return left >= right;
    case v1::COMPARATOR_GT:
      return left > right;
    case v1::COMPARATOR_LE:
      return left <= right;
    case v1::COMPARATOR_LT:
      return left < right;
    default:
      return false;
  }
}

std::optional<uint64_t> LeastSatisfying(uint64_t total, v1::Comparator comparator,
                                        const v1::Fraction& threshold) {
  if (threshold.den() == 0) return std::nullopt;
  const unsigned __int128 product = static_cast<unsigned __int128>(threshold.num()) * total;
  unsigned __int128 least;
  if (comparator == v1::COMPARATOR_GE) {
    least = (product + threshold.den() - 1) / threshold.den();  // ⌈t·total⌉
  } else if (comparator == v1::COMPARATOR_GT) {
    least = product / threshold.den() + 1;  // ⌊t·total⌋ + 1
  } else {
    return std::nullopt;
  }
  if (least > total) return std::nullopt;
  return static_cast<uint64_t>(least);
}

const char* ComparatorSymbol(v1::Comparator comparator) {
  switch (comparator) {
    case v1::COMPARATOR_GE:
      return "≥";
    case v1::COMPARATOR_GT:
      return ">";
    case v1::COMPARATOR_LE:
      return "≤";
    case v1::COMPARATOR_LT:
      return "<";
    default:
      return "?";
  }
}

}  // namespace gongxin::tally
