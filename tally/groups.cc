// Group suppression and weighting.
#include "tally/groups.h"

#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace gongxin::tally {
namespace {

using u128 = unsigned __int128;

u128 Gcd128(u128 a, u128 b) {
  while (b != 0) {
    const u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// An exact sum of weighted fractions; nullopt once it no longer fits.
class WeightedSum {
 public:
  void Add(uint64_t weight, uint64_t num, uint64_t den) {
    if (den == 0 || overflow_) return;
    total_weight_ += weight;
    // num_/den_ + weight·num/den, reduced each step.
    const u128 n = static_cast<u128>(weight) * num;
    const u128 g0 = Gcd128(n, den);
    const u128 a = g0 == 0 ? 0 : n / g0, b = g0 == 0 ? 1 : den / g0;
    const u128 g = Gcd128(den_, b);
    const u128 lcm = den_ / g * b;
    if (lcm > UINT64_MAX) {
      overflow_ = true;
      return;
    }
    num_ = num_ * (lcm / den_) + a * (lcm / b);
    den_ = lcm;
    const u128 r = Gcd128(num_, den_);
    if (r > 1) {
      num_ /= r;
      den_ /= r;
    }
    if (num_ > UINT64_MAX) overflow_ = true;
  }

  bool empty() const { return total_weight_ == 0; }
  bool overflow() const { return overflow_; }

  // The sum divided by the total weight, if it fits in 64 bits.
  std::optional<std::pair<uint64_t, uint64_t>> Mean() const {
    if (overflow_ || total_weight_ == 0) return std::nullopt;
    u128 n = num_, d = den_ * total_weight_;
    const u128 r = Gcd128(n, d);
    if (r > 1) {
      n /= r;
      d /= r;
    }
    if (n > UINT64_MAX || d > UINT64_MAX) return std::nullopt;
    return std::make_pair(static_cast<uint64_t>(n), static_cast<uint64_t>(d));
  }

 private:
  u128 num_ = 0;
  u128 den_ = 1;
  u128 total_weight_ = 0;
  bool overflow_ = false;
};

void SetReason(v1::FormTally* ft, const char* zh, const char* en) {
  for (v1::QuestionTally& qt : *ft->mutable_questions()) {
    qt.clear_weighted();
    qt.set_weighted_reason_zh(zh);
    qt.set_weighted_reason_en(en);
  }
}

void Suppress(v1::GroupTally* g, const std::string& zh, const std::string& en) {
  g->set_suppressed(true);
  g->clear_questions();
  g->set_reason_zh(zh);
  g->set_reason_en(en);
}

}  // namespace

void MarkPooled(uint32_t min_size, v1::GroupTally* g) {
  Suppress(g,
           absl::StrFormat("本组应到少于 %d 人，与其他小组共用一把选票密钥，只计入总数，不单独公布",
                           min_size),
           absl::StrFormat("fewer than %d voters of this group on the roll: its ballots share "
                           "the form's common token key and count in the overall tally only",
                           min_size));
}

void SuppressSmallGroups(uint32_t min_size, uint32_t hidden_returned, v1::FormTally* ft) {
  // Ballots the shown groups do not account for: the overall tally minus
  // the shown groups reveals their sum, so it must be none or a crowd.
  uint64_t hidden = hidden_returned;
  for (v1::GroupTally& g : *ft->mutable_groups()) {
    if (g.suppressed()) {
      hidden += g.returned();
    } else if (g.returned() > 0 && g.returned() < min_size) {
      Suppress(&g, absl::StrFormat("本组选票少于 %d 张，为保护投票秘密不单独公布", min_size),
               absl::StrFormat("fewer than %d ballots in this group: not shown, to keep the "
                               "ballots secret",
                               min_size));
      hidden += g.returned();
    }
  }
  while (hidden > 0 && hidden < min_size) {
    v1::GroupTally* smallest = nullptr;
    for (v1::GroupTally& g : *ft->mutable_groups()) {
      if (g.suppressed() || g.returned() == 0) continue;
      if (smallest == nullptr || g.returned() < smallest->returned()) smallest = &g;
    }
    if (smallest == nullptr) return;
    Suppress(smallest, "为防止由总数反推被隐去的小组，本组一并不单独公布",
             "also not shown: with it, the overall tally would reveal the suppressed group");
    hidden += smallest->returned();
  }
}

void AddWeighted(const v1::Form& form, v1::FormTally* ft) {
  if (form.group_weights().empty()) return;
  if (ft->groups().empty()) {
    SetReason(ft, "无分组结果，无法计算加权结果", "no per-group tally: no weighted figures");
    return;
  }
  for (const v1::GroupTally& g : ft->groups()) {
    if (g.suppressed()) {
      SetReason(ft, "有分组结果因人数过少被隐去，不公布加权结果",
                "a group's tally is suppressed: weighted figures would reveal it");
      return;
    }
  }
  auto weight_of = [&](const std::string& group) -> uint64_t {
    for (const v1::GroupWeight& w : form.group_weights()) {
      if (w.group() == group) return w.weight();
    }
    return 0;
  };
  for (int q = 0; q < ft->questions_size(); ++q) {
    v1::QuestionTally& qt = *ft->mutable_questions(q);
    qt.clear_weighted();
    bool overflow = false;
    auto emit = [&](const std::string& subject, const std::string& rate_id, WeightedSum& sum) {
      overflow |= sum.overflow();
      if (std::optional<std::pair<uint64_t, uint64_t>> mean = sum.Mean()) {
        v1::WeightedRate* w = qt.add_weighted();
        w->set_subject_id(subject);
        w->set_rate_id(rate_id);
        w->set_num(mean->first);
        w->set_den(mean->second);
      }
    };
    for (int c = 0; c < qt.candidates_size(); ++c) {
      WeightedSum sum;
      for (const v1::GroupTally& g : ft->groups()) {
        if (q >= g.questions_size() || c >= g.questions(q).candidates_size()) continue;
        const v1::QuestionTally& gq = g.questions(q);
        sum.Add(weight_of(g.group()), gq.candidates(c).votes(), gq.rate_denominator());
      }
      emit(qt.candidates(c).candidate_id(), "votes", sum);
    }
    for (int s = 0; s < qt.subjects_size(); ++s) {
      for (int r = 0; r < qt.subjects(s).rates_size(); ++r) {
        WeightedSum sum;
        for (const v1::GroupTally& g : ft->groups()) {
          if (q >= g.questions_size() || s >= g.questions(q).subjects_size() ||
              r >= g.questions(q).subjects(s).rates_size()) {
            continue;
          }
          const v1::Rate& rate = g.questions(q).subjects(s).rates(r);
          sum.Add(weight_of(g.group()), rate.num(), rate.den());
        }
        emit(qt.subjects(s).subject_id(), qt.subjects(s).rates(r).id(), sum);
      }
    }
    if (overflow) {
      qt.clear_weighted();
      qt.set_weighted_reason_zh("加权结果超出精确计算范围");
      qt.set_weighted_reason_en("weighted figures exceed exact 64-bit arithmetic");
    }
  }
}

}  // namespace gongxin::tally
