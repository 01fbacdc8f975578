// Word wrapping by display width, for dialogs and help text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::tui {

// Splits text into lines of at most `width` columns at spaces; '\n' forces a break; words longer than a
// line are cut. Always at least one line.
std::vector<std::string> wrap_text(std::string_view text, int width);

}  // namespace opsdeck::tui
