/*
 * autogen_model_spelling_test.cpp: the scanner of the models' column spellings and how the
 * diff uses the checked ones: written in CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE and SET
 * DEFAULT, never compared.
 */
#include "autogen/diff.hpp"
#include "autogen/model_spelling.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

std::vector<std::string>
Describe(const std::vector<ColumnSpelling> &v) {
	std::vector<std::string> out;
	for (const ColumnSpelling &s : v) {
		out.push_back(s.schema + "." + s.table + "." + s.column + ": " + s.type +
		              (s.default_expr ? " DEFAULT " + *s.default_expr : ""));
	}
	return out;
}

TEST(ModelSpelling, CreateTableColumns) {
	auto v = ScanColumnSpellings(
	    "-- models\nCREATE TABLE IF NOT EXISTS Users (\n  id serial PRIMARY KEY,\n  name  varchar(20) NOT NULL,\n"
	    "  \"Created\" timestamp(6) DEFAULT CURRENT_TIMESTAMP NOT NULL,\n  n int DEFAULT (1 + 2) CHECK (n > 0),\n"
	    "  tags text[] DEFAULT '{}'::text[],\n  d numeric(10, 2) DEFAULT NULL,\n  CONSTRAINT u UNIQUE (name)\n);\n"
	    "CREATE TABLE app.t (x double precision COLLATE \"C\", y int GENERATED ALWAYS AS IDENTITY);\n"
	    "CREATE TABLE c AS SELECT 1 AS one;");
	EXPECT_EQ(Describe(v),
	          std::vector<std::string>(
	              {"public.users.name: varchar(20)", "public.users.Created: timestamp(6) DEFAULT CURRENT_TIMESTAMP",
	               "public.users.n: int DEFAULT (1 + 2)", "public.users.tags: text[] DEFAULT '{}'::text[]",
	               "public.users.d: numeric(10, 2) DEFAULT NULL", "app.t.x: double precision", "app.t.y: int"}));
}

TEST(ModelSpelling, AlterTableAndSearchPath) {
	auto v =
	    ScanColumnSpellings("SET search_path TO \"$user\", app;\n"
	                        "CREATE TABLE t (a int, b int DEFAULT 1, c int);\n"
	                        "ALTER TABLE ONLY t ALTER COLUMN a TYPE bigint USING a::bigint, ALTER b DROP DEFAULT,\n"
	                        "  ADD COLUMN IF NOT EXISTS d varchar(5) DEFAULT 'x', DROP COLUMN c;\n"
	                        "ALTER TABLE t RENAME COLUMN d TO e;\n"
	                        "ALTER TABLE t ALTER COLUMN e SET DEFAULT 'y';\n"
	                        "SELECT pg_catalog.set_config('search_path', '', false);\n"
	                        "CREATE TABLE nowhere (z int);\nCREATE TABLE public.p (q int4);");
	EXPECT_EQ(Describe(v), std::vector<std::string>({"app.t.a: bigint", "app.t.b: int",
	                                                 "app.t.e: varchar(5) DEFAULT 'y'", "public.p.q: int4"}));
}

TEST(ModelSpelling, UnknownStatementsAreSkipped) {
	auto v = ScanColumnSpellings("DO $$ BEGIN CREATE TABLE x (a int); END $$; CREATE TABLE y (; CREATE TABLE z (b int");
	EXPECT_EQ(Describe(v), std::vector<std::string>({"public.z.b: int"}));
}

TEST(ModelSpelling, CheckedSpellingsAreWrittenNotCompared) {
	Json from = Table("t", {Col("public.t", "id", "integer")});
	Json to = Table("t", {Col("public.t", "id", "bigint"),
	                      Col("public.t", "at", "timestamp without time zone", {{"default", "CURRENT_TIMESTAMP"}}),
	                      Col("public.t", "name", "character varying(20)")});
	Snapshot models = Snap({to});
	std::vector<ColumnSpelling> scanned =
	    ScanColumnSpellings("CREATE TABLE t (id int8, at timestamp(6) DEFAULT current_timestamp, name varchar(20), "
	                        "gone int)");
	std::vector<ColumnSpelling> check = SpellingsToCheck(models, scanned);
	ASSERT_EQ(check.size(), 3u);
	// what the server made of them: the type of name is (wrongly) not confirmed
	check[0].deparsed_type = "bigint";
	check[1].deparsed_type = "timestamp(6) without time zone";
	check[1].deparsed_default = "CURRENT_TIMESTAMP";
	check[2].deparsed_type = "text";
	ApplySpellings(models, check);
	DiffResult d = Diff(Snap({from}), models);
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.t ADD COLUMN at timestamp(6) DEFAULT current_timestamp;",
	                               "ALTER TABLE public.t ADD COLUMN name character varying(20);",
	                               "ALTER TABLE public.t ALTER COLUMN id TYPE int8 USING id::int8;"}));
	// the same schema with PostgreSQL's spelling compares equal
	EXPECT_TRUE(Diff(Snap({to}), models).Empty());
}

} // namespace
} // namespace pgm::schema
