/*
 * sha256.hpp: SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits.
 * The checksum of a revision file is the SHA-256 of its exact bytes, so the same file
 * gives the same checksum in the client and in the server whatever the encodings.
 * Computed by OpenSSL's libcrypto; calls CheckInterrupts() (core/interrupt.hpp) after every
 * 64 KiB of input.  Throws MigError (XX000) if libcrypto fails, std::bad_alloc without memory.
 */
#pragma once

#include <string>
#include <string_view>

namespace pgm {

std::string Sha256Hex(std::string_view bytes);

} // namespace pgm
