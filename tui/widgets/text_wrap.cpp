// Greedy word wrapping by display width (wide characters count two columns).
#include "tui/widgets/text_wrap.hpp"

#include "tui/canvas/canvas.hpp"
#include "tui/canvas/char_width.hpp"

namespace opsdeck::tui {
namespace {

// Cuts a word wider than a line into line-sized pieces.
void append_long_word(std::u32string_view word, int width, std::vector<std::u32string>& lines) {
  std::u32string piece;
  int piece_width = 0;
  for (char32_t ch : word) {
    const int w = codepoint_width(ch);
    if (piece_width + w > width && !piece.empty()) {
      lines.push_back(piece);
      piece.clear();
      piece_width = 0;
    }
    piece.push_back(ch);
    piece_width += w;
  }
  lines.push_back(piece);
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, int width) {
  width = std::max(width, 1);
  std::vector<std::u32string> lines;
  const std::u32string all = decode_utf8(text);
  std::u32string_view rest = all;
  while (true) {
    const auto newline = rest.find(U'\n');
    const std::u32string_view paragraph = rest.substr(0, newline);
    std::u32string line;
    int line_width = 0;
    bool paragraph_has_line = false;
    std::size_t start = 0;
    while (start <= paragraph.size()) {
      auto end = paragraph.find(U' ', start);
      if (end == std::u32string_view::npos) {
        end = paragraph.size();
      }
      const std::u32string_view word = paragraph.substr(start, end - start);
      start = end + 1;
      if (word.empty()) {
        continue;
      }
      const int word_width = display_width(word);
      if (!line.empty() && line_width + 1 + word_width <= width) {
        line += U' ';
        line += word;
        line_width += 1 + word_width;
        continue;
      }
      if (!line.empty()) {
        lines.push_back(line);
        paragraph_has_line = true;
        line.clear();
        line_width = 0;
      }
      if (word_width > width) {
        append_long_word(word, width, lines);
        paragraph_has_line = true;
        line = lines.back();
        lines.pop_back();
        line_width = display_width(line);
      } else {
        line = word;
        line_width = word_width;
      }
    }
    if (!line.empty() || !paragraph_has_line) {
      lines.push_back(line);
    }
    if (newline == std::u32string_view::npos) {
      break;
    }
    rest = rest.substr(newline + 1);
  }
  std::vector<std::string> out;
  out.reserve(lines.size());
  for (const auto& line : lines) {
    out.push_back(encode_utf8(line));
  }
  return out;
}

}  // namespace opsdeck::tui
