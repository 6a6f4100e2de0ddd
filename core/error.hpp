/*
 * error.hpp: the one exception type of the pure C++ core.
 *
 * Every failure the core reports carries a PostgreSQL SQLSTATE and the three parts of a
 * PostgreSQL message (primary, DETAIL, HINT), so the extension can re-raise it with
 * ereport() unchanged and the client can print it as pgmig: error/detail/hint.
 * The custom class "MG" is documented in docs/errors.md.
 */
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace pgm {

namespace sqlstate {
// Standard SQLSTATEs (PostgreSQL's errcodes.txt).
inline constexpr const char *kInvalidParameterValue = "22023";
inline constexpr const char *kInvalidTextRepresentation = "22P02";
inline constexpr const char *kCharacterNotInRepertoire = "22021";
inline constexpr const char *kNullValueNotAllowed = "22004";
inline constexpr const char *kUndefinedObject = "42704";
inline constexpr const char *kDuplicateObject = "42710";
inline constexpr const char *kObjectNotInPrerequisiteState = "55000";
inline constexpr const char *kLockNotAvailable = "55P03";
inline constexpr const char *kActiveSqlTransaction = "25001";
inline constexpr const char *kFeatureNotSupported = "0A000";
inline constexpr const char *kProgramLimitExceeded = "54000";
inline constexpr const char *kInternalError = "XX000";
// Custom class MG (implementation-defined range): conditions with no standard code.
inline constexpr const char *kChecksumMismatch = "MG001";    // applied revision's script was edited
inline constexpr const char *kRevisionCycle = "MG003";       // cycle or self-loop in parents or depends_on
inline constexpr const char *kMultipleHeads = "MG004";       // one head required, several present
inline constexpr const char *kAmbiguousRevision = "MG005";   // partial id or walk matches several revisions
inline constexpr const char *kInvalidRevisionFile = "MG006"; // malformed revision file
// Not an error: the progress NOTICE raised before each step (core/progress_notice.hpp).
inline constexpr const char *kProgressNotice = "MG101";
} // namespace sqlstate

/* IsSqlstate: five characters from [0-9A-Z], the form of PostgreSQL's error codes. */
inline bool
IsSqlstate(std::string_view code) noexcept {
	if (code.size() != 5) {
		return false;
	}
	for (char c : code) {
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
			return false;
		}
	}
	return true;
}

/*
 * MigError: a failure with SQLSTATE, primary message, optional detail and hint.
 * what() returns the primary message.  Empty detail/hint mean "none".
 */
class MigError : public std::runtime_error {
public:
	MigError(std::string sqlstate, std::string message, std::string detail = {}, std::string hint = {})
	    : std::runtime_error(message), sqlstate_(std::move(sqlstate)), detail_(std::move(detail)),
	      hint_(std::move(hint)) {}

	const std::string &
	Sqlstate() const {
		return sqlstate_;
	}
	std::string
	Message() const {
		return what();
	}
	const std::string &
	Detail() const {
		return detail_;
	}
	const std::string &
	Hint() const {
		return hint_;
	}

private:
	std::string sqlstate_;
	std::string detail_;
	std::string hint_;
};

} // namespace pgm
