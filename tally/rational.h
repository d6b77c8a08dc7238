// Exact non-negative rationals for composite scores (rules S-2, S-3, S-9):
// every comparison that decides a flag — composite < 60, a tie at the 1:3
// cut — is made on exact values, so a composite of exactly 60 is never
// "59.999…" and two equal composites are never told apart by rounding.
#ifndef GONGXIN_TALLY_RATIONAL_H_
#define GONGXIN_TALLY_RATIONAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

// Rational is num/den in lowest terms with den > 0, on 128-bit integers.
// Ordinary specs stay far inside that range, but a spec could combine many
// coprime denominators; an operation whose exact result does not fit sets
// overflow(), which every later result inherits, so the caller can refuse
// instead of deciding on a wrong number. Comparisons never overflow.
class Rational {
 public:
  using Int = __int128;

  Rational() = default;
  Rational(int64_t integer) : num_(integer) {}  // NOLINT: 5 is a fine Rational
  // `den` must not be 0.
  Rational(Int num, Int den);

  Int num() const { return num_; }
  Int den() const { return den_; }
  // The exact value did not fit in 128 bits somewhere along the way; the
  // number is meaningless.
  bool overflow() const { return overflow_; }

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  // `b` must not be zero.
  friend Rational operator/(const Rational& a, const Rational& b);
  friend bool operator==(const Rational& a, const Rational& b) {
    return a.num_ == b.num_ && a.den_ == b.den_ && a.overflow_ == b.overflow_;
  }
  friend bool operator!=(const Rational& a, const Rational& b) { return !(a == b); }
  friend bool operator<(const Rational& a, const Rational& b);
  friend bool operator>(const Rational& a, const Rational& b) { return b < a; }
  friend bool operator<=(const Rational& a, const Rational& b) { return !(b < a); }
  friend bool operator>=(const Rational& a, const Rational& b) { return !(a < b); }

  // The exact value as the ledger stores it: "60", "87.5" when the value is
  // a terminating decimal of at most 6 places, else "200/3".
  std::string ToString() const;
  // Rounded half up to `places` decimals, for people ("66.67"); never used
  // to decide anything.
  std::string ToDecimal(int places) const;

 private:
  static Rational Overflowed();

  Int num_ = 0;
  Int den_ = 1;
  bool overflow_ = false;
};

// ParseRational reads "12", "87.5" (at most 6 decimals) or "100/3" (no
// spaces, no sign; at most 12 integer digits). Fails with INVALID_ARGUMENT
// naming `field_path` and quoting the text.
absl::StatusOr<Rational> ParseRational(absl::string_view field_path, absl::string_view text);

// DecimalOf reads an exact value as the ledger stores it ("200/3") and
// rounds it to `places` decimals for people ("66.67"); "" if it does not
// parse. For display only, like ToDecimal.
std::string DecimalOf(absl::string_view exact, int places);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_RATIONAL_H_
