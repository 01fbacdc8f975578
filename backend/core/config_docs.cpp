// The configuration reference: a fixed introduction (where the file is, precedence, variable names, the
// secrets policy), then one table per section built from config_schema().
#include "backend/core/config_docs.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "backend/core/config.hpp"
#include "backend/core/config_value.hpp"

namespace opsdeck::core {
namespace {

constexpr std::string_view kIntroduction = R"(# Configuration

<!-- Generated from backend/core/config_schema.cpp; do not edit by hand.
     Regenerate with: opsdeck config docs > docs/configuration.md -->

opsdeck needs no configuration. Without any it runs on its **local stack**: a private `mariadbd` and
`redis-server` under the state directory, on unix sockets. Configure `mariadb` and `redis` to use your own
servers instead.

## Where configuration comes from

One JSON file, the first of:

1. the file named by `--config`;
2. the file named by `$OPSDECK_CONFIG`;
3. `$XDG_CONFIG_HOME/opsdeck/config.json`;
4. `~/.config/opsdeck/config.json`.

A file named by `--config` or `$OPSDECK_CONFIG` must exist; the default location may be missing. The file is
nested by section, and may hold `//` and `/* */` comments:

```json
{
  "mariadb": {"host": "db1", "port": 3306},
  "ui": {"theme": "light"}
}
```

Every key can also be set by an environment variable named `OPSDECK_<SECTION>_<KEY>` in upper case:
`mariadb.ssl_ca` is `OPSDECK_MARIADB_SSL_CA`. An empty variable counts as unset. Booleans in variables may be
written `true`/`false`, `1`/`0`, `yes`/`no` or `on`/`off`.

Precedence, highest first: command-line flag, environment variable, file, default.

Paths may start with `~`, meaning your home directory. Relative paths are relative to the working directory.

Mistakes are errors, each naming the key, the file or variable, and what was expected: unknown sections and
keys (with a suggestion when one is close), unknown `OPSDECK_<SECTION>_*` variables, malformed JSON (with line
and column), wrong types, numbers out of range and values outside a fixed set of choices.

## State directory

Everything opsdeck keeps (the local stack, logs, caches) lives in one directory, the first of: `--state-dir`,
`$OPSDECK_STATE_DIR` (or `$OPSDECK_GENERAL_STATE_DIR`), `general.state_dir` in the file,
`$XDG_STATE_HOME/opsdeck`, `~/.local/state/opsdeck`.

## Secrets

Passwords (`mariadb.password`, `redis.password`) are never read from the config file or the command line. Set
them in the environment (`OPSDECK_MARIADB_PASSWORD`), or name a file that holds them with the companion key
(`mariadb.password_file`). That file is read when the password is needed; a trailing newline is ignored, and
it must not be readable by group or others (`chmod 600`). Set one of the two, not both. Secrets are never
printed, logged or drawn: `opsdeck config check` shows `********` or `(not set)`.

## Checking a configuration

`opsdeck config check` prints every key's effective value and where it came from (`default`, `file`, `env`,
`flag`), then every problem, and exits 1 when there is one. With `--json` it prints
`{"file", "state_dir", "valid", "problems", "values"}` for scripts.
)";

std::string escape_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string type_cell(const ConfigKey& key) {
  switch (key.type) {
    case ConfigType::kString:
      return key.choices.empty() ? "string" : describe_expected(key);
    case ConfigType::kInt:
      return key.max > key.min ? "integer " + std::to_string(key.min) + ".." + std::to_string(key.max)
                               : "integer";
    case ConfigType::kBool:
      return "boolean";
    case ConfigType::kPath:
      return "path";
    case ConfigType::kSecret:
      return "secret";
  }
  return "";
}

std::string default_cell(const ConfigKey& key) {
  auto value = nlohmann::json::parse(key.default_value);
  if (value.is_null()) {
    return "(none)";
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return text.empty() ? "(empty)" : "`" + text + "`";
  }
  return "`" + value.dump() + "`";
}

std::string variables_cell(const ConfigKey& key) {
  std::string out = "`" + env_var_for(key.name) + "`";
  if (!key.env_alias.empty()) {
    out = "`" + std::string(key.env_alias) + "`, " + out;
  }
  return out;
}

}  // namespace

std::string render_configuration_markdown() {
  std::ostringstream out;
  out << kIntroduction;
  for (const auto& section : config_sections()) {
    out << "\n## " << section.name << "\n\n" << section.description << "\n\n";
    out << "| key | environment variable | type | default | description |\n";
    out << "|---|---|---|---|---|\n";
    for (const auto& key : config_schema()) {
      if (key.name.substr(0, key.name.find('.')) != section.name) {
        continue;
      }
      out << "| `" << key.name << "` | " << variables_cell(key) << " | " << escape_cell(type_cell(key))
          << " | " << escape_cell(default_cell(key)) << " | " << escape_cell(key.description) << " |\n";
    }
  }
  return out.str();
}

}  // namespace opsdeck::core
