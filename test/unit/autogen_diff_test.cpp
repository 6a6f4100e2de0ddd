/*
 * core_schema_diff_test.cpp: the autogenerate diff: exact statements and their order for
 * each kind of change, the warnings on destructive ones, the rebuild of dependents around a
 * change, parse errors, and a 10,000-table diff.
 */
#include "test/unit/core_test_helpers.hpp"
#include "autogen/diff.hpp"
#include "autogen/ddl.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using test::CatchMigError;
using Json = nlohmann::json;
using Lines = std::vector<std::string>;

/* Col: a plain column of table tq ("public.t"). */
Json
Col(const std::string &tq, const std::string &name, const std::string &type, Json extra = Json::object()) {
	Json c = {{"name", name},
	          {"id", "column:" + tq + "." + name},
	          {"type", type},
	          {"not_null", false},
	          {"default", nullptr},
	          {"identity", ""},
	          {"identity_sequence", nullptr},
	          {"generated", ""},
	          {"generation_expr", nullptr},
	          {"collation", nullptr},
	          {"comment", nullptr},
	          {"inherited", false},
	          {"deps", Json::array()}};
	c.update(extra);
	return c;
}

Json
Table(const std::string &name, Json columns, Json extra = Json::object()) {
	Json t = {{"kind", "table"},
	          {"id", "table:public." + name},
	          {"schema", "public"},
	          {"name", name},
	          {"qname", "public." + name},
	          {"comment", nullptr},
	          {"deps", Json::array()},
	          {"persistence", "p"},
	          {"partition_key", nullptr},
	          {"partition_of", nullptr},
	          {"partition_bound", nullptr},
	          {"options", Json::array()},
	          {"rls_enabled", false},
	          {"rls_forced", false},
	          {"columns", columns}};
	t.update(extra);
	return t;
}

/* Obj: an object of any other kind in schema public; fields in extra. */
Json
Obj(const std::string &kind, const std::string &id, const std::string &name, Json extra = Json::object()) {
	Json o = {{"kind", kind},
	          {"id", id},
	          {"schema", "public"},
	          {"name", name},
	          {"qname", "public." + name},
	          {"comment", nullptr},
	          {"deps", Json::array()}};
	o.update(extra);
	return o;
}

Json
Constraint(const std::string &table, const std::string &name, const std::string &type, const std::string &def,
           Json deps = Json::array()) {
	return Obj("constraint", "constraint:public." + table + "." + name, name,
	           {{"table", "table:public." + table}, {"type", type}, {"def", def}, {"deps", deps}});
}

Json
View(const std::string &name, const std::string &def, Json deps) {
	return Obj("view", "view:public." + name, name,
	           {{"def", def}, {"options", Json::array()}, {"column_comments", Json::object()}, {"deps", deps}});
}

Snapshot
Snap(Json objects) {
	Json doc = {{"format", 1}, {"objects", objects}};
	return ParseSnapshot(doc.dump(), "the test");
}

Lines
Upgrade(Json from, Json to) {
	return Diff(Snap(std::move(from)), Snap(std::move(to))).statements;
}

Lines
Changes(const DiffResult &d) {
	Lines out;
	for (const Change &c : d.changes) {
		out.push_back(c.description + (c.destructive ? " [destructive]" : ""));
	}
	return out;
}

TEST(CoreSchemaDiff, AddAndDropTable) {
	Json t = Table("t", {Col("public.t", "id", "integer", {{"not_null", true}}), Col("public.t", "name", "text")});
	DiffResult up = Diff(Snap(Json::array()), Snap({t}));
	EXPECT_EQ(up.statements, Lines({"CREATE TABLE public.t (\n    id integer NOT NULL,\n    name text\n);"}));
	EXPECT_EQ(Changes(up), Lines({"added table public.t"}));
	EXPECT_TRUE(up.warnings.empty());

	DiffResult down = Diff(Snap({t}), Snap(Json::array()));
	EXPECT_EQ(down.statements, Lines({"-- WARNING: dropping table public.t loses its data\nDROP TABLE public.t;"}));
	EXPECT_EQ(down.warnings, Lines({"dropping table public.t loses its data"}));
	EXPECT_EQ(Changes(down), Lines({"removed table public.t [destructive]"}));
}

TEST(CoreSchemaDiff, EmptyTableAndUnlogged) {
	Json t = Table("e", Json::array(), {{"persistence", "u"}, {"options", {"fillfactor=70"}}});
	EXPECT_EQ(Upgrade(Json::array(), {t}), Lines({"CREATE UNLOGGED TABLE public.e () WITH (fillfactor=70);"}));
	Json t2 = Table("e", Json::array(), {{"options", {"autovacuum_enabled=false"}}});
	EXPECT_EQ(Upgrade({t}, {t2}), Lines({"ALTER TABLE public.e SET LOGGED;", "ALTER TABLE public.e RESET (fillfactor);",
	                                     "ALTER TABLE public.e SET (autovacuum_enabled=false);"}));
}

TEST(CoreSchemaDiff, IdenticalAndColumnOrderIgnored) {
	Json a = Table("t", {Col("public.t", "a", "integer"), Col("public.t", "b", "text")});
	Json b = Table("t", {Col("public.t", "b", "text"), Col("public.t", "a", "integer")});
	EXPECT_TRUE(Diff(Snap({a}), Snap({a})).Empty());
	DiffResult d = Diff(Snap({a}), Snap({b}));
	EXPECT_TRUE(d.Empty());
	EXPECT_TRUE(d.statements.empty());
	EXPECT_EQ(RenderSql(d), "");
}

TEST(CoreSchemaDiff, AddDropAndAlterColumnAspects) {
	Json from = Table("t", {Col("public.t", "a", "integer"), Col("public.t", "b", "text", {{"default", "'x'::text"}}),
	                        Col("public.t", "gone", "bigint")});
	Json to = Table("t", {Col("public.t", "a", "integer", {{"not_null", true}, {"comment", "the a"}}),
	                      Col("public.t", "b", "text"), Col("public.t", "c", "boolean", {{"default", "true"}})});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	EXPECT_EQ(d.statements, Lines({
	                            "-- WARNING: dropping column public.t.gone loses its data\n"
	                            "ALTER TABLE public.t DROP COLUMN gone;",
	                            "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;",
	                            "COMMENT ON COLUMN public.t.a IS 'the a';",
	                            "ALTER TABLE public.t ALTER COLUMN b DROP DEFAULT;",
	                            "ALTER TABLE public.t ADD COLUMN c boolean DEFAULT true;",
	                        }));
	EXPECT_EQ(Changes(d), Lines({"changed column public.t.a to NOT NULL", "changed comment on column public.t.a",
	                             "changed default of column public.t.b from 'x'::text to (none)",
	                             "added column public.t.c", "removed column public.t.gone [destructive]"}));
	// and back
	EXPECT_EQ(Upgrade({to}, {from}), Lines({
	                                     "-- WARNING: dropping column public.t.c loses its data\n"
	                                     "ALTER TABLE public.t DROP COLUMN c;",
	                                     "ALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;",
	                                     "COMMENT ON COLUMN public.t.a IS NULL;",
	                                     "ALTER TABLE public.t ALTER COLUMN b SET DEFAULT 'x'::text;",
	                                     "ALTER TABLE public.t ADD COLUMN gone bigint;",
	                                 }));
}

