/*
 * autogen_diff_privileges_test.cpp: what the differ of issue 10 added: privileges (only with
 * compare_privileges), extension versions with and without an update path, storage parameters
 * of tables and views changed in place, and a parent column dropped while a child keeps it.
 */
#include "autogen/diff.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

DiffResult
WithPrivileges(Json from, Json to) {
	DiffOptions o;
	o.compare_privileges = true;
	return Diff(Snap(std::move(from)), Snap(std::move(to)), o);
}

TEST(AutogenDiff, PrivilegesAreIgnoredByDefault) {
	Json a = Table("t", {Col("public.t", "a", "integer")});
	Json b = Table("t", {Col("public.t", "a", "integer", {{"acl", {"alice:UPDATE"}}})}, {{"acl", {"alice:SELECT"}}});
	EXPECT_TRUE(Diff(Snap({a}), Snap({b})).Empty());
}

TEST(AutogenDiff, PrivilegesOnTablesColumnsAndSchemas) {
	Json a = Table("t", {Col("public.t", "a", "integer")}, {{"acl", {"alice:SELECT", "bob:INSERT*", "PUBLIC:SELECT"}}});
	Json b = Table("t", {Col("public.t", "a", "integer", {{"acl", {"alice:UPDATE"}}})},
	               {{"acl", {"alice:SELECT*", "bob:INSERT", "carol:DELETE", "carol:SELECT"}}});
	Json sa = Obj("schema", "schema:app", "app", {{"acl", Json::array()}});
	sa.erase("qname");
	sa["schema"] = "";
	Json sb = sa;
	sb["acl"] = {"PUBLIC:USAGE"};
	DiffResult d = WithPrivileges({a, sa}, {b, sb});
	EXPECT_EQ(Changes(d),
	          Lines({"granted USAGE on schema app to PUBLIC", "revoked SELECT on table public.t from PUBLIC",
	                 "granted the grant option for SELECT on table public.t to alice",
	                 "revoked the grant option for INSERT on table public.t from bob",
	                 "granted DELETE on table public.t to carol", "granted SELECT on table public.t to carol",
	                 "granted UPDATE on column public.t.a to alice"}));
	EXPECT_EQ(d.statements,
	          Lines({"GRANT USAGE ON SCHEMA app TO PUBLIC;", "REVOKE SELECT ON TABLE public.t FROM PUBLIC;",
	                 "REVOKE GRANT OPTION FOR INSERT ON TABLE public.t FROM bob;",
	                 "GRANT DELETE, SELECT ON TABLE public.t TO carol;",
	                 "GRANT SELECT ON TABLE public.t TO alice WITH GRANT OPTION;",
	                 "GRANT UPDATE (a) ON TABLE public.t TO alice;"}));
	// and back
	DiffResult back = WithPrivileges({b, sb}, {a, sa});
	EXPECT_EQ(
	    back.statements,
	    Lines({"REVOKE USAGE ON SCHEMA app FROM PUBLIC;", "REVOKE DELETE, SELECT ON TABLE public.t FROM carol;",
	           "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM alice;",
	           "GRANT SELECT ON TABLE public.t TO PUBLIC;", "GRANT INSERT ON TABLE public.t TO bob WITH GRANT OPTION;",
	           "REVOKE UPDATE (a) ON TABLE public.t FROM alice;"}));
}

TEST(AutogenDiff, NewObjectsStartFromTheDefaultPrivileges) {
	Json f = Function("f", "a integer", "integer", "BEGIN RETURN a; END");
	f["acl"] = {"alice:EXECUTE"}; // EXECUTE revoked from PUBLIC
	Json s = Sequence("s", {{"acl", {"alice:USAGE"}}});
	DiffResult d = WithPrivileges(Json::array(), {f, s});
	ASSERT_EQ(d.statements.size(), 5u);
	EXPECT_EQ(d.statements[1], "GRANT USAGE ON SEQUENCE public.s TO alice;");
	EXPECT_EQ(d.statements[3], "REVOKE EXECUTE ON FUNCTION public.f(a integer) FROM PUBLIC;");
	EXPECT_EQ(d.statements[4], "GRANT EXECUTE ON FUNCTION public.f(a integer) TO alice;");
	// a function with the default privileges needs no GRANT
	Json g = Function("g", "", "integer", "BEGIN RETURN 1; END");
	g["acl"] = {"PUBLIC:EXECUTE"};
	EXPECT_EQ(WithPrivileges(Json::array(), {g}).statements.size(), 1u);
}

