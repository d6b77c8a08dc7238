// The draw of a sampled survey: seed, order, check.
#include "ledger/sample_draw.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"

namespace gongxin::ledger {

std::string SampleSeed(absl::string_view prev_hash, absl::string_view beacon) {
  return crypto::DomainHash("gongxin/v1/sample-seed", {prev_hash, beacon});
}

std::vector<std::string> DrawSample(const v1::SurveySample& sample, const v1::Roll& population,
                                    absl::string_view seed) {
  std::vector<std::string> drawn;
  for (const v1::SampleStratum& stratum : sample.strata()) {
    std::vector<std::pair<std::string, const std::string*>> order;  // (sort key, id)
    for (const v1::Voter& voter : population.voters()) {
      if (voter.group() != stratum.group()) continue;
      order.emplace_back(
          crypto::DomainHash("gongxin/v1/sample-order", {seed, stratum.group(), voter.id()}),
          &voter.id());
    }
    const size_t take = std::min<size_t>(order.size(), stratum.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(take), order.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
                      });
    for (size_t i = 0; i < take; ++i) drawn.push_back(*order[i].second);
  }
  return drawn;
}

absl::Status CheckSampleDrawn(const v1::Entry& entry, const v1::MeetingSpec& spec,
                              const v1::Roll& population) {
  const v1::SampleDrawn& body = entry.sample_drawn();
  const std::string seed = SampleSeed(entry.prev_hash(), body.beacon());
  if (body.seed() != seed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sample_drawn.seed: ", crypto::HexEncode(body.seed()), " is not the seed of its beacon ",
        "and the chain before it (", crypto::HexEncode(seed), ")"));
  }
  const std::vector<std::string> want = DrawSample(spec.sample(), population, seed);
  for (size_t i = 0; i < want.size() || i < static_cast<size_t>(body.voter_ids_size()); ++i) {
    const std::string got = i < static_cast<size_t>(body.voter_ids_size()) ? body.voter_ids(i) : "";
    const std::string wanted = i < want.size() ? want[i] : "";
    if (got != wanted) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sample_drawn.voter_ids[", i, "]: \"", got, "\" where the draw gives \"", wanted, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::ledger
