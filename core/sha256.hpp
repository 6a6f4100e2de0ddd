/*
 * sha256.hpp: SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits.
 * The checksum of a revision file is the SHA-256 of its exact bytes, so the same file
 * gives the same checksum in the client and in the server whatever the encodings.
 * Computed by OpenSSL's libcrypto; calls CheckInterrupts() (core/interrupt.hpp) after every
 * 64 KiB of input.  Throws MigError (XX000) if libcrypto fails, std::bad_alloc without memory.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace pgm {

std::string Sha256Hex(std::string_view bytes);

/*
 * Sha256: SHA-256 fed in pieces; HexFinal() gives what Sha256Hex gives for the pieces put end to
 * end (and may be called once).  For a digest over many small pieces without first building
 * their concatenation.  The constructor throws std::bad_alloc or MigError as Sha256Hex does.
 */
class Sha256 {
public:
	Sha256();
	~Sha256();
	Sha256(const Sha256 &) = delete;
	Sha256 &operator=(const Sha256 &) = delete;

	void Update(std::string_view bytes);
	std::string HexFinal();

private:
	::evp_md_ctx_st *ctx_ = nullptr;
	std::size_t unchecked_ = 0; // bytes fed since the last CheckInterrupts()
};

} // namespace pgm