TEST(AutogenDiff, RebuiltViewGetsItsGrantsAgain) {
	Json v = View("v", "SELECT 1 AS a", Json::array());
	v["acl"] = {"alice:SELECT"};
	Json w = v;
	w["def"] = "SELECT 2 AS a";
	DiffResult d = WithPrivileges({v}, {w});
	EXPECT_EQ(d.statements, Lines({"DROP VIEW public.v;", "CREATE VIEW public.v AS\nSELECT 2 AS a;",
	                               "GRANT SELECT ON TABLE public.v TO alice;"}));
	// without compare_privileges, the grants of the side that is the database are kept
	Json m = w;
	m["acl"] = Json::array(); // the models grant nothing
	DiffOptions keep;
	keep.keep_privileges = DiffOptions::Keep::kFrom;
	EXPECT_EQ(Diff(Snap({v}), Snap({m}), keep).statements,
	          Lines({"DROP VIEW public.v;", "CREATE VIEW public.v AS\nSELECT 2 AS a;",
	                 "GRANT SELECT ON TABLE public.v TO alice;"}));
	keep.keep_privileges = DiffOptions::Keep::kTo;
	EXPECT_EQ(Diff(Snap({m}), Snap({v}), keep).statements,
	          Lines({"DROP VIEW public.v;", "CREATE VIEW public.v AS\nSELECT 1 AS a;",
	                 "GRANT SELECT ON TABLE public.v TO alice;"}));
	EXPECT_TRUE(Diff(Snap({v}), Snap({v}), keep).Empty());
	EXPECT_EQ(Upgrade({v}, {m}), Lines({"DROP VIEW public.v;", "CREATE VIEW public.v AS\nSELECT 2 AS a;"}));
}

TEST(AutogenDiff, ExtensionVersionsAndMissingUpdatePaths) {
	auto ext = [](const std::string &version, Json targets) {
		Json e = {{"kind", "extension"},   {"id", "extension:hstore"}, {"name", "hstore"},
		          {"schema", "public"},    {"version", version},       {"comment", nullptr},
		          {"deps", Json::array()}, {"update_targets", targets}};
		return e;
	};
	DiffResult up = Diff(Snap({ext("1.5", {"1.6", "1.7", "1.8"})}), Snap({ext("1.8", Json::array())}));
	EXPECT_EQ(up.statements, Lines({"ALTER EXTENSION hstore UPDATE TO '1.8';"}));
	EXPECT_TRUE(up.failures.empty());
	DiffResult down = Diff(Snap({ext("1.8", Json::array())}), Snap({ext("1.5", {"1.6", "1.7", "1.8"})}));
	ASSERT_EQ(down.failures.size(), 1u);
	EXPECT_EQ(down.failures[0], "extension hstore has no update path from version 1.8 to 1.5 on this server; ALTER "
	                            "EXTENSION ... UPDATE fails (PostgreSQL updates an extension only along its update "
	                            "scripts)");
	EXPECT_EQ(down.statements,
	          Lines({"-- WARNING: " + down.failures[0] + "\nALTER EXTENSION hstore UPDATE TO '1.5';"}));
	EXPECT_EQ(Upgrade(Json::array(), {ext("1.5", Json::array())}),
	          Lines({"CREATE EXTENSION hstore WITH SCHEMA public VERSION '1.5';"}));
}

