// Verification records: one small JSON file per verified backup.
#include "backend/backup/verification_record.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;

std::optional<VerifyState> state_from(const std::string& text) {
  if (text == "verified") {
    return VerifyState::kVerified;
  }
  if (text == "failed") {
    return VerifyState::kFailed;
  }
  return std::nullopt;
}

bool all_digits(const std::string& text) {
  return text.size() == 14 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Verification verification_from(bool read_data, const std::vector<std::string>& problems, std::int64_t at) {
  Verification verification;
  verification.at = at;
  verification.read_data = read_data;
  if (problems.empty()) {
    verification.state = VerifyState::kVerified;
    return verification;
  }
  verification.state = VerifyState::kFailed;
  verification.reason = problems.front();
  if (problems.size() > 1) {
    verification.reason += " (+" + std::to_string(problems.size() - 1) + " more)";
  }
  return verification;
}

core::Status save_verification(const fs::path& repo_root, const std::string& id,
                               const Verification& verification) {
  if (!all_digits(id)) {
    return core::fail(ErrorCategory::kInvalidInput, "\"" + id + "\" is not a backup id");
  }
  const fs::path directory = repo_root / kVerificationsDirectoryName;
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return core::fail(ErrorCategory::kIo, "cannot create " + directory.string() + ": " + error.message());
  }
  const nlohmann::json record = {{"state", std::string(to_string(verification.state))},
                                 {"at", verification.at},
                                 {"read_data", verification.read_data},
                                 {"reason", verification.reason}};
  const std::string text = record.dump() + "\n";
  const fs::path final_path = directory / (id + ".json");
  const fs::path temporary = directory / (id + ".json.tmp-" + std::to_string(::getpid()));
  {
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(fd.get()) != 0) {
      const std::string reason = std::strerror(errno);
      fs::remove(temporary, error);
      return core::fail(ErrorCategory::kIo, "cannot write " + temporary.string() + ": " + reason);
    }
  }
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    fs::remove(temporary, error);
    return core::fail(ErrorCategory::kIo, "cannot write " + final_path.string() + ": " + reason);
  }
  // Records of backups that are gone (pruned, removed) would only mislead a backup made later with the id.
  for (const auto& item : fs::directory_iterator(directory, error)) {
    const std::string stem = item.path().stem().string();
    if (item.path().extension() == ".json" && all_digits(stem) && !fs::exists(repo_root / stem)) {
      std::error_code ignored;
      fs::remove(item.path(), ignored);
    }
  }
  return {};
}

std::map<std::string, Verification> load_verifications(const fs::path& repo_root) {
  std::map<std::string, Verification> records;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(repo_root / kVerificationsDirectoryName, error)) {
    const std::string stem = item.path().stem().string();
    if (item.path().extension() != ".json" || !all_digits(stem)) {
      continue;
    }
    std::ifstream in(item.path());
    const nlohmann::json value = nlohmann::json::parse(in, nullptr, false);
    if (!value.is_object() || !value.contains("state") || !value["state"].is_string()) {
      continue;
    }
    auto state = state_from(value["state"].get<std::string>());
    if (!state) {
      continue;
    }
    Verification verification;
    verification.state = *state;
    verification.at = value.value("at", std::int64_t{0});
    verification.read_data = value.value("read_data", false);
    verification.reason = value.value("reason", std::string());
    records.emplace(stem, std::move(verification));
  }
  return records;
}

}  // namespace opsdeck::backup
