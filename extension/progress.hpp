/*
 * progress.hpp: the progress NOTICE of pg_migrate's steps (upgrade, downgrade, stamp, repair).
 * It has SQLSTATE MG101, Alembic's run-log text as its message and, as its DETAIL, which step
 * runs in the form of core/progress_notice.hpp; the client turns it into a progress line and
 * reads the DETAIL to know the failing step.
 */
#pragma once

#include "core/progress_notice.hpp"

#include <string>

namespace pgm::pg {

/* ReportProgress: raise the MG101 NOTICE with this text and the DETAIL of step. */
void ReportProgress(const std::string &text, const ProgressStep &step);

} // namespace pgm::pg
