/*
 * sha256.hpp: SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits.
 * The checksum of a revision file is the SHA-256 of its exact bytes, so the same file
 * gives the same checksum in the client and in the server whatever the encodings.
 * Calls CheckInterrupts() (interrupt.hpp) after every 64 KiB of input.
 */
#pragma once

#include <string>
#include <string_view>

namespace pgm {

std::string Sha256Hex(std::string_view bytes);

} // namespace pgm