TEST(CoreSchemaDiff, PossibleRename) {
	Json from = Table("users", {Col("public.users", "id", "integer"), Col("public.users", "fullname", "text")});
	Json to = Table("users", {Col("public.users", "id", "integer"), Col("public.users", "name", "text")});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	ASSERT_EQ(d.statements.size(), 2u);
	EXPECT_EQ(d.statements[0],
	          "-- WARNING: possible rename: column public.users.fullname is dropped and public.users.name is added "
	          "with the same type text; to keep the data, replace the ADD COLUMN and DROP COLUMN with:\n"
	          "--   ALTER TABLE public.users RENAME COLUMN fullname TO name;\n"
	          "-- WARNING: dropping column public.users.fullname loses its data\n"
	          "ALTER TABLE public.users DROP COLUMN fullname;");
	EXPECT_EQ(d.statements[1], "ALTER TABLE public.users ADD COLUMN name text;");
	ASSERT_EQ(d.warnings.size(), 2u);
	EXPECT_EQ(d.warnings[0].rfind("possible rename: column public.users.fullname", 0), 0u);
	// a different type is no rename
	Json to2 = Table("users", {Col("public.users", "id", "integer"), Col("public.users", "name", "varchar")});
	EXPECT_EQ(Diff(Snap({from}), Snap({to2})).warnings,
	          Lines({"dropping column public.users.fullname loses its data"}));
}

TEST(CoreSchemaDiff, TypeChangeUsingCastAndWarnings) {
	Json from = Table("users", {Col("public.users", "email", "character varying(100)"),
	                            Col("public.users", "n", "bigint", {{"default", "0"}})});
	Json to = Table("users", {Col("public.users", "email", "character varying(255)"),
	                          Col("public.users", "n", "integer", {{"default", "1"}})});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	EXPECT_EQ(d.statements,
	          Lines({"ALTER TABLE public.users ALTER COLUMN email TYPE character varying(255) USING "
	                 "email::character varying(255);",
	                 "ALTER TABLE public.users ALTER COLUMN n DROP DEFAULT;",
	                 "-- WARNING: changing the type of column public.users.n from bigint to integer may fail or lose "
	                 "data\nALTER TABLE public.users ALTER COLUMN n TYPE integer USING n::integer;",
	                 "ALTER TABLE public.users ALTER COLUMN n SET DEFAULT 1;"}));
	EXPECT_EQ(Changes(d), Lines({"changed type of column public.users.email from character varying(100) to "
	                             "character varying(255)",
	                             "changed type of column public.users.n from bigint to integer [destructive]",
	                             "changed default of column public.users.n from 0 to 1"}));
	// the other way round: email narrows, n widens
	DiffResult back = Diff(Snap({to}), Snap({from}));
	EXPECT_EQ(back.warnings, Lines({"changing the type of column public.users.email from character varying(255) to "
	                                "character varying(100) may fail or lose data"}));
}

TEST(CoreSchemaDiff, WideningRules) {
	EXPECT_TRUE(IsWideningTypeChange("smallint", "integer"));
	EXPECT_TRUE(IsWideningTypeChange("integer", "bigint"));
	EXPECT_FALSE(IsWideningTypeChange("bigint", "smallint"));
	EXPECT_TRUE(IsWideningTypeChange("real", "double precision"));
	EXPECT_FALSE(IsWideningTypeChange("double precision", "real"));
	EXPECT_TRUE(IsWideningTypeChange("character varying(10)", "character varying(20)"));
	EXPECT_TRUE(IsWideningTypeChange("character varying(10)", "character varying"));
	EXPECT_FALSE(IsWideningTypeChange("character varying", "character varying(10)"));
	EXPECT_TRUE(IsWideningTypeChange("character(5)", "character varying(5)"));
	EXPECT_TRUE(IsWideningTypeChange("numeric(10,2)", "numeric(12,3)"));
	EXPECT_FALSE(IsWideningTypeChange("numeric(10,2)", "numeric(10,3)"));
	EXPECT_TRUE(IsWideningTypeChange("numeric(10,2)", "numeric"));
	EXPECT_TRUE(IsWideningTypeChange("integer", "text"));
	EXPECT_TRUE(IsWideningTypeChange("timestamp without time zone", "timestamp with time zone"));
	EXPECT_FALSE(IsWideningTypeChange("timestamp with time zone", "timestamp without time zone"));
	EXPECT_TRUE(IsWideningTypeChange("integer[]", "bigint[]"));
	EXPECT_FALSE(IsWideningTypeChange("text", "integer"));
}

TEST(CoreSchemaDiff, Identity) {
	Json seq = {{"qname", "public.t_id_seq"}, {"start", 1}, {"increment", 1}, {"min", 1},
	            {"max", 2147483647},          {"cache", 1}, {"cycle", false}};
	Json plain = Table("t", {Col("public.t", "id", "integer", {{"not_null", true}})});
	Json always = Table(
	    "t", {Col("public.t", "id", "integer", {{"not_null", true}, {"identity", "a"}, {"identity_sequence", seq}})});
	Json seq2 = seq;
	seq2["increment"] = 5;
	Json by_default = Table(
	    "t", {Col("public.t", "id", "integer", {{"not_null", true}, {"identity", "d"}, {"identity_sequence", seq2}})});
	EXPECT_EQ(Upgrade({plain}, {always}),
	          Lines({"ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "
	                 "public.t_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1);",
	                 // existing rows: the new identity continues after them
	                 "SELECT pg_catalog.setval('public.t_id_seq', pg_catalog.max(id)) FROM public.t HAVING "
	                 "pg_catalog.max(id) >= 1;"}));
	EXPECT_EQ(Upgrade({always}, {plain}), Lines({"ALTER TABLE public.t ALTER COLUMN id DROP IDENTITY;"}));
	EXPECT_EQ(Upgrade({always}, {by_default}), Lines({"ALTER TABLE public.t ALTER COLUMN id SET GENERATED BY DEFAULT;",
	                                                  "ALTER TABLE public.t ALTER COLUMN id SET INCREMENT BY 5;"}));
	EXPECT_EQ(
	    Upgrade(Json::array(), {always}),
	    Lines({"CREATE TABLE public.t (\n    id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "
	           "public.t_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1) NOT NULL\n);"}));
}

TEST(CoreSchemaDiff, GenerationExpressionChangeDropsAndAdds) {
	Json from = Table("t", {Col("public.t", "a", "integer"),
	                        Col("public.t", "g", "integer", {{"generated", "s"}, {"generation_expr", "(a * 2)"}})});
	Json to = Table("t", {Col("public.t", "a", "integer"),
	                      Col("public.t", "g", "integer", {{"generated", "s"}, {"generation_expr", "(a * 3)"}})});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.t DROP COLUMN g;",
	                               "ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((a * 3)) STORED;"}));
	EXPECT_EQ(Changes(d), Lines({"changed generation expression of column public.t.g from (a * 2) to (a * 3)"}));
	Json plain = Table("t", {Col("public.t", "a", "integer"), Col("public.t", "g", "integer")});
	EXPECT_EQ(Diff(Snap({plain}), Snap({to})).warnings.size(), 1u);
}

Json
Enum(const std::string &name, Json labels) {
	return Obj("enum", "type:public." + name, name, {{"labels", labels}});
}

