// The console's commands (from views and the palette), run through the session's engine facades.
#pragma once

#include "tui/app/console_shell.hpp"
#include "tui/app/session.hpp"

namespace opsdeck::tui::app {

// "jobs.cancel <id>", "stack.up". Unknown commands get a message naming them.
CommandRunner make_command_runner(Session& session);

}  // namespace opsdeck::tui::app
