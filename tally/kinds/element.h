// Best-per-element recommendation (要素推荐, rule S-6): for each element
// (道德品行最好, 工作最敬业, …) a voter names at most one person of a shared
// pool; the tally ranks the pool per element.
#ifndef GONGXIN_TALLY_KINDS_ELEMENT_H_
#define GONGXIN_TALLY_KINDS_ELEMENT_H_

#include "tally/kinds/kind.h"

namespace gongxin::tally {

inline constexpr int kMaxElements = 100;

// ElementKind is the kind of v1::Question.element.
const QuestionKind& ElementKind();

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_KINDS_ELEMENT_H_
