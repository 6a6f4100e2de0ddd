/*
 * spi.cpp: the SPI connection and the execution of internal statements (spi.hpp).
 */
#include "extension/spi.hpp"

#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "extension/guard.hpp"

#include <exception>
#include <map>

extern "C" {
#include "postgres.h"
#include "access/detoast.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/snapmgr.h"
}

namespace pgm::pg {

namespace {

/*
 * SpiFailure: an unexpected SPI return code is a bug, reported as an internal error; the
 * statement, when there is one, goes to the DETAIL.
 */
[[noreturn]] void
SpiFailure(const char *what, int rc, const char *sql) {
	throw MigError(sqlstate::kInternalError, std::string(what) + " failed: " + SPI_result_code_string(rc),
	               sql != nullptr ? std::string("The statement was: ") + sql : std::string());
}

/* RawCell: one cell as PostgreSQL hands it over, before it is copied into a SpiValue. */
struct RawCell {
	bool is_null;
	bool boolean;
	const char *data;
	size_t len;
	Datum *elements;
	bool *element_nulls;
	int element_count;
	void *to_free; // a detoasted copy or a printed value, freed once copied
};

/*
 * FetchLargeExternal: an uncompressed out-of-line value of at least kHugePageBytes (the stored
 * planning graph: 5.6 MB at 100,000 revisions) fetched as detoast_attr fetches it, but into a
 * buffer whose data starts on a huge page boundary and is advised for huge pages: a planning
 * call is often a session's first statement, and each 4 kB page of a fresh buffer is a page
 * fault.  False, cell untouched, for any other value (detoasted the usual way).  Plain C only;
 * it runs under PgCall.
 */
bool
FetchLargeExternal(struct varlena *stored, RawCell &cell) {
	if (!VARATT_IS_EXTERNAL_ONDISK(stored))
		return false;
	struct varatt_external pointer;
	VARATT_EXTERNAL_GET_POINTER(pointer, stored);
	if (VARATT_EXTERNAL_IS_COMPRESSED(pointer))
		return false;
	int32 size = VARATT_EXTERNAL_GET_EXTSIZE(pointer);
	if (size < 0 || static_cast<Size>(size) < pgm::kHugePageBytes)
		return false;
	char *base =
	    static_cast<char *>(palloc_extended(static_cast<Size>(size) + VARHDRSZ + pgm::kHugePageBytes, MCXT_ALLOC_HUGE));
	auto data = (reinterpret_cast<uintptr_t>(base) + VARHDRSZ + pgm::kHugePageBytes - 1) &
	            ~static_cast<uintptr_t>(pgm::kHugePageBytes - 1);
	pgm::AdviseHugePages(reinterpret_cast<void *>(data), static_cast<Size>(size));
	auto *result = reinterpret_cast<struct varlena *>(data - VARHDRSZ);
	SET_VARSIZE(result, size + VARHDRSZ);
	Relation toast = table_open(pointer.va_toastrelid, AccessShareLock);
	table_relation_fetch_toast_slice(toast, pointer.va_valueid, size, 0, size, result);
	table_close(toast, AccessShareLock);
	cell.data = VARDATA(result);
	cell.len = static_cast<size_t>(size);
	cell.to_free = base;
	return true;
}

/*
 * ReadCell: the PostgreSQL half of copying one cell: detoast text, deconstruct text[],
 * print other types with their output function.  Plain C only; it runs under PgCall.
 */
RawCell
ReadCell(HeapTuple tuple, TupleDesc desc, int column, Oid type) {
	RawCell cell{};
	Datum value = SPI_getbinval(tuple, desc, column, &cell.is_null);
	if (cell.is_null)
		return cell;
	switch (type) {
		case BOOLOID:
			cell.boolean = DatumGetBool(value);
			break;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case BYTEAOID: {
			auto *stored = reinterpret_cast<struct varlena *>(DatumGetPointer(value));
			if (FetchLargeExternal(stored, cell))
				break;
			struct varlena *text = pg_detoast_datum_packed(stored);
			cell.data = VARDATA_ANY(text);
			cell.len = VARSIZE_ANY_EXHDR(text);
			if (text != stored)
				cell.to_free = text;
			break;
		}
		case NAMEOID:
			cell.data = NameStr(*DatumGetName(value));
			cell.len = strlen(cell.data);
			break;
		case TEXTARRAYOID: {
			// A short (1-byte header) array is copied to be read: that copy, the element pointers
			// into it and their null flags are freed once the elements are copied (FreeCell).
			ArrayType *array = DatumGetArrayTypeP(value);
			deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &cell.elements, &cell.element_nulls,
			                  &cell.element_count);
			if (reinterpret_cast<Pointer>(array) != DatumGetPointer(value))
				cell.to_free = array;
			break;
		}
		default:
			cell.data = SPI_getvalue(tuple, desc, column);
			cell.len = strlen(cell.data);
			cell.to_free = const_cast<char *>(cell.data);
			break;
	}
	return cell;
}

/* Arguments: the parameters of an internal statement as SPI takes them. */
struct Arguments {
	explicit Arguments(const std::vector<SpiArg> &args) {
		for (const SpiArg &arg : args) {
			types.push_back(arg.type);
			values.push_back(arg.value);
			nulls.push_back(arg.is_null ? 'n' : ' ');
		}
	}
	int
	Count() const {
		return static_cast<int>(types.size());
	}
	std::vector<Oid> types;
	std::vector<Datum> values;
	std::string nulls;
};

/* ColumnType: the type of a column (0-based) of a tuple descriptor. */
Oid
ColumnType(TupleDesc desc, int column) {
	return TupleDescAttr(desc, column)->atttypid;
}

/* FreeCell: free what ReadCell allocated for a cell. */
void
FreeCell(const RawCell &cell) {
	if (cell.to_free == nullptr && cell.elements == nullptr)
		return;
	PgCall([&] {
		if (cell.to_free != nullptr)
			pfree(cell.to_free);
		if (cell.elements != nullptr) {
			pfree(cell.elements);
			pfree(cell.element_nulls);
		}
	});
}

/*
 * CopyRows: copy SPI_tuptable of the statement just run into C++ rows and free it, so nothing
 * of the result depends on SPI memory afterwards.  A detoasted or printed cell is freed as soon
 * as it is copied: SPI's procedure context lives until SPI_finish, and a catalog of large
 * scripts read row by row would otherwise stay in it twice (docs/robustness.md).
 */
std::vector<SpiRow>
CopyRows() {
	SPITupleTable *table = SPI_tuptable;
	uint64 processed = SPI_processed;
	std::vector<SpiRow> rows;
	if (table == nullptr)
		return rows;
	TupleDesc desc = table->tupdesc;
	int columns = desc->natts;
	std::vector<Oid> column_types;
	for (int c = 1; c <= columns; c++)
		column_types.push_back(PgCall([&] { return SPI_gettypeid(desc, c); }));
	rows.reserve(processed);
	for (uint64 r = 0; r < processed; r++) {
		HeapTuple tuple = table->vals[r];
		SpiRow row(columns);
		for (int c = 0; c < columns; c++) {
			RawCell cell = PgCall([&] { return ReadCell(tuple, desc, c + 1, column_types[c]); });
			SpiValue &out = row[c];
			out.is_null = cell.is_null;
			out.boolean = cell.boolean;
			if (cell.data != nullptr)
				out.text.assign(cell.data, cell.len);
			for (int e = 0; e < cell.element_count; e++)
				if (!cell.element_nulls[e]) {
					auto *element = reinterpret_cast<struct varlena *>(DatumGetPointer(cell.elements[e]));
					out.array.emplace_back(VARDATA_ANY(element), VARSIZE_ANY_EXHDR(element));
				}
			FreeCell(cell);
		}
		rows.push_back(std::move(row));
	}
	PgCall([&] { SPI_freetuptable(table); });
	return rows;
}

} // namespace

