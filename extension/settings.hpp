/*
 * settings.hpp: the pg_migrate.* configuration parameters (defined in module.cpp's _PG_init).
 */
#pragma once

namespace pgm::pg {

/* pg_migrate.lock_timeout: lock_timeout while migration steps run, in ms (default 5 s); -1 keeps the
 * session's, 0 waits without limit. */
extern int lock_timeout_ms;

/* pg_migrate.statement_timeout: the longest one migration step may run, in ms; 0 means no limit. */
extern int statement_timeout_ms;

/* pg_migrate.step_window: the steps whose files a migration call holds at a time (migrate_upgrade.cpp). */
extern int step_window;

/* pg_migrate.lint_large_table: lint's "large table", in kB (migrate_lint.cpp). */
extern int lint_large_table_kb;

} // namespace pgm::pg
