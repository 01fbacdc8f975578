// PEM/DER codecs over memory BIOs; the OpenSSL error queue is turned into a reason in each message.
#include "backend/certs/pem_codec.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

BioPtr memory_reader(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string drain(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

template <typename Writer>
std::string write_pem(Writer writer) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || writer(bio.get()) != 1) {
    drain_openssl_errors();
    return "";
  }
  return drain(bio.get());
}

core::Unexpected invalid(std::string_view source, std::string_view expected) {
  return core::fail(ErrorCategory::kInvalidInput,
                    with_openssl_reason(std::string(source) + ": " + std::string(expected)));
}

int passphrase_callback(char* buffer, int size, int, void* user_data) {
  const auto* secret = static_cast<const core::Secret*>(user_data);
  if (secret == nullptr || secret->empty()) {
    return -1;  // no passphrase: fail instead of prompting on the terminal
  }
  const std::string& value = secret->reveal();
  if (value.size() > static_cast<std::size_t>(size)) {
    return -1;
  }
  value.copy(buffer, value.size());
  return static_cast<int>(value.size());
}

}  // namespace

core::Result<std::string> read_small_file(const std::filesystem::path& path, std::string_view display_name,
                                          std::size_t limit) {
  std::error_code error;
  auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return core::fail(ErrorCategory::kNotFound, std::string(display_name) + " does not exist");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return core::fail(ErrorCategory::kInvalidInput, std::string(display_name) + " is not a regular file");
  }
  auto size = std::filesystem::file_size(path, error);
  if (error) {
    return core::fail(ErrorCategory::kIo,
                      "cannot read " + std::string(display_name) + ": " + error.message());
  }
  if (size > limit) {
    return core::fail(ErrorCategory::kInvalidInput,
                      std::string(display_name) + " is " + std::to_string(size) +
                          " bytes; expected a certificate, key or CSR file (under " + std::to_string(limit) +
                          " bytes)");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return core::fail(ErrorCategory::kIo, "cannot open " + std::string(display_name));
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string to_pem(X509* certificate) {
  return write_pem([certificate](BIO* bio) { return PEM_write_bio_X509(bio, certificate); });
}

std::string to_pem(X509_REQ* request) {
  return write_pem([request](BIO* bio) { return PEM_write_bio_X509_REQ(bio, request); });
}

std::string to_pem(X509_CRL* crl) {
  return write_pem([crl](BIO* bio) { return PEM_write_bio_X509_CRL(bio, crl); });
}

std::string private_key_to_pem(EVP_PKEY* key) {
  return write_pem([key](BIO* bio) {
    return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

bool looks_like_pem(std::string_view text) {
  return text.find("-----BEGIN ") != std::string_view::npos;
}

bool pem_contains(std::string_view text, std::string_view label) {
  std::string marker = "-----BEGIN " + std::string(label) + "-----";
  return text.find(marker) != std::string_view::npos;
}

core::Result<X509Ptr> certificate_from_pem(std::string_view text, std::string_view source) {
  BioPtr bio = memory_reader(text);
  X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!certificate) {
    return invalid(source, "not a PEM certificate");
  }
  return certificate;
}

core::Result<std::vector<X509Ptr>> certificates_from_pem(std::string_view text, std::string_view source) {
  BioPtr bio = memory_reader(text);
  std::vector<X509Ptr> certificates;
  while (X509* next = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.emplace_back(next);
  }
  // Reading stops with "no start line" at the end of the bundle; that is not an error.
  drain_openssl_errors();
  if (certificates.empty()) {
    return invalid(source, "no PEM certificate in it");
  }
  return certificates;
}

core::Result<X509Ptr> certificate_from_bytes(std::string_view bytes, std::string_view source) {
  if (looks_like_pem(bytes)) {
    return certificate_from_pem(bytes, source);
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  X509Ptr certificate(d2i_X509(nullptr, &data, static_cast<long>(bytes.size())));
  if (!certificate) {
    return invalid(source, "not a certificate (expected PEM or DER)");
  }
  return certificate;
}

core::Result<PkeyPtr> private_key_from_pem(std::string_view text, std::string_view source,
                                           const core::Secret& passphrase) {
  bool encrypted = pem_contains(text, "ENCRYPTED PRIVATE KEY") ||
                   text.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
  BioPtr bio = memory_reader(text);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_callback,
                                      const_cast<core::Secret*>(&passphrase)));  // NOLINT: C callback API
  if (!key) {
    if (encrypted && passphrase.empty()) {
      drain_openssl_errors();
      return core::fail(ErrorCategory::kInvalidInput,
                        std::string(source) + ": the key is encrypted; a passphrase is needed");
    }
    if (encrypted) {
      drain_openssl_errors();
      return core::fail(ErrorCategory::kInvalidInput, std::string(source) + ": wrong passphrase for the key");
    }
    return invalid(source, "not a valid PEM private key");
  }
  return key;
}

core::Result<X509RequestPtr> request_from_bytes(std::string_view bytes, std::string_view source) {
  X509RequestPtr request;
  if (looks_like_pem(bytes)) {
    BioPtr bio = memory_reader(bytes);
    request.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    request.reset(d2i_X509_REQ(nullptr, &data, static_cast<long>(bytes.size())));
  }
  if (!request) {
    return invalid(source, "not a certificate signing request (expected PEM \"CERTIFICATE REQUEST\" or DER)");
  }
  return request;
}

core::Result<X509CrlPtr> crl_from_pem(std::string_view text, std::string_view source) {
  BioPtr bio = memory_reader(text);
  X509CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  if (!crl) {
    return invalid(source, "not a PEM certificate revocation list");
  }
  return crl;
}

}  // namespace opsdeck::certs
