// Ed25519 signatures for packages (libsodium). A key pair is two small text files: NAME.key
// (the secret key, mode 0600, never shared) and NAME.pub (the public key, given to the offices
// that will trust the issuer). A trust store is a folder of .pub files.
//
//   NAME.pub:  clue-ed25519-public <64 hex digits> <who, free text>
//   NAME.key:  clue-ed25519-secret <128 hex digits>
#pragma once
#include <string>
#include <vector>

#include "compiler/share/library.h"  // default_trust_store(), default_library()

namespace clue::share {

struct PublicKey {
  std::string hex;    // 64 hex digits
  std::string owner;  // free text after the key (the issuing office)
  std::string path;   // the .pub file it came from
};

// A new key pair written to OUT.key and OUT.pub; "" on success, else why not.
std::string generate_key_pair(const std::string& out, const std::string& owner);
// The public key's short fingerprint for people: its SHA-256's first 16 hex digits.
std::string key_fingerprint(const std::string& public_hex);

// Signs `message` with the secret key file at `key_path`: the signature and public key in hex.
// "" on success, else why not.
std::string sign(const std::string& key_path, const std::string& message, std::string& signature_hex,
                 std::string& public_hex);
bool verify(const std::string& public_hex, const std::string& message, const std::string& signature_hex);

// The .pub files of a trust store folder (none when it does not exist).
std::vector<PublicKey> trust_store(const std::string& folder);

}  // namespace clue::share