TEST(CoreSchemaDiff, EnumCreateAndAddValues) {
	EXPECT_EQ(Upgrade(Json::array(), {Enum("mood", {"sad", "it's ok"})}),
	          Lines({"CREATE TYPE public.mood AS ENUM ('sad', 'it''s ok');"}));
	DiffResult d = Diff(Snap({Enum("mood", {"b", "d"})}), Snap({Enum("mood", {"a", "b", "c", "d", "e"})}));
	EXPECT_EQ(d.statements, Lines({"ALTER TYPE public.mood ADD VALUE 'a' BEFORE 'b';",
	                               "ALTER TYPE public.mood ADD VALUE 'c' AFTER 'b';",
	                               "ALTER TYPE public.mood ADD VALUE 'e' AFTER 'd';"}));
	EXPECT_EQ(Changes(d), Lines({"added value 'a' to enum public.mood", "added value 'c' to enum public.mood",
	                             "added value 'e' to enum public.mood"}));
}

TEST(CoreSchemaDiff, EnumRecreateConvertsColumnsAndRebuildsViews) {
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

TEST(CoreSchemaDiff, DomainAlter) {
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

TEST(CoreSchemaDiff, DomainOverARecreatedEnumIsRecreatedToo) {
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

Json
Sequence(const std::string &name, Json extra = Json::object()) {
	Json s = {{"data_type", "integer"}, {"start", 1}, {"increment", 1}, {"min", 1},
	          {"max", 2147483647},      {"cache", 1}, {"cycle", false}, {"owned_by", nullptr}};
	s.update(extra);
	return Obj("sequence", "sequence:public." + name, name, s);
}

TEST(CoreSchemaDiff, SerialColumnSequenceOwnership) {
	Json seq = Sequence("t_id_seq", {{"owned_by", "column:public.t.id"}});
	Json t = Table("t", {Col("public.t", "id", "integer",
	                         {{"not_null", true},
	                          {"default", "nextval('public.t_id_seq'::regclass)"},
	                          {"deps", {"sequence:public.t_id_seq"}}})});
	DiffResult up = Diff(Snap(Json::array()), Snap({seq, t}));
	EXPECT_EQ(
	    up.statements,
	    Lines({"CREATE SEQUENCE public.t_id_seq AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START "
	           "WITH 1 CACHE 1 NO CYCLE;",
	           "CREATE TABLE public.t (\n    id integer DEFAULT nextval('public.t_id_seq'::regclass) NOT NULL\n);",
	           "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;"}));
	// dropping the table drops its owned sequence with it
	DiffResult down = Diff(Snap({seq, t}), Snap(Json::array()));
	EXPECT_EQ(down.statements, Lines({"-- WARNING: dropping table public.t loses its data\nDROP TABLE public.t;"}));
	// options change and ownership removed
	Json seq2 = Sequence("t_id_seq", {{"increment", 2}, {"cycle", true}});
	EXPECT_EQ(Upgrade({seq, t}, {seq2, t}), Lines({"ALTER SEQUENCE public.t_id_seq OWNED BY NONE;",
	                                               "ALTER SEQUENCE public.t_id_seq INCREMENT BY 2 CYCLE;"}));
	// a sequence removed with its owning column goes with the column
	Json t_no_id = Table("t", {Col("public.t", "v", "text")});
	EXPECT_EQ(Upgrade({seq, t}, {t_no_id}),
	          Lines({"-- WARNING: dropping column public.t.id loses its data\nALTER TABLE public.t DROP COLUMN id;",
	                 "ALTER TABLE public.t ADD COLUMN v text;"}));
}

TEST(CoreSchemaDiff, ForeignKeyCycleBetweenNewTables) {
	Json a = Table("a", {Col("public.a", "id", "integer"), Col("public.a", "b_id", "integer")});
	Json b = Table("b", {Col("public.b", "id", "integer"), Col("public.b", "a_id", "integer")});
	Json apk = Constraint("a", "a_pkey", "p", "PRIMARY KEY (id)", {"column:public.a.id"});
	Json bpk = Constraint("b", "b_pkey", "p", "PRIMARY KEY (id)", {"column:public.b.id"});
	Json afk = Constraint("a", "a_b_fk", "f", "FOREIGN KEY (b_id) REFERENCES public.b(id)",
	                      {"column:public.a.b_id", "column:public.b.id", "constraint:public.b.b_pkey"});
	Json bfk = Constraint("b", "b_a_fk", "f", "FOREIGN KEY (a_id) REFERENCES public.a(id)",
	                      {"column:public.a.id", "column:public.b.a_id", "constraint:public.a.a_pkey"});
	Json objs = {a, b, apk, bpk, afk, bfk};
	EXPECT_EQ(Upgrade(Json::array(), objs),
	          Lines({"CREATE TABLE public.a (\n    id integer,\n    b_id integer\n);",
	                 "CREATE TABLE public.b (\n    id integer,\n    a_id integer\n);",
	                 "ALTER TABLE public.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);",
	                 "ALTER TABLE public.b ADD CONSTRAINT b_pkey PRIMARY KEY (id);",
	                 "ALTER TABLE public.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES public.b(id);",
	                 "ALTER TABLE public.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES public.a(id);"}));
	// dropping both: the foreign keys between them go first, the keys with their tables
	Lines down = Upgrade(objs, Json::array());
	EXPECT_EQ(down,
	          Lines({"ALTER TABLE public.a DROP CONSTRAINT a_b_fk;", "ALTER TABLE public.b DROP CONSTRAINT b_a_fk;",
	                 "-- WARNING: dropping table public.a loses its data\nDROP TABLE public.a;",
	                 "-- WARNING: dropping table public.b loses its data\nDROP TABLE public.b;"}));
	// one table referencing a kept one: its FK goes with it
	EXPECT_EQ(Upgrade({a, b, apk, bfk}, {a, apk}),
	          Lines({"-- WARNING: dropping table public.b loses its data\nDROP TABLE public.b;"}));
}

TEST(CoreSchemaDiff, ViewOnViewAroundColumnTypeChange) {
	auto t = [](const std::string &type) { return Table("t", {Col("public.t", "x", type)}); };
	Json v1 = View("v1", " SELECT t.x\n   FROM public.t", {"column:public.t.x"});
	Json v2 = View("v2", " SELECT v1.x\n   FROM public.v1", {"view:public.v1"});
	Json idx = Obj("index", "index:public.t_x_idx", "t_x_idx",
	               {{"table", "table:public.t"},
	                {"def", "CREATE INDEX t_x_idx ON public.t USING btree (x)"},
	                {"deps", {"column:public.t.x"}}});
	DiffResult d = Diff(Snap({t("integer"), v1, v2, idx}), Snap({t("bigint"), v1, v2, idx}));
	EXPECT_EQ(d.statements, Lines({"DROP VIEW public.v2;", "DROP VIEW public.v1;",
	                               "ALTER TABLE public.t ALTER COLUMN x TYPE bigint USING x::bigint;",
	                               "CREATE VIEW public.v1 AS\n SELECT t.x\n   FROM public.t;",
	                               "CREATE VIEW public.v2 AS\n SELECT v1.x\n   FROM public.v1;"}));
	EXPECT_EQ(Changes(d), Lines({"changed type of column public.t.x from integer to bigint"}));
	// a changed view definition rebuilds the view on it too
	Json v1b = View("v1", " SELECT t.x, 1 AS one\n   FROM public.t", {"column:public.t.x"});
	EXPECT_EQ(Upgrade({t("integer"), v1, v2}, {t("integer"), v1b, v2}),
	          Lines({"DROP VIEW public.v2;", "DROP VIEW public.v1;",
	                 "CREATE VIEW public.v1 AS\n SELECT t.x, 1 AS one\n   FROM public.t;",
	                 "CREATE VIEW public.v2 AS\n SELECT v1.x\n   FROM public.v1;"}));
}

Json
Function(const std::string &name, const std::string &args, const std::string &result, const std::string &body) {
	return Obj("function", "function:public." + name + "(" + args + ")", name,
	           {{"identity_args", args},
	            {"arguments", args},
	            {"result", result},
	            {"def", "CREATE OR REPLACE FUNCTION public." + name + "(" + args + ")\n RETURNS " + result +
	                        "\n LANGUAGE plpgsql\nAS $function$" + body + "$function$\n"}});
}

TEST(CoreSchemaDiff, FunctionChanges) {
	Json t = Table("t", {Col("public.t", "a", "integer")});
	Json f1 = Function("touch", "", "trigger", "begin return new; end");
	Json f2 = Function("touch", "", "trigger", "begin new.a = 1; return new; end");
	Json trg =
	    Obj("trigger", "trigger:public.t.trg", "trg",
	        {{"table", "table:public.t"},
	         {"def", "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()"},
	         {"enabled", "O"},
	         {"deps", {"function:public.touch()"}}});
	// body only: CREATE OR REPLACE, the trigger stays
	EXPECT_EQ(Upgrade({t, f1, trg}, {t, f2, trg}),
	          Lines({"CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS "
	                 "$function$begin new.a = 1; return new; end$function$;"}));
	// result change: the function is rebuilt and the trigger around it
	Json f3 = Function("touch", "", "void", "begin end");
	Json trg3 = trg;
	trg3["deps"] = {"function:public.touch()"};
	DiffResult d = Diff(Snap({t, f1, trg}), Snap({t, f3, trg3}));
	EXPECT_EQ(d.statements,
	          Lines({"DROP TRIGGER trg ON public.t;", "DROP FUNCTION public.touch();",
	                 "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS void\n LANGUAGE plpgsql\nAS "
	                 "$function$begin end$function$;",
	                 "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();"}));
	// signature change: new id; the trigger follows the new function
	Json f4 = Function("touch", "integer", "trigger", "begin return new; end");
	Json trg4 = trg;
	trg4["deps"] = {"function:public.touch(integer)"};
	trg4["def"] = "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch('1')";
	EXPECT_EQ(Upgrade({t, f1, trg}, {t, f4, trg4}),
	          Lines({"DROP TRIGGER trg ON public.t;", "DROP FUNCTION public.touch();",
	                 "CREATE OR REPLACE FUNCTION public.touch(integer)\n RETURNS trigger\n LANGUAGE plpgsql\nAS "
	                 "$function$begin return new; end$function$;",
	                 "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch('1');"}));
	// enabled state in place
	Json trgd = trg;
	trgd["enabled"] = "D";
	EXPECT_EQ(Upgrade({t, f1, trg}, {t, f1, trgd}), Lines({"ALTER TABLE public.t DISABLE TRIGGER trg;"}));
}

TEST(CoreSchemaDiff, PolicyAndRowLevelSecurity) {
	Json t = Table("t", {Col("public.t", "owner", "text")});
	Json trls = Table("t", {Col("public.t", "owner", "text")}, {{"rls_enabled", true}, {"rls_forced", true}});
	Json pol = Obj("policy", "policy:public.t.own", "own",
	               {{"table", "table:public.t"},
	                {"permissive", true},
	                {"command", "SELECT"},
	                {"roles", {"public"}},
	                {"using", "(owner = CURRENT_USER)"},
	                {"with_check", nullptr},
	                {"deps", {"column:public.t.owner"}}});
	EXPECT_EQ(
	    Upgrade({t}, {trls, pol}),
	    Lines({"ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;", "ALTER TABLE public.t FORCE ROW LEVEL SECURITY;",
	           "CREATE POLICY own ON public.t AS PERMISSIVE FOR SELECT TO public USING ((owner = "
	           "CURRENT_USER));"}));
	Json pol2 = pol;
	pol2["permissive"] = false;
	pol2["command"] = "UPDATE";
	pol2["with_check"] = "true";
	EXPECT_EQ(
	    Upgrade({trls, pol}, {trls, pol2}),
	    Lines({"DROP POLICY own ON public.t;", "CREATE POLICY own ON public.t AS RESTRICTIVE FOR UPDATE TO public "
	                                           "USING ((owner = CURRENT_USER)) WITH CHECK (true);"}));
	// a column type change rebuilds the policy using it
	Json t2 =
	    Table("t", {Col("public.t", "owner", "character varying(50)")}, {{"rls_enabled", true}, {"rls_forced", true}});
	Lines s = Upgrade({trls, pol}, {t2, pol});
	ASSERT_EQ(s.size(), 3u);
	EXPECT_EQ(s[0], "DROP POLICY own ON public.t;");
	EXPECT_EQ(s[2], "CREATE POLICY own ON public.t AS PERMISSIVE FOR SELECT TO public USING ((owner = CURRENT_USER));");
}

TEST(CoreSchemaDiff, Comments) {
	Json t = Table("t", {Col("public.t", "a", "integer")});
	Json tc = Table("t", {Col("public.t", "a", "integer", {{"comment", "col"}})}, {{"comment", "it's a table"}});
	EXPECT_EQ(Upgrade(Json::array(), {tc}),
	          Lines({"CREATE TABLE public.t (\n    a integer\n);", "COMMENT ON TABLE public.t IS 'it''s a table';",
	                 "COMMENT ON COLUMN public.t.a IS 'col';"}));
	DiffResult d = Diff(Snap({tc}), Snap({t}));
	EXPECT_EQ(d.statements, Lines({"COMMENT ON TABLE public.t IS NULL;", "COMMENT ON COLUMN public.t.a IS NULL;"}));
	EXPECT_EQ(Changes(d), Lines({"changed comment on table public.t", "changed comment on column public.t.a"}));
	Json con = Constraint("t", "t_a_check", "c", "CHECK ((a > 0))");
	Json conc = con;
	conc["comment"] = "positive";
	EXPECT_EQ(Upgrade({t, con}, {t, conc}), Lines({"COMMENT ON CONSTRAINT t_a_check ON public.t IS 'positive';"}));
	Json sch = {{"kind", "schema"}, {"id", "schema:app"}, {"name", "app"}, {"comment", "x"}, {"deps", Json::array()}};
	EXPECT_EQ(Upgrade(Json::array(), {sch}), Lines({"CREATE SCHEMA app;", "COMMENT ON SCHEMA app IS 'x';"}));
}

TEST(CoreSchemaDiff, SchemaAndExtensionOrder) {
	Json sch = {
	    {"kind", "schema"}, {"id", "schema:app"}, {"name", "app"}, {"comment", nullptr}, {"deps", Json::array()}};
	Json ext = {{"kind", "extension"}, {"id", "extension:citext"}, {"name", "citext"},     {"schema", "app"},
	            {"version", "1.6"},    {"comment", nullptr},       {"deps", Json::array()}};
	Json t = Table("t", {Col("public.t", "a", "app.citext", {{"deps", {"extension:citext"}}})});
	EXPECT_EQ(Upgrade(Json::array(), {sch, ext, t}),
	          Lines({"CREATE SCHEMA app;", "CREATE EXTENSION citext WITH SCHEMA app;",
	                 "CREATE TABLE public.t (\n    a app.citext\n);"}));
	EXPECT_EQ(Upgrade({sch, ext, t}, Json::array()),
	          Lines({"-- WARNING: dropping table public.t loses its data\nDROP TABLE public.t;",
	                 "DROP EXTENSION citext;", "DROP SCHEMA app;"}));
	Json ext2 = ext;
	ext2["version"] = "1.7";
	EXPECT_EQ(Upgrade({sch, ext}, {sch, ext2}), Lines({"ALTER EXTENSION citext UPDATE TO '1.7';"}));
}

TEST(CoreSchemaDiff, Partitions) {
	Json parent = Table("m", {Col("public.m", "id", "integer"), Col("public.m", "at", "date")},
	                    {{"partition_key", "RANGE (at)"}});
	Json part = Table(
	    "m_2024",
	    {Col("public.m_2024", "id", "integer", {{"inherited", true}}),
	     Col("public.m_2024", "at", "date", {{"inherited", true}})},
	    {{"partition_of", "table:public.m"}, {"partition_bound", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}});
	EXPECT_EQ(Upgrade(Json::array(), {parent, part}),
	          Lines({"CREATE TABLE public.m (\n    id integer,\n    at date\n) PARTITION BY RANGE (at);",
	                 "CREATE TABLE public.m_2024 PARTITION OF public.m FOR VALUES FROM ('2024-01-01') TO "
	                 "('2025-01-01');"}));
	// a column added to the parent is added to the partition by PostgreSQL
	Json parent2 = parent;
	parent2["columns"].push_back(Col("public.m", "v", "text"));
	Json part2 = part;
	part2["columns"].push_back(Col("public.m_2024", "v", "text", {{"inherited", true}}));
	DiffResult d = Diff(Snap({parent, part}), Snap({parent2, part2}));
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.m ADD COLUMN v text;"}));
	EXPECT_EQ(Changes(d), Lines({"added column public.m.v", "added column public.m_2024.v"}));
	// a partition key change cannot be made in place
	Json parent3 = parent;
	parent3["partition_key"] = "LIST (id)";
	DiffResult k = Diff(Snap({parent}), Snap({parent3}));
	ASSERT_EQ(k.statements.size(), 2u);
	EXPECT_NE(k.statements[0].find("-- WARNING: the partition key of table public.m cannot be changed in place"),
	          std::string::npos);
}

TEST(CoreSchemaDiff, ParseErrors) {
	MigError e = CatchMigError([] { ParseSnapshot("{not json", "the database"); });
	EXPECT_EQ(e.Sqlstate(), "22P02");
	EXPECT_EQ(e.Message(), "schema snapshot of the database is not valid JSON");
	EXPECT_FALSE(e.Detail().empty());

	e = CatchMigError([] { ParseSnapshot(R"({"format": 2, "objects": []})", "the models"); });
	EXPECT_EQ(e.Sqlstate(), "22P02");
	EXPECT_EQ(e.Message(), "unknown schema snapshot format in the models");
	EXPECT_EQ(e.Detail(), "The format is 2; this pgmig reads format 1.");

	e = CatchMigError([] {
		ParseSnapshot(R"({"format": 1, "objects": [{"kind": "table", "id": "table:public.t", "name": "t"}]})",
		              "the models");
	});
	EXPECT_EQ(e.Sqlstate(), "22P02");
	EXPECT_EQ(e.Detail(), "object \"table:public.t\": field \"schema\" is missing.");

	e = CatchMigError(
	    [] { ParseSnapshot(R"({"format": 1, "objects": [{"kind": "rule", "id": "x", "name": "x"}]})", "the models"); });
	EXPECT_EQ(e.Detail(), "object \"x\": kind \"rule\" is unknown.");
}

TEST(CoreSchemaDiff, TenThousandTables) {
	Json from = Json::array();
	Json to = Json::array();
	for (int i = 0; i < 10000; ++i) {
		std::string name = "t" + std::to_string(i);
		std::string q = "public." + name;
		Json t = Table(name, {Col(q, "id", "integer"), Col(q, "v", "text")});
		from.push_back(t);
		if (i % 2 == 0) {
			t["columns"].push_back(Col(q, "extra", "integer"));
		}
		to.push_back(t);
		to.push_back(View("v" + std::to_string(i), " SELECT 1", {"column:" + q + ".id"}));
	}
	Snapshot a = Snap(from);
	Snapshot b = Snap(to);
	EXPECT_EQ(a.ObjectCount(), 10000u);
	DiffResult d = Diff(a, b);
	EXPECT_EQ(d.statements.size(), 15000u);
	EXPECT_EQ(d.changes.size(), 15000u);
	EXPECT_TRUE(Diff(b, b).Empty());
}

/* ---- cases the round-trip corpus found (028, 057, 062, 063, 070) -------------------------- */

TEST(CoreSchemaDiff, SequenceMinimumRaisedMovesTheSequenceFirst) {
	Json from = Sequence("s", {{"start", 1}, {"min", 1}});
	Json to = Sequence("s", {{"start", 10}, {"min", 10}});
	EXPECT_EQ(Upgrade({from}, {to}),
	          Lines({"SELECT pg_catalog.setval('public.s', 10, false) FROM public.s WHERE last_value < 10;",
	                 "ALTER SEQUENCE public.s MINVALUE 10 START WITH 10;"}));
	// lowering it needs nothing
	EXPECT_EQ(Upgrade({to}, {from}), Lines({"ALTER SEQUENCE public.s MINVALUE 1 START WITH 1;"}));
}

TEST(CoreSchemaDiff, EnumValueUsedByTheModelsRecreatesTheType) {
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

TEST(CoreSchemaDiff, DefaultUsingARebuiltFunctionIsDroppedAndSetAgain) {
	Json f1 = Function("code", "", "text", "select 'a'");
	Json f2 = Function("code", "", "character varying", "select 'a'");
	Json t = Table(
	    "v", {Col("public.v", "c", "text", {{"default", "public.code()"}, {"deps", {"function:public.code()"}}})});
	EXPECT_EQ(Upgrade({f1, t}, {f2, t}),
	          Lines({"ALTER TABLE public.v ALTER COLUMN c DROP DEFAULT;", "DROP FUNCTION public.code();",
	                 "CREATE OR REPLACE FUNCTION public.code()\n RETURNS character varying\n LANGUAGE plpgsql\nAS "
	                 "$function$select 'a'$function$;",
	                 "ALTER TABLE public.v ALTER COLUMN c SET DEFAULT public.code();"}));
}

TEST(CoreSchemaDiff, SerialToIdentityAndBack) {
	Json seq = Sequence("c_id_seq", {{"owned_by", "column:public.c.id"}});
	Json serial = Table("c", {Col("public.c", "id", "integer",
	                              {{"not_null", true},
	                               {"default", "nextval('public.c_id_seq'::regclass)"},
	                               {"deps", {"sequence:public.c_id_seq"}}})});
	Json ident_seq = {{"qname", "public.c_id_seq"}, {"start", 1}, {"increment", 1}, {"min", 1},
	                  {"max", 2147483647},          {"cache", 1}, {"cycle", false}};
	Json identity = Table("c", {Col("public.c", "id", "integer",
	                                {{"not_null", true}, {"identity", "d"}, {"identity_sequence", ident_seq}})});
	// the default goes, then the sequence (freeing its name), then the identity continues after the rows
	EXPECT_EQ(Upgrade({seq, serial}, {identity}),
	          Lines({"ALTER TABLE public.c ALTER COLUMN id DROP DEFAULT;", "DROP SEQUENCE public.c_id_seq;",
	                 "ALTER TABLE public.c ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME "
	                 "public.c_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1);",
	                 "SELECT pg_catalog.setval('public.c_id_seq', pg_catalog.max(id)) FROM public.c HAVING "
	                 "pg_catalog.max(id) >= 1;"}));
	// back: the identity goes first, then the sequence is created and the default continues after the rows
	EXPECT_EQ(Upgrade({identity}, {seq, serial}),
	          Lines({"ALTER TABLE public.c ALTER COLUMN id DROP IDENTITY;",
	                 "CREATE SEQUENCE public.c_id_seq AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START "
	                 "WITH 1 CACHE 1 NO CYCLE;",
	                 "ALTER TABLE public.c ALTER COLUMN id SET DEFAULT nextval('public.c_id_seq'::regclass);",
	                 "SELECT pg_catalog.setval('public.c_id_seq', pg_catalog.max(id)) FROM public.c HAVING "
	                 "pg_catalog.max(id) >= 1;",
	                 "ALTER SEQUENCE public.c_id_seq OWNED BY public.c.id;"}));
}

TEST(CoreSchemaDiff, GeneratedColumnIsRebuiltAroundATypeChangeOfItsInput) {
	auto table = [](const std::string &type) {
		return Table(
		    "p", {Col("public.p", "price", type),
		          Col("public.p", "total", "numeric",
		              {{"generated", "s"}, {"generation_expr", "(price * 2)"}, {"deps", {"column:public.p.price"}}})});
	};
	EXPECT_EQ(Upgrade({table("integer")}, {table("bigint")}),
	          Lines({"ALTER TABLE public.p DROP COLUMN total;",
	                 "ALTER TABLE public.p ALTER COLUMN price TYPE bigint USING price::bigint;",
	                 "ALTER TABLE public.p ADD COLUMN total numeric GENERATED ALWAYS AS ((price * 2)) STORED;"}));
}

TEST(CoreSchemaDiff, NotNullWithDefaultFillsExistingNulls) {
	Json from = Table("s", {Col("public.s", "score", "integer")});
	Json to = Table("s", {Col("public.s", "score", "integer", {{"not_null", true}, {"default", "0"}})});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	EXPECT_EQ(d.statements,
	          Lines({"ALTER TABLE public.s ALTER COLUMN score SET DEFAULT 0;",
	                 "-- WARNING: rows of public.s where score is NULL get its default 0 before it becomes NOT NULL\n"
	                 "UPDATE public.s SET score = DEFAULT WHERE score IS NULL;",
	                 "ALTER TABLE public.s ALTER COLUMN score SET NOT NULL;"}));
	// without a default there is nothing to fill in: SET NOT NULL fails on NULLs, as it should
	Json to2 = Table("s", {Col("public.s", "score", "integer", {{"not_null", true}})});
	EXPECT_EQ(Upgrade({from}, {to2}), Lines({"ALTER TABLE public.s ALTER COLUMN score SET NOT NULL;"}));
}

TEST(CoreSchemaDiff, GeneratedColumnBecomingPlainKeepsItsValues) {
	Json gen = Table("l", {Col("public.l", "q", "integer"),
	                       Col("public.l", "total", "integer",
	                           {{"generated", "s"}, {"generation_expr", "(q * 2)"}, {"deps", {"column:public.l.q"}}})});
	Json plain = Table("l", {Col("public.l", "q", "integer"), Col("public.l", "total", "integer")});
	EXPECT_EQ(Upgrade({gen}, {plain}), Lines({"ALTER TABLE public.l ALTER COLUMN total DROP EXPRESSION;"}));
	DiffResult back = Diff(Snap({plain}), Snap({gen}));
	ASSERT_EQ(back.statements.size(), 2u); // plain -> generated: dropped and added, with a warning
	EXPECT_EQ(back.warnings.size(), 1u);
}

TEST(CoreSchemaDiff, PersistenceFollowsForeignKeys) {
	auto tables = [](const std::string &persistence) {
		Json a = Table("a", {Col("public.a", "id", "integer")}, {{"persistence", persistence}});
		Json z = Table("z", {Col("public.z", "a_id", "integer")}, {{"persistence", persistence}});
		Json fk = Constraint("z", "z_a_fk", "f", "FOREIGN KEY (a_id) REFERENCES public.a(id)",
		                     {"column:public.a.id", "column:public.z.a_id"});
		return Json{a, z, fk};
	};
	// logged: the referenced table first; unlogged: the referencing table first
	EXPECT_EQ(Upgrade(tables("u"), tables("p")),
	          Lines({"ALTER TABLE public.a SET LOGGED;", "ALTER TABLE public.z SET LOGGED;"}));
	EXPECT_EQ(Upgrade(tables("p"), tables("u")),
	          Lines({"ALTER TABLE public.z SET UNLOGGED;", "ALTER TABLE public.a SET UNLOGGED;"}));
}

TEST(CoreSchemaDiff, ColumnTypeMovesWithItsExtension) {
	auto snap = [](const std::string &schema) {
		Json ext = {{"kind", "extension"}, {"id", "extension:citext"}, {"name", "citext"},     {"schema", schema},
		            {"version", "1.6"},    {"comment", nullptr},       {"deps", Json::array()}};
		Json t = Table("m", {Col("public.m", "email", schema + ".citext", {{"deps", {"extension:citext"}}})});
		return Json{ext, t};
	};
	EXPECT_EQ(Upgrade(snap("public"), snap("ext")), Lines({"ALTER EXTENSION citext SET SCHEMA ext;"}));
}

TEST(CoreSchemaDiff, TableMovedToAnotherSchemaKeepsItsRows) {
	auto snap = [](const std::string &sc) {
		Json schema = {
		    {"kind", "schema"}, {"id", "schema:" + sc}, {"name", sc}, {"comment", nullptr}, {"deps", Json::array()}};
		Json seq = Sequence("c_id_seq", {{"owned_by", "column:" + sc + ".c.id"}});
		seq["id"] = "sequence:" + sc + ".c_id_seq";
		seq["schema"] = sc;
		seq["qname"] = sc + ".c_id_seq";
		Json t = Table("c", {Col(sc + ".c", "id", "integer",
		                         {{"default", "nextval('" + sc + ".c_id_seq'::regclass)"},
		                          {"deps", {"sequence:" + sc + ".c_id_seq"}}})});
		t["id"] = "table:" + sc + ".c";
		t["schema"] = sc;
		t["qname"] = sc + ".c";
		Json idx = Obj("index", "index:" + sc + ".c_id_idx", "c_id_idx",
		               {{"table", "table:" + sc + ".c"},
		                {"def", "CREATE INDEX c_id_idx ON " + sc + ".c USING btree (id)"},
		                {"deps", {"column:" + sc + ".c.id"}}});
		idx["schema"] = sc;
		idx["qname"] = sc + ".c_id_idx";
		return Json{schema, seq, t, idx};
	};
	DiffResult d = Diff(Snap(snap("legacy")), Snap(snap("core")));
	EXPECT_EQ(d.statements,
	          Lines({"CREATE SCHEMA core;", "ALTER TABLE legacy.c SET SCHEMA core;", "DROP SCHEMA legacy;"}));
	EXPECT_EQ(Changes(d)[0], "moved table legacy.c to schema core");
	// a table whose columns differ is not taken for a move
	Json other = snap("core");
	other[2]["columns"].push_back(Col("core.c", "extra", "text"));
	DiffResult d2 = Diff(Snap(snap("legacy")), Snap(other));
	EXPECT_NE(std::find(d2.statements.begin(), d2.statements.end(),
	                    "-- WARNING: dropping table legacy.c loses its data\nDROP TABLE legacy.c;"),
	          d2.statements.end());
}

TEST(CoreSchemaDiff, SqlFunctionBodiesAreCheckedWhenTheyRun) {
	Json f = Obj("function", "function:public.f()", "f",
	             {{"identity_args", ""},
	              {"arguments", ""},
	              {"result", "bigint"},
	              {"def", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS bigint\n LANGUAGE sql\nAS $function$ SELECT "
	                      "count(*) FROM public.v $function$\n"}});
	Lines up = Upgrade(Json::array(), {f});
	ASSERT_EQ(up.size(), 2u);
	EXPECT_EQ(up[0],
	          "-- LANGUAGE sql bodies may name objects created further down.\nSET LOCAL check_function_bodies = off;");
	// plpgsql and SQL-standard bodies need nothing
	EXPECT_EQ(Upgrade(Json::array(), {Function("g", "", "integer", "begin return 1; end")}).size(), 1u);
}

/* Inheritance helpers: parent animal (id, weight) and child dog inheriting them. */
Json
InhCol(const std::string &tq, const std::string &name, const std::string &type, Json extra = Json::object()) {
	Json c = Col(tq, name, type, {{"inherited", true}, {"inherit_count", 1}});
	c.update(extra);
	return c;
}

TEST(CoreSchemaDiff, InheritedColumnsChangeOnTheParentOnly) {
	Json animal = Table("animal", {Col("public.animal", "id", "integer"), Col("public.animal", "weight", "integer")});
	Json dog = Table("dog",
	                 {InhCol("public.dog", "id", "integer"), InhCol("public.dog", "weight", "integer"),
	                  Col("public.dog", "good", "boolean")},
	                 {{"inherits", {"table:public.animal"}}, {"deps", {"table:public.animal"}}});
	Json animal2 = animal;
	animal2["columns"][1] = Col("public.animal", "weight", "numeric(6,2)", {{"not_null", true}, {"default", "0"}});
	Json dog2 = dog;
	dog2["columns"][1] = InhCol("public.dog", "weight", "numeric(6,2)", {{"not_null", true}, {"default", "0"}});
	DiffResult d = Diff(Snap({animal, dog}), Snap({animal2, dog2}));
	for (const std::string &s : d.statements) {
		EXPECT_EQ(s.find("public.dog"), std::string::npos) << s;
	}
	ASSERT_FALSE(d.statements.empty());
	EXPECT_NE(d.statements[0].find("ALTER TABLE public.animal ALTER COLUMN weight TYPE numeric(6,2)"),
	          std::string::npos);
	// A child whose target differs from what the parent's change gives it is altered after the parent.
	Json dog3 = dog2;
	dog3["columns"][1]["default"] = "5";
	Lines up = Diff(Snap({animal, dog}), Snap({animal2, dog3})).statements;
	ASSERT_FALSE(up.empty());
	EXPECT_EQ(up.back(), "ALTER TABLE public.dog ALTER COLUMN weight SET DEFAULT 5;");
	// A column added to the parent is not added to the child; a merged column outlives the parent's drop.
	Json animal4 = animal;
	animal4["columns"].push_back(Col("public.animal", "color", "text"));
	Json dog4 = dog;
	dog4["columns"].push_back(InhCol("public.dog", "color", "text"));
	EXPECT_EQ(Upgrade({animal, dog}, {animal4, dog4}), Lines({"ALTER TABLE public.animal ADD COLUMN color text;"}));
	Json dog5 = dog;
	dog5["columns"].push_back(Col("public.dog", "color", "text", {{"inherit_count", 1}})); // merged
	EXPECT_EQ(Upgrade({animal4, dog5}, {animal, dog}),
	          Lines({"-- WARNING: dropping column public.animal.color loses its data\n"
	                 "ALTER TABLE public.animal DROP COLUMN color;",
	                 "-- WARNING: dropping column public.dog.color loses its data\n"
	                 "ALTER TABLE public.dog DROP COLUMN color;"}));
}

TEST(CoreSchemaDiff, InheritAndNoInherit) {
	Json base = Table("base", {Col("public.base", "id", "integer")});
	Json plain = Table("c", {Col("public.c", "id", "integer"), Col("public.c", "name", "text")});
	Json child = Table("c", {InhCol("public.c", "id", "integer"), Col("public.c", "name", "text")},
	                   {{"inherits", {"table:public.base"}}, {"deps", {"table:public.base"}}});
	DiffResult d = Diff(Snap({base, plain}), Snap({base, child}));
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.c INHERIT public.base;"}));
	EXPECT_EQ(Changes(d), Lines({"table public.c inherits from public.base"}));
	EXPECT_EQ(Upgrade({base, child}, {base, plain}), Lines({"ALTER TABLE public.c NO INHERIT public.base;"}));
	// a new child is created with INHERITS and without the columns it inherits
	EXPECT_EQ(Upgrade({base}, {base, child}),
	          Lines({"CREATE TABLE public.c (\n    name text\n) INHERITS (public.base);"}));
	// a parent that goes: its child stops inheriting first
	EXPECT_EQ(Upgrade({base, child}, {plain}),
	          Lines({"ALTER TABLE public.c NO INHERIT public.base;",
	                 "-- WARNING: dropping table public.base loses its data\nDROP TABLE public.base;"}));
}

TEST(CoreSchemaDiff, PartitionedParentIndexIsCreatedWithoutOnlyAndRebuiltWhenInvalid) {
	Json m = Table("m", {Col("public.m", "k", "integer")}, {{"partition_key", "LIST (k)"}});
	Json m1 = Table("m1", {InhCol("public.m1", "k", "integer")},
	                {{"partition_of", "table:public.m"}, {"partition_bound", "FOR VALUES IN (1)"}});
	Json idx = Obj("index", "index:public.m_k", "m_k",
	               {{"table", "table:public.m"}, {"def", "CREATE INDEX m_k ON ONLY public.m USING btree (k)"}});
	EXPECT_EQ(Upgrade({m, m1}, {m, m1, idx}), Lines({"CREATE INDEX m_k ON public.m USING btree (k);"}));
	Json invalid = idx;
	invalid["valid"] = false;
	DiffResult d = Diff(Snap({m, m1, invalid}), Snap({m, m1, idx}));
	EXPECT_EQ(d.statements, Lines({"DROP INDEX public.m_k;", "CREATE INDEX m_k ON public.m USING btree (k);"}));
	EXPECT_EQ(Changes(d), Lines({"index public.m_k is invalid; it is built again"}));
	EXPECT_TRUE(Diff(Snap({m, m1, idx}), Snap({m, m1, invalid})).Empty());
	// a kept local partition index the new parent index would take over is dropped and created again
	Json local = Obj("index", "index:public.m1_local", "m1_local",
	                 {{"table", "table:public.m1"}, {"def", "CREATE INDEX m1_local ON public.m1 USING btree (k)"}});
	EXPECT_EQ(Upgrade({m, m1, local}, {m, m1, idx, local}),
	          Lines({"DROP INDEX public.m1_local;", "CREATE INDEX m_k ON public.m USING btree (k);",
	                 "CREATE INDEX m1_local ON public.m1 USING btree (k);"}));
}

TEST(CoreSchemaDiff, PartitionIsDetachedBeforeItIsDropped) {
	Json m = Table("m", {Col("public.m", "k", "integer")}, {{"partition_key", "LIST (k)"}});
	Json m1 = Table("m1", {InhCol("public.m1", "k", "integer")},
	                {{"partition_of", "table:public.m"},
	                 {"partition_bound", "FOR VALUES IN (1)"},
	                 {"partition_key", "LIST (k)"},
	                 {"deps", {"table:public.m"}}});
	Json m1a = Table(
	    "m1a", {InhCol("public.m1a", "k", "integer")},
	    {{"partition_of", "table:public.m1"}, {"partition_bound", "FOR VALUES IN (1)"}, {"deps", {"table:public.m1"}}});
	EXPECT_EQ(Upgrade({m, m1, m1a}, {m}),
	          Lines({"ALTER TABLE public.m DETACH PARTITION public.m1;",
	                 "-- WARNING: dropping table public.m1a loses its data\nDROP TABLE public.m1a;",
	                 "-- WARNING: dropping table public.m1 loses its data\nDROP TABLE public.m1;"}));
	// the whole partitioned table goes: nothing to detach
	Lines all = Upgrade({m, m1, m1a}, Json::array());
	for (const std::string &s : all) {
		EXPECT_EQ(s.find("DETACH"), std::string::npos) << s;
	}
}

TEST(CoreSchemaDiff, AggregatesAreRebuiltWithWhatUsesThem) {
	auto agg = [](const std::string &init) {
		return Obj("aggregate", "function:public.s(numeric)", "s",
		           {{"identity_args", "numeric"},
		            {"arguments", "numeric"},
		            {"result", "numeric"},
		            {"def", "CREATE AGGREGATE public.s(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = " +
		                        init + ")"}});
	};
	Json v = View("v", "SELECT public.s(1::numeric) AS s", {"function:public.s(numeric)"});
	EXPECT_EQ(Upgrade({agg("'0'"), v}, {agg("'1'"), v}),
	          Lines({"DROP VIEW public.v;", "DROP AGGREGATE public.s(numeric);",
	                 "CREATE AGGREGATE public.s(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = '1');",
	                 "CREATE VIEW public.v AS\nSELECT public.s(1::numeric) AS s;"}));
}

TEST(CoreSchemaDiff, CollationsComeBeforeTheColumnsThatUseThem) {
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

TEST(CoreSchemaDiff, IntegersIntoAWideEnoughNumericAreWidening) {
	EXPECT_TRUE(IsWideningTypeChange("integer", "numeric(12,2)"));
	EXPECT_TRUE(IsWideningTypeChange("bigint", "numeric"));
	EXPECT_FALSE(IsWideningTypeChange("integer", "numeric(10,2)")); // 8 integer digits < 10
	EXPECT_FALSE(IsWideningTypeChange("bigint", "numeric(20,2)"));
}

TEST(CoreSchemaDiff, ForeignKeyIsDroppedAndAddedAroundTypeChangesOfItsColumns) {
	auto snap = [](const std::string &type) {
		Json d = Table("d", {Col("public.d", "id", type)});
		Json r = Table("r", {Col("public.r", "d_id", type)});
		Json pk = Constraint("d", "d_pkey", "p", "PRIMARY KEY (id)", {"column:public.d.id"});
		Json fk = Constraint("r", "r_d_fk", "f", "FOREIGN KEY (d_id) REFERENCES public.d(id)",
		                     {"column:public.d.id", "column:public.r.d_id", "constraint:public.d.d_pkey"});
		return Json{d, r, pk, fk};
	};
	EXPECT_EQ(Upgrade(snap("text"), snap("uuid")),
	          Lines({"ALTER TABLE public.r DROP CONSTRAINT r_d_fk;",
	                 "-- WARNING: changing the type of column public.d.id from text to uuid may fail or lose data\n"
	                 "ALTER TABLE public.d ALTER COLUMN id TYPE uuid USING id::uuid;",
	                 "-- WARNING: changing the type of column public.r.d_id from text to uuid may fail or lose data\n"
	                 "ALTER TABLE public.r ALTER COLUMN d_id TYPE uuid USING d_id::uuid;",
	                 "ALTER TABLE public.r ADD CONSTRAINT r_d_fk FOREIGN KEY (d_id) REFERENCES public.d(id);"}));
}

TEST(CoreSchemaDiff, ColumnMovingBetweenEnumsGoesThroughText) {
	Json t1 = Table("t", {Col("public.t", "s", "public.a", {{"deps", {"type:public.a"}}})});
	Json t2 = Table("t", {Col("public.t", "s", "public.b", {{"deps", {"type:public.b"}}})});
	EXPECT_EQ(Upgrade({Enum("a", {"x"}), Enum("b", {"x"}), t1}, {Enum("a", {"x"}), Enum("b", {"x"}), t2}),
	          Lines({"-- WARNING: changing the type of column public.t.s from public.a to public.b may fail or lose "
	                 "data\nALTER TABLE public.t ALTER COLUMN s TYPE public.b USING s::text::public.b;"}));
}

TEST(CoreSchemaDiff, CompositeOverARecreatedEnumIsRecreatedWithItsColumns) {
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

TEST(CoreSchemaDiff, PrecisionSixIsTheDefaultPrecision) {
	EXPECT_EQ(CanonicalType("timestamp(6) without time zone"), "timestamp without time zone");
	EXPECT_EQ(CanonicalType("timestamp(6) with time zone[]"), "timestamp with time zone[]");
	EXPECT_EQ(CanonicalType("time(6) without time zone"), "time without time zone");
	EXPECT_EQ(CanonicalType("interval(6)"), "interval");
	EXPECT_EQ(CanonicalType("interval day to second(6)"), "interval day to second");
	EXPECT_EQ(CanonicalType("timestamp(3) with time zone"), "timestamp(3) with time zone");
	Json a = Table("t", {Col("public.t", "at", "timestamp(6) with time zone")});
	Json b = Table("t", {Col("public.t", "at", "timestamp with time zone")});
	EXPECT_TRUE(Diff(Snap({a}), Snap({b})).Empty());
}

} // namespace
} // namespace pgm::schema
