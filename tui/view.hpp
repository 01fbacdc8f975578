// The View interface every panel implements (DESIGN.md): a view holds only UI state, renders what the
// snapshot gives it and answers keys with a result; it never does I/O and never calls an engine's internals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/key_hint.hpp"
#include "tui/snapshot.hpp"

namespace opsdeck::tui {

// A command a view asks the console to run (start a job, switch view, ...), named like palette actions.
struct Command {
  std::string name;               // "view.jobs", "job.cancel"
  std::vector<std::string> args;  // e.g. a job id
};

struct HandleResult {
  enum class Kind { kIgnored, kHandled, kRedraw, kSwitchView, kQuit, kRunCommand };
  Kind kind = Kind::kIgnored;
  std::string target_view;  // for kSwitchView
  Command command;          // for kRunCommand

  static HandleResult ignored() { return {}; }
  static HandleResult handled() { return {Kind::kHandled, {}, {}}; }
  static HandleResult redraw() { return {Kind::kRedraw, {}, {}}; }
  static HandleResult quit() { return {Kind::kQuit, {}, {}}; }
  static HandleResult switch_to(std::string view) { return {Kind::kSwitchView, std::move(view), {}}; }
  static HandleResult run(Command command) { return {Kind::kRunCommand, {}, std::move(command)}; }
};

// An action a view offers to the command palette, e.g. {"jobs.cancel", "cancel the selected job"}.
struct Action {
  std::string name;
  std::string description;
};

class View {
 public:
  virtual ~View() = default;
  virtual std::string_view id() const = 0;     // "overview": palette name, stable
  virtual std::string_view title() const = 0;  // "Overview": tab label
  virtual std::vector<KeyHint> keys() const = 0;
  virtual std::vector<Action> actions() const { return {}; }
  virtual void render(const Snapshot& snapshot, Canvas& canvas) = 0;
  virtual HandleResult on_key(const Key& key, const Snapshot& snapshot) = 0;
  // True while the view captures every key itself (a filter or form is being typed into).
  virtual bool capturing_input() const { return false; }
};

}  // namespace opsdeck::tui
