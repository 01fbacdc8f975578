// Series keys as etsy statsd builds them (sanitized name) plus sorted DogStatsD tags.
#include "backend/metrics/statsd_series_key.hpp"

#include <algorithm>
#include <array>

namespace opsdeck::metrics {

namespace {

void append_sanitized(std::string_view name, std::string& out) {
  bool in_space = false;
  for (char c : name) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    if (space) {
      if (!in_space) {
        out += '_';
      }
      in_space = true;
      continue;
    }
    in_space = false;
    if (c == '/') {
      out += '-';
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-' || c == '.') {
      out += c;
    }
  }
}

// Splits "b:2,a:1,,a:1" into sorted unique non-empty tags.
void sorted_tags(std::string_view tags, std::vector<std::string_view>& out) {
  out.clear();
  while (!tags.empty()) {
    std::size_t comma = tags.find(',');
    std::string_view tag = tags.substr(0, comma);
    tags = comma == std::string_view::npos ? std::string_view{} : tags.substr(comma + 1);
    if (!tag.empty()) {
      out.push_back(tag);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

bool is_sanitized_statsd_name(std::string_view name) {
  static constexpr auto kKept = [] {
    std::array<bool, 256> kept{};
    for (int c = 0; c < 256; ++c) {
      kept[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                          (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    }
    return kept;
  }();
  for (char c : name) {
    if (!kKept[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  return !name.empty();
}

std::string sanitize_statsd_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  append_sanitized(name, out);
  return out;
}

std::size_t write_series_key(std::string_view name, std::string_view tags, std::string& key,
                             std::vector<std::string_view>& tag_scratch) {
  key.clear();
  append_sanitized(name, key);
  std::size_t name_length = key.size();
  if (!tags.empty()) {
    sorted_tags(tags, tag_scratch);
    for (std::size_t i = 0; i < tag_scratch.size(); ++i) {
      key += i == 0 ? "|#" : ",";
      key += tag_scratch[i];
    }
  }
  return name_length;
}

StatsdSeriesName make_series_name(std::string_view name, std::string_view tags) {
  StatsdSeriesName series;
  std::vector<std::string_view> tag_scratch;
  series.name_length = write_series_key(name, tags, series.key, tag_scratch);
  if (!tags.empty()) {
    series.labels.assign(tag_scratch.begin(), tag_scratch.end());
  }
  return series;
}
}  // namespace opsdeck::metrics
