/*
 * spi.hpp: SPI from C++: a connection whose destructor always finishes it, and one way to run
 * an internal statement (typed parameters, an exact SPI_OK_* check, the rows copied into C++
 * containers before SPI memory can go away).
 */
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include "postgres.h"
#include "access/htup.h"
#include "access/tupdesc.h"
}

namespace pgm::pg {

/* SpiArg: one typed parameter ($n) of an internal statement. */
struct SpiArg {
	Oid type;
	Datum value;
	bool is_null;
};

/* SpiValue: one cell of a result row, copied out of SPI memory. */
struct SpiValue {
	bool is_null = true;
	std::string text;               // text, name, and the output form of other types
	std::vector<std::string> array; // text[]
	bool boolean = false;           // bool
};
using SpiRow = std::vector<SpiValue>;

/*
 * SpiConnection: SPI_connect on construction; SPI_finish on Finish(), or in the destructor when
 * the frame is left without Finish() and without an exception.  While it lives, palloc goes to
 * the SPI procedure context, which SPI_finish deletes.
 *
 * When an exception unwinds the frame, the destructor leaves the connection alone: the error
 * may have been raised at a nested SPI level (a revision's PL/pgSQL function), so SPI_finish
 * would close that level instead of this one; and the ERROR that InvokeCpp raises next aborts
 * the (sub)transaction, whose cleanup (AtEOXact_SPI, AtEOSubXact_SPI) pops every connection
 * opened in it, without a warning.
 */
class SpiConnection {
public:
	SpiConnection();
	~SpiConnection();
	SpiConnection(const SpiConnection &) = delete;
	SpiConnection &operator=(const SpiConnection &) = delete;

	/* Finish: SPI_finish, checked. */
	void Finish();

private:
	bool connected_ = false;
	int uncaught_at_start_ = 0; // std::uncaught_exceptions() when the connection was opened
};

/*
 * SpiExecute: run one internal statement through SPI_execute_with_args and return its rows.
 * A return code other than expected (e.g. SPI_OK_SELECT) is an internal error.  read_only
 * statements see the caller's snapshot; the others take a fresh one (READ COMMITTED) and see
 * the effects of earlier statements of the same call.
 */
std::vector<SpiRow> SpiExecute(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only);

/*
 * SpiExecuteKept: SpiExecute for one of pg_migrate's own constant statements, planned once per
 * session: the first call prepares it (SPI_prepare, SPI_keepplan) and keeps the plan by the
 * address of sql; the plan cache revalidates it when the tables change.  sql must be a string
 * constant, always passed with the same parameter types.  With generic_plan, the plan is never
 * made for the parameters' values (CURSOR_OPT_GENERIC_PLAN): a custom plan folds them into
 * itself, a copy of each, which for a statement given megabytes of values costs that again.
 */
std::vector<SpiRow> SpiExecuteKept(const char *sql, const std::vector<SpiArg> &args, int expected, bool read_only,
                                   bool generic_plan = false);

/*
 * SpiTuple: one row of a batch that SpiForEach fetched, read in place with the column's binary
 * value (no output function, no copy of the whole row).  Columns count from 0.  Valid only
 * during the callback it is passed to.
 */
class SpiTuple {
public:
	SpiTuple(HeapTuple tuple, TupleDesc desc) : tuple_(tuple), desc_(desc) {}

	/* Text: a text, varchar, bpchar, name or bytea column into out; false (out empty) when NULL. */
	bool Text(int column, std::string &out) const;
	/*
	 * View: call use with a text or bytea column's bytes in place (detoasted, not copied); false
	 * (use not called) when NULL.  The bytes are valid only during use.
	 */
	bool View(int column, const std::function<void(std::string_view)> &use) const;
	/* TextArray: a text[] column's non-null elements; empty when NULL. */
	std::vector<std::string> TextArray(int column) const;
	/* Bool: a boolean column; false when NULL. */
	bool Bool(int column) const;
	/* Int64: an int8 or timestamptz column; 0 when NULL. */
	int64 Int64(int column) const;

private:
	HeapTuple tuple_;
	TupleDesc desc_;
};

/*
 * SpiForEach: run one internal read statement through a cursor and call each for every row,
 * batch rows fetched at a time, so the result is never materialised whole (SpiExecute keeps
 * every row twice: SPI's tuple table and the copies).  Same snapshot rules as SpiExecute.
 */
void SpiForEach(const char *sql, const std::vector<SpiArg> &args, bool read_only, long batch,
                const std::function<void(const SpiTuple &)> &each);

/*
 * SpiExecuteLatest: run one read-only internal statement without parameters under a fresh
 * snapshot (GetLatestSnapshot), as PostgreSQL's RI checks do, so that a REPEATABLE READ caller
 * can compare what its own snapshot shows with what has been committed since.
 */
std::vector<SpiRow> SpiExecuteLatest(const char *sql);

} // namespace pgm::pg
