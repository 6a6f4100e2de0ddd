/*
 * autogen_diff_types_test.cpp: the differ on types: enum values added in place, or the enum
 * recreated and its columns converted through text (also when the models use a new value),
 * domains altered or recreated, composite types and domains over a recreated enum, collations,
 * extensions that move their types, and schemas and extensions before what uses them.
 */
#include "autogen/diff.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

TEST(AutogenDiff, EnumCreateAndAddValues) {
	EXPECT_EQ(Upgrade(Json::array(), {Enum("mood", {"sad", "it's ok"})}),
	          Lines({"CREATE TYPE public.mood AS ENUM ('sad', 'it''s ok');"}));
	DiffResult d = Diff(Snap({Enum("mood", {"b", "d"})}), Snap({Enum("mood", {"a", "b", "c", "d", "e"})}));
	EXPECT_EQ(d.statements, Lines({"ALTER TYPE public.mood ADD VALUE 'a' BEFORE 'b';",
	                               "ALTER TYPE public.mood ADD VALUE 'c' AFTER 'b';",
	                               "ALTER TYPE public.mood ADD VALUE 'e' AFTER 'd';"}));
	EXPECT_EQ(Changes(d), Lines({"added value 'a' to enum public.mood", "added value 'c' to enum public.mood",
	                             "added value 'e' to enum public.mood"}));
}

TEST(AutogenDiff, EnumRecreateConvertsColumnsAndRebuildsViews) {
	Json col_deps = {"type:public.mood"};
	auto table = [&](const std::string &def) {
		return Table("p", {Col("public.p", "m", "public.mood", {{"default", def}, {"deps", col_deps}})});
	};
	Json v = View("v", " SELECT p.m\n   FROM public.p", {"column:public.p.m", "type:public.mood"});
	Json from = {Enum("mood", {"sad", "ok", "happy"}), table("'ok'::public.mood"), v};
	Json to = {Enum("mood", {"happy", "sad"}), table("'sad'::public.mood"), v};
	DiffResult d = Diff(Snap(from), Snap(to));
	EXPECT_EQ(d.statements,
	          Lines({
	              "DROP VIEW public.v;",
	              // the default uses the old type: it goes before the rename
	              "ALTER TABLE public.p ALTER COLUMN m DROP DEFAULT;",
	              "-- WARNING: enum public.mood is recreated without the values 'ok'; converting rows that hold them "
	              "fails\nALTER TYPE public.mood RENAME TO pgmig_old_1;",
	              "CREATE TYPE public.mood AS ENUM ('happy', 'sad');",
	              "ALTER TABLE public.p ALTER COLUMN m TYPE public.mood USING m::text::public.mood;",
	              "ALTER TABLE public.p ALTER COLUMN m SET DEFAULT 'sad'::public.mood;",
	              "DROP TYPE public.pgmig_old_1;",
	              "CREATE VIEW public.v AS\n SELECT p.m\n   FROM public.p;",
	          }));
	EXPECT_EQ(Changes(d), Lines({"changed default of column public.p.m from 'ok'::public.mood to 'sad'::public.mood",
	                             "removed value 'ok' from enum public.mood [destructive]"}));
	// reorder only: recreated without a warning
	DiffResult r = Diff(Snap({Enum("e", {"a", "b"})}), Snap({Enum("e", {"b", "a"})}));
	EXPECT_TRUE(r.warnings.empty());
	EXPECT_EQ(Changes(r), Lines({"changed order of values of enum public.e"}));
	EXPECT_EQ(r.statements.size(), 3u);
}

