/*
 * replicas.cpp: --wait-replicas: wait until the standbys have replayed the primary's WAL
 * position, read once after the change committed.
 */
#include "client/common/replicas.hpp"

#include "client/common/db.hpp"
#include "client/common/migration.hpp"

#include "core/error.hpp"

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace pgmig {

namespace {

/*
 * The standbys and how far each is from $1: the connected ones (pg_stat_replication, without
 * the walsenders of base backups), and the inactive physical slots, whose standby is down or
 * disconnected but is expected back (without a slot, a standby that is not connected cannot
 * be seen from the primary).  behind > 0 or NULL: not replayed yet.
 */
const char *const kStandbysQuery =
    "SELECT name, address, replay, behind, lag_bytes, lag_seconds FROM ("
    " SELECT coalesce(nullif(application_name, ''), 'pid ' OPERATOR(pg_catalog.||) pid) AS name,"
    "  coalesce(pg_catalog.host(client_addr), 'local') AS address, replay_lsn::pg_catalog.text AS replay,"
    "  pg_catalog.pg_wal_lsn_diff($1::pg_catalog.pg_lsn, replay_lsn) AS behind,"
    "  greatest(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), replay_lsn), 0)::pg_catalog.int8 "
    "   AS lag_bytes,"
    "  coalesce(extract(epoch FROM replay_lag), 0)::pg_catalog.float8 AS lag_seconds"
    " FROM pg_catalog.pg_stat_replication WHERE state OPERATOR(pg_catalog.<>) 'backup'"
    " UNION ALL"
    " SELECT 'slot ' OPERATOR(pg_catalog.||) slot_name, 'not connected', restart_lsn::pg_catalog.text,"
    "  pg_catalog.pg_wal_lsn_diff($1::pg_catalog.pg_lsn, restart_lsn),"
    "  greatest(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), restart_lsn), 0)::pg_catalog.int8,"
    "  NULL::pg_catalog.float8"
    " FROM pg_catalog.pg_replication_slots WHERE slot_type OPERATOR(pg_catalog.=) 'physical' AND NOT active"
    ") s ORDER BY 1, 2";

struct Standby {
	std::string name, address, replay;
	bool caught_up = false;
	std::string lag_bytes;
	double lag_seconds = 0;
};

std::vector<Standby>
ReadStandbys(Connection &conn, const std::string &lsn) {
	ResultPtr res = conn.Exec(kStandbysQuery, {lsn});
	std::vector<Standby> standbys;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		Standby s;
		s.name = PQgetvalue(res.get(), i, 0);
		s.address = PQgetvalue(res.get(), i, 1);
		s.replay = PQgetisnull(res.get(), i, 2) ? "nothing" : PQgetvalue(res.get(), i, 2);
		s.caught_up = !PQgetisnull(res.get(), i, 3) && std::stod(PQgetvalue(res.get(), i, 3)) <= 0;
		s.lag_bytes = PQgetisnull(res.get(), i, 4) ? "unknown" : PQgetvalue(res.get(), i, 4);
		s.lag_seconds = PQgetisnull(res.get(), i, 5) ? 0 : std::stod(PQgetvalue(res.get(), i, 5));
		standbys.push_back(std::move(s));
	}
	return standbys;
}

std::string
Seconds(double s) {
	char buf[32];
	std::snprintf(buf, sizeof buf, "%.3fs", s);
	return buf;
}

} // namespace

void
WaitReplicas(const Context &ctx, const std::string &conninfo, double timeout_s) {
	Connection conn(conninfo);
	CancelOnInterrupt guard(conn);
	ResultPtr res = conn.Exec("SELECT pg_catalog.pg_current_wal_lsn()::pg_catalog.text");
	std::string lsn = PQgetvalue(res.get(), 0, 0);
	auto start = std::chrono::steady_clock::now();
	for (;;) {
		if (InterruptReceived())
			throw Interrupted(pgm::MigError("57014", "canceling the wait for the standbys due to user request"));
		std::vector<Standby> standbys = ReadStandbys(conn, lsn);
		double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
		const Standby *behind = nullptr;
		for (const Standby &s : standbys)
			if (!s.caught_up && behind == nullptr)
				behind = &s;
		if (behind == nullptr) {
			if (standbys.empty())
				PrintProgress(ctx, "No standby to wait for: the server has no streaming standby nor physical "
				                   "replication slot.");
			for (const Standby &s : standbys)
				PrintProgress(ctx, "Standby \"" + s.name + "\" (" + s.address + ") replayed " + lsn + ": lag " +
				                       s.lag_bytes + " bytes, " + Seconds(s.lag_seconds) + ".");
			if (!standbys.empty())
				PrintProgress(ctx, "Replicas caught up in " + Seconds(waited) + ".");
			return;
		}
		if (waited >= timeout_s)
			throw pgm::MigError("57014",
			                    "timed out waiting for standby \"" + behind->name + "\" to replay the migration",
			                    "After " + Seconds(timeout_s) + ", standby \"" + behind->name + "\" (" +
			                        behind->address + ") has replayed " + behind->replay + ", the migration ended at " +
			                        lsn + ". The migration itself is committed on the primary.",
			                    "Check the standby (pg_stat_replication on the primary, pg_stat_wal_receiver on the "
			                    "standby), or wait longer with --wait-replicas=TIMEOUT (e.g. 5min).");
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
}

} // namespace pgmig
