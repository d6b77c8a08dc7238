// Status propagation macros. Debian's Abseil 20220623 has no
// ABSL_RETURN_IF_ERROR / ASSIGN_OR_RETURN, so gongxin carries its own.
#ifndef GONGXIN_UTIL_STATUS_MACROS_H_
#define GONGXIN_UTIL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define GX_CONCAT_INNER_(a, b) a##b
#define GX_CONCAT_(a, b) GX_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status gx_status_ = (expr);            \
    if (!gx_status_.ok()) return gx_status_;       \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F());` evaluates F() (a StatusOr), returns its
// status on error, or moves the value into the declaration.
#define ASSIGN_OR_RETURN(lhs, expr) \
  GX_ASSIGN_OR_RETURN_IMPL_(GX_CONCAT_(gx_statusor_, __LINE__), lhs, expr)
#define GX_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

#endif  // GONGXIN_UTIL_STATUS_MACROS_H_