bool
SpiTuple::Text(int column, std::string &out) const {
	RawCell cell = PgCall([&] { return ReadCell(tuple_, desc_, column + 1, ColumnType(desc_, column)); });
	if (cell.is_null) {
		out.clear();
		return false;
	}
	out.assign(cell.data, cell.len);
	FreeCell(cell);
	return true;
}

bool
SpiTuple::View(int column, const std::function<void(std::string_view)> &use) const {
	RawCell cell = PgCall([&] { return ReadCell(tuple_, desc_, column + 1, ColumnType(desc_, column)); });
	if (cell.is_null)
		return false;
	// An exception from use leaves the detoasted copy to the memory context, which goes with the call.
	use(std::string_view(cell.data, cell.len));
	FreeCell(cell);
	return true;
}

std::vector<std::string>
SpiTuple::TextArray(int column) const {
	RawCell cell = PgCall([&] { return ReadCell(tuple_, desc_, column + 1, TEXTARRAYOID); });
	std::vector<std::string> out;
	out.reserve(static_cast<std::size_t>(cell.element_count));
	for (int e = 0; e < cell.element_count; e++)
		if (!cell.element_nulls[e]) {
			auto *element = reinterpret_cast<struct varlena *>(DatumGetPointer(cell.elements[e]));
			out.emplace_back(VARDATA_ANY(element), VARSIZE_ANY_EXHDR(element));
		}
	FreeCell(cell);
	return out;
}

bool
SpiTuple::Bool(int column) const {
	bool is_null = false;
	Datum value = PgCall([&] { return SPI_getbinval(tuple_, desc_, column + 1, &is_null); });
	return !is_null && DatumGetBool(value);
}

