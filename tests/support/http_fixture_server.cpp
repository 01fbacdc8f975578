// The fixture HTTP server: poll() on the listening socket and a stop pipe; one request per connection.
#include "tests/support/http_fixture_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <gtest/gtest.h>

namespace opsdeck::testing {
namespace {

std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::string reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// Reads until the end of the headers; requests here are GETs without a body. Bounded in size and time.
bool read_head(int client, std::string& head) {
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    pollfd ready{client, POLLIN, 0};
    if (head.size() > 65536 || ::poll(&ready, 1, 5000) <= 0) {
      return false;
    }
    const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
    if (got <= 0) {
      return false;
    }
    head.append(buffer, static_cast<std::size_t>(got));
  }
  return true;
}

FixtureRequest parse_head(const std::string& head) {
  FixtureRequest request;
  const auto line_end = head.find("\r\n");
  const std::string line = head.substr(0, line_end);
  const auto first_space = line.find(' ');
  const auto second_space = line.find(' ', first_space + 1);
  request.method = line.substr(0, first_space);
  request.target = line.substr(first_space + 1, second_space - first_space - 1);
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) {
    std::string_view query(request.target);
    query.remove_prefix(question + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto pair = query.substr(0, amp);
      const auto equals = pair.find('=');
      request.query[decode(pair.substr(0, equals))] =
          equals == std::string_view::npos ? "" : decode(pair.substr(equals + 1));
      query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    }
  }
  std::size_t position = line_end + 2;
  while (position < head.size()) {
    const auto end = head.find("\r\n", position);
    if (end == std::string::npos || end == position) {
      break;
    }
    const std::string header = head.substr(position, end - position);
    const auto colon = header.find(':');
    if (colon != std::string::npos) {
      std::string name = header.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string value = header.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.headers[name] = value;
    }
    position = end + 2;
  }
  return request;
}

void send_all(int client, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t wrote = ::send(client, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (wrote <= 0) {
      return;
    }
    sent += static_cast<std::size_t>(wrote);
  }
}

}  // namespace

FixtureResponse FixtureResponse::json(std::string body, int status) {
  return FixtureResponse{status, {{"Content-Type", "application/json"}}, std::move(body), false};
}

HttpFixtureServer::HttpFixtureServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      ::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "http fixture server: cannot listen on 127.0.0.1";
    return;
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { run(); });
}

HttpFixtureServer::~HttpFixtureServer() {
  if (thread_.joinable()) {
    const char byte = 'x';
    (void)!::write(stop_pipe_[1], &byte, 1);
    thread_.join();
  }
  for (int fd : stalled_) {
    ::close(fd);
  }
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1]}) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

std::vector<FixtureRequest> HttpFixtureServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void HttpFixtureServer::run() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      continue;
    }
    if (fds[1].revents != 0) {
      return;
    }
    if ((fds[0].revents & POLLIN) != 0) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        serve(client);
      }
    }
  }
}

void HttpFixtureServer::serve(int client) {
  std::string head;
  if (!read_head(client, head)) {
    ::close(client);
    return;
  }
  FixtureRequest request = parse_head(head);
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  const FixtureResponse response = handler_(request);
  if (response.stall) {
    std::lock_guard lock(mutex_);
    stalled_.push_back(client);
    return;
  }
  std::string bytes = "HTTP/1.1 " + std::to_string(response.status) + " " + reason(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    bytes += name + ": " + value + "\r\n";
  }
  bytes += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
  bytes += response.body;
  send_all(client, bytes);
  ::shutdown(client, SHUT_WR);
  ::close(client);
}

void ScriptedRoutes::add(const std::string& target, FixtureResponse response) {
  std::lock_guard lock(state_->mutex);
  state_->routes[target].push_back(std::move(response));
}

HttpFixtureServer::Handler ScriptedRoutes::handler() {
  return [state = state_](const FixtureRequest& request) {
    std::lock_guard lock(state->mutex);
    auto found = state->routes.find(request.target);
    if (found == state->routes.end() || found->second.empty()) {
      return FixtureResponse::json(R"({"message": "no route for )" + request.target + R"("})", 404);
    }
    FixtureResponse response = found->second.front();
    if (found->second.size() > 1) {
      found->second.pop_front();
    }
    return response;
  };
}

}  // namespace opsdeck::testing
