/*
 * lock_safety.cpp: retries of a step that could not obtain a lock, the blocking sessions named
 * in the error, the wait for the migration lock, and pg_migrate.lock_session() /
 * pg_migrate.unlock_session() (lock_safety.hpp).
 *
 * Which lock a step waited for is found precisely: PostgreSQL clears MyProc->waitLock (in
 * LockErrorCleanup) before it raises "canceling statement due to lock timeout", so while a
 * step runs a periodic timeout samples MyProc->waitLock's tag and mode.  The interval is a
 * quarter of lock_timeout (at most 200 ms), so the last sample before the timeout fires is
 * taken during the wait.  The sessions holding, or waiting ahead for, a conflicting mode of that
 * lock come from the lock manager (GetLockStatusData, what pg_locks shows), and what they are
 * doing from pg_stat_activity, with its own visibility rules.
 */
#include "extension/lock_safety.hpp"

#include "core/catalog_names.hpp"
#include "core/error.hpp"
#include "extension/guard.hpp"
#include "extension/reentry.hpp"
#include "extension/spi.hpp"

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/pg_prng.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "storage/latch.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/resowner.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"
}

namespace pgm::pg {

int lock_retries = 3;
int lock_retry_delay_ms = 1000;
int migration_lock_timeout_ms = 60000;

namespace {

/* The longest pause between two attempts of a step, whatever the doubling gives. */
constexpr int kMaxRetryDelayMs = 60000;

/* A blocking session's query is cut to this many characters in messages. */
constexpr int kQueryChars = 200;

/* At most this many blocking sessions are described one by one. */
constexpr size_t kMaxBlockers = 5;

/* The advisory lock key of pg_migrate, as PostgreSQL's int8 (same key as LockCatalog). */
constexpr int64 kLockKey = pgm::kMigrationLockKey;

/* "2025-01-31 10:00:00+01": how times appear in messages. */
#define PGM_TIME_FORMAT "'YYYY-MM-DD HH24:MI:SSOF'"

/* What the sessions named in a message are doing, by pid (pg_stat_activity). */
constexpr const char *kSelectSessions =
    "SELECT a.pid, a.usename, a.application_name, a.state,"
    " pg_catalog.to_char(a.state_change, " PGM_TIME_FORMAT "),"
    " pg_catalog.to_char(a.xact_start, " PGM_TIME_FORMAT "),"
    " pg_catalog.substr(pg_catalog.regexp_replace(a.query, '[[:space:]]+', ' ', 'g'), 1, $2),"
    " pg_catalog.length(a.query) OPERATOR(pg_catalog.>) $2"
    " FROM pg_catalog.pg_stat_activity a WHERE a.pid OPERATOR(pg_catalog.=) ANY ($1)";

/* The session holding the migration lock, and since when it is in its transaction or state. */
constexpr const char *kSelectMigrationLockHolder =
    "SELECT l.pid, a.usename, a.application_name,"
    " pg_catalog.to_char(COALESCE(a.xact_start, a.state_change, a.backend_start), " PGM_TIME_FORMAT ")"
    " FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid OPERATOR(pg_catalog.=) l.pid"
    " WHERE l.locktype OPERATOR(pg_catalog.=) 'advisory' AND l.database OPERATOR(pg_catalog.=) $1"
    " AND l.classid OPERATOR(pg_catalog.=) $2 AND l.objid OPERATOR(pg_catalog.=) $3"
    " AND l.objsubid OPERATOR(pg_catalog.=) 1 AND l.granted LIMIT 1";

/* ---------------------------------------------------------------------------------------------
 * The lock a step waits for, sampled by a periodic timeout.
 */

/* The timeout, registered on first use (RegisterTimeout in _PG_init would be lost when the
 * library is preloaded: InitializeTimeouts runs later, in each backend). */
bool sampler_registered = false;
TimeoutId sampler_timeout = USER_TIMEOUT;

/* The last sample; written only by the signal handler while the timeout is enabled. */
volatile sig_atomic_t sample_valid = 0;
LOCKTAG sample_tag;
LOCKMODE sample_mode = NoLock;
TimestampTz sample_wait_start = 0;

/*
 * SampleAwaitedLock: the timeout handler, in signal context: copy the tag and mode of the lock
 * this backend is waiting for.  A tick while it waits for none keeps the last sample (Start()
 * forgets it): PostgreSQL clears waitLock before it raises the lock timeout, and a tick between
 * that and Stop() must not erase the lock the step waited for.  While a backend
 * waits in a lock's queue, the LOCK object cannot be freed, and this process is stopped in
 * ProcSleep, so the copy is consistent.  No allocation, no call that is not signal-safe.
 */
void
SampleAwaitedLock() {
	PGPROC *proc = MyProc;
	if (proc == nullptr)
		return;
	LOCK *lock = proc->waitLock;
	if (lock == nullptr)
		return;
	sample_valid = 0;
	sample_tag = lock->tag;
	sample_mode = proc->waitLockMode;
	sample_wait_start = static_cast<TimestampTz>(pg_atomic_read_u64(&proc->waitStart));
	sample_valid = 1;
}

/* AwaitedLock: the lock a step was waiting for when its wait ended. */
struct AwaitedLock {
	LOCKTAG tag;
	LOCKMODE mode;
	TimestampTz wait_start;
};

/*
 * LockSampler: samples the awaited lock while a step's statements run.  Stop() cannot fail and
 * also runs from the destructor, so the timer never outlives the step.
 */
class LockSampler {
public:
	LockSampler() = default;
	~LockSampler() { Stop(); }
	LockSampler(const LockSampler &) = delete;
	LockSampler &operator=(const LockSampler &) = delete;