int64
SpiTuple::Int64(int column) const {
	bool is_null = false;
	Datum value = PgCall([&] { return SPI_getbinval(tuple_, desc_, column + 1, &is_null); });
	return is_null ? 0 : DatumGetInt64(value);
}

SpiConnection::SpiConnection() : uncaught_at_start_(std::uncaught_exceptions()) {
	int rc = PgCall([] { return SPI_connect(); });
	if (rc != SPI_OK_CONNECT)
		SpiFailure("SPI_connect", rc, nullptr);
	connected_ = true;
}

/* ~SpiConnection: see spi.hpp for why an unwinding exception leaves the connection open. */
SpiConnection::~SpiConnection() {
	if (connected_ && std::uncaught_exceptions() <= uncaught_at_start_)
		SPI_finish();
}

void
SpiConnection::Finish() {
	connected_ = false;
	int rc = PgCall([] { return SPI_finish(); });
	if (rc != SPI_OK_FINISH)
		SpiFailure("SPI_finish", rc, nullptr);
}

std::vector<SpiRow>
SpiExecute(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only) {
	std::vector<Oid> types;
	std::vector<Datum> values;
	std::string nulls;
	for (const SpiArg &arg : args) {
		types.push_back(arg.type);
		values.push_back(arg.value);
		nulls.push_back(arg.is_null ? 'n' : ' ');
	}
	int nargs = static_cast<int>(args.size());
	int rc = PgCall(
	    [&] { return SPI_execute_with_args(sql, nargs, types.data(), values.data(), nulls.c_str(), read_only, 0); });
	if (rc != expected)
		SpiFailure("SPI_execute_with_args", rc, sql);
	return CopyRows();
}

std::vector<SpiRow>
SpiExecuteKept(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only, bool generic_plan) {
	// Plain pointers and SPI plans only: the map lives as long as the backend.
	static std::map<const char *, SPIPlanPtr> kept;
	Arguments in(args);
	SPIPlanPtr plan = nullptr;
	if (auto found = kept.find(sql); found != kept.end()) {
		plan = found->second;
	} else {
		plan = PgCall([&] {
			return generic_plan ? SPI_prepare_cursor(sql, in.Count(), in.types.data(), CURSOR_OPT_GENERIC_PLAN)
			                    : SPI_prepare(sql, in.Count(), in.types.data());
		});
		if (plan == nullptr)
			SpiFailure("SPI_prepare", SPI_result, sql);
		int rc = PgCall([&] { return SPI_keepplan(plan); });
		if (rc != 0)
			SpiFailure("SPI_keepplan", rc, sql);
		kept.emplace(sql, plan);
	}
	int rc = PgCall([&] { return SPI_execute_plan(plan, in.values.data(), in.nulls.c_str(), read_only, 0); });
	if (rc != expected)
		SpiFailure("SPI_execute_plan", rc, sql);
	return CopyRows();
}

void
SpiForEach(const char *sql, const std::vector<SpiArg> &args, bool read_only, long batch,
           const std::function<void(const SpiTuple &)> &each) {
	Arguments in(args);
	Portal portal = PgCall([&] {
		return SPI_cursor_open_with_args(nullptr, sql, in.Count(), in.types.data(), in.values.data(), in.nulls.c_str(),
		                                 read_only, CURSOR_OPT_NO_SCROLL);
	});
	if (portal == nullptr)
		SpiFailure("SPI_cursor_open_with_args", SPI_result, sql);
	try {
		for (;;) {
			PgCall([&] { SPI_cursor_fetch(portal, true, batch); });
			SPITupleTable *table = SPI_tuptable;
			uint64 processed = SPI_processed;
			if (table != nullptr) {
				for (uint64 r = 0; r < processed; r++)
					each(SpiTuple(table->vals[r], table->tupdesc));
				PgCall([&] { SPI_freetuptable(table); });
			}
			if (processed < static_cast<uint64>(batch))
				break;
		}
	} catch (...) {
		// The portal would be closed at the end of the (sub)transaction anyway; a caller that
		// handles the error goes on without it.
		try {
			PgCall([&] { SPI_cursor_close(portal); });
		} catch (...) {
		}
		throw;
	}
	PgCall([&] { SPI_cursor_close(portal); });
}

std::vector<SpiRow>
SpiExecuteLatest(const char *sql) {
	SPIPlanPtr plan = PgCall([&] { return SPI_prepare(sql, 0, nullptr); });
	if (plan == nullptr)
		SpiFailure("SPI_prepare", SPI_result, sql);
	int rc = PgCall([&] {
		return SPI_execute_snapshot(plan, nullptr, nullptr, GetLatestSnapshot(), InvalidSnapshot, true, false, 0);
	});
	if (rc != SPI_OK_SELECT)
		SpiFailure("SPI_execute_snapshot", rc, sql);
	std::vector<SpiRow> rows = CopyRows();
	PgCall([&] { SPI_freeplan(plan); });
	return rows;
}

} // namespace pgm::pg
