#include "backend/backup/mariadb/sql_literal.hpp"

#include <array>

namespace opsdeck::backup {
namespace {

bool plainly_numeric(std::string_view value) {
  if (value.empty()) {
    return false;
  }
  for (const char character : value) {
    const bool allowed = (character >= '0' && character <= '9') || character == '-' || character == '+' ||
                         character == '.' || character == 'e' || character == 'E';
    if (!allowed) {
      return false;
    }
  }
  return true;
}

}  // namespace

void append_quoted_string(std::string& out, std::string_view value) {
  out.reserve(out.size() + value.size() + 2);
  out.push_back('\'');
  std::size_t run_start = 0;
  for (std::size_t index = 0; index < value.size(); ++index) {
    char replacement = 0;
    switch (value[index]) {
      case '\0':
        replacement = '0';
        break;
      case '\'':
        replacement = '\'';
        break;
      case '"':
        replacement = '"';
        break;
      case '\\':
        replacement = '\\';
        break;
      case '\n':
        replacement = 'n';
        break;
      case '\r':
        replacement = 'r';
        break;
      case '\x1a':
        replacement = 'Z';
        break;
      default:
        continue;
    }
    out.append(value.substr(run_start, index - run_start));
    out.push_back('\\');
    out.push_back(replacement);
    run_start = index + 1;
  }
  out.append(value.substr(run_start));
  out.push_back('\'');
}

void append_hex_literal(std::string& out, std::string_view value) {
  if (value.empty()) {
    out.append("''");
    return;
  }
  static constexpr std::array<char, 16> kDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                   '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  const std::size_t start = out.size();
  out.resize(start + 2 + value.size() * 2);
  char* cursor = out.data() + start;
  *cursor++ = '0';
  *cursor++ = 'x';
  for (const char character : value) {
    const auto byte = static_cast<unsigned char>(character);
    *cursor++ = kDigits[byte >> 4U];
    *cursor++ = kDigits[byte & 0x0FU];
  }
}

void append_literal(std::string& out, LiteralKind kind, std::string_view value) {
  switch (kind) {
    case LiteralKind::kNumber:
      if (plainly_numeric(value)) {
        out.append(value);
      } else {
        append_quoted_string(out, value);
      }
      return;
    case LiteralKind::kBinary:
      append_hex_literal(out, value);
      return;
    case LiteralKind::kString:
      append_quoted_string(out, value);
      return;
  }
}

}  // namespace opsdeck::backup
