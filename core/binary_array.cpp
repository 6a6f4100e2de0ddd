/*
 * binary_array.cpp: PostgreSQL's binary array format (binary_array.hpp).
 */
#include "core/binary_array.hpp"

#include "core/error.hpp"

namespace pgm {

namespace {

/* kMaxValueBytes: the largest value PostgreSQL stores (MaxAllocSize, 1 GB - 1). */
constexpr std::size_t kMaxValueBytes = 0x3fffffff;

/* PutInt32: value as four bytes, most significant first (network order). */
void
PutInt32(std::string &out, std::uint32_t value) {
	out += static_cast<char>((value >> 24) & 0xff);
	out += static_cast<char>((value >> 16) & 0xff);
	out += static_cast<char>((value >> 8) & 0xff);
	out += static_cast<char>(value & 0xff);
}

} // namespace

std::string
EncodeBinaryArray(std::uint32_t element_oid, const std::vector<std::string_view> &elements) {
	std::size_t size = 20;
	for (std::string_view e : elements) {
		if (e.size() > kMaxValueBytes)
			throw MigError(sqlstate::kProgramLimitExceeded, "array element is too long",
			               "An element has " + std::to_string(e.size()) + " bytes; the limit is " +
			                   std::to_string(kMaxValueBytes) + ".");
		size += 4 + e.size();
	}
	if (size > kMaxValueBytes)
		throw MigError(sqlstate::kProgramLimitExceeded, "array is too long",
		               "The array has " + std::to_string(size) + " bytes; the limit is " +
		                   std::to_string(kMaxValueBytes) + ".");
	std::string out;
	out.reserve(size);
	PutInt32(out, elements.empty() ? 0 : 1);
	PutInt32(out, 0);
	PutInt32(out, element_oid);
	if (!elements.empty()) {
		PutInt32(out, static_cast<std::uint32_t>(elements.size()));
		PutInt32(out, 1);
	}
	for (std::string_view e : elements) {
		PutInt32(out, static_cast<std::uint32_t>(e.size()));
		out.append(e.data(), e.size());
	}
	return out;
}

} // namespace pgm
