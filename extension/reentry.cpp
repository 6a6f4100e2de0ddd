/*
 * reentry.cpp: the running-migration mark (reentry.hpp).
 */
#include "extension/reentry.hpp"

#include "core/error.hpp"

#include <string>

extern "C" {
#include "postgres.h"
#include "access/xact.h"
}

namespace pgm::pg {

namespace {

/* The transaction nest level of the running migration; 0 when none runs. */
int running_nest_level = 0;

/* The function that set the mark, for the message. */
const char *running_function = nullptr;

/* The session-level apply mark: the revision being applied statement by statement. */
bool session_apply = false;
std::string session_apply_revision;

[[noreturn]] void
RefuseNested(const char *function, const char *why) {
	std::string detail = std::string("A ") + running_function + " call of this session is running";
	detail += why != nullptr ? std::string(". ") + why
	                         : "; the SQL of its revisions cannot start another migration or upload.";
	throw MigError(sqlstate::kObjectNotInPrerequisiteState,
	               std::string(function) + " cannot be called from inside a migration", detail,
	               std::string("Call ") + function + " after the running migration, not from a revision.");
}

} // namespace

MigrationScope::MigrationScope(const char *function) {
	if (running_nest_level != 0)
		RefuseNested(function, nullptr);
	running_nest_level = GetCurrentTransactionNestLevel();
	running_function = function;
}

MigrationScope::~MigrationScope() {
	running_nest_level = 0;
	running_function = nullptr;
}

void
CheckNotInMigration(const char *function, const char *why) {
	if (running_nest_level != 0)
		RefuseNested(function, why);
}

void
ResetMigrationMark(int nest_level) noexcept {
	if (running_nest_level != 0 && running_nest_level >= nest_level) {
		running_nest_level = 0;
		running_function = nullptr;
	}
}

bool
InMigration() noexcept {
	return running_nest_level != 0;
}

void
BeginSessionApply(const std::string &revision) {
	session_apply_revision = revision;
	session_apply = true;
}

void
EndSessionApply() noexcept {
	session_apply = false;
	session_apply_revision.clear();
}

bool
InSessionApply() noexcept {
	return session_apply;
}

const std::string &
SessionApplyRevision() noexcept {
	return session_apply_revision;
}

} // namespace pgm::pg
