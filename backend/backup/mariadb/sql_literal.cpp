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

// The escape letter after '\\' for each byte that needs one, 0 for every byte written as is.
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> table{};
  table[static_cast<unsigned char>('\0')] = '0';
  table[static_cast<unsigned char>('\'')] = '\'';
  table[static_cast<unsigned char>('"')] = '"';
  table[static_cast<unsigned char>('\\')] = '\\';
  table[static_cast<unsigned char>('\n')] = 'n';
  table[static_cast<unsigned char>('\r')] = 'r';
  table[static_cast<unsigned char>('\x1a')] = 'Z';
  return table;
}();

void append_quoted_string(std::string& out, std::string_view value) {
  // Worst case every byte escaped: write into room made once, then trim (a dump spends its time here).
  const std::size_t start = out.size();
  out.resize(start + value.size() * 2 + 2);
  char* cursor = out.data() + start;
  *cursor++ = '\'';
  for (const char character : value) {
    const char escape = kEscapes[static_cast<unsigned char>(character)];
    if (escape == 0) {
      *cursor++ = character;
    } else {
      *cursor++ = '\\';
      *cursor++ = escape;
    }
  }
  *cursor++ = '\'';
  out.resize(static_cast<std::size_t>(cursor - out.data()));
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
