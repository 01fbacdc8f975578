// Replies follow etsy statsd's lib/mgmt_console.js and stats.js: listings and deletions end with "END\n\n",
// unknown commands get "ERROR\n". Listings are JSON rather than node's util.inspect (which no script can
// rely on anyway).
#include "backend/metrics/statsd_admin.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace opsdeck::metrics {
namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  while (!line.empty()) {
    std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) {
      break;
    }
    line.remove_prefix(start);
    std::size_t end = line.find_first_of(" \t\r");
    words.push_back(line.substr(0, end));
    line = end == std::string_view::npos ? std::string_view{} : line.substr(end);
  }
  return words;
}

template <typename Map>
std::string listing(const Map& values) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [key, value] : values) {
    json[key] = value;
  }
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\nEND\n\n";
}

}  // namespace

StatsdAdminReply StatsdAdmin::answer(std::string_view line, std::chrono::steady_clock::time_point now) {
  std::vector<std::string_view> words = split_words(line);
  StatsdAdminReply reply;
  if (words.empty()) {
    return reply;
  }
  std::string_view command = words[0];
  auto seconds = [](std::chrono::steady_clock::duration duration) {
    return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  };
  if (command == "help") {
    reply.text =
        "Commands: stats, counters, timers, gauges, sets, delcounters, deltimers, delgauges, delsets, "
        "health, "
        "quit\n\n";
  } else if (command == "stats") {
    const StatsdTotals& totals = aggregator_.totals();
    long long last_seen = last_message_ == std::chrono::steady_clock::time_point{}
                              ? seconds(now - started_)
                              : seconds(now - last_message_);
    reply.text = "uptime: " + std::to_string(seconds(now - started_)) + "\n" +
                 "messages.last_msg_seen: " + std::to_string(last_seen) + "\n" +
                 "messages.bad_lines_seen: " + std::to_string(totals.bad_lines_seen) + "\n" +
                 "messages.metrics_received: " + std::to_string(totals.metrics_received) + "\n" +
                 "messages.packets_received: " + std::to_string(totals.packets_received) + "\n" +
                 "messages.series_refused: " + std::to_string(totals.series_refused) + "\n" +
                 "messages.samples_dropped: " + std::to_string(totals.samples_dropped) + "\n" +
                 "messages.series: " + std::to_string(aggregator_.series_count()) + "\n" +
                 "flushes: " + std::to_string(totals.flushes) + "\n" + "END\n\n";
  } else if (command == "counters") {
    reply.text = listing(aggregator_.counter_values());
  } else if (command == "timers") {
    reply.text = listing(aggregator_.timer_values());
  } else if (command == "gauges") {
    reply.text = listing(aggregator_.gauge_values());
  } else if (command == "sets") {
    reply.text = listing(aggregator_.set_values());
  } else if (command == "delcounters" || command == "deltimers" || command == "delgauges" ||
             command == "delsets") {
    StatsdType type = command == "delcounters" ? StatsdType::kCounter
                      : command == "deltimers" ? StatsdType::kTimer
                      : command == "delgauges" ? StatsdType::kGauge
                                               : StatsdType::kSet;
    for (std::size_t i = 1; i < words.size(); ++i) {
      std::string name(words[i]);
      reply.text += aggregator_.delete_series(type, name) ? "deleted: " + name + "\n"
                                                          : "metric " + name + " not found\n";
    }
    reply.text += "END\n\n";
  } else if (command == "health") {
    if (words.size() > 1 && (words[1] == "up" || words[1] == "down")) {
      healthy_ = words[1] == "up";
    }
    reply.text = std::string("health: ") + (healthy_ ? "up" : "down") + "\n";
  } else if (command == "quit") {
    reply.close = true;
  } else {
    reply.text = "ERROR\n";
  }
  return reply;
}

}  // namespace opsdeck::metrics
