/*
 * progress_notice.hpp: the DETAIL of the progress NOTICE (SQLSTATE MG101) that the extension
 * raises before each step of migrate_upgrade, migrate_downgrade, migrate_stamp and
 * migrate_repair.  Its message is Alembic's run-log text, for people; its DETAIL says which step
 * runs in a form a program can read back:
 *
 *   Step 2 of 4: upgrade of revision 1975ea83b712.
 *   Step 1 of 2: downgrade of revision 1975ea83b712.
 *   Step 1 of 1: stamp of revisions aaaa1111, bbbb2222.
 *   Step 1 of 1: repair of revision aaaa1111.
 *
 * The revisions are those whose pg_migrate.log rows the step writes.  The extension formats it,
 * pgmig parses it to know which step failed.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

struct ProgressStep {
	long long step = 0;                 // 1-based
	long long steps = 0;                // in the whole call
	std::string direction;              // upgrade, downgrade, stamp or repair
	std::vector<std::string> revisions; // in the order the step logs them
};

/* FormatProgressDetail: the DETAIL text of one step, as above. */
std::string FormatProgressDetail(const ProgressStep &step);

/*
 * ParseProgressDetail: the step described by a DETAIL text FormatProgressDetail wrote, or
 * nullopt for any other text (a NOTICE from elsewhere, an older server).
 */
std::optional<ProgressStep> ParseProgressDetail(std::string_view detail);

} // namespace pgm
