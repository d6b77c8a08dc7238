// Exact rationals: arithmetic, parsing and printing.
#include "tally/rational.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tally/text.h"

namespace gongxin::tally {
namespace {

constexpr size_t kMaxIntegerDigits = 12;
constexpr size_t kMaxDecimals = 6;

absl::int128 Gcd(absl::int128 a, absl::int128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    absl::int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

std::string Int128ToString(absl::int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  while (v > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

absl::Status Bad(absl::string_view field_path, absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field_path, ": ", Quote(text),
                                                 " is not an exact number (", why, ")"));
}

// Parses a run of 1..max_digits ASCII digits.
bool ParseDigits(absl::string_view s, size_t max_digits, absl::int128* out) {
  if (s.empty() || s.size() > max_digits) return false;
  absl::int128 v = 0;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Rational::Rational(absl::int128 num, absl::int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const absl::int128 g = Gcd(num, den);
  num_ = g == 0 ? num : num / g;
  den_ = g == 0 ? den : den / g;
}

Rational operator+(const Rational& a, const Rational& b) {
  return Rational(a.num_ * b.den_ + b.num_ * a.den_, a.den_ * b.den_);
}
Rational operator-(const Rational& a, const Rational& b) {
  return Rational(a.num_ * b.den_ - b.num_ * a.den_, a.den_ * b.den_);
}
Rational operator*(const Rational& a, const Rational& b) {
  return Rational(a.num_ * b.num_, a.den_ * b.den_);
}
Rational operator/(const Rational& a, const Rational& b) {
  return Rational(a.num_ * b.den_, a.den_ * b.num_);
}
bool operator<(const Rational& a, const Rational& b) {
  return a.num_ * b.den_ < b.num_ * a.den_;
}

std::string Rational::ToString() const {
  if (den_ == 1) return Int128ToString(num_);
  // A terminating decimal when den is 2^a·5^b with max(a, b) ≤ 6.
  absl::int128 scale = 1;
  for (size_t places = 1; places <= kMaxDecimals; ++places) {
    scale *= 10;
    if (scale % den_ == 0) return ToDecimal(static_cast<int>(places));
  }
  return absl::StrCat(Int128ToString(num_), "/", Int128ToString(den_));
}

std::string Rational::ToDecimal(int places) const {
  absl::int128 scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const bool negative = num_ < 0;
  const absl::int128 magnitude = negative ? -num_ : num_;
  // Half up: floor((|num|·scale·2 + den) / (2·den)).
  const absl::int128 scaled = (magnitude * scale * 2 + den_) / (den_ * 2);
  std::string digits = Int128ToString(scaled / scale);
  if (places > 0) {
    std::string fraction = Int128ToString(scaled % scale);
    fraction.insert(0, static_cast<size_t>(places) - fraction.size(), '0');
    absl::StrAppend(&digits, ".", fraction);
  }
  return negative && scaled != 0 ? absl::StrCat("-", digits) : digits;
}

absl::StatusOr<Rational> ParseRational(absl::string_view field_path, absl::string_view text) {
  if (text.empty()) return Bad(field_path, text, "empty");
  if (size_t slash = text.find('/'); slash != absl::string_view::npos) {
    absl::int128 num, den;
    if (!ParseDigits(text.substr(0, slash), kMaxIntegerDigits, &num) ||
        !ParseDigits(text.substr(slash + 1), kMaxIntegerDigits, &den)) {
      return Bad(field_path, text, "a fraction is digits/digits");
    }
    if (den == 0) return Bad(field_path, text, "division by zero");
    return Rational(num, den);
  }
  absl::string_view whole = text;
  absl::string_view fraction;
  if (size_t dot = text.find('.'); dot != absl::string_view::npos) {
    whole = text.substr(0, dot);
    fraction = text.substr(dot + 1);
    if (fraction.empty()) return Bad(field_path, text, "no digits after the point");
  }
  absl::int128 w, f = 0;
  if (!ParseDigits(whole, kMaxIntegerDigits, &w)) {
    return Bad(field_path, text, "expected digits, at most 12 before the point, no sign");
  }
  if (!fraction.empty() && !ParseDigits(fraction, kMaxDecimals, &f)) {
    return Bad(field_path, text, "at most 6 digits after the point");
  }
  absl::int128 scale = 1;
  for (size_t i = 0; i < fraction.size(); ++i) scale *= 10;
  return Rational(w * scale + f, scale);
}

}  // namespace gongxin::tally
