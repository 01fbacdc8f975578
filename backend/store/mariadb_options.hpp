// How to reach a MariaDB server: TCP or unix socket, credentials, TLS. Built from config or by the stack.
#pragma once

#include <chrono>
#include <string>

#include "backend/core/secret.hpp"

namespace opsdeck::store {

struct MariadbTlsOptions {
  std::string ca_file;        // PEM CA bundle; empty = system default when TLS is on
  std::string cert_file;      // client certificate (for REQUIRE X509 users)
  std::string key_file;       // client key
  bool enabled = false;       // TLS is used when enabled or when any file above is set
  bool verify_server = true;  // verification is on unless the user turns it off explicitly
};

struct MariadbOptions {
  std::string host;  // empty when `socket` is used
  unsigned port = 3306;
  std::string socket;  // unix socket path; takes precedence over host
  std::string user;
  core::Secret password;
  std::string database;  // may be empty
  MariadbTlsOptions tls;
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds read_timeout{30};

  // "socket /path" or "host:port", for messages; never includes credentials.
  std::string describe() const;
};

}  // namespace opsdeck::store
