// Helpers shared by both stack servers.
#include "backend/stack/stack_server.hpp"

#include <sys/un.h>

#include <algorithm>
#include <iterator>

#include <fstream>
#include <system_error>

namespace opsdeck::stack {

core::Error missing_package_error(const core::Error& not_found, std::string_view package) {
  const std::string name(package);
  return core::make_error(
      core::ErrorCategory::kUnavailable,
      not_found.message + ": install the Debian package " + name + " (apt-get install " + name + ")");
}

core::Status check_socket_path(const std::filesystem::path& socket) {
  constexpr std::size_t kMaxSocketPath = sizeof(sockaddr_un::sun_path) - 1;
  const auto length = socket.native().size();
  if (length > kMaxSocketPath) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "socket path " + socket.string() + " is " + std::to_string(length) +
                          " bytes; unix sockets allow " + std::to_string(kMaxSocketPath) +
                          ": choose a shorter --state-dir");
  }
  return {};
}

std::string last_lines(std::string_view text, std::size_t count) {
  while (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  std::size_t start = text.size();
  for (std::size_t line = 0; line < count; ++line) {
    const auto newline = text.rfind('\n', start == 0 ? 0 : start - 1);
    if (newline == std::string_view::npos) {
      return std::string(text);
    }
    start = newline;
  }
  return std::string(text.substr(start + 1));
}

std::string last_lines_of_file(const std::filesystem::path& file, std::size_t count) {
  constexpr std::streamoff kTailBytes = 16 * 1024;  // error logs grow for months; their end is what matters
  std::ifstream stream(file, std::ios::binary);
  if (!stream) {
    return "(" + file.string() + " is missing)";
  }
  stream.seekg(0, std::ios::end);
  const auto size = static_cast<std::streamoff>(stream.tellg());
  stream.seekg(std::max<std::streamoff>(0, size - kTailBytes));
  std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  return last_lines(text, count);
}

core::Status make_private_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (!error) {
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);
  }
  if (error) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot create directory " + directory.string() + ": " + error.message());
  }
  return {};
}

}  // namespace opsdeck::stack
