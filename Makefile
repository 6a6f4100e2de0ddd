# Makefile: PGXS build of the pg_migrate extension: the C++ core (core/) and the PostgreSQL
# glue (extension/).  The differ (autogen/) and the client (client/) are built by CMake.
# make && make install        build and install pg_migrate.so and the SQL scripts
# make installcheck           pg_regress (sql/, expected/) and isolation tests (specs/)
EXTENSION    = pg_migrate
EXTVERSION   = 0.10.1
MODULE_big   = pg_migrate
# Every C++ file of the two folders the server library is made of.  Found under $(srcdir) (set
# by PGXS, read only after it is included): "." in place, the source tree in a VPATH build such
# as pg_buildext's build-<version> directories (debian/rules).
OBJS         = $(patsubst $(srcdir)/%.cpp,%.o,$(sort $(wildcard $(srcdir)/core/*.cpp) $(wildcard $(srcdir)/extension/*.cpp)))
DATA         = $(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/extension/pg_migrate--*.sql))
# One file per feature; scripts/check-regress.sh fails when a sql/ file is missing here.
REGRESS      = install guard upload upgrade downgrade info graph stamp repair settings statements reentry privileges search_path failure log_writer snapshot extension_update
# 0.3.0 (docs/maintenance.md), one line per part
# engine
REGRESS     += engine_run engine_each engine_rehearse engine_statements
# locks
REGRESS     += lock_settings
ISOLATION_LOCKS = lock_blockers lock_retries migration_lock
# integrity
REGRESS     += integrity
# lint
REGRESS     += lint lint_waivers
# drift
REGRESS     += drift drift_guard
# 0.4.0 (docs/alembic.md, docs/autogenerate), one line per part
# adopt
REGRESS     += stamp_reason
# snapshot
# 0.5.0 (issue 11: docs/benchmarks.md, docs/robustness.md), one line per part
# perf
REGRESS     += folder_digest
# hostile input
REGRESS     += hostile
# 0.6.0 (issue 11, speed: docs/benchmarks.md), one line per part
# snapshot (copy-on-write schema snapshot of pgmig drift)
REGRESS     += snapshot_pending
REGRESS     += upload_incremental
# 0.7.0 (issue 11, speed: docs/benchmarks.md), one line per part
# speed (the stored folder state of the no-op check and current)
REGRESS     += folder_state
# 0.8.0 (issue 11, speed: docs/benchmarks.md, docs/planning.md), one line per part
# speed (a run whose folder is the stored one skips the upload check)
REGRESS     += folder_stored
# snapshot (migrate_snapshot_text: the first run of autogenerate)
REGRESS     += snapshot_text
# plan (the stored planning graph, the plan without its SQL)
REGRESS     += planning_graph
# 0.9.0 (issue 11, speed: docs/benchmarks.md), one line per part
# speed (the event trigger functions set their search_path themselves, only when they work)
REGRESS     += event_trigger_path
# memory (statements kept as offsets, the log written in chunks)
REGRESS     += upgrade_memory
# speed (pgmig current in one call)
REGRESS     += current_stored
# 0.10.0 (issue 11, speed: docs/benchmarks.md), one line per part
# planning (large out-of-line values fetched into huge pages)
REGRESS     += large_values
# speed (pgmig current and the no-op: one statement, one table)
REGRESS     += stored_state
# after 0.10.1, the library alone (issue 11, speed: docs/benchmarks.md)
# speed (an upload's new files written by one statement for many)
REGRESS     += upload_batches
REGRESS_OPTS = --load-extension=pg_migrate
ISOLATION    = concurrent_upgrade concurrent_upload concurrent_stamp lock_timeout
ISOLATION   += concurrent_downgrade
ISOLATION   += snapshot_race
ISOLATION   += $(ISOLATION_LOCKS)
ISOLATION_OPTS = --load-extension=pg_migrate
EXTRA_CLEAN  = results regression.diffs regression.out output_iso log

# PGXS puts the top of the tree on the include path (-I. -I$(srcdir)): includes name their
# folder ("core/planner.hpp").
PG_CPPFLAGS  = -isystem $(includedir_server) -DPGM_EXTVERSION='"$(EXTVERSION)"'
# NODEBUGINFO=1 (scripts/build.sh under CI): -g0 after pg_config's -g.
PG_CXXFLAGS  = -std=c++17 -Wextra -Wshadow $(if $(WERROR),-Werror) $(if $(NODEBUGINFO),-g0)
# libcrypto: SHA-256 (core/sha256.cpp); the server links the same library for SSL.
SHLIB_LINK   = -lstdc++ -lcrypto
# JIT bitcode of C++ brings nothing and PGXS would compile it as C++14 with clang.
override with_llvm = no

PG_CONFIG ?= pg_config
# Track header dependencies (.deps/*.Po), so a changed .hpp rebuilds the objects that include
# it; no two source files share a name, which the .deps layout needs.  "override": PGXS's own
# Makefile.global would set it empty.
override autodepend = yes
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# A VPATH build writes the objects into core/ and extension/ of the build directory; make does
# not create them (and would find the source tree's folders through VPATH if asked to).
ifneq ($(abspath $(srcdir)),$(CURDIR))
$(shell mkdir -p core extension)
endif

# module.cpp compiles EXTVERSION in (PGM_EXTVERSION): rebuild it when the version changes.
extension/module.o: Makefile
