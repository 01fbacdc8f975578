// Series identity for the statsd server: etsy's name sanitizing plus sorted DogStatsD tags, as one key
// "name" or "name|#tag,tag" per series.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

// True when sanitizing would leave `name` unchanged (only [A-Za-z0-9_.-], not empty): its key is itself.
bool is_sanitized_statsd_name(std::string_view name);
// etsy's key sanitizing: whitespace runs -> '_', '/' -> '-', anything outside [A-Za-z0-9_.-] dropped.
std::string sanitize_statsd_name(std::string_view name);
// The series identity for a name and raw DogStatsD tags: sanitized name, sorted labels, "name|#a,b" key.
StatsdSeriesName make_series_name(std::string_view name, std::string_view tags);
// The same key written into `key` (cleared first) using `tag_scratch` for sorting; returns the length of
// the sanitized name inside it (0: nothing of the name survived sanitizing).
std::size_t write_series_key(std::string_view name, std::string_view tags, std::string& key,
                             std::vector<std::string_view>& tag_scratch);

}  // namespace opsdeck::metrics
