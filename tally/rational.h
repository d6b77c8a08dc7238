// Exact non-negative rationals for composite scores (rules S-2, S-3, S-9):
// every comparison that decides a flag — composite < 60, a tie at the 1:3
// cut — is made on exact values, so a composite of exactly 60 is never
// "59.999…" and two equal composites are never told apart by rounding.
#ifndef GONGXIN_TALLY_RATIONAL_H_
#define GONGXIN_TALLY_RATIONAL_H_

#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

// Rational is num/den in lowest terms with den > 0. The inputs are bounded
// (ParseRational limits digits; counts are at most 200000), so 128-bit
// intermediates never overflow for the products a composite takes.
class Rational {
 public:
  Rational() = default;
  Rational(int64_t integer) : num_(integer) {}  // NOLINT: 5 is a fine Rational
  // `den` must not be 0.
  Rational(absl::int128 num, absl::int128 den);

  absl::int128 num() const { return num_; }
  absl::int128 den() const { return den_; }

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  // `b` must not be zero.
  friend Rational operator/(const Rational& a, const Rational& b);
  friend bool operator==(const Rational& a, const Rational& b) {
    return a.num_ == b.num_ && a.den_ == b.den_;
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
  absl::int128 num_ = 0;
  absl::int128 den_ = 1;
};

// ParseRational reads "12", "87.5" (at most 6 decimals) or "100/3" (no
// spaces, no sign; at most 12 integer digits). Fails with INVALID_ARGUMENT
// naming `field_path` and quoting the text.
absl::StatusOr<Rational> ParseRational(absl::string_view field_path, absl::string_view text);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_RATIONAL_H_
