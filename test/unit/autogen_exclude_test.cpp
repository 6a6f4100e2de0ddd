/*
 * autogen_exclude_test.cpp: the exclude filters (autogen/exclude.cpp): glob matching on the
 * unquoted schema-qualified name, what goes with an excluded table, when a schema itself is
 * left out, the dependencies on what was left out, and the check of a pattern.
 */
#include "autogen/diff.hpp"
#include "autogen/snapshot.hpp"
#include "test/unit/autogen_test_helpers.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;
using test::CatchMigError;

/* Ids: the ids left in a snapshot, sorted. */
std::vector<std::string>
Ids(const Snapshot &s) {
	std::vector<std::string> out;
	for (const auto &entry : s.Data().objects) {
		out.push_back(entry.first);
	}
	return out;
}

Json
Schema(const std::string &name) {
	return {
	    {"kind", "schema"}, {"id", "schema:" + name}, {"name", name}, {"comment", nullptr}, {"deps", Json::array()}};
}

TEST(AutogenExclude, MatchesUnquotedSchemaQualifiedNames) {
	Json audit_events = Table("events", {Col("audit.events", "id", "integer")});
	audit_events["id"] = "table:audit.events";
	audit_events["schema"] = "audit";
	audit_events["qname"] = "audit.events";
	Json quoted = Table("\"Order\"", {Col("public.\"Order\"", "id", "integer")});
	Json objects = {Table("alembic_version", {Col("public.alembic_version", "version_num", "text")}),
	                Table("tmp_load", {Col("public.tmp_load", "x", "integer")}),
	                Table("users", {Col("public.users", "id", "integer")}),
	                quoted,
	                audit_events,
	                Schema("audit"),
	                Function("tmp_fn", "a integer", "integer", "BEGIN RETURN a; END")};

	Snapshot s = Snap(objects);
	ExcludeObjects(s, {"public.alembic_version"});
	EXPECT_EQ(Ids(s),
	          (std::vector<std::string>{"function:public.tmp_fn(a integer)", "schema:audit", "table:audit.events",
	                                    "table:public.\"Order\"", "table:public.tmp_load", "table:public.users"}));

	s = Snap(objects);
	ExcludeObjects(s, {"*.tmp_*", "public.Order"});
	EXPECT_EQ(Ids(s), (std::vector<std::string>{"schema:audit", "table:audit.events", "table:public.alembic_version",
	                                            "table:public.users"}));

	// Case matters: the name is the one PostgreSQL stores.
	s = Snap(objects);
	ExcludeObjects(s, {"public.order"});
	EXPECT_NE(s.Data().Find("table:public.\"Order\""), nullptr);

	// audit.* leaves out the schema with its objects; audit.e* only the objects.
	s = Snap(objects);
	ExcludeObjects(s, {"audit.*"});
	EXPECT_EQ(s.Data().Find("schema:audit"), nullptr);
	EXPECT_EQ(s.Data().Find("table:audit.events"), nullptr);
	s = Snap(objects);
	ExcludeObjects(s, {"audit.e*"});
	EXPECT_NE(s.Data().Find("schema:audit"), nullptr);
	EXPECT_EQ(s.Data().Find("table:audit.events"), nullptr);

	// The schema part matches the schema, the name part the name: audit.* is not a prefix of
	// "audit.archive".x, and *.archive.x (name part "archive.x") matches nothing there.
	Json archive_x = Table("x", {Col("\"audit.archive\".x", "id", "integer")});
	archive_x["id"] = "table:\"audit.archive\".x";
	archive_x["schema"] = "\"audit.archive\"";
	archive_x["qname"] = "\"audit.archive\".x";
	Json with_archive = objects;
	with_archive.push_back(archive_x);
	with_archive.push_back(Schema("\"audit.archive\""));
	s = Snap(with_archive);
	ExcludeObjects(s, {"audit.*"});
	EXPECT_NE(s.Data().Find("schema:\"audit.archive\""), nullptr);
	EXPECT_NE(s.Data().Find("table:\"audit.archive\".x"), nullptr);
	EXPECT_EQ(s.Data().Find("table:audit.events"), nullptr);
	s = Snap(with_archive);
	ExcludeObjects(s, {"audit\\.archive.*"});
	EXPECT_EQ(s.Data().Find("schema:\"audit.archive\""), nullptr);
	EXPECT_EQ(s.Data().Find("table:\"audit.archive\".x"), nullptr);
	EXPECT_NE(s.Data().Find("table:audit.events"), nullptr);

	// Glob characters are escaped to match literally.
	EXPECT_EQ(GlobEscape("a*b?[c]\\"), "a\\*b\\?\\[c]\\\\");
}

