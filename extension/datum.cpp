/*
 * datum.cpp: C++ values to and from PostgreSQL Datums, and the materialized SRF writer.
 * The pattern throughout: the PostgreSQL calls (which may ereport) run inside PgCall and
 * hand back plain pointers and lengths; the C++ containers are built outside it.
 */
#include "extension/datum.hpp"

#include "core/error.hpp"
#include "extension/guard.hpp"

#include <cstring>

extern "C" {
#include "postgres.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace pgm::pg {

namespace {

/* Bytes: a view of palloc'd bytes, as PgCall bodies return them. */
struct Bytes {
	const char *data;
	size_t len;
};

/*
 * CheckVarlenaSize: a value PostgreSQL can store in one varlena (1 GB), as an int length.
 * what names the value ("upgrade SQL of revision file "x.sql"") in the error.
 */
int
CheckVarlenaSize(std::string_view value, const std::string &what) {
	if (value.size() > MaxAllocSize - VARHDRSZ - 1)
		throw MigError(sqlstate::kProgramLimitExceeded, what + " is too long",
		               "It has " + std::to_string(value.size()) +
		                   " bytes; PostgreSQL stores at most 1 GB in one text value.");
	return static_cast<int>(value.size());
}

/* Describe: "upgrade SQL of revision file "x.sql"", for messages. */
std::string
Describe(const Utf8Source &source) {
	return std::string(source.field) + " of revision file \"" + source.file + "\"";
}

/* ConversionErrorContext: names the revision file and field whose text could not be converted. */
void
ConversionErrorContext(void *arg) {
	auto *source = static_cast<const Utf8Source *>(arg);
	errcontext("%s of revision file \"%s\"", source->field, source->file);
}

} // namespace

Datum
TextDatum(std::string_view value, const char *what) {
	int len = CheckVarlenaSize(value, what);
	return PgCall([&] { return PointerGetDatum(cstring_to_text_with_len(value.data(), len)); });
}

/*
 * TextDatumFromUtf8: revision files are UTF-8 whatever the database encoding, so their text is
 * converted on the way into the catalog; everything read back from the catalog is then in the
 * server encoding and can go to SPI as it is.
 */
Datum
TextDatumFromUtf8(std::string_view value, const Utf8Source &source) {
	int len = CheckVarlenaSize(value, Describe(source));
	return PgCall([&] {
		ErrorContextCallback callback;
		callback.callback = ConversionErrorContext;
		callback.arg = const_cast<Utf8Source *>(&source);
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		char *converted = pg_any_to_server(value.data(), len, PG_UTF8);
		error_context_stack = callback.previous;
		int converted_len = converted == value.data() ? len : static_cast<int>(strlen(converted));
		return PointerGetDatum(cstring_to_text_with_len(converted, converted_len));
	});
}

Datum
TextArrayDatum(const std::vector<std::string> &values, const Utf8Source *utf8_source) {
	if (values.empty())
		return PgCall([] { return PointerGetDatum(construct_empty_array(TEXTOID)); });
	std::vector<Datum> elements;
	elements.reserve(values.size());
	for (const std::string &value : values)
		elements.push_back(utf8_source != nullptr ? TextDatumFromUtf8(value, *utf8_source)
		                                          : TextDatum(value, "array element"));
	int count = static_cast<int>(elements.size());
	return PgCall(
	    [&] { return PointerGetDatum(construct_array(elements.data(), count, TEXTOID, -1, false, TYPALIGN_INT)); });
}

Datum
NameDatum(std::string_view value) {
	std::string copy(value); // namestrcpy wants a terminated string
	return PgCall([&] {
		auto *name = static_cast<NameData *>(palloc0(NAMEDATALEN));
		namestrcpy(name, copy.c_str());
		return NameGetDatum(name);
	});
}

Datum
IntervalDatum(int64_t microseconds) {
	return PgCall([&] {
		auto *interval = static_cast<Interval *>(palloc(sizeof(Interval)));
		interval->time = microseconds;
		interval->day = 0;
		interval->month = 0;
		return IntervalPGetDatum(interval);
	});
}

std::string
ByteString(Datum value) {
	Bytes bytes = PgCall([&] {
		struct varlena *detoasted = pg_detoast_datum_packed(reinterpret_cast<struct varlena *>(DatumGetPointer(value)));
		return Bytes{VARDATA_ANY(detoasted), VARSIZE_ANY_EXHDR(detoasted)};
	});
	return std::string(bytes.data, bytes.len);
}

std::string
TextArg(FunctionCallInfo fcinfo, int argno) {
	return ByteString(PG_GETARG_DATUM(argno));
}

/*
 * ArrayArg: deconstruct an array argument.  Only the PostgreSQL half (detoast, element type
 * lookup, deconstruct_array) runs under PgCall; the element Datums point into the detoasted
 * copy, which lives as long as the function call.
 */
ArrayElements
ArrayArg(FunctionCallInfo fcinfo, int argno, Oid element_type, const char *argname) {
	struct Raw {
		Datum *values;
		bool *nulls;
		int count;
		int ndim;
	};
	Raw raw = PgCall([&] {
		ArrayType *array = PG_GETARG_ARRAYTYPE_P(argno);
		int16 typlen;
		bool typbyval;
		char typalign;
		get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
		Raw r{nullptr, nullptr, 0, ARR_NDIM(array)};
		deconstruct_array(array, element_type, typlen, typbyval, typalign, &r.values, &r.nulls, &r.count);
		return r;
	});
	if (raw.ndim > 1)
		throw MigError(sqlstate::kInvalidParameterValue, std::string(argname) + " must be a one-dimensional array");
	ArrayElements elements;
	elements.values.assign(raw.values, raw.values + raw.count);
	elements.nulls.assign(raw.nulls, raw.nulls + raw.count);
	return elements;
}

SrfWriter::SrfWriter(FunctionCallInfo fcinfo) : fcinfo_(fcinfo) {
	PgCall([&] { InitMaterializedSRF(fcinfo, 0); });
}

void
SrfWriter::Put(Datum *values, bool *nulls) {
	auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo_->resultinfo);
	PgCall([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls); });
}

} // namespace pgm::pg
