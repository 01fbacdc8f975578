// MariadbConnection: opening (timeouts, utf8mb4, socket or TCP, TLS), reconnecting, and the error rules that
// every statement shares. Statements live in mariadb_statement.cpp, transactions in mariadb_transaction.cpp,
// the text protocol in mariadb_plain_query.cpp.
#include "backend/store/mariadb_connection.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "backend/store/mariadb_handle.hpp"

namespace opsdeck::store {
namespace {

constexpr std::size_t kMaxIdentifierCharacters = 64;
constexpr std::size_t kMaxSqlShownInMessages = 200;

// Connector/C wants one process-wide init before threads open connections; mysql_init() would do it lazily
// but not thread-safely.
void init_client_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

// The schema says "empty user = the OS user"; Connector/C would otherwise send an empty name.
std::string effective_user(const MariadbOptions& options) {
  if (!options.user.empty()) {
    return options.user;
  }
  std::string buffer(4096, '\0');
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return {};
}

bool tls_requested(const MariadbTlsOptions& tls) {
  return tls.enabled || !tls.ca_file.empty() || !tls.cert_file.empty() || !tls.key_file.empty();
}

void set_tls_options(MYSQL* mysql, const MariadbTlsOptions& tls) {
  auto set_file = [mysql](mysql_option option, const std::string& path) {
    if (!path.empty()) {
      mysql_optionsv(mysql, option, path.c_str());
    }
  };
  set_file(MYSQL_OPT_SSL_CA, tls.ca_file);
  set_file(MYSQL_OPT_SSL_CERT, tls.cert_file);
  set_file(MYSQL_OPT_SSL_KEY, tls.key_file);
  // Enforce: fail rather than fall back to plain text when the server offers no TLS.
  my_bool enforce = 1;
  mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &enforce);
  // Connector/C 3.3 does not verify by default; we do unless the user explicitly said not to.
  my_bool verify = tls.verify_server ? 1 : 0;
  mysql_optionsv(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
}

// Connector/C reports a failed server verification as a generic TLS error (CR_SSL_CONNECTION_ERROR) worded
// by OpenSSL ("self-signed certificate in certificate chain"); say plainly what failed and which CA was
// trusted, since the usual fix is the CA file.
std::string describe_connect_failure(const MariadbOptions& options, unsigned code, const std::string& error) {
  constexpr unsigned kTlsConnectionError = 2026;  // CR_SSL_CONNECTION_ERROR
  const bool verification = code == kTlsConnectionError && tls_requested(options.tls) &&
                            options.tls.verify_server && error.find("certificate") != std::string::npos;
  std::string message = error + " (error " + std::to_string(code) + ")";
  if (verification) {
    message =
        "the server's certificate verification failed against " +
        (options.tls.ca_file.empty() ? std::string("the system's CAs") : "CA file " + options.tls.ca_file) +
        ": " + message;
  }
  return message;
}

// Our messages start with "mariadb at <server>: "; when one is quoted inside another, say the server once.
std::string without_server_prefix(const MariadbOptions& options, const std::string& message) {
  const std::string prefix = "mariadb at " + options.describe() + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

}  // namespace

std::string sql_for_message(std::string_view sql) {
  if (sql.size() <= kMaxSqlShownInMessages) {
    return std::string(sql);
  }
  return std::string(sql.substr(0, kMaxSqlShownInMessages)) + "...";
}

core::Unexpected MariadbConnection::Handle::fail_with(const MariadbOptions& options, std::string_view doing,
                                                      unsigned code, std::string_view message) {
  last_error_code = code;
  return core::fail(mariadb_error_category(code), "mariadb at " + options.describe() + ": " +
                                                      std::string(doing) + ": " + std::string(message) +
                                                      " (error " + std::to_string(code) + ")");
}

core::Unexpected MariadbConnection::Handle::fail_from_connection(const MariadbOptions& options,
                                                                 std::string_view doing) {
  return fail_with(options, doing, mysql_errno(mysql.get()), mysql_error(mysql.get()));
}

core::Unexpected MariadbConnection::Handle::fail_from_statement(const MariadbOptions& options,
                                                                std::string_view doing,
                                                                MYSQL_STMT* statement) {
  return fail_with(options, doing, mysql_stmt_errno(statement), mysql_stmt_error(statement));
}

core::Result<MysqlPtr> MariadbConnection::Handle::open_mysql(const MariadbOptions& options) {
  init_client_library_once();
  MysqlPtr mysql(mysql_init(nullptr));
  if (!mysql) {
    return core::fail(core::ErrorCategory::kInternal, "mysql_init failed (out of memory)");
  }
  MYSQL* raw = mysql.get();
  unsigned connect_seconds =
      static_cast<unsigned>(std::max<std::int64_t>(1, options.connect_timeout.count()));
  unsigned read_seconds = static_cast<unsigned>(std::max<std::int64_t>(1, options.read_timeout.count()));
  mysql_optionsv(raw, MYSQL_OPT_CONNECT_TIMEOUT, &connect_seconds);
  mysql_optionsv(raw, MYSQL_OPT_READ_TIMEOUT, &read_seconds);
  mysql_optionsv(raw, MYSQL_OPT_WRITE_TIMEOUT, &read_seconds);
  mysql_optionsv(raw, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // We reconnect ourselves: the client library's silent reconnect would drop prepared statements and
  // transactions without telling us.
  my_bool auto_reconnect = 0;
  mysql_optionsv(raw, MYSQL_OPT_RECONNECT, &auto_reconnect);
  // Explicit protocol, so that host "localhost" means TCP when no socket is given.
  unsigned protocol = options.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(raw, MYSQL_OPT_PROTOCOL, &protocol);
  if (tls_requested(options.tls)) {
    set_tls_options(raw, options.tls);
  }

  const std::string user = effective_user(options);
  const bool use_socket = !options.socket.empty();
  const char* password = options.password.empty() ? nullptr : options.password.reveal().c_str();
  const char* database = options.database.empty() ? nullptr : options.database.c_str();
  if (mysql_real_connect(raw, use_socket ? "localhost" : options.host.c_str(), user.c_str(), password,
                         database, use_socket ? 0 : options.port,
                         use_socket ? options.socket.c_str() : nullptr, CLIENT_MULTI_RESULTS) == nullptr) {
    const unsigned code = mysql_errno(raw);
    return core::fail(mariadb_error_category(code),
                      describe_connect_failure(options, code, mysql_error(raw)));
  }
  return mysql;
}

core::Status MariadbConnection::Handle::before_statement(MariadbConnection& connection) {
  Handle& handle = *connection.handle_;
  if (handle.transaction_lost) {
    return core::fail(core::ErrorCategory::kUnavailable,
                      "mariadb at " + connection.options_.describe() +
                          ": the server went away inside a transaction, so the transaction was lost (the "
                          "server rolled it back); call rollback() and start again");
  }
  if (!handle.mysql) {
    return connection.reconnect();
  }
  return {};
}

core::Status MariadbConnection::Handle::recover(MariadbConnection& connection, const core::Error& failure) {
  Handle& handle = *connection.handle_;
  if (!is_server_gone_error(handle.last_error_code)) {
    return core::Unexpected{failure};
  }
  unsigned server_status = 0;
  if (handle.mysql) {
    mariadb_get_infov(handle.mysql.get(), MARIADB_CONNECTION_SERVER_STATUS, &server_status);
  }
  // A transaction opened with plain SQL counts too: retrying on a new connection would run the statement
  // outside it.
  if (connection.in_transaction_ || (server_status & SERVER_STATUS_IN_TRANS) != 0) {
    handle.mysql.reset();
    handle.transaction_lost = connection.in_transaction_;
    return core::fail(core::ErrorCategory::kUnavailable,
                      "mariadb at " + connection.options_.describe() +
                          ": the server went away inside a transaction, so the transaction was lost (the "
                          "server rolled it back); the failure was: " +
                          without_server_prefix(connection.options_, failure.message));
  }
  return connection.reconnect();
}

MariadbConnection::MariadbConnection(MariadbOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
}

MariadbConnection::~MariadbConnection() = default;

core::Result<std::unique_ptr<MariadbConnection>> MariadbConnection::connect(const MariadbOptions& options) {
  // The constructor is private (connections exist only connected), hence no make_unique.
  std::unique_ptr<MariadbConnection> connection(new MariadbConnection(options));
  OPSDECK_TRY(connection->open());
  return connection;
}

core::Status MariadbConnection::open() {
  auto opened = Handle::open_mysql(options_);
  if (!opened.ok()) {
    return core::fail(opened.error().category,
                      "mariadb at " + options_.describe() + ": connecting failed: " + opened.error().message);
  }
  handle_->mysql = std::move(opened).value();
  return {};
}

core::Status MariadbConnection::reconnect() {
  handle_->mysql.reset();
  ++handle_->generation;
  auto opened = Handle::open_mysql(options_);
  if (!opened.ok()) {
    return core::fail(opened.error().category,
                      "mariadb at " + options_.describe() +
                          ": server went away and reconnecting failed: " + opened.error().message);
  }
  handle_->mysql = std::move(opened).value();
  return {};
}

core::Result<QueryResult> MariadbConnection::execute(std::string_view sql, const std::vector<Value>& binds) {
  auto statement = prepare(sql);
  if (!statement.ok()) {
    return core::Unexpected{statement.error()};
  }
  return statement.value()->execute(binds);
}

core::Result<std::unique_ptr<Statement>> MariadbConnection::prepare(std::string_view sql) {
  // The constructor is private (statements exist only prepared), hence no make_unique.
  std::unique_ptr<Statement> statement(new Statement(*this, std::string(sql)));
  OPSDECK_TRY(Handle::run_with_reconnect(*this, [&] { return Statement::Handle::prepare(*statement); }));
  return statement;
}

core::Status MariadbConnection::ping() {
  return Handle::run_with_reconnect(*this, [this]() -> core::Status {
    if (mysql_ping(handle_->mysql.get()) != 0) {
      return handle_->fail_from_connection(options_, "ping");
    }
    return {};
  });
}

std::string MariadbConnection::server_version() const {
  return handle_->mysql ? mysql_get_server_info(handle_->mysql.get()) : "";
}

bool MariadbConnection::tls_in_use() const {
  return handle_->mysql && mysql_get_ssl_cipher(handle_->mysql.get()) != nullptr;
}

core::Result<std::string> MariadbConnection::quote_identifier(std::string_view name) {
  auto reject = [name](std::string_view why) {
    std::string shown;
    for (char character : name) {
      shown += character == '\0' ? std::string("\\0") : std::string(1, character);
    }
    return core::fail(
        core::ErrorCategory::kInvalidInput,
        "identifier \"" + shown + "\": " + std::string(why) + "; expected 1 to 64 characters without NUL");
  };
  if (name.empty()) {
    return reject("is empty");
  }
  if (name.find('\0') != std::string_view::npos) {
    return reject("contains a NUL byte");
  }
  // MariaDB counts characters, not bytes: skip UTF-8 continuation bytes.
  const auto characters = static_cast<std::size_t>(std::count_if(
      name.begin(), name.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }));
  if (characters > kMaxIdentifierCharacters) {
    return reject("is " + std::to_string(characters) + " characters long");
  }
  std::string quoted = "`";
  for (char character : name) {
    quoted += character;
    if (character == '`') {
      quoted += '`';
    }
  }
  quoted += '`';
  return quoted;
}

}  // namespace opsdeck::store
