// Paths in the certificate directory, and creating its folders with the right mode.
#include "backend/certs/cert_layout.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace opsdeck::certs {
namespace {

core::Status make_private_directory(const std::filesystem::path& path) {
  if (::mkdir(path.c_str(), kDirectoryMode) == 0) {
    // mkdir applies the umask; chmod makes 0700 exact whatever the umask is.
    if (::chmod(path.c_str(), kDirectoryMode) != 0) {
      return core::fail(core::ErrorCategory::kIo,
                        "cannot set mode 0700 on " + path.string() + ": " + std::strerror(errno));
    }
    return {};
  }
  if (errno != EEXIST) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot create directory " + path.string() + ": " + std::strerror(errno));
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return core::fail(core::ErrorCategory::kIo, path.string() + " exists and is not a directory");
  }
  return {};
}

}  // namespace

std::filesystem::path CertLayout::directory(CertKind kind) const {
  return root_ / std::string(directory_name(kind));
}

std::filesystem::path CertLayout::file(CertKind kind, std::string_view name,
                                       std::string_view extension) const {
  return directory(kind) / (std::string(name) + std::string(extension));
}

std::filesystem::path CertLayout::certificate_path(CertKind kind, std::string_view name) const {
  return file(kind, name, ".crt");
}

std::filesystem::path CertLayout::key_path(CertKind kind, std::string_view name) const {
  return file(kind, name, ".key");
}

std::filesystem::path CertLayout::csr_path(CertKind kind, std::string_view name) const {
  return file(kind, name, ".csr");
}

std::filesystem::path CertLayout::pkcs12_path(CertKind kind, std::string_view name) const {
  return file(kind, name, ".p12");
}

std::filesystem::path CertLayout::crl_path(std::string_view ca_name) const {
  return crl_directory() / (std::string(ca_name) + ".crl");
}

std::string CertLayout::relative(const std::filesystem::path& path) const {
  auto relative = path.lexically_relative(root_);
  if (relative.empty() || relative.native().starts_with("..")) {
    return path.string();
  }
  return relative.string();
}

core::Status CertLayout::ensure_directories() const {
  std::error_code error;
  std::filesystem::path parent = root_.parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, error)) {
    std::filesystem::create_directories(parent, error);
    if (error) {
      return core::fail(core::ErrorCategory::kIo,
                        "cannot create directory " + parent.string() + ": " + error.message());
    }
  }
  OPSDECK_TRY(make_private_directory(root_));
  for (auto kind : {CertKind::kCa, CertKind::kHost, CertKind::kUser}) {
    OPSDECK_TRY(make_private_directory(directory(kind)));
  }
  return make_private_directory(crl_directory());
}

}  // namespace opsdeck::certs
