/*
 * autogen_diff_tables_test.cpp: the differ on tables and their columns: the exact statements,
 * change lines and warnings for tables added, dropped and altered, each column aspect (type,
 * default, NOT NULL, identity, generation), serial and identity sequences, foreign keys between
 * tables, persistence, a table moved to another schema, and a 10,000-table diff.
 */
#include "autogen/diff.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

TEST(AutogenDiff, AddAndDropTable) {
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

TEST(AutogenDiff, AddedColumnsFollowTheModelsColumnOrder) {
	// The order of ADD COLUMN is the order SELECT * and COPY see: the models' order, not the names'.
	Json t = Table("t", {Col("public.t", "id", "integer")});
	Json t2 = Table("t", {Col("public.t", "id", "integer"), Col("public.t", "zeta", "text"),
	                      Col("public.t", "alpha", "integer"), Col("public.t", "mid", "date")});
	Json u = Table("u", {Col("public.u", "id", "integer")});
	Json u2 =
	    Table("u", {Col("public.u", "id", "integer"), Col("public.u", "b", "text"), Col("public.u", "a", "text")});
	EXPECT_EQ(Upgrade({t, u}, {t2, u2}),
	          Lines({"ALTER TABLE public.t ADD COLUMN zeta text;", "ALTER TABLE public.t ADD COLUMN alpha integer;",
	                 "ALTER TABLE public.t ADD COLUMN mid date;", "ALTER TABLE public.u ADD COLUMN b text;",
	                 "ALTER TABLE public.u ADD COLUMN a text;"}));
}

TEST(AutogenDiff, EmptyTableAndUnlogged) {
	Json t = Table("e", Json::array(), {{"persistence", "u"}, {"options", {"fillfactor=70"}}});
	EXPECT_EQ(Upgrade(Json::array(), {t}), Lines({"CREATE UNLOGGED TABLE public.e () WITH (fillfactor=70);"}));
	Json t2 = Table("e", Json::array(), {{"options", {"autovacuum_enabled=false"}}});
	EXPECT_EQ(Upgrade({t}, {t2}), Lines({"ALTER TABLE public.e SET LOGGED;", "ALTER TABLE public.e RESET (fillfactor);",
	                                     "ALTER TABLE public.e SET (autovacuum_enabled=false);"}));
}

TEST(AutogenDiff, IdenticalAndColumnOrderIgnored) {
	Json a = Table("t", {Col("public.t", "a", "integer"), Col("public.t", "b", "text")});
	Json b = Table("t", {Col("public.t", "b", "text"), Col("public.t", "a", "integer")});
	EXPECT_TRUE(Diff(Snap({a}), Snap({a})).Empty());
	DiffResult d = Diff(Snap({a}), Snap({b}));
	EXPECT_TRUE(d.Empty());
	EXPECT_TRUE(d.statements.empty());
	EXPECT_EQ(RenderSql(d), "");
}

TEST(AutogenDiff, AddDropAndAlterColumnAspects) {
	Json from = Table("t", {Col("public.t", "a", "integer"), Col("public.t", "b", "text", {{"default", "'x'::text"}}),
	                        Col("public.t", "gone", "bigint")});
	Json to = Table("t", {Col("public.t", "a", "integer", {{"not_null", true}, {"comment", "the a"}}),
	                      Col("public.t", "b", "text"), Col("public.t", "c", "boolean", {{"default", "true"}})});
	DiffResult d = Diff(Snap({from}), Snap({to}));
	EXPECT_EQ(d.statements, Lines({
	                            "-- WARNING: dropping column public.t.gone loses its data\n"
	                            "ALTER TABLE public.t DROP COLUMN gone;",
	                            "ALTER TABLE public.t ADD COLUMN c boolean DEFAULT true;",
	                            "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;",
	                            "COMMENT ON COLUMN public.t.a IS 'the a';",
	                            "ALTER TABLE public.t ALTER COLUMN b DROP DEFAULT;",
	                        }));
	EXPECT_EQ(Changes(d), Lines({"changed column public.t.a to NOT NULL", "changed comment on column public.t.a",
	                             "changed default of column public.t.b from 'x'::text to (none)",
	                             "added column public.t.c", "removed column public.t.gone [destructive]"}));
	// and back
	EXPECT_EQ(Upgrade({to}, {from}), Lines({
	                                     "-- WARNING: dropping column public.t.c loses its data\n"
	                                     "ALTER TABLE public.t DROP COLUMN c;",
	                                     "ALTER TABLE public.t ADD COLUMN gone bigint;",
	                                     "ALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;",
	                                     "COMMENT ON COLUMN public.t.a IS NULL;",
	                                     "ALTER TABLE public.t ALTER COLUMN b SET DEFAULT 'x'::text;",
	                                 }));
}

TEST(AutogenDiff, PossibleRename) {
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

TEST(AutogenDiff, TypeChangeUsingCastAndWarnings) {
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

TEST(AutogenDiff, Identity) {
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

TEST(AutogenDiff, GenerationExpressionChangeDropsAndAdds) {
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

TEST(AutogenDiff, SerialColumnSequenceOwnership) {
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

TEST(AutogenDiff, ForeignKeyCycleBetweenNewTables) {
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

TEST(AutogenDiff, TenThousandTables) {
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

TEST(AutogenDiff, SequenceMinimumRaisedMovesTheSequenceFirst) {
	Json from = Sequence("s", {{"start", 1}, {"min", 1}});
	Json to = Sequence("s", {{"start", 10}, {"min", 10}});
	EXPECT_EQ(Upgrade({from}, {to}),
	          Lines({"SELECT pg_catalog.setval('public.s', 10, false) FROM public.s WHERE last_value < 10;",
	                 "ALTER SEQUENCE public.s MINVALUE 10 START WITH 10;"}));
	// lowering it needs nothing
	EXPECT_EQ(Upgrade({to}, {from}), Lines({"ALTER SEQUENCE public.s MINVALUE 1 START WITH 1;"}));
}

TEST(AutogenDiff, SerialToIdentityAndBack) {
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

TEST(AutogenDiff, GeneratedColumnIsRebuiltAroundATypeChangeOfItsInput) {
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

TEST(AutogenDiff, NotNullWithDefaultFillsExistingNulls) {
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

TEST(AutogenDiff, GeneratedColumnBecomingPlainKeepsItsValues) {
	Json gen = Table("l", {Col("public.l", "q", "integer"),
	                       Col("public.l", "total", "integer",
	                           {{"generated", "s"}, {"generation_expr", "(q * 2)"}, {"deps", {"column:public.l.q"}}})});
	Json plain = Table("l", {Col("public.l", "q", "integer"), Col("public.l", "total", "integer")});
	EXPECT_EQ(Upgrade({gen}, {plain}), Lines({"ALTER TABLE public.l ALTER COLUMN total DROP EXPRESSION;"}));
	DiffResult back = Diff(Snap({plain}), Snap({gen}));
	ASSERT_EQ(back.statements.size(), 2u); // plain -> generated: dropped and added, with a warning
	EXPECT_EQ(back.warnings.size(), 1u);
}

TEST(AutogenDiff, PersistenceFollowsForeignKeys) {
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

TEST(AutogenDiff, TableMovedToAnotherSchemaKeepsItsRows) {
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

TEST(AutogenDiff, ForeignKeyIsDroppedAndAddedAroundTypeChangesOfItsColumns) {
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

} // namespace
} // namespace pgm::schema