TEST(AutogenDiff, StorageParametersChangeInPlace) {
	Json a =
	    Table("t", {Col("public.t", "a", "integer")}, {{"options", {"autovacuum_enabled=false", "fillfactor=70"}}});
	Json b =
	    Table("t", {Col("public.t", "a", "integer")}, {{"options", {"fillfactor=80", "toast.autovacuum_enabled=off"}}});
	EXPECT_EQ(Upgrade({a}, {b}), Lines({"ALTER TABLE public.t RESET (autovacuum_enabled);",
	                                    "ALTER TABLE public.t SET (fillfactor=80, toast.autovacuum_enabled=false);"}));
	Json i = Obj("index", "index:public.i", "i",
	             {{"table", "table:public.t"},
	              {"def", "CREATE INDEX i ON public.t USING btree (a) WITH (fillfactor='70', deduplicate_items=off) "
	                      "WHERE (a > 0)"}});
	Json j = i;
	j["def"] = "CREATE INDEX i ON public.t USING btree (a) WITH (fillfactor='80') WHERE (a > 0)";
	DiffResult di = Diff(Snap({b, i}), Snap({b, j}));
	EXPECT_EQ(di.statements, Lines({"ALTER INDEX public.i RESET (deduplicate_items);",
	                                "ALTER INDEX public.i SET (fillfactor='80');"}));
	EXPECT_EQ(Changes(di), Lines({"changed options of index public.i"}));
	Json k = i;
	k["def"] = "CREATE INDEX i ON public.t USING btree (a) WITH (fillfactor='70', deduplicate_items=off)";
	EXPECT_EQ(Upgrade({b, i}, {b, k}).size(), 2u); // another predicate: dropped and created
	Json v = View("v", "SELECT 1", Json::array());
	Json w = v;
	w["options"] = {"security_barrier=true"};
	DiffResult d = Diff(Snap({v}), Snap({w}));
	EXPECT_EQ(d.statements, Lines({"ALTER VIEW public.v SET (security_barrier=true);"}));
	EXPECT_EQ(Changes(d), Lines({"changed options of view public.v"}));
}

TEST(AutogenDiff, IndexStorageParametersCompareSortedWithCanonicalBooleans) {
	Json b = Table("t", {Col("public.t", "a", "integer")});
	// PostgreSQL keeps the parameters as written: after ALTER INDEX ... SET the order differs from the model's.
	Json live =
	    Obj("index", "index:public.i", "i",
	        {{"table", "table:public.t"},
	         {"def", "CREATE INDEX i ON public.t USING btree (a) WITH (fillfactor='40', deduplicate_items=off)"}});
	Json model = live;
	model["def"] = "CREATE INDEX i ON public.t USING btree (a) WITH (deduplicate_items=false, fillfactor='40')";
	DiffResult same = Diff(Snap({b, live}), Snap({b, model}));
	EXPECT_TRUE(same.statements.empty());
	EXPECT_TRUE(Changes(same).empty());
	Json before = live;
	before["def"] = "CREATE INDEX i ON public.t USING btree (a) WITH (fillfactor='50')";
	DiffResult d = Diff(Snap({b, before}), Snap({b, model}));
	EXPECT_EQ(d.statements, Lines({"ALTER INDEX public.i SET (deduplicate_items=false, fillfactor='40');"}));
	EXPECT_EQ(Changes(d), Lines({"changed options of index public.i"}));
}

TEST(AutogenDiff, ParentColumnDroppedWhileAChildKeepsIt) {
	Json parent = Table("p", {Col("public.p", "id", "integer"), Col("public.p", "note", "text")});
	Json child = Table("c", {InhCol("public.c", "id", "integer"), InhCol("public.c", "note", "text")},
	                   {{"inherits", {"table:public.p"}}});
	Json other = Table("o", {InhCol("public.o", "id", "integer"), InhCol("public.o", "note", "text")},
	                   {{"inherits", {"table:public.p"}}});
	Json parent2 = Table("p", {Col("public.p", "id", "integer")});
	Json child2 = Table("c", {InhCol("public.c", "id", "integer"), Col("public.c", "note", "text")},
	                    {{"inherits", {"table:public.p"}}});
	Json other2 = Table("o", {InhCol("public.o", "id", "integer")}, {{"inherits", {"table:public.p"}}});
	Lines s = Upgrade({parent, child, other}, {parent2, child2, other2});
	ASSERT_EQ(s.size(), 2u);
	EXPECT_NE(s[0].find("ALTER TABLE ONLY public.p DROP COLUMN note;"), std::string::npos);
	EXPECT_NE(s[1].find("ALTER TABLE public.o DROP COLUMN note;"), std::string::npos);
	// without a child that keeps it, the parent's DROP COLUMN takes the children's along
	Json child3 = Table("c", {InhCol("public.c", "id", "integer")}, {{"inherits", {"table:public.p"}}});
	Lines t = Upgrade({parent, child, other}, {parent2, child3, other2});
	ASSERT_EQ(t.size(), 1u);
	EXPECT_NE(t[0].find("ALTER TABLE public.p DROP COLUMN note;"), std::string::npos);
}

} // namespace
} // namespace pgm::schema
