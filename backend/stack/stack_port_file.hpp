// A TCP port remembered in a file of the stack directory (how mariadbd was last started with TLS, so that
// status and connection options find it), and a free loopback port for when none is configured.
#pragma once

#include <filesystem>
#include <optional>

#include "backend/core/result.hpp"

namespace opsdeck::stack {

// The port in `file`; empty when the file is missing or holds no port (1..65535).
std::optional<unsigned> read_port_file(const std::filesystem::path& file);
// Written to a temporary file and renamed, so a reader never sees half a number.
core::Status write_port_file(const std::filesystem::path& file, unsigned port);

// A port on 127.0.0.1 that nobody listens on right now, found by letting the kernel pick one. Another
// process could take it before the server binds it; the server then fails to start and says so in its log.
core::Result<unsigned> free_loopback_port();

}  // namespace opsdeck::stack
