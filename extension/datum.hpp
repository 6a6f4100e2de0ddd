/*
 * datum.hpp: conversions between C++ values and PostgreSQL Datums, and the writer of
 * materialized set-returning results.  Every PostgreSQL call goes through PgCall; the
 * Datums are palloc'd in the current memory context.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/timestamp.h"
}

namespace pgm::pg {

/*
 * TextDatum: a text Datum holding these bytes, which are already in the server encoding.  what
 * names the value in the error about a value too long for PostgreSQL (54000).
 */
Datum TextDatum(std::string_view value, const char *what = "text value");

/* Utf8Source: where UTF-8 text comes from: a revision file and the part of it ("upgrade SQL"). */
struct Utf8Source {
	const char *file;
	const char *field;
};

/*
 * TextDatumFromUtf8: a text Datum from UTF-8 bytes (revision files are UTF-8), converted to
 * the server encoding.  source names the file and field in the error context of a failed
 * conversion and in the error about a value too long.
 */
Datum TextDatumFromUtf8(std::string_view value, const Utf8Source &source);

/*
 * TextArrayDatum: a one-dimensional text[] Datum (the empty array for no values).  With
 * utf8_source set, the values are UTF-8 and converted as in TextDatumFromUtf8.
 */
Datum TextArrayDatum(const std::vector<std::string> &values, const Utf8Source *utf8_source = nullptr);

/* NameDatum: a name Datum (truncated to NAMEDATALEN - 1 bytes, as namein does). */
Datum NameDatum(std::string_view value);

/* IntervalDatum: an interval of this many microseconds. */
Datum IntervalDatum(int64_t microseconds);

/* TextArg: the text argument argno of a V1 function (not null) as a string. */
std::string TextArg(FunctionCallInfo fcinfo, int argno);

/* ByteString: the bytes of a (possibly toasted) text or bytea Datum. */
std::string ByteString(Datum value);

/*
 * ArrayElements: the elements of an array argument, flattened, as Datums with null flags.
 * Rejects arrays of more than one dimension (22023) so "the i-th file" stays meaningful.
 */
struct ArrayElements {
	std::vector<Datum> values;
	std::vector<bool> nulls;
};
ArrayElements ArrayArg(FunctionCallInfo fcinfo, int argno, Oid element_type, const char *argname);

/*
 * SrfWriter: a set-returning function in materialize mode (InitMaterializedSRF).  Construct it
 * at the start of the function, outside any SPI connection, and Put one row at a time.
 */
class SrfWriter {
public:
	explicit SrfWriter(FunctionCallInfo fcinfo);
	/* Put: one row; values and nulls have one entry per result column. */
	void Put(Datum *values, bool *nulls);

private:
	FunctionCallInfo fcinfo_;
};

} // namespace pgm::pg
