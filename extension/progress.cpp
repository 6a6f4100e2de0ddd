/*
 * progress.cpp: the MG101 progress NOTICE (extension/progress.hpp).
 */
#include "extension/progress.hpp"

#include "core/error.hpp"
#include "extension/guard.hpp"

extern "C" {
#include "postgres.h"
}

namespace pgm::pg {

void
ReportProgress(const std::string &text, const ProgressStep &step) {
	std::string detail = FormatProgressDetail(step);
	PgCall([&] {
		ereport(NOTICE, errcode(SqlstateCode(sqlstate::kProgressNotice)), errmsg_internal("%s", text.c_str()),
		        errdetail_internal("%s", detail.c_str()));
	});
}

} // namespace pgm::pg
