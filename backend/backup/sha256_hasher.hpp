// SHA-256 through OpenSSL's EVP interface, incremental, lowercase hex out.
#pragma once

#include <cstddef>
#include <string>

namespace opsdeck::backup {

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void update(const void* data, std::size_t size);
  std::string hex_digest();  // finishes; call once

 private:
  void* context_;  // EVP_MD_CTX*
};

}  // namespace opsdeck::backup
