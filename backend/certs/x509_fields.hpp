// Reading fields back out of certificates, CSRs and CRLs: the subject's common name, a distinguished name
// as one line ("CN=ops-root"), subjectAltName entries, serial numbers as hex, times as unix seconds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/certs/openssl_handles.hpp"
#include "backend/certs/subject_alt_name.hpp"

namespace opsdeck::certs {

// The first CN, or empty when there is none.
std::string common_name_of(const X509_NAME* name);
// RFC 2253 order and escaping: "CN=db.example.com,O=Example".
std::string one_line(const X509_NAME* name);
// DNS, IP and email entries (others, like URIs, are skipped: opsdeck never writes them).
std::vector<SubjectAltName> to_subject_alt_names(const GENERAL_NAMES* names);

// Upper-case hex without separators ("5A0C..."), the form CRLs and listings use.
std::string serial_hex(const ASN1_INTEGER* serial);
// Unix seconds; 0 when the time cannot be read.
std::int64_t to_unix_seconds(const ASN1_TIME* time);

}  // namespace opsdeck::certs
