// CertsEngine: the certificate engine's facade. A CA (self-signed, or an intermediate signed by another),
// server and client certificates signed by it, CSRs for outside CAs, signing outsiders' CSRs, import,
// PKCS#12 export, revocation (one CRL per CA), renewal, listing and inspection, all in-process with
// OpenSSL 3, in Synapse easycert's directory layout (cas/, hosts/, users/, plus crls/).
//
// Every operation checks its whole input before it writes anything, and then writes all of its files or
// none (see AtomicFileSet): bad input leaves the directory exactly as it was. Existing files are never
// replaced without `force`. Operations are quick (milliseconds; seconds for RSA 4096 key generation), so
// they return results directly; the console runs them on a worker through its command mechanism.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backend/certs/cert_info.hpp"
#include "backend/certs/cert_name.hpp"
#include "backend/certs/certs_snapshot.hpp"
#include "backend/certs/key_algorithm.hpp"
#include "backend/core/result.hpp"
#include "backend/core/secret.hpp"

namespace opsdeck::certs {

inline constexpr int kDefaultCaDays = 3650;
inline constexpr int kDefaultLeafDays = 825;
inline constexpr int kMaxDays = 36500;

struct CertsSettings {
  std::filesystem::path directory;  // the certificate directory; CLI default <state-dir>/certs
  // Unix seconds "now"; empty = the system clock. Tests move it to make expired CAs.
  std::function<std::int64_t()> clock;
};

// `certs ca NAME [--signas PARENT] [--pathlen N]`
struct CaRequest {
  std::string name;
  std::string sign_as;             // empty = self-signed root
  std::optional<int> path_length;  // root: unlimited unless given; intermediate: 0 unless given
  int days = kDefaultCaDays;
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcdsaP256;
  bool force = false;
};

// `certs server HOST --signas CA [--san DNS:..|IP:..]...`; the host itself is always a subjectAltName.
struct ServerRequest {
  std::string host;
  std::string sign_as;
  std::vector<std::string> subject_alt_names;  // "DNS:name", "IP:addr", "email:a@b" or bare values
  int days = kDefaultLeafDays;
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcdsaP256;
  bool force = false;
};

// `certs client USER@HOST --signas CA`
struct ClientRequest {
  std::string user;
  std::string sign_as;
  int days = kDefaultLeafDays;
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcdsaP256;
  bool force = false;
};

// `certs csr --server HOST | --user USER@HOST`: the key stays here, the CSR goes to an outside CA.
struct CsrRequest {
  CertKind kind = CertKind::kHost;  // kHost or kUser
  std::string name;
  std::vector<std::string> subject_alt_names;
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcdsaP256;
  bool force = false;
};

// `certs sign CSRFILE --signas CA`: issues hosts/NAME.crt or users/NAME.crt for someone else's key.
struct SignRequest {
  std::filesystem::path csr_file;
  std::string sign_as;
  std::optional<CertKind> kind;                // default: USER@HOST common names are users, others hosts
  std::string name;                            // default: the CSR's common name
  std::vector<std::string> subject_alt_names;  // added to those the CSR asks for
  int days = kDefaultLeafDays;
  bool force = false;
};

// `certs import FILE [--key KEYFILE]`: PEM or DER certificate (a PEM file may hold the key too), or PKCS#12.
struct ImportRequest {
  std::filesystem::path file;
  std::optional<std::filesystem::path> key_file;
  std::optional<CertKind> kind;  // default: CA:TRUE is a CA, USER@HOST a user, others hosts
  std::string name;              // default: the certificate's common name
  core::Secret passphrase;       // for PKCS#12 and encrypted keys
  bool force = false;
};

// `certs p12 NAME`: certificate, key and CA chain in one PKCS#12 file (never for a CA: its key stays).
struct Pkcs12Request {
  std::string name;
  std::optional<CertKind> kind;
  core::Secret passphrase;                      // required, non-empty
  std::optional<std::filesystem::path> output;  // default <kind dir>/NAME.p12
  bool force = false;
};

// `certs revoke NAME`: adds the serial to the issuing CA's CRL (crls/CA.crl) and re-signs it.
struct RevokeRequest {
  std::string name;
  std::optional<CertKind> kind;
  int crl_days = 30;  // nextUpdate of the re-signed CRL
};

// `certs renew NAME [--new-key]`: a new certificate (new serial, new validity), same subject and names.
struct RenewRequest {
  std::string name;
  std::optional<CertKind> kind;
  std::optional<int> days;  // default: the old certificate's validity length
  bool new_key = false;
  std::optional<KeyAlgorithm> key_algorithm;  // with new_key; default: the old key's type
};

struct InspectRequest {
  std::string name;
  std::optional<CertKind> kind;
};

struct WrittenFile {
  std::filesystem::path path;
  std::string what;  // "key", "cert", "csr", "crl", "p12"
};

// What an operation did: the certificate concerned, the files written, notes worth telling a person.
struct CertsOutcome {
  std::optional<CertificateInfo> certificate;
  std::vector<WrittenFile> written;
  std::vector<std::string> notes;
};

// Paths for a TLS server or client (MariaDB ssl_ca / ssl_cert / ssl_key).
struct TlsFiles {
  std::filesystem::path ca_file;
  std::filesystem::path certificate_file;
  std::filesystem::path key_file;
};

class CertsEngine {
 public:
  explicit CertsEngine(CertsSettings settings);

  const std::filesystem::path& directory() const { return settings_.directory; }
  std::int64_t now() const;

  core::Result<CertsOutcome> create_ca(const CaRequest& request);
  core::Result<CertsOutcome> create_server(const ServerRequest& request);
  core::Result<CertsOutcome> create_client(const ClientRequest& request);
  core::Result<CertsOutcome> create_csr(const CsrRequest& request);
  core::Result<CertsOutcome> sign_csr(const SignRequest& request);
  core::Result<CertsOutcome> import(const ImportRequest& request);
  core::Result<CertsOutcome> export_pkcs12(const Pkcs12Request& request);
  core::Result<CertsOutcome> revoke(const RevokeRequest& request);
  core::Result<CertsOutcome> renew(const RenewRequest& request);

  // One certificate with its decoded text.
  core::Result<CertificateInfo> inspect(const InspectRequest& request) const;
  // Everything in the directory; with_text fills each decoded_text (the console's detail pane). A missing
  // directory is an empty listing, not an error.
  core::Result<CertsSnapshot> list(bool with_text = false) const;

  // For `opsdeck stack up --tls` and the like: the CA `ca_name` (created when missing) and a certificate for
  // `name` signed by it (created when missing, renewed when it expires within 30 days).
  core::Result<TlsFiles> ensure_server_tls(const std::string& ca_name, const std::string& host,
                                           const std::vector<std::string>& subject_alt_names);
  core::Result<TlsFiles> ensure_client_tls(const std::string& ca_name, const std::string& user);

 private:
  CertsSettings settings_;
};

}  // namespace opsdeck::certs
