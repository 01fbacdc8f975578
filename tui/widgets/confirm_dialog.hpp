// ConfirmDialog: a centred box asking before an action. For destructive actions (restore, migrate down,
// large cleanup) the user must type the target's name exactly before Enter confirms; Esc always cancels.
#pragma once

#include <string>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/text_input.hpp"

namespace opsdeck::tui {

class ConfirmDialog {
 public:
  enum class State { kPending, kConfirmed, kCancelled };

  // With an empty `required_text`, Enter or `y` confirms and `n` cancels. Otherwise the typed text must
  // equal `required_text` exactly (case and spaces count) before Enter confirms.
  ConfirmDialog(std::string title, std::string message, std::string required_text = {});

  State state() const { return state_; }
  bool pending() const { return state_ == State::kPending; }
  bool confirmed() const { return state_ == State::kConfirmed; }
  bool destructive() const { return !required_text_.empty(); }
  const std::string& title() const { return title_; }

  // Modal: every key is consumed while pending (returns true); false once decided.
  bool on_key(const Key& key);

  // Centred within `screen`; message word-wrapped; width at most 60 columns.
  void render(Canvas& canvas, Rect screen, const Glyphs& glyphs = kUnicodeGlyphs);

 private:
  std::string title_;
  std::string message_;
  std::string required_text_;
  TextInput typed_;
  bool mismatch_shown_ = false;  // Enter pressed with the wrong text: say what is expected
  State state_ = State::kPending;
};

}  // namespace opsdeck::tui
