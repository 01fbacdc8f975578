// Result<T>: a value or an Error, in the spirit of std::expected (C++23), which C++20 does not have yet.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "backend/core/error.hpp"

namespace opsdeck::core {

// Wraps an Error so that `return Unexpected{...}` reads as a failure at the call site.
struct Unexpected {
  Error error;
};

inline Unexpected fail(ErrorCategory category, std::string message) {
  return Unexpected{Error{category, std::move(message)}};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Unexpected failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected failure) : error_(std::move(failure.error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace opsdeck::core

// Propagates a failed Result out of the calling function; keeps call sites short.
#define OPSDECK_TRY(expr)                                              \
  do {                                                                 \
    auto&& opsdeck_try_result_ = (expr);                               \
    if (!opsdeck_try_result_.ok()) {                                   \
      return ::opsdeck::core::Unexpected{opsdeck_try_result_.error()}; \
    }                                                                  \
  } while (false)