	void
	Start() {
		if (!sampler_registered) {
			sampler_timeout = PgCall([] { return RegisterTimeout(USER_TIMEOUT, SampleAwaitedLock); });
			sampler_registered = true;
		}
		sample_valid = 0;
		int interval = LockTimeout > 0 ? std::clamp(LockTimeout / 4, 5, 200) : 200;
		PgCall([&] {
			enable_timeout_every(sampler_timeout, TimestampTzPlusMilliseconds(GetCurrentTimestamp(), interval),
			                     interval);
		});
		active_ = true;
	}

	void
	Stop() noexcept {
		if (!active_)
			return;
		active_ = false;
		disable_timeout(sampler_timeout, false);
	}

	/* Take: the last sample, once the sampler is stopped. */
	std::optional<AwaitedLock>
	Take() {
		Stop();
		if (!sample_valid)
			return std::nullopt;
		sample_valid = 0;
		return AwaitedLock{sample_tag, sample_mode, sample_wait_start};
	}

private:
	bool active_ = false;
};

/* ---------------------------------------------------------------------------------------------
 * The sessions that blocked it.
 */

/* Blocker: a session holding a conflicting mode of the awaited lock, or waiting ahead for one. */
struct Blocker {
	int pid = 0; // 0: a prepared transaction
	bool holds = true;
	std::string mode; // the mode it holds or waits for
};

/* Session: what pg_stat_activity shows of a blocking session. */
struct Session {
	std::string role, application, state, state_since, xact_start, query;
	bool query_cut = false;
};

/*
 * FindBlockers: from the lock manager's state (what pg_locks shows), the sessions that hold a
 * mode of the awaited lock conflicting with the awaited mode, then those that waited for one
 * since before this session began to wait (they are ahead in the queue).  Reads shared memory
 * only, no catalog, so it may run before the failed (sub)transaction is rolled back.
 */
std::vector<Blocker>
FindBlockers(const AwaitedLock &awaited) {
	std::vector<Blocker> holders, waiters;
	PgCall([&] {
		LockMethod method = GetLockTagsMethodTable(&awaited.tag);
		LOCKMASK conflicts = method->conflictTab[awaited.mode];
		LockData *data = GetLockStatusData();
		for (int i = 0; i < data->nelements; i++) {
			LockInstanceData *instance = &data->locks[i];
			const LOCKTAG &tag = instance->locktag;
			if (tag.locktag_field1 != awaited.tag.locktag_field1 || tag.locktag_field2 != awaited.tag.locktag_field2 ||
			    tag.locktag_field3 != awaited.tag.locktag_field3 || tag.locktag_field4 != awaited.tag.locktag_field4 ||
			    tag.locktag_type != awaited.tag.locktag_type ||
			    tag.locktag_lockmethodid != awaited.tag.locktag_lockmethodid)
				continue;
			if (instance->pid == MyProcPid || (instance->leaderPid == MyProcPid && MyProcPid != 0))
				continue;
			LOCKMASK held = instance->holdMask & conflicts;
			if (held != 0) {
				for (int mode = method->numLockModes; mode > 0; mode--)
					if (held & LOCKBIT_ON(mode)) {
						holders.push_back({instance->pid, true, GetLockmodeName(tag.locktag_lockmethodid, mode)});
						break;
					}
			} else if (instance->waitLockMode != NoLock && (conflicts & LOCKBIT_ON(instance->waitLockMode)) &&
			           (instance->waitStart == 0 || awaited.wait_start == 0 ||
			            instance->waitStart <= awaited.wait_start)) {
				waiters.push_back(
				    {instance->pid, false, GetLockmodeName(tag.locktag_lockmethodid, instance->waitLockMode)});
			}
		}
	});
	holders.insert(holders.end(), waiters.begin(), waiters.end());
	return holders;
}

/*
 * DescribeLock: "AccessExclusiveLock on relation public.t".  With catalog access (a valid
 * transaction state) a relation of this database is named; otherwise the lock manager's own
 * description ("relation 16384 of database 5").
 */
std::string
DescribeLock(const AwaitedLock &awaited, bool catalog_access) {
	const char *text = PgCall([&] {
		const LOCKTAG &tag = awaited.tag;
		StringInfoData buf;
		initStringInfo(&buf);
		appendStringInfo(&buf, "%s on ", GetLockmodeName(tag.locktag_lockmethodid, awaited.mode));
		bool named = false;
		if (catalog_access && tag.locktag_type == LOCKTAG_RELATION &&
		    (tag.locktag_field1 == MyDatabaseId || tag.locktag_field1 == InvalidOid)) {
			Oid relid = tag.locktag_field2;
			char *name = get_rel_name(relid);
			char *schema = name != nullptr ? get_namespace_name(get_rel_namespace(relid)) : nullptr;
			if (name != nullptr && schema != nullptr) {
				appendStringInfo(&buf, "relation %s", quote_qualified_identifier(schema, name));
				named = true;
			}
		}
		if (!named)
			DescribeLockTag(&buf, &tag);
		return static_cast<const char *>(buf.data);
	});
	return text;
}

/* SessionsByPid: pg_stat_activity's view of these sessions (needs a valid transaction state). */
std::vector<std::pair<int, Session>>
SessionsByPid(const std::vector<Blocker> &blockers) {
	std::vector<Datum> pids;
	for (const Blocker &blocker : blockers)
		if (blocker.pid != 0)
			pids.push_back(Int32GetDatum(blocker.pid));
	std::vector<std::pair<int, Session>> sessions;
	if (pids.empty())
		return sessions;
	Datum array = PgCall([&] {
		return PointerGetDatum(
		    construct_array(pids.data(), static_cast<int>(pids.size()), INT4OID, sizeof(int32), true, TYPALIGN_INT));
	});
	for (SpiRow &row : SpiExecute(
	         kSelectSessions, {SpiArg{INT4ARRAYOID, array, false}, SpiArg{INT4OID, Int32GetDatum(kQueryChars), false}},
	         SPI_OK_SELECT, false)) {
		Session session;
		session.role = std::move(row[1].text);
		session.application = std::move(row[2].text);
		session.state = std::move(row[3].text);
		session.state_since = std::move(row[4].text);
		session.xact_start = std::move(row[5].text);
		session.query = std::move(row[6].text);
		session.query_cut = row[7].boolean;
		sessions.emplace_back(std::stoi(row[0].text), std::move(session));
	}
	return sessions;
}

/* Quote: "text" with embedded double quotes doubled. */
std::string
Quote(const std::string &text) {
	std::string quoted = "\"";
	for (char c : text) {
		quoted += c;
		if (c == '"')
			quoted += '"';
	}
	return quoted + "\"";
}

/*
 * BlockersDetail: the DETAIL sentences naming the blocking sessions, one line each:
 * "Process 123 holds AccessExclusiveLock on it: role "alice", application "psql", state "idle in
 * transaction" since ..., transaction started ..., query: LOCK TABLE ...".
 */
std::string
BlockersDetail(const std::vector<Blocker> &blockers, const std::vector<std::pair<int, Session>> &sessions) {
	std::string detail;
	for (size_t i = 0; i < blockers.size() && i < kMaxBlockers; i++) {
		const Blocker &blocker = blockers[i];
		std::string line =
		    blocker.pid == 0 ? std::string("A prepared transaction") : "Process " + std::to_string(blocker.pid);
		line += blocker.holds ? " holds " + blocker.mode + " on it" : " waits ahead for " + blocker.mode + " on it";
		auto found = std::find_if(sessions.begin(), sessions.end(),
		                          [&](const auto &entry) { return entry.first == blocker.pid; });
		if (found != sessions.end()) {
			const Session &s = found->second;
			line += ": role " + Quote(s.role) + ", application " + Quote(s.application);
			if (!s.state.empty()) {
				line += ", state " + Quote(s.state);
				if (!s.state_since.empty())
					line += " since " + s.state_since;
			}
			if (!s.xact_start.empty())
				line += ", transaction started " + s.xact_start;
			if (!s.query.empty())
				line += ", query " + Quote(s.query + (s.query_cut ? "..." : ""));
		}
		detail += "\n" + line + ".";
	}
	if (blockers.size() > kMaxBlockers)
		detail += "\n" + std::to_string(blockers.size() - kMaxBlockers) + " more sessions hold or wait for it.";
	return detail;
}

/*
 * LockDetail: the DETAIL of a step that could not obtain a lock: the lock it waited for and the
 * sessions in its way, or why they are not named.
 */
std::string
LockDetail(const char *revision, const std::optional<AwaitedLock> &awaited, const std::vector<Blocker> &blockers,
           bool catalog_access) {
	std::string detail = "Revision " + Quote(revision);
	if (!awaited)
		return detail + " did not obtain a lock; the blocking sessions were not identified (the lock was not waited "
		                "for, or its wait was too short to be seen).";
	detail += " waited for " + DescribeLock(*awaited, catalog_access) + ".";
	if (blockers.empty())
		return detail + " No session holds it any longer.";
	std::vector<std::pair<int, Session>> sessions;
	if (catalog_access)
		sessions = SessionsByPid(blockers);
	return detail + BlockersDetail(blockers, sessions);
}

/* IsLockNotAvailable: whether a PostgreSQL error is 55P03 lock_not_available. */
bool
IsLockNotAvailable(const PgError &error) {
	return error.Data() != nullptr && error.Data()->sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE;
}

/* SetErrorDetail: put detail (and hint, when the error has none) into a caught error. */
void
SetErrorDetail(const PgError &error, const std::string &detail, const char *hint) {
	ErrorData *edata = error.Data();
	MemoryContext context = GuardMemoryContext() != nullptr ? GuardMemoryContext() : CurrentMemoryContext;
	std::string text = edata->detail != nullptr ? std::string(edata->detail) + "\n" + detail : detail;
	PgCall([&] {
		edata->detail = MemoryContextStrdup(context, text.c_str());
		if (edata->hint == nullptr)
			edata->hint = MemoryContextStrdup(context, hint);
	});
}

/*
 * RetryDelayMs: the pause before retry number retry (1, 2, ...): lock_retry_delay doubled each
 * time, capped at a minute, with "equal jitter" (between half and all of it), so that runners
 * started together do not retry in step.
 */
int
RetryDelayMs(int retry) {
	double delay = lock_retry_delay_ms;
	for (int i = 1; i < retry && delay < kMaxRetryDelayMs; i++)
		delay *= 2;
	delay = std::min<double>(delay, std::max(kMaxRetryDelayMs, lock_retry_delay_ms));
	return static_cast<int>(delay / 2 + pg_prng_double(&pg_global_prng_state) * delay / 2);
}

/* SleepMs: an interruptible sleep (query cancel, statement timeout, termination end it). */
void
SleepMs(int ms) {
	PgCall([&] {
		instr_time start;
		INSTR_TIME_SET_CURRENT(start);
		for (;;) {
			instr_time now;
			INSTR_TIME_SET_CURRENT(now);
			INSTR_TIME_SUBTRACT(now, start);
			long remaining = ms - static_cast<long>(INSTR_TIME_GET_MILLISEC(now));
			if (remaining <= 0)
				break;
			(void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, remaining, PG_WAIT_EXTENSION);
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
	});
}

constexpr const char *kLockHint = "End or wait for the blocking sessions, then run the migration again; "
                                  "pg_migrate.lock_timeout and pg_migrate.lock_retries set how long a step waits.";

/*
 * NoticeRetryAndWait: the NOTICE of attempt (1, 2, ...) of attempts that could not obtain a lock
 * for revision (detail: the lock and its blockers; more: lines after the error's), then the
 * growing, jittered pause before the next attempt.
 */
void
NoticeRetryAndWait(const char *revision, int attempt, int attempts, const PgError &error, const std::string &detail,
                   const std::string &more) {
	int delay = RetryDelayMs(attempt);
	char seconds[32];
	snprintf(seconds, sizeof seconds, "%.1f", delay / 1000.0);
	std::string message = std::string("could not obtain a lock for revision ") + Quote(revision) + ", retrying in " +
	                      seconds + " s (attempt " + std::to_string(attempt + 1) + " of " + std::to_string(attempts) +
	                      ")";
	std::string cause = error.Data()->message != nullptr ? error.Data()->message : "";
	std::string text = detail + "\nThe error was: " + cause + "." + more;
	PgCall([&] {
		ereport(NOTICE, errcode(ERRCODE_LOCK_NOT_AVAILABLE), errmsg_internal("%s", message.c_str()),
		        errdetail_internal("%s", text.c_str()));
	});
	SleepMs(delay);
}

/* RunOnce: run the statements, sampling the awaited lock; returns the PostgreSQL error, if any. */
std::optional<PgError>
RunOnce(const std::function<void()> &statements, LockSampler &sampler, std::exception_ptr &other) {
	try {
		sampler.Start();
		statements();
		sampler.Stop();
	} catch (const PgError &e) {
		sampler.Stop();
		return e;
	} catch (...) {
		sampler.Stop();
		other = std::current_exception();
	}
	return std::nullopt;
}

} // namespace

void
DefineLockSafetySettings() {
	DefineCustomIntVariable("pg_migrate.lock_retries",
	                        "Sets how many times a migration step that could not obtain a lock is tried again.",
	                        "0 fails at once. Each attempt runs in a subtransaction.", &lock_retries, 3, 0, 100,
	                        PGC_USERSET, 0, nullptr, nullptr, nullptr);
	DefineCustomIntVariable("pg_migrate.lock_retry_delay", "Sets the pause before the first retry of a migration step.",
	                        "Doubled for each further retry (at most one minute), with random jitter.",
	                        &lock_retry_delay_ms, 1000, 0, 3600000, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
	                        nullptr);
	DefineCustomIntVariable("pg_migrate.migration_lock_timeout",
	                        "Sets the longest wait for the migration lock held by another session.",
	                        "0 waits without limit.", &migration_lock_timeout_ms, 60000, 0, INT_MAX, PGC_USERSET,
	                        GUC_UNIT_MS, nullptr, nullptr, nullptr);
}

void
RunWithLockRetries(const char *revision, bool downgrade, const std::function<void()> &statements) {
	LockSampler sampler;
	int retries = lock_retries;
	(void)downgrade; // the statements' own error context names the direction
	if (retries <= 0) {
		// No subtransaction: the failed transaction state allows no catalog access, so the
		// blockers are named by process and lock only.
		std::exception_ptr other;
		std::optional<PgError> failure = RunOnce(statements, sampler, other);
		if (other)
			std::rethrow_exception(other);
		if (!failure)
			return;
		if (IsLockNotAvailable(*failure)) {
			std::optional<AwaitedLock> awaited = sampler.Take();
			std::vector<Blocker> blockers = awaited ? FindBlockers(*awaited) : std::vector<Blocker>{};
			SetErrorDetail(*failure, LockDetail(revision, awaited, blockers, false), kLockHint);
		}
		throw *failure;
	}
	const int attempts = retries + 1;
	for (int attempt = 1;; attempt++) {
		std::exception_ptr other;
		Subtransaction subxact;
		std::optional<PgError> failure = RunOnce(statements, sampler, other);
		if (!failure && !other) {
			subxact.Release();
			return;
		}
		std::optional<AwaitedLock> awaited = sampler.Take();
		subxact.Rollback();
		if (other)
			std::rethrow_exception(other);
		if (!IsLockNotAvailable(*failure))
			throw *failure;
		std::vector<Blocker> blockers = awaited ? FindBlockers(*awaited) : std::vector<Blocker>{};
		std::string detail = LockDetail(revision, awaited, blockers, true);
		if (attempt >= attempts) {
			SetErrorDetail(*failure, detail + "\nThe step was tried " + std::to_string(attempts) + " times.",
			               kLockHint);
			throw *failure;
		}
		NoticeRetryAndWait(revision, attempt, attempts, *failure, detail, "");
	}
}

namespace {

/*
 * A group of RunStepsWithLockRetries ends after the step that brings it past this many ms: the
 * most work a lock retry repeats besides the failed step itself, and few enough subtransactions
 * (a 10,000-step run of 15 s has about 15) that their commits cost nothing measurable: each
 * commit walks every lock and pending file deletion of the transaction (at 100 ms, about 3 % of a
 * 5,000-step run went there).
 */
constexpr long kStepGroupMs = 1000;

/* StepLockFailure: a step of a group could not obtain a lock; unwinds to the group's start. */
struct StepLockFailure {
	std::size_t step;
	PgError error;
	std::optional<AwaitedLock> awaited;
};

long
MillisecondsSince(const instr_time &start) {
	instr_time now;
	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, start);
	return static_cast<long>(INSTR_TIME_GET_MILLISEC(now));
}

} // namespace

void
RunStepsWithLockRetries(std::size_t count, const std::function<void(std::size_t, const StepStatements &)> &run,
                        const std::function<void(std::size_t first)> &rewind,
                        const std::function<std::string(std::size_t)> &revision) {
	if (lock_retries <= 0) {
		for (std::size_t i = 0; i < count; i++) {
			std::string id = revision(i);
			run(i,
			    [&id](const std::function<void()> &statements) { RunWithLockRetries(id.c_str(), false, statements); });
		}
		return;
	}
	const int attempts = lock_retries + 1;
	std::size_t failing_step = count; // the step the attempts count for
	int attempt = 1;
	std::size_t next = 0;
	while (next < count) {
		const std::size_t first = next;
		instr_time group_start;
		INSTR_TIME_SET_CURRENT(group_start);
		std::optional<StepLockFailure> lock_failure;
		{
			Subtransaction subxact;
			try {
				while (next < count) {
					const std::size_t step = next;
					run(step, [step](const std::function<void()> &statements) {
						LockSampler sampler;
						std::exception_ptr other;
						std::optional<PgError> failure = RunOnce(statements, sampler, other);
						if (other)
							std::rethrow_exception(other);
						if (!failure)
							return;
						if (IsLockNotAvailable(*failure))
							throw StepLockFailure{step, *failure, sampler.Take()};
						throw *failure;
					});
					next++;
					if (MillisecondsSince(group_start) >= kStepGroupMs)
						break;
				}
			} catch (StepLockFailure &f) {
				lock_failure.emplace(std::move(f));
			} catch (...) {
				subxact.Rollback();
				throw;
			}
			if (!lock_failure) {
				subxact.Release();
				continue;
			}
			subxact.Rollback();
		}
		rewind(first);
		next = first;
		std::string id = revision(lock_failure->step);
		if (lock_failure->step == failing_step) {
			attempt++;
		} else {
			failing_step = lock_failure->step;
			attempt = 1;
		}
		std::vector<Blocker> blockers =
		    lock_failure->awaited ? FindBlockers(*lock_failure->awaited) : std::vector<Blocker>{};
		std::string detail = LockDetail(id.c_str(), lock_failure->awaited, blockers, true);
		PgError &error = lock_failure->error;
		if (attempt >= attempts) {
			SetErrorDetail(error, detail + "\nThe step was tried " + std::to_string(attempts) + " times.", kLockHint);
			throw error;
		}
		std::size_t before = lock_failure->step - first;
		std::string rerun;
		if (before > 0)
			rerun = "\nThe " + std::to_string(before) + (before == 1 ? " step" : " steps") +
			        " run before it since the last savepoint " + (before == 1 ? "was" : "were") +
			        " rolled back too and run again.";
		NoticeRetryAndWait(id.c_str(), attempt, attempts, error, detail, rerun);
	}
}

/* ---------------------------------------------------------------------------------------------
 * The migration lock.
 */

namespace {

/* Whether this session holds the migration lock at session level (pg_migrate.lock_session). */
bool session_lock_held = false;

/* MigrationLockHolder: the session holding the migration lock, as the messages show it. */
struct MigrationLockHolder {
	std::string pid, role, application, since;
};

std::optional<MigrationLockHolder>
FindMigrationLockHolder() {
	auto key = static_cast<uint64>(kLockKey);
	std::vector<SpiRow> rows =
	    SpiExecute(kSelectMigrationLockHolder,
	               {SpiArg{OIDOID, ObjectIdGetDatum(MyDatabaseId), false},
	                SpiArg{OIDOID, ObjectIdGetDatum(static_cast<uint32>(key >> 32)), false},
	                SpiArg{OIDOID, ObjectIdGetDatum(static_cast<uint32>(key & 0xFFFFFFFF)), false}},
	               SPI_OK_SELECT, false);
	if (rows.empty() || rows[0][0].is_null)
		return std::nullopt;
	return MigrationLockHolder{rows[0][0].text, rows[0][1].is_null ? std::string("?") : rows[0][1].text,
	                           rows[0][2].text, rows[0][3].text};
}

bool
TryMigrationLock(bool session_level) {
	return PgCall([&] {
		Datum key = Int64GetDatum(kLockKey);
		return DatumGetBool(session_level ? DirectFunctionCall1(pg_try_advisory_lock_int8, key)
		                                  : DirectFunctionCall1(pg_try_advisory_xact_lock_int8, key));
	});
}

/*
 * MigrationLockWait: wait for the migration lock as a real lock wait (queued fairly, seen by the
 * deadlock detector), at most timeout_ms (0: without limit): lock_timeout is set at a new GUC
 * nest level for the wait, which the (sub)transaction abort pops when it fails.
 */
void
MigrationLockWait(bool session_level, int timeout_ms) {
	int level = PgCall([] { return NewGUCNestLevel(); });
	std::string timeout = std::to_string(timeout_ms);
	PgCall([&] {
		(void)set_config_option("lock_timeout", timeout.c_str(), superuser() ? PGC_SUSET : PGC_USERSET, PGC_S_SESSION,
		                        GUC_ACTION_SAVE, true, 0, false);
		Datum key = Int64GetDatum(kLockKey);
		if (session_level)
			DirectFunctionCall1(pg_advisory_lock_int8, key);
		else
			DirectFunctionCall1(pg_advisory_xact_lock_int8, key);
		AtEOXact_GUC(true, level);
	});
}

} // namespace

void
WaitForMigrationLock(bool session_level) {
	if (TryMigrationLock(session_level))
		return;
	// A quiet wait first, as long as deadlock_timeout (after which log_lock_waits reports lock
	// waits too): a short wait needs no message.  It runs in a subtransaction, so that its lock
	// timeout can be caught and the wait go on.
	const int total = migration_lock_timeout_ms;
	const int quiet = total > 0 ? std::min(total, std::max(DeadlockTimeout, 1)) : std::max(DeadlockTimeout, 1);
	std::optional<PgError> quiet_failure;
	std::exception_ptr other;
	{
		Subtransaction subxact;
		try {
			MigrationLockWait(session_level, quiet);
		} catch (const PgError &e) {
			quiet_failure.emplace(e);
		} catch (...) {
			other = std::current_exception();
		}
		if (!quiet_failure && !other) {
			subxact.Release();
			return;
		}
		subxact.Rollback();
	}
	if (other)
		std::rethrow_exception(other);
	if (!IsLockNotAvailable(*quiet_failure))
		throw *quiet_failure;

	std::optional<MigrationLockHolder> holder = FindMigrationLockHolder();
	std::string held_by;
	if (holder)
		held_by = "Process " + holder->pid + " (role " + Quote(holder->role) + ", application " +
		          Quote(holder->application) + ") holds it" +
		          (holder->since.empty() ? "" : ", in a transaction or state that began at " + holder->since) + ". ";
	if (total == 0 || total > quiet) {
		std::string notice = "waiting for the migration lock";
		if (holder)
			notice += " held by pid " + holder->pid + " (role " + holder->role + ", application " +
			          Quote(holder->application) + (holder->since.empty() ? "" : ", since " + holder->since) + ")";
		PgCall([&] { ereport(NOTICE, errcode(ERRCODE_LOCK_NOT_AVAILABLE), errmsg_internal("%s", notice.c_str())); });
		try {
			MigrationLockWait(session_level, total == 0 ? 0 : total - quiet);
			return;
		} catch (const PgError &e) {
			if (!IsLockNotAvailable(e))
				throw;
		}
	}
	throw MigError(sqlstate::kLockNotAvailable, "could not obtain the migration lock",
	               held_by + "This session waited " + std::to_string(total) +
	                   " ms for it (pg_migrate.migration_lock_timeout).",
	               "Wait for the other migration to finish, or raise pg_migrate.migration_lock_timeout (0 waits "
	               "without limit).");
}

namespace {

/*
 * MigrationLockHeldByMe: whether this backend holds the migration lock (the advisory lock
 * pg_advisory_lock(kLockKey) takes) at any level.  The session flag alone can be wrong: a
 * pg_advisory_unlock_all() releases the lock behind its back.  LockHeldByMe reads the local
 * lock table only and cannot fail.
 */
bool
MigrationLockHeldByMe() {
	LOCKTAG tag;
	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, static_cast<uint32>(static_cast<uint64>(kLockKey) >> 32),
	                     static_cast<uint32>(kLockKey), 1);
	return LockHeldByMe(&tag, ExclusiveLock);
}

} // namespace

