// RFC 8288 Link header parsing: link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param ).
#include "backend/sync/http/link_header.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::sync::http {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return position_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[position_]; }
  void skip() { ++position_; }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t')) {
      ++position_;
    }
  }
  // Everything up to (not including) one of `stops`, or to the end.
  std::string_view until(std::string_view stops) {
    const auto start = position_;
    while (!done() && stops.find(peek()) == std::string_view::npos) {
      ++position_;
    }
    return text_.substr(start, position_ - start);
  }
  // A quoted-string after its opening quote; backslash escapes the next character.
  std::string quoted() {
    std::string out;
    while (!done() && peek() != '"') {
      if (peek() == '\\') {
        skip();
        if (done()) {
          break;
        }
      }
      out += peek();
      skip();
    }
    if (!done()) {
      skip();  // the closing quote
    }
    return out;
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
};

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void split_rels(std::string_view value, std::vector<std::string>& rels) {
  std::size_t position = 0;
  while (position < value.size()) {
    const auto space = value.find_first_of(" \t", position);
    const auto token =
        value.substr(position, space == std::string_view::npos ? std::string_view::npos : space - position);
    if (!token.empty()) {
      rels.push_back(lower_trimmed(token));
    }
    if (space == std::string_view::npos) {
      break;
    }
    position = space + 1;
  }
}

}  // namespace

std::vector<LinkValue> parse_link_header(std::string_view header) {
  std::vector<LinkValue> links;
  Cursor cursor(header);
  while (!cursor.done()) {
    cursor.skip_space();
    if (cursor.peek() == ',') {
      cursor.skip();
      continue;
    }
    if (cursor.peek() != '<') {
      cursor.until(",");  // not a link-value: skip to the next one
      continue;
    }
    cursor.skip();
    LinkValue link;
    link.target = std::string(cursor.until(">"));
    if (cursor.done()) {
      break;  // no closing '>': the target is not trustworthy
    }
    cursor.skip();
    bool has_rel = false;
    while (true) {
      cursor.skip_space();
      if (cursor.peek() != ';') {
        break;
      }
      cursor.skip();
      cursor.skip_space();
      const std::string name = lower_trimmed(cursor.until("=;,"));
      std::string value;
      if (cursor.peek() == '=') {
        cursor.skip();
        cursor.skip_space();
        if (cursor.peek() == '"') {
          cursor.skip();
          value = cursor.quoted();
        } else {
          value = std::string(cursor.until(";,"));
        }
      }
      // Only the first rel counts (RFC 8288 section 3.3).
      if (name == "rel" && !has_rel) {
        split_rels(value, link.rels);
        has_rel = true;
      }
    }
    cursor.until(",");
    links.push_back(std::move(link));
  }
  return links;
}

std::optional<std::string> find_link(std::string_view header, std::string_view rel) {
  for (auto& link : parse_link_header(header)) {
    if (std::find(link.rels.begin(), link.rels.end(), rel) != link.rels.end()) {
      return std::move(link.target);
    }
  }
  return std::nullopt;
}

}  // namespace opsdeck::sync::http
