// SHA-256 digests as 64 lowercase hex characters, the form sha256sum prints (OpenSSL EVP).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nbreport {

// SHA-256 of a byte string, e.g. sha256_hex("abc") ==
// "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".
std::string sha256_hex(std::string_view bytes);

// SHA-256 of a file's bytes, read in chunks (large files are never held in memory).
// Throws std::system_error naming the path when the file cannot be opened or read.
std::string sha256_file_hex(const std::filesystem::path& path);

} // namespace nbreport
