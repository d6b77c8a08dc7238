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

Rational::Int Gcd(Rational::Int a, Rational::Int b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    Rational::Int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

std::string Int128ToString(Rational::Int v) {
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
bool ParseDigits(absl::string_view s, size_t max_digits, Rational::Int* out) {
  if (s.empty() || s.size() > max_digits) return false;
  Rational::Int v = 0;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Rational Rational::Overflowed() {
  Rational r;
  r.overflow_ = true;
  return r;
}

Rational::Rational(Rational::Int num, Rational::Int den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Rational::Int g = Gcd(num, den);
  num_ = g == 0 ? num : num / g;
  den_ = g == 0 ? den : den / g;
}

namespace {

using Int = Rational::Int;

bool Mul(Int a, Int b, Int* out) { return !__builtin_mul_overflow(a, b, out); }
bool Add(Int a, Int b, Int* out) { return !__builtin_add_overflow(a, b, out); }

// Three-way comparison of a/b and c/d (b, d > 0) by continued fractions:
// only divisions and remainders, so it cannot overflow.
int Compare(Int a, Int b, Int c, Int d) {
  for (;;) {
    // Floor division, so that remainders are non-negative.
    Int qa = a / b, ra = a % b;
    if (ra < 0) { --qa; ra += b; }
    Int qc = c / d, rc = c % d;
    if (rc < 0) { --qc; rc += d; }
    if (qa != qc) return qa < qc ? -1 : 1;
    if (ra == 0 || rc == 0) return ra == rc ? 0 : (ra == 0 ? -1 : 1);
    // a/b vs c/d with equal integer parts: compare ra/b vs rc/d, i.e. the
    // reciprocals d/rc vs b/ra (order reversed).
    a = d; Int nb = rc; c = b; Int nd = ra;
    b = nb; d = nd;
  }
}

}  // namespace

Rational operator+(const Rational& a, const Rational& b) {
  Int x, y, n, d;
  if (a.overflow_ || b.overflow_ || !Mul(a.num_, b.den_, &x) || !Mul(b.num_, a.den_, &y) ||
      !Add(x, y, &n) || !Mul(a.den_, b.den_, &d)) {
    return Rational::Overflowed();
  }
  return Rational(n, d);
}
Rational operator-(const Rational& a, const Rational& b) {
  if (b.overflow_) return Rational::Overflowed();
  return a + Rational(-b.num_, b.den_);
}
Rational operator*(const Rational& a, const Rational& b) {
  if (a.overflow_ || b.overflow_) return Rational::Overflowed();
  // Cross-reduce first: keeps products small when they can be.
  const Int g1 = Gcd(a.num_, b.den_), g2 = Gcd(b.num_, a.den_);
  const Int an = g1 == 0 ? a.num_ : a.num_ / g1, bd = g1 == 0 ? b.den_ : b.den_ / g1;
  const Int bn = g2 == 0 ? b.num_ : b.num_ / g2, ad = g2 == 0 ? a.den_ : a.den_ / g2;
  Int n, d;
  if (!Mul(an, bn, &n) || !Mul(ad, bd, &d)) return Rational::Overflowed();
  return Rational(n, d);
}
Rational operator/(const Rational& a, const Rational& b) {
  if (b.overflow_) return Rational::Overflowed();
  return a * Rational(b.den_, b.num_);
}
bool operator<(const Rational& a, const Rational& b) {
  return Compare(a.num_, a.den_, b.num_, b.den_) < 0;
}

std::string Rational::ToString() const {
  if (overflow_) return "?";
  if (den_ == 1) return Int128ToString(num_);
  // A terminating decimal when den is 2^a·5^b with max(a, b) ≤ 6.
  Rational::Int scale = 1;
  for (size_t places = 1; places <= kMaxDecimals; ++places) {
    scale *= 10;
    if (scale % den_ == 0) return ToDecimal(static_cast<int>(places));
  }
  return absl::StrCat(Int128ToString(num_), "/", Int128ToString(den_));
}

std::string Rational::ToDecimal(int places) const {
  if (overflow_) return "?";
  const bool negative = num_ < 0;
  const Int magnitude = negative ? -num_ : num_;
  // Long division, digit by digit, with every intermediate below den_: no
  // step can overflow however large the denominator.
  std::string whole = Int128ToString(magnitude / den_);
  std::string fraction;
  Int r = magnitude % den_;
  for (int i = 0; i < places; ++i) {
    Int acc = 0;
    int digit = 0;
    for (int k = 0; k < 10; ++k) {  // acc = 10·r mod den, digit = ⌊10·r / den⌋
      if (acc >= den_ - r) {
        acc -= den_ - r;
        ++digit;
      } else {
        acc += r;
      }
    }
    fraction.push_back(static_cast<char>('0' + digit));
    r = acc;
  }
  // Half up: the rest is at least half a unit of the last place.
  if (r != 0 && r >= den_ - r) {
    int i = static_cast<int>(fraction.size()) - 1;
    for (; i >= 0 && fraction[i] == '9'; --i) fraction[i] = '0';
    if (i >= 0) {
      ++fraction[i];
    } else {
      int j = static_cast<int>(whole.size()) - 1;
      for (; j >= 0 && whole[j] == '9'; --j) whole[j] = '0';
      if (j >= 0) {
        ++whole[j];
      } else {
        whole.insert(whole.begin(), '1');
      }
    }
  }
  std::string out = places > 0 ? absl::StrCat(whole, ".", fraction) : whole;
  const bool zero = out.find_first_not_of("0.") == std::string::npos;
  return negative && !zero ? absl::StrCat("-", out) : out;
}

absl::StatusOr<Rational> ParseRational(absl::string_view field_path, absl::string_view text) {
  if (text.empty()) return Bad(field_path, text, "empty");
  if (size_t slash = text.find('/'); slash != absl::string_view::npos) {
    Rational::Int num, den;
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
  Rational::Int w, f = 0;
  if (!ParseDigits(whole, kMaxIntegerDigits, &w)) {
    return Bad(field_path, text, "expected digits, at most 12 before the point, no sign");
  }
  if (!fraction.empty() && !ParseDigits(fraction, kMaxDecimals, &f)) {
    return Bad(field_path, text, "at most 6 digits after the point");
  }
  Rational::Int scale = 1;
  for (size_t i = 0; i < fraction.size(); ++i) scale *= 10;
  return Rational(w * scale + f, scale);
}

std::string DecimalOf(absl::string_view exact, int places) {
  absl::StatusOr<Rational> v = ParseRational("value", exact);
  return v.ok() ? v->ToDecimal(places) : "";
}

}  // namespace gongxin::tally
