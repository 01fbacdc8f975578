// One entry at a time; the first bad one fails the whole list so a typo never silently drops a replica.
#include "backend/metrics/replica_list.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace opsdeck::metrics {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

core::Unexpected bad_entry(std::string_view config_key, std::size_t index, std::string_view entry,
                           std::string_view problem) {
  return core::fail(core::ErrorCategory::kInvalidInput,
                    "config key " + std::string(config_key) + ": entry " + std::to_string(index) + " `" +
                        std::string(entry) + "`: " + std::string(problem) +
                        "; expected name=host:port, name=[ipv6]:port or name=/path/to/socket");
}

core::Result<unsigned> parse_port(std::string_view text) {
  unsigned port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535) {
    return core::fail(core::ErrorCategory::kInvalidInput, "port `" + std::string(text) + "` is not 1..65535");
  }
  return port;
}

}  // namespace

core::Result<std::vector<ReplicaEndpoint>> parse_replica_list(std::string_view text,
                                                              std::string_view config_key,
                                                              unsigned default_port) {
  std::vector<ReplicaEndpoint> replicas;
  if (trim(text).empty()) {
    return replicas;
  }
  std::size_t index = 0;
  while (true) {
    auto comma = text.find(',');
    std::string_view entry = trim(text.substr(0, comma));
    ++index;
    ReplicaEndpoint replica;
    replica.port = default_port;
    std::string_view target = entry;
    if (auto equals = entry.find('='); equals != std::string_view::npos) {
      replica.name = std::string(trim(entry.substr(0, equals)));
      target = trim(entry.substr(equals + 1));
      if (replica.name.empty()) {
        return bad_entry(config_key, index, entry, "the name before `=` is empty");
      }
    }
    if (target.empty()) {
      return bad_entry(config_key, index, entry, "no address");
    }
    if (replica.name.empty()) {
      replica.name = std::string(target);
    }
    if (target.front() == '/') {
      replica.socket = std::string(target);
    } else {
      std::string_view port_text;
      if (target.front() == '[') {
        auto close = target.find(']');
        if (close == std::string_view::npos) {
          return bad_entry(config_key, index, entry, "`[` without `]`");
        }
        replica.host = std::string(target.substr(1, close - 1));
        std::string_view rest = target.substr(close + 1);
        if (!rest.empty()) {
          if (rest.front() != ':') {
            return bad_entry(config_key, index, entry, "text after `]` that is not `:port`");
          }
          port_text = rest.substr(1);
        }
      } else if (std::count(target.begin(), target.end(), ':') > 1) {
        return bad_entry(config_key, index, entry, "an IPv6 address needs brackets");
      } else {
        auto colon = target.find(':');
        replica.host = std::string(target.substr(0, colon));
        if (colon != std::string_view::npos) {
          port_text = target.substr(colon + 1);
        }
      }
      if (replica.host.empty()) {
        return bad_entry(config_key, index, entry, "no host");
      }
      if (!port_text.empty() || target.back() == ':') {
        auto port = parse_port(port_text);
        if (!port.ok()) {
          return bad_entry(config_key, index, entry, port.error().message);
        }
        replica.port = *port;
      }
    }
    replicas.push_back(std::move(replica));
    if (comma == std::string_view::npos) {
      break;
    }
    text = text.substr(comma + 1);
  }
  return replicas;
}

}  // namespace opsdeck::metrics