TEST(AutogenDiff, DomainAlter) {
	auto domain = [](Json extra) {
		Json base = {{"base_type", "integer"},
		             {"not_null", false},
		             {"default", nullptr},
		             {"collation", nullptr},
		             {"constraints", Json::array()}};
		base.update(extra);
		return Obj("domain", "type:public.pos", "pos", base);
	};
	Json from = domain({{"constraints", {{{"name", "pos_check"}, {"def", "CHECK ((VALUE > 0))"}}}}});
	Json to = domain({{"not_null", true},
	                  {"default", "1"},
	                  {"constraints", {{{"name", "pos_check"}, {"def", "CHECK ((VALUE >= 0))"}}}}});
	EXPECT_EQ(Upgrade({from}, {to}),
	          Lines({"ALTER DOMAIN public.pos SET DEFAULT 1;", "ALTER DOMAIN public.pos SET NOT NULL;",
	                 "ALTER DOMAIN public.pos DROP CONSTRAINT pos_check;",
	                 "ALTER DOMAIN public.pos ADD CONSTRAINT pos_check CHECK ((VALUE >= 0));"}));
	EXPECT_EQ(
	    Upgrade(Json::array(), {to}),
	    Lines({"CREATE DOMAIN public.pos AS integer DEFAULT 1 NOT NULL CONSTRAINT pos_check CHECK ((VALUE >= 0));"}));
	// a new base type: recreated like an enum, its columns converted through text
	Json t = Table("t", {Col("public.t", "p", "public.pos", {{"deps", {"type:public.pos"}}})});
	Json wide = domain({{"base_type", "bigint"}, {"constraints", from["constraints"]}});
	EXPECT_EQ(Upgrade({from, t}, {wide, t}),
	          Lines({"ALTER DOMAIN public.pos RENAME TO pgmig_old_1;",
	                 "CREATE DOMAIN public.pos AS bigint CONSTRAINT pos_check CHECK ((VALUE > 0));",
	                 "ALTER TABLE public.t ALTER COLUMN p TYPE public.pos USING p::text::public.pos;",
	                 "DROP DOMAIN public.pgmig_old_1;"}));
	DiffResult narrow = Diff(Snap({wide, t}), Snap({from, t}));
	ASSERT_EQ(narrow.warnings.size(), 1u);
	EXPECT_NE(narrow.warnings[0].find("converting values that do not fit fails"), std::string::npos);
}

TEST(AutogenDiff, DomainOverARecreatedEnumIsRecreatedToo) {
	Json dom = Obj("domain", "type:public.prio_d", "prio_d",
	               {{"base_type", "public.prio"},
	                {"not_null", false},
	                {"default", "'low'::public.prio"},
	                {"collation", nullptr},
	                {"constraints", Json::array()},
	                {"deps", {"type:public.prio"}}});
	Json t = Table("t", {Col("public.t", "p", "public.prio_d", {{"deps", {"type:public.prio_d"}}})});
	EXPECT_EQ(
	    Upgrade({Enum("prio", {"low", "high", "mid"}), dom, t}, {Enum("prio", {"low", "mid", "high"}), dom, t}),
	    Lines({"ALTER TYPE public.prio RENAME TO pgmig_old_1;", "ALTER DOMAIN public.prio_d RENAME TO pgmig_old_2;",
	           "CREATE TYPE public.prio AS ENUM ('low', 'mid', 'high');",
	           "CREATE DOMAIN public.prio_d AS public.prio DEFAULT 'low'::public.prio;",
	           "ALTER TABLE public.t ALTER COLUMN p TYPE public.prio_d USING p::text::public.prio_d;",
	           // the old domain (over the old enum) goes first
	           "DROP DOMAIN public.pgmig_old_2;", "DROP TYPE public.pgmig_old_1;"}));
}

TEST(AutogenDiff, SchemaAndExtensionOrder) {
	Json sch = {
	    {"kind", "schema"}, {"id", "schema:app"}, {"name", "app"}, {"comment", nullptr}, {"deps", Json::array()}};
	Json ext = {{"kind", "extension"}, {"id", "extension:citext"}, {"name", "citext"},     {"schema", "app"},
	            {"version", "1.6"},    {"comment", nullptr},       {"deps", Json::array()}};
	Json t = Table("t", {Col("public.t", "a", "app.citext", {{"deps", {"extension:citext"}}})});
	EXPECT_EQ(Upgrade(Json::array(), {sch, ext, t}),
	          Lines({"CREATE SCHEMA app;", "CREATE EXTENSION citext WITH SCHEMA app VERSION '1.6';",
	                 "CREATE TABLE public.t (\n    a app.citext\n);"}));
	EXPECT_EQ(Upgrade({sch, ext, t}, Json::array()),
	          Lines({"-- WARNING: dropping table public.t loses its data\nDROP TABLE public.t;",
	                 "DROP EXTENSION citext;", "DROP SCHEMA app;"}));
	Json ext2 = ext;
	ext2["version"] = "1.7";
	EXPECT_EQ(Upgrade({sch, ext}, {sch, ext2}), Lines({"ALTER EXTENSION citext UPDATE TO '1.7';"}));
}

