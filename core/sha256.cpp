/*
 * sha256.cpp: SHA-256 through OpenSSL's libcrypto (sha256.hpp).
 *
 * libcrypto is already in both processes that use the core: libpq links it in pgmig, and
 * Debian's PostgreSQL server links it for SSL and pgcrypto.  Its SHA-256 uses the CPU's SHA
 * extensions where present (bench/core_bench.cpp, BM_Sha256Throughput; docs/benchmarks.md).
 * The input is fed in 64 KiB slices so that a cancel request is noticed during a large file.
 */
#include "core/sha256.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>

namespace pgm {

namespace {

/* CheckInterrupts() after every 64 KiB of input. */
constexpr std::size_t kBytesPerInterruptCheck = 64 * 1024;

/*
 * Sha256Method: the SHA-256 implementation, fetched once per process (OpenSSL 3 looks it up in
 * its provider on every implicit fetch).  Never freed: it lives as long as the process.
 */
const EVP_MD *
Sha256Method() {
	static const EVP_MD *md = [] {
		const EVP_MD *fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
		return fetched != nullptr ? fetched : EVP_sha256();
	}();
	return md;
}

/*
 * ThrowCryptoError: what failed, with OpenSSL's reason, as an internal error.  The error queue
 * is emptied, so nothing is left in it for the next user of libcrypto in the process (the
 * server's SSL code and pgcrypto share it).
 */
[[noreturn]] void
ThrowCryptoError(const char *what) {
	char reason[256] = "unknown reason";
	unsigned long code = ERR_get_error();
	if (code != 0) {
		ERR_error_string_n(code, reason, sizeof(reason));
	}
	ERR_clear_error();
	throw MigError(sqlstate::kInternalError, std::string("could not compute SHA-256: ") + what + " failed",
	               std::string("OpenSSL reported: ") + reason + ".");
}

} // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
	if (ctx_ == nullptr) {
		throw std::bad_alloc();
	}
	if (EVP_DigestInit_ex(ctx_, Sha256Method(), nullptr) != 1) {
		EVP_MD_CTX_free(ctx_);
		ctx_ = nullptr;
		ThrowCryptoError("EVP_DigestInit_ex");
	}
}

Sha256::~Sha256() {
	EVP_MD_CTX_free(ctx_);
}

/* Fed in 64 KiB slices, with an interrupt check after every 64 KiB fed. */
void
Sha256::Update(std::string_view bytes) {
	for (std::size_t offset = 0; offset < bytes.size();) {
		std::size_t n = std::min(kBytesPerInterruptCheck - unchecked_, bytes.size() - offset);
		if (EVP_DigestUpdate(ctx_, bytes.data() + offset, n) != 1) {
			ThrowCryptoError("EVP_DigestUpdate");
		}
		offset += n;
		unchecked_ += n;
		if (unchecked_ == kBytesPerInterruptCheck) {
			unchecked_ = 0;
			CheckInterrupts();
		}
	}
}

/* Written as lowercase hex. */
std::string
Sha256::HexFinal() {
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int length = 0;
	if (EVP_DigestFinal_ex(ctx_, digest, &length) != 1 || length != 32) {
		ThrowCryptoError("EVP_DigestFinal_ex");
	}
	static const char kHexDigits[] = "0123456789abcdef";
	std::string out;
	out.reserve(64);
	for (unsigned int i = 0; i < length; i++) {
		out.push_back(kHexDigits[digest[i] >> 4]);
		out.push_back(kHexDigits[digest[i] & 0xFU]);
	}
	return out;
}

std::string
Sha256Hex(std::string_view bytes) {
	Sha256 sha;
	sha.Update(bytes);
	return sha.HexFinal();
}

} // namespace pgm
