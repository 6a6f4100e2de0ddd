/*
 * progress.hpp: the progress NOTICE of pg_migrate's steps (upgrade, downgrade, stamp).  It has
 * SQLSTATE MG101 and Alembic's run-log text; the client turns it into a progress line.
 */
#pragma once

#include <string>

namespace pgm::pg {

/* ReportProgress: raise the MG101 NOTICE with this text. */
void ReportProgress(const std::string &text);

} // namespace pgm::pg