TEST(AutogenDiff, EnumValueUsedByTheModelsRecreatesTheType) {
	auto table = [](const std::string &def) {
		return Table("o", {Col("public.o", "st", "public.state", {{"default", def}, {"deps", {"type:public.state"}}})});
	};
	Json from = {Enum("state", {"open", "done"}), table("'open'::public.state")};
	// the new value is only added: in place
	Json added = {Enum("state", {"draft", "open", "done"}), table("'open'::public.state")};
	EXPECT_EQ(Upgrade(from, added), Lines({"ALTER TYPE public.state ADD VALUE 'draft' BEFORE 'open';"}));
	// the new value is used in the same revision: ADD VALUE could not be used before COMMIT
	Json used = {Enum("state", {"draft", "open", "done"}), table("'draft'::public.state")};
	EXPECT_EQ(
	    Upgrade(from, used),
	    Lines({"ALTER TABLE public.o ALTER COLUMN st DROP DEFAULT;", "ALTER TYPE public.state RENAME TO pgmig_old_1;",
	           "CREATE TYPE public.state AS ENUM ('draft', 'open', 'done');",
	           "ALTER TABLE public.o ALTER COLUMN st TYPE public.state USING st::text::public.state;",
	           "ALTER TABLE public.o ALTER COLUMN st SET DEFAULT 'draft'::public.state;",
	           "DROP TYPE public.pgmig_old_1;"}));
}

TEST(AutogenDiff, ColumnTypeMovesWithItsExtension) {
	auto snap = [](const std::string &schema) {
		Json ext = {{"kind", "extension"}, {"id", "extension:citext"}, {"name", "citext"},     {"schema", schema},
		            {"version", "1.6"},    {"comment", nullptr},       {"deps", Json::array()}};
		Json t = Table("m", {Col("public.m", "email", schema + ".citext", {{"deps", {"extension:citext"}}})});
		return Json{ext, t};
	};
	EXPECT_EQ(Upgrade(snap("public"), snap("ext")), Lines({"ALTER EXTENSION citext SET SCHEMA ext;"}));
}

TEST(AutogenDiff, CollationsComeBeforeTheColumnsThatUseThem) {
	Json coll = Obj("collation", "collation:public.ci", "ci",
	                {{"def", "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = "
	                         "false)"}});
	Json plain = Table("p", {Col("public.p", "email", "text")});
	Json ci =
	    Table("p", {Col("public.p", "email", "text", {{"collation", "public.ci"}, {"deps", {"collation:public.ci"}}})});
	EXPECT_EQ(Upgrade({plain}, {coll, ci}),
	          Lines({"CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
	                 "ALTER TABLE public.p ALTER COLUMN email TYPE text COLLATE public.ci USING email::text;"}));
	EXPECT_EQ(
	    Upgrade({coll, ci}, {plain}),
	    Lines({"ALTER TABLE public.p ALTER COLUMN email TYPE text USING email::text;", "DROP COLLATION public.ci;"}));
}

TEST(AutogenDiff, ColumnMovingBetweenEnumsGoesThroughText) {
	Json t1 = Table("t", {Col("public.t", "s", "public.a", {{"deps", {"type:public.a"}}})});
	Json t2 = Table("t", {Col("public.t", "s", "public.b", {{"deps", {"type:public.b"}}})});
	EXPECT_EQ(Upgrade({Enum("a", {"x"}), Enum("b", {"x"}), t1}, {Enum("a", {"x"}), Enum("b", {"x"}), t2}),
	          Lines({"-- WARNING: changing the type of column public.t.s from public.a to public.b may fail or lose "
	                 "data\nALTER TABLE public.t ALTER COLUMN s TYPE public.b USING s::text::public.b;"}));
}

TEST(AutogenDiff, CompositeOverARecreatedEnumIsRecreatedWithItsColumns) {
	Json comp = Obj("composite", "type:public.amount", "amount",
	                {{"attributes",
	                  {{{"name", "v"}, {"type", "numeric"}, {"collation", nullptr}},
	                   {{"name", "cur"}, {"type", "public.cur"}, {"collation", nullptr}}}},
	                 {"deps", {"type:public.cur"}}});
	Json t = Table("price", {Col("public.price", "list", "public.amount", {{"deps", {"type:public.amount"}}})});
	EXPECT_EQ(Upgrade({Enum("cur", {"eur", "usd", "gbp"}), comp, t}, {Enum("cur", {"eur", "usd"}), comp, t}),
	          Lines({"ALTER TYPE public.amount RENAME TO pgmig_old_1;",
	                 "-- WARNING: enum public.cur is recreated without the values 'gbp'; converting rows that hold "
	                 "them fails\nALTER TYPE public.cur RENAME TO pgmig_old_2;",
	                 "CREATE TYPE public.cur AS ENUM ('eur', 'usd');",
	                 "CREATE TYPE public.amount AS (v numeric, cur public.cur);",
	                 "ALTER TABLE public.price ALTER COLUMN list TYPE public.amount USING list::text::public.amount;",
	                 "DROP TYPE public.pgmig_old_1;", "DROP TYPE public.pgmig_old_2;"}));
}

} // namespace
} // namespace pgm::schema
