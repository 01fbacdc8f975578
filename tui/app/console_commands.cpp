// Console commands: parse the arguments a view sent, call the engine, return a one-line status.
#include "tui/app/console_commands.hpp"

#include <charconv>

#include "backend/backup/backup_console_commands.hpp"
#include "backend/certs/certs_console_commands.hpp"

namespace opsdeck::tui::app {

CommandRunner make_command_runner(Session& session) {
  return [&session](const Command& command) -> std::string {
    if (command.name == "jobs.cancel") {
      core::JobId id = 0;
      if (command.args.empty() ||
          std::from_chars(command.args[0].data(), command.args[0].data() + command.args[0].size(), id).ec !=
              std::errc()) {
        return "jobs.cancel: select a job first";
      }
      return session.jobs().cancel(id) ? "" : "job " + command.args[0] + " is not running";
    }
    if (command.name == "stack.up") {
      if (!session.local_stack()) {
        return "stack.up: servers are configured, there is no local stack to start";
      }
      session.bring_stack_up();
      return "";
    }
    if (command.name.starts_with("sync.")) {
      return session.run_sync_command(command.name, command.args);
    }
    if (certs::is_certs_command(command.name)) {
      session.run_certs_command(command.name, command.args);
      return "";
    }
    if (backup::is_backup_command(command.name)) {
      return session.run_backup_command(command.name, command.args);
    }
    return "unknown command '" + command.name + "'";
  };
}

}  // namespace opsdeck::tui::app
