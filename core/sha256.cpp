/*
 * sha256.cpp: SHA-256 as specified in FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 6.2).
 *
 * Written from the standard: the message is padded to a multiple of 512 bits (a 1 bit,
 * zeros, the 64-bit big-endian bit length), each 512-bit block is expanded into a 64-word
 * schedule and compressed into the eight working variables.
 */
#include "core/sha256.hpp"

#include "core/interrupt.hpp"

#include <array>
#include <cstdint>

namespace pgm {

namespace {

/* CheckInterrupts() after every 1024 blocks (64 KiB) of input. */
constexpr std::size_t kBlocksPerInterruptCheck = 1024;

/* K: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
constexpr std::array<std::uint32_t, 8> kInitialHash = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

inline std::uint32_t
RotateRight(std::uint32_t x, unsigned n) {
	return (x >> n) | (x << (32U - n));
}

/* Compress one 64-byte block into the hash state (FIPS 180-4 section 6.2.2). */
void
CompressBlock(std::array<std::uint32_t, 8> &hash, const unsigned char *block) {
	std::array<std::uint32_t, 64> w{};
	for (std::size_t t = 0; t < 16; t++) {
		w[t] = (static_cast<std::uint32_t>(block[4 * t]) << 24) | (static_cast<std::uint32_t>(block[4 * t + 1]) << 16) |
		       (static_cast<std::uint32_t>(block[4 * t + 2]) << 8) | static_cast<std::uint32_t>(block[4 * t + 3]);
	}
	for (std::size_t t = 16; t < 64; t++) {
		std::uint32_t s0 = RotateRight(w[t - 15], 7) ^ RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
		std::uint32_t s1 = RotateRight(w[t - 2], 17) ^ RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}

	std::uint32_t a = hash[0], b = hash[1], c = hash[2], d = hash[3];
	std::uint32_t e = hash[4], f = hash[5], g = hash[6], h = hash[7];
	for (std::size_t t = 0; t < 64; t++) {
		std::uint32_t big_s1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
		std::uint32_t ch = (e & f) ^ (~e & g);
		std::uint32_t t1 = h + big_s1 + ch + kRoundConstants[t] + w[t];
		std::uint32_t big_s0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
		std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		std::uint32_t t2 = big_s0 + maj;
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	hash[0] += a;
	hash[1] += b;
	hash[2] += c;
	hash[3] += d;
	hash[4] += e;
	hash[5] += f;
	hash[6] += g;
	hash[7] += h;
}

} // namespace

std::string
Sha256Hex(std::string_view bytes) {
	std::array<std::uint32_t, 8> hash = kInitialHash;
	const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
	const std::size_t size = bytes.size();

	std::size_t full_blocks = size / 64;
	for (std::size_t i = 0; i < full_blocks; i++) {
		CompressBlock(hash, data + 64 * i);
		if ((i + 1) % kBlocksPerInterruptCheck == 0) {
			CheckInterrupts();
		}
	}

	/* Padding: the remaining bytes, 0x80, zeros, then the length in bits (one or two blocks). */
	std::array<unsigned char, 128> tail{};
	std::size_t rest = size - 64 * full_blocks;
	for (std::size_t i = 0; i < rest; i++) {
		tail[i] = data[64 * full_blocks + i];
	}
	tail[rest] = 0x80;
	std::size_t tail_size = (rest + 1 + 8 <= 64) ? 64 : 128;
	std::uint64_t bit_length = static_cast<std::uint64_t>(size) * 8U;
	for (std::size_t i = 0; i < 8; i++) {
		tail[tail_size - 1 - i] = static_cast<unsigned char>(bit_length >> (8 * i));
	}
	CompressBlock(hash, tail.data());
	if (tail_size == 128) {
		CompressBlock(hash, tail.data() + 64);
	}

	static const char kHexDigits[] = "0123456789abcdef";
	std::string out;
	out.reserve(64);
	for (std::uint32_t word : hash) {
		for (int shift = 28; shift >= 0; shift -= 4) {
			out.push_back(kHexDigits[(word >> shift) & 0xFU]);
		}
	}
	return out;
}

} // namespace pgm