TEST(AutogenExclude, WhatBelongsToAnExcludedTableGoesWithIt) {
	Json objects = {
	    Table("t", {Col("public.t", "id", "integer"), Col("public.t", "n", "integer")}),
	    Table("other", {Col("public.other", "t_id", "integer")}),
	    Constraint("t", "t_pkey", "p", "PRIMARY KEY (id)"),
	    Constraint(
	        "other", "other_t_fkey", "f", "FOREIGN KEY (t_id) REFERENCES public.t(id)",
	        {"column:public.other.t_id", "column:public.t.id", "constraint:public.t.t_pkey", "index:public.t_pkey"}),
	    Obj("index", "index:public.t_pkey", "t_pkey",
	        {{"table", "table:public.t"},
	         {"def", "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)"},
	         {"valid", true}}),
	    Obj("trigger", "trigger:public.t.t_trg", "t_trg",
	        {{"table", "table:public.t"}, {"def", "CREATE TRIGGER t_trg ..."}, {"enabled", "O"}}),
	    Sequence("t_n_seq", {{"owned_by", "column:public.t.n"}}),
	    Sequence("free_seq"),
	    View("v", "SELECT t.id FROM public.t", {"table:public.t", "column:public.t.id"}),
	    Table("t_part", {Col("public.t_part", "id", "integer")}, {{"partition_of", "table:public.t"}}),
	    Table("t_child", {Col("public.t_child", "id", "integer")}, {{"inherits", Json::array({"table:public.t"})}}),
	    Table("t_grandchild", {Col("public.t_grandchild", "id", "integer")},
	          {{"inherits", Json::array({"table:public.t_child"})}}),
	};
	Snapshot s = Snap(objects);
	ExcludeObjects(s, {"public.t"});
	EXPECT_EQ(Ids(s), (std::vector<std::string>{"constraint:public.other.other_t_fkey", "sequence:public.free_seq",
	                                            "table:public.other", "view:public.v"}));
	// Dependencies on what was left out are gone; the column index has no excluded column.
	EXPECT_EQ(s.Data().Find("view:public.v")->deps, std::vector<std::string>{});
	EXPECT_EQ(s.Data().Find("constraint:public.other.other_t_fkey")->deps,
	          std::vector<std::string>{"column:public.other.t_id"});
	EXPECT_EQ(s.Data().FindColumn("column:public.t.id"), nullptr);
	ASSERT_NE(s.Data().FindColumn("column:public.other.t_id"), nullptr);
	EXPECT_EQ(s.Data().FindColumn("column:public.other.t_id")->table->id, "table:public.other");

	// Both sides filtered the same way: an excluded table differing between them is no change.
	Json changed = objects;
	changed[0]["columns"].push_back(Col("public.t", "extra", "text"));
	Snapshot a = Snap(objects), b = Snap(changed);
	EXPECT_FALSE(Diff(a, b).Empty());
	ExcludeObjects(a, {"public.t"});
	ExcludeObjects(b, {"public.t"});
	EXPECT_TRUE(Diff(a, b).Empty());
}

TEST(AutogenExclude, PatternsMustBeSchemaQualified) {
	CheckExcludePattern("public.alembic_version", "--exclude");
	CheckExcludePattern("*.*", "--exclude");
	CheckExcludePattern("a\\.b.c", "--exclude");
	for (const char *bad : {"alembic_version", ".t", "public.", "a\\.b"}) {
		MigError e = CatchMigError([&] { CheckExcludePattern(bad, "--exclude"); });
		EXPECT_EQ(e.Sqlstate(), "22023") << bad;
		EXPECT_EQ(e.Message(), std::string("invalid exclude pattern \"") + bad + "\" in --exclude");
	}
}

} // namespace
} // namespace pgm::schema
