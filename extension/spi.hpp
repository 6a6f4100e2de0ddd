/*
 * spi.hpp: SPI from C++: a connection whose destructor always finishes it, and one way to run
 * an internal statement (typed parameters, an exact SPI_OK_* check, the rows copied into C++
 * containers before SPI memory can go away).
 */
#pragma once

#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
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
 * SpiExecuteLatest: run one read-only internal statement without parameters under a fresh
 * snapshot (GetLatestSnapshot), as PostgreSQL's RI checks do, so that a REPEATABLE READ caller
 * can compare what its own snapshot shows with what has been committed since.
 */
std::vector<SpiRow> SpiExecuteLatest(const char *sql);

} // namespace pgm::pg
