// The grammar, as etsy statsd's stats.js reads it: NAME ":" VALUE "|" TYPE ( "|@" RATE | "|#" TAGS )*.
// Where etsy would quietly store garbage (a NaN, Infinity from a zero sample rate) we refuse the line
// instead, so one bad client cannot poison a series.
#include "backend/metrics/statsd_line_parser.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace opsdeck::metrics {
namespace {

StatsdLineResult bad(std::string_view reason) {
  StatsdLineResult result;
  result.bad_reason = reason;
  return result;
}

// Printable ASCII only: binary junk and control characters are refused rather than stored in names.
bool printable(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      return false;
    }
  }
  return true;
}

// A decimal number as JavaScript's Number() would take it, minus the forms etsy never meant to accept
// (hex, "Infinity", "NaN"). A leading '+' is allowed: Number("+5") is 5.
enum class NumberError { kNone, kNotANumber, kNotFinite, kOutOfRange };

NumberError parse_number(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') {
      return NumberError::kNotANumber;
    }
  }
  if (text.empty()) {
    return NumberError::kNotANumber;
  }
  for (char c : text) {
    bool allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+';
    if (!allowed) {
      // from_chars would accept "nan" and "inf"; name those separately for a clearer reason.
      return (c == 'n' || c == 'N' || c == 'i' || c == 'I') ? NumberError::kNotFinite
                                                            : NumberError::kNotANumber;
    }
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error == std::errc::result_out_of_range) {
    return NumberError::kOutOfRange;
  }
  if (error != std::errc{} || end != text.data() + text.size()) {
    return NumberError::kNotANumber;
  }
  if (!std::isfinite(out)) {
    return NumberError::kOutOfRange;
  }
  return NumberError::kNone;
}

bool parse_type(std::string_view text, StatsdType& type) {
  if (text == "c") {
    type = StatsdType::kCounter;
  } else if (text == "ms") {
    type = StatsdType::kTimer;
  } else if (text == "h") {
    type = StatsdType::kHistogram;
  } else if (text == "g") {
    type = StatsdType::kGauge;
  } else if (text == "s") {
    type = StatsdType::kSet;
  } else {
    return false;
  }
  return true;
}

std::string_view value_reason(NumberError error) {
  switch (error) {
    case NumberError::kNotFinite:
      return "value is NaN or infinite";
    case NumberError::kOutOfRange:
      return "value out of range";
    default:
      return "value is not a number";
  }
}

}  // namespace

std::string_view to_string(StatsdType type) {
  switch (type) {
    case StatsdType::kCounter:
      return "counter";
    case StatsdType::kTimer:
      return "timer";
    case StatsdType::kHistogram:
      return "histogram";
    case StatsdType::kGauge:
      return "gauge";
    case StatsdType::kSet:
      return "set";
  }
  return "unknown";
}

StatsdLineResult StatsdLineParser::parse_line(std::string_view line) const {
  if (line.empty()) {
    return bad("empty line");
  }
  if (line.size() > limits_.max_line_bytes) {
    return bad("line too long");
  }
  if (!printable(line)) {
    return bad("binary or control characters in line");
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bad("missing ':' after the name");
  }
  StatsdLineResult result;
  StatsdMetric& metric = result.metric;
  metric.name = line.substr(0, colon);
  if (metric.name.empty()) {
    return bad("empty name");
  }
  if (metric.name.size() > limits_.max_name_bytes) {
    return bad("name too long");
  }
  std::string_view rest = line.substr(colon + 1);
  std::size_t bar = rest.find('|');
  if (bar == std::string_view::npos) {
    return bad("missing '|' and type after the value");
  }
  std::string_view value = rest.substr(0, bar);
  rest = rest.substr(bar + 1);
  bar = rest.find('|');
  std::string_view type = rest.substr(0, bar);
  rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
  if (type.empty()) {
    return bad("missing type");
  }
  if (!parse_type(type, metric.type)) {
    return bad("unknown type (expected c, ms, h, g or s)");
  }
  if (value.empty()) {
    return bad("missing value");
  }

  bool have_rate = false;
  bool have_tags = false;
  while (bar != std::string_view::npos) {
    bar = rest.find('|');
    std::string_view field = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    if (field.empty()) {
      return bad("empty field after '|'");
    }
    if (field.front() == '@') {
      if (have_rate) {
        return bad("sample rate given twice");
      }
      have_rate = true;
      std::string_view rate_text = field.substr(1);
      if (rate_text.empty() || rate_text.front() == '+' || rate_text.front() == '-') {
        return bad("sample rate is not a positive number");
      }
      double rate = 0;
      if (parse_number(rate_text, rate) != NumberError::kNone) {
        return bad("sample rate is not a positive number");
      }
      if (!(rate > 0)) {
        return bad("sample rate must be greater than 0");
      }
      metric.sample_rate = rate;
    } else if (field.front() == '#') {
      if (have_tags) {
        return bad("tags given twice");
      }
      have_tags = true;
      metric.tags = field.substr(1);
    } else {
      return bad("unknown field (expected |@rate or |#tags)");
    }
  }

  if (metric.type == StatsdType::kSet) {
    metric.set_member = value;
    return result;
  }
  if (metric.type == StatsdType::kGauge && (value.front() == '+' || value.front() == '-')) {
    metric.gauge_delta = true;
    double magnitude = 0;
    std::string_view digits = value.substr(1);
    if (digits.empty() || digits.front() == '+' || digits.front() == '-') {
      return bad("value is not a number");
    }
    NumberError error = parse_number(digits, magnitude);
    if (error != NumberError::kNone) {
      return bad(value_reason(error));
    }
    if (!(magnitude <= limits_.max_abs_value)) {
      return bad("value out of range");
    }
    metric.value = value.front() == '-' ? -magnitude : magnitude;
    return result;
  }
  NumberError error = parse_number(value, metric.value);
  if (error != NumberError::kNone) {
    return bad(value_reason(error));
  }
  if (!(std::abs(metric.value) <= limits_.max_abs_value)) {
    return bad("value out of range");
  }
  // Counters and timers are scaled by 1 / rate: refuse what the scaling would blow up.
  if (metric.type != StatsdType::kGauge &&
      !(std::abs(metric.value) / metric.sample_rate <= limits_.max_abs_value &&
        1 / metric.sample_rate <= limits_.max_abs_value)) {
    return bad("value out of range at this sample rate");
  }
  // etsy statsd refuses negative timings (histograms it counts as counters, so those may be negative).
  if (metric.type == StatsdType::kTimer && metric.value < 0) {
    return bad("negative timer value");
  }
  return result;
}

}  // namespace opsdeck::metrics
