/*
 * ddl.hpp: the SQL text of the autogenerate diff: CREATE, DROP and COMMENT statements of each
 * snapshot kind, column specifications, and the rule that tells a widening column type change
 * from one that may fail or lose data.  No ordering here: the Differ (differ.hpp) decides what
 * runs when.
 */
#pragma once

#include "autogen/snapshot.hpp"

#include <string>
#include <utility>
#include <vector>

namespace pgm::schema {

/*
 * Stmt: one statement and the comment lines before it (each rendered as "-- " + line); warnings
 * are the texts for DiffResult::warnings (their lines are in comments as "WARNING: ...").
 */
struct Stmt {
	Stmt(std::vector<std::string> c = {}, std::vector<std::string> w = {}, std::string s = {})
	    : comments(std::move(c)), warnings(std::move(w)), sql(std::move(s)) {}

	std::vector<std::string> comments;
	std::vector<std::string> warnings;
	std::string sql;
	std::vector<std::string> failures; // warnings that say PostgreSQL will refuse the statement

	void
	Warn(const std::string &text) {
		comments.push_back("WARNING: " + text);
		warnings.push_back(text);
	}
	void
	WarnFails(const std::string &text) {
		Warn(text);
		failures.push_back(text);
	}
};

/* TrimEnd: s without trailing whitespace. */
std::string TrimEnd(std::string s);

/* Display: how changes and warnings name an object ("public.t", "fk on public.t", "public.f(integer)"). */
std::string Display(const Object &o);

/* KindWord: the kind for people ("materialized view", "composite type"). */
const char *KindWord(Kind kind);

/* TableQname: the qname of the table with this id ("table:public.t" -> "public.t"). */
std::string TableQname(const std::string &table_id);

/* ColumnType, ColumnDefault: the type and default as the models spelled them, else as PostgreSQL does. */
std::string ColumnType(const Column &c);
OptText ColumnDefault(const Column &c);

/* ColumnSpec: "name type [COLLATE c] [GENERATED ...] [DEFAULT d] [NOT NULL]". */
std::string ColumnSpec(const Column &c);

/* IdentityOptions: "(SEQUENCE NAME q START WITH ... [ CYCLE])". */
std::string IdentityOptions(const SequenceOptions &s);

/* CommentStatement: COMMENT ON <kind> <object> IS '...'|NULL; for any object. */
std::string CommentStatement(const Object &o, const OptText &comment);

/* ColumnCommentStatement: COMMENT ON COLUMN rel.col IS ...; */
std::string ColumnCommentStatement(const std::string &rel_qname, const std::string &column, const OptText &comment);

/* TriggerEnabledStatement: ALTER TABLE t {ENABLE|DISABLE|ENABLE REPLICA|ENABLE ALWAYS} TRIGGER n; */
std::string TriggerEnabledStatement(const Object &trigger);

/*
 * CreateStatements: the statements that create o as the snapshot to describes it, followed
 * by its comment (and column comments, RLS flags, trigger state) when it has them.  For a
 * partition, columns the parent has are created by PARTITION OF and left out.
 */
std::vector<Stmt> CreateStatements(const Object &o, const SnapshotData &to);

/* IndexCreateSql: CREATE INDEX from an index def, without the ONLY of a partitioned parent. */
std::string IndexCreateSql(const std::string &def);

/*
 * IndexOptions: an index definition without its " WITH (...)" storage parameters, and those
 * parameters ("fillfactor='70'", sorted, booleans as true or false), so that a change of parameters alone is an ALTER
 * INDEX.
 */
std::pair<std::string, std::vector<std::string>> IndexOptions(const std::string &def);

/*
 * CanonicalIndexDef: an index definition with its storage parameters sorted and booleans
 * spelt true or false (PostgreSQL keeps them as written), so that definitions compare as text.
 */
std::string CanonicalIndexDef(const std::string &def);

/* DropStatement: DROP <kind> of o (never CASCADE). */
std::string DropStatement(const Object &o);

/* SequenceClauses: " AS type INCREMENT BY ... [NO ]CYCLE" of a new sequence. */
std::string SequenceClauses(const SequenceOptions &s);

/*
 * IsWideningTypeChange: true when every value of type from converts to type to without
 * failure or loss: int2 -> int4 -> int8, float4 -> float8, varchar(n) -> varchar(m >= n) /
 * varchar / text, char(n) -> varchar(m >= n) / varchar / text, numeric(p,s) -> numeric
 * with no fewer integer and fraction digits or unconstrained, anything -> text, timestamp
 * -> timestamptz.  Arrays follow their element types.
 */
bool IsWideningTypeChange(const std::string &from, const std::string &to);

/* UnqualifiedName: the last (quoted) part of a qualified quoted name. */
std::string UnqualifiedName(const std::string &qname);

} // namespace pgm::schema
