/*
 * progress.cpp: the MG101 progress NOTICE (progress.hpp).
 */
#include "extension/progress.hpp"

#include "extension/guard.hpp"

extern "C" {
#include "postgres.h"
}

namespace pgm::pg {

namespace {

/* SQLSTATE of the progress NOTICE sent before each step (docs/design.md). */
constexpr int kProgressSqlstate = MAKE_SQLSTATE('M', 'G', '1', '0', '1');

} // namespace

void
ReportProgress(const std::string &text) {
	PgCall([&] { ereport(NOTICE, errcode(kProgressSqlstate), errmsg_internal("%s", text.c_str())); });
}

} // namespace pgm::pg
