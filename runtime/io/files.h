// File helpers for run outputs: SHA-256 of inputs for the manifest (OpenSSL's libcrypto:
// fast, with the CPU's SHA extensions), and atomic writes (temporary name, then rename), so a
// failed run never leaves a half-written output behind.
#pragma once
#include <string>

namespace clue::io {

// Hex SHA-256 of a file's bytes; empty on error.
std::string sha256_file(const std::string& path);
std::string sha256_text(const std::string& text);

// Writes `content` to `path` atomically. Returns an error message, empty on success.
std::string write_atomic(const std::string& path, const std::string& content);

}  // namespace clue::io
