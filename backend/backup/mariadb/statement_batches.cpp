#include "backend/backup/mariadb/statement_batches.hpp"

#include <cctype>
#include <utility>

namespace opsdeck::backup {
namespace {

// The statement's first word, upper-cased (letters only).
std::string first_word(std::string_view text) {
  std::string word;
  for (const char character : text) {
    if (std::isalpha(static_cast<unsigned char>(character)) == 0) {
      break;
    }
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(character))));
  }
  return word;
}

bool mentions(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) {
    return false;
  }
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    std::size_t matched = 0;
    while (matched < word.size() &&
           std::tolower(static_cast<unsigned char>(text[at + matched])) == word[matched]) {
      ++matched;
    }
    if (matched == word.size()) {
      return true;
    }
  }
  return false;
}

}  // namespace

BatchKind classify_statement(std::string_view text) {
  const std::string word = first_word(text);
  if (word == "INSERT" || word == "REPLACE") {
    return BatchKind::kRows;
  }
  if (word == "SET") {
    // Transactions must stay on one connection: autocommit off or a transaction setting would leave rows
    // uncommitted on the others.
    return mentions(text, "autocommit") || mentions(text, "transaction") ? BatchKind::kInOrder
                                                                         : BatchKind::kEverySession;
  }
  if (word == "USE") {
    return BatchKind::kEverySession;
  }
  if (word == "DROP" || word == "CREATE" || word == "ALTER" || word == "RENAME" || word == "TRUNCATE") {
    return BatchKind::kSchema;
  }
  return BatchKind::kInOrder;
}

core::Status StatementBatcher::add(const SqlStatement& statement, const Sink& sink) {
  BatchKind kind = classify_statement(statement.text);
  if (kind == BatchKind::kInOrder) {
    in_order_ = true;
  }
  if (in_order_) {
    kind = BatchKind::kInOrder;
  }
  if (!pending_.lines.empty() &&
      (pending_.kind != kind || pending_.sql.size() + statement.text.size() + 2 > batch_bytes_)) {
    OPSDECK_TRY(flush(sink));
  }
  if (pending_.lines.empty()) {
    pending_.kind = kind;
    pending_.sql.reserve(batch_bytes_ + (64U << 10U));
  } else {
    pending_.sql.append(";\n");
  }
  pending_.sql.append(statement.text);
  pending_.lines.push_back(statement.first_line);
  return {};
}

core::Status StatementBatcher::flush(const Sink& sink) {
  if (pending_.lines.empty()) {
    return {};
  }
  StatementBatch batch = std::exchange(pending_, StatementBatch{});
  return sink(std::move(batch));
}

}  // namespace opsdeck::backup
