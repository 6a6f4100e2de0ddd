/*
 * binary_array.hpp: a one-dimensional PostgreSQL array in the binary transfer format (what the
 * server's array_recv reads), so that pgmig can send a bytea[] of whole files as a binary query
 * parameter (PQexecParams with paramFormats 1): the bytes go as they are, instead of twice as
 * many hex digits that the server must decode.
 *
 * The layout, every integer a 32-bit big-endian (network order) value:
 *
 *     ndim (1, or 0 for an empty array)   flags (0: no NULL element)   element type OID
 *     [for the one dimension: number of elements, lower bound 1]
 *     [for each element: its length in bytes, then its bytes]
 *
 * An element is written in the element type's own binary format; for bytea that is its bytes.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

/* kByteaOid, kByteaArrayOid: the OIDs of bytea and bytea[] (fixed in every PostgreSQL release). */
constexpr std::uint32_t kByteaOid = 17;
constexpr std::uint32_t kByteaArrayOid = 1001;

/*
 * EncodeBinaryArray: elements as a one-dimensional array of element_oid in binary format, none
 * NULL.  Throws MigError 54000 when an element or the whole array is longer than a PostgreSQL
 * value may be (an element's length must fit the format's 32-bit length).
 */
std::string EncodeBinaryArray(std::uint32_t element_oid, const std::vector<std::string_view> &elements);

} // namespace pgm
