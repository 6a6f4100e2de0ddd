/*
 * autogen_diff_dependents_test.cpp: the differ on what is rebuilt around a change: views on
 * views, functions and the triggers that call them, policies and row level security,
 * aggregates, a default that uses a rebuilt function, comments, and LANGUAGE sql bodies that
 * may name objects created further down.
 */
#include "autogen/diff.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

TEST(AutogenDiff, ViewOnViewAroundColumnTypeChange) {
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

TEST(AutogenDiff, FunctionChanges) {
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

TEST(AutogenDiff, PolicyAndRowLevelSecurity) {
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

TEST(AutogenDiff, Comments) {
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

TEST(AutogenDiff, DefaultUsingARebuiltFunctionIsDroppedAndSetAgain) {
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

TEST(AutogenDiff, SqlFunctionBodiesAreCheckedWhenTheyRun) {
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

TEST(AutogenDiff, AggregatesAreRebuiltWithWhatUsesThem) {
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

} // namespace
} // namespace pgm::schema
