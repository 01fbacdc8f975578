// Per-code-point helpers behind display_width(), for widgets that edit or lay out text cell by cell.
#pragma once

#include <string>
#include <string_view>

namespace opsdeck::tui {

// Terminal columns of one code point: 0 for combining marks, 2 for East Asian wide, 1 otherwise.
int codepoint_width(char32_t ch);
int display_width(std::u32string_view text);
std::string encode_utf8(std::u32string_view text);

}  // namespace opsdeck::tui