bool
HoldsSessionMigrationLock() {
	return session_lock_held && MigrationLockHeldByMe();
}

namespace {

/* LockSession: pg_migrate.lock_session(). */
Datum
LockSession(FunctionCallInfo) {
	if (HoldsSessionMigrationLock())
		return (Datum)0;
	session_lock_held = false;
	SpiConnection spi;
	WaitForMigrationLock(true);
	session_lock_held = true;
	spi.Finish();
	return (Datum)0;
}

/* UnlockSession: pg_migrate.unlock_session(); false when this session did not hold it. */
Datum
UnlockSession(FunctionCallInfo) {
	// A non-transactional revision being applied in this session is over with the lock.
	EndSessionApply();
	if (!session_lock_held)
		return BoolGetDatum(false);
	session_lock_held = false;
	bool released =
	    PgCall([] { return DatumGetBool(DirectFunctionCall1(pg_advisory_unlock_int8, Int64GetDatum(kLockKey))); });
	return BoolGetDatum(released);
}

} // namespace

} // namespace pgm::pg

extern "C" {

PG_FUNCTION_INFO_V1(migrate_lock_session);
Datum
migrate_lock_session(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::LockSession, fcinfo);
}

PG_FUNCTION_INFO_V1(migrate_unlock_session);
Datum
migrate_unlock_session(PG_FUNCTION_ARGS) {
	return pgm::pg::InvokeCpp(pgm::pg::UnlockSession, fcinfo);
}

} // extern "C"
