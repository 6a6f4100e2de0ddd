/*
 * diff.hpp: the public interface of autogen/, the differ of `revision --autogenerate` and
 * `check`: parse two schema snapshots (the jsonb documents migrate_snapshot() returns,
 * described in docs/snapshot.md), diff them, and render the SQL that turns the first schema
 * into the second, in dependency order.
 *
 * Pure C++ (no PostgreSQL header): the client links it (library pgm_autogen); the extension
 * does not (the PGXS Makefile builds core/ and extension/ only).  How the diff works is
 * described in differ.hpp, which is internal to autogen/.
 */
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm::schema {

struct SnapshotData; // defined in autogen/snapshot.hpp

/*
 * ColumnSpelling: how the models wrote one column (model_spelling.hpp finds them); names are
 * unquoted, as PostgreSQL stores them.  deparsed_*: what the server made of the spelling (the
 * client fills them in); ApplySpellings uses a spelling only when they equal the snapshot's.
 */
struct ColumnSpelling {
	std::string schema, table, column;
	std::string type;                        // "" when unknown
	std::optional<std::string> default_expr; // the DEFAULT expression's text, if any
	std::optional<std::string> deparsed_type;
	std::optional<std::string> deparsed_default;
};

class Snapshot;

/*
 * SpellingsToCheck: the spellings of columns snapshot has whose type or default text differs
 * from PostgreSQL's (only those are worth checking and recording).
 */
std::vector<ColumnSpelling> SpellingsToCheck(const Snapshot &snapshot, const std::vector<ColumnSpelling> &spellings);

/* Snapshot: one parsed snapshot document.  Cheap to move. */
class Snapshot {
public:
	Snapshot();
	~Snapshot();
	Snapshot(Snapshot &&) noexcept;
	Snapshot &operator=(Snapshot &&) noexcept;

	const SnapshotData &
	Data() const {
		return *data_;
	}
	/* ObjectCount: the number of top-level objects (tables, views, functions, ...). */
	size_t ObjectCount() const;

private:
	friend Snapshot ParseSnapshot(std::string_view json, const std::string &source);
	friend void ExcludeObjects(Snapshot &snapshot, const std::vector<std::string> &patterns);
	friend void ApplySpellings(Snapshot &snapshot, const std::vector<ColumnSpelling> &spellings);
	std::unique_ptr<SnapshotData> data_;
};

/*
 * ParseSnapshot: parse a snapshot document.  source names it in messages (e.g. "the
 * database", "the models").  Throws MigError 22P02 with a DETAIL naming the offending
 * object when the document is malformed or of an unknown format.
 */
Snapshot ParseSnapshot(std::string_view json, const std::string &source);

/*
 * CheckExcludePattern: throw 22023 unless pattern is a schema-qualified glob ("public.t",
 * "audit.*", "*.tmp_*"): a "." with something on both sides.  what names the pattern's origin
 * in the message (e.g. "--exclude", "configuration key \"exclude\" in \"pgmig.toml\"").
 */
void CheckExcludePattern(const std::string &pattern, const std::string &what);

/*
 * ExcludeObjects: leave out of snapshot every object that one of patterns (fnmatch globs
 * matched against the unquoted "schema.name", exclude.cpp) excludes, with everything that
 * belongs to an excluded table, and every dependency on what was left out.  Applied to both
 * sides of a comparison, so excluded objects never count as differences.
 */
void ExcludeObjects(Snapshot &snapshot, const std::vector<std::string> &patterns);

/* GlobEscape: name with the glob characters *, ?, [ and \ escaped, to match it literally. */
std::string GlobEscape(const std::string &name);

/* Change: one difference between two snapshots, for people (pgmig check, autogenerate). */
struct Change {
	std::string description;  // e.g. "added column public.users.avatar"
	bool destructive = false; // drops data: a table, a column, a narrowing type change, enum values
};

/* DiffOptions: what a diff compares besides the schema itself. */
struct DiffOptions {
	bool compare_privileges = false; // GRANT and REVOKE (the snapshots' acl fields); off: never mentioned
	/*
	 * Without compare_privileges: an object (or column) that is dropped and created again (a view
	 * whose definition changed) gets back the privileges it has on this side, the live
	 * database's, so grants made outside the models survive the rebuild.
	 */
	enum class Keep { kNone, kFrom, kTo } keep_privileges = Keep::kNone;
};

/* DiffResult: what Diff found and the SQL to apply it. */
struct DiffResult {
	std::vector<Change> changes;         // in a stable order (sorted by object, then aspect)
	std::vector<std::string> statements; // each a complete SQL statement ending in ";", possibly
	                                     // preceded by "-- WARNING: ..." comment lines
	std::vector<std::string> warnings;   // the warning texts, without "-- WARNING: "
	std::vector<std::string> failures;   // warnings about statements PostgreSQL will refuse (an
	                                     // extension version it has no update path to); also in warnings

	bool
	Empty() const {
		return changes.empty();
	}
};

/*
 * Diff: the changes that turn schema from into schema to, and the statements that make
 * them, ordered so that every statement runs after what it needs exists and before what
 * it removes is dropped.  Diff(a, b).Empty() exactly when a and b describe the same schema.
 */
DiffResult Diff(const Snapshot &from, const Snapshot &to, const DiffOptions &options = {});

/*
 * ApplySpellings: record on the columns of snapshot the spellings that were checked to mean
 * what the snapshot says (the caller checks them against the server); the diff then writes them
 * instead of PostgreSQL's spelling.  Unknown columns are ignored.
 */
void ApplySpellings(Snapshot &snapshot, const std::vector<ColumnSpelling> &spellings);

/*
 * RenderSql: the statements of a diff as the body of a revision file section: statements
 * separated by one blank line, ending with a newline; "" when there are none.
 */
std::string RenderSql(const DiffResult &diff);

} // namespace pgm::schema
