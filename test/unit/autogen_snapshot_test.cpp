/*
 * autogen_snapshot_test.cpp: parsing a snapshot document: the errors on a malformed or unknown
 * document (an inheritance cycle included), and the canonical spelling of types with a precision of 6 (their default),
 * which must not count as a change.
 */
#include "autogen/diff.hpp"
#include "autogen/snapshot.hpp"
#include "test/unit/autogen_test_helpers.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pgm::schema {
namespace {

using namespace autogen_test;
using test::CatchMigError;

TEST(AutogenSnapshot, ParseErrors) {
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

/*
 * A table that is its own ancestor (found by fuzz_snapshot: a partition of itself sent the
 * differ's ColumnBefore into endless recursion) is a malformed document, refused when read.
 */
TEST(AutogenSnapshot, InheritanceCycleIsMalformed) {
	Json col = Col("public.m", "id", "integer");
	MigError e = CatchMigError([&] { Snap({Table("m", {col}, {{"partition_of", "table:public.m"}})}); });
	EXPECT_EQ(e.Sqlstate(), "22P02");
	EXPECT_EQ(e.Message(), "malformed schema snapshot of the test");
	EXPECT_EQ(e.Detail(), "Table \"table:public.m\" inherits from itself (through partition_of or inherits).");

	// Through INHERITS and a partition, over three tables.
	e = CatchMigError([] {
		Snap({Table("a", Json::array(), {{"inherits", {"table:public.c"}}}),
		      Table("b", Json::array(), {{"partition_of", "table:public.a"}}),
		      Table("c", Json::array(), {{"inherits", {"table:public.x", "table:public.b"}}})});
	});
	EXPECT_EQ(e.Sqlstate(), "22P02");
	EXPECT_NE(e.Detail().find("inherits from itself"), std::string::npos);

	// A diamond (two parents sharing a grandparent) and a parent missing from the document are no cycle.
	Snapshot s =
	    Snap({Table("top", Json::array()), Table("l", Json::array(), {{"inherits", {"table:public.top"}}}),
	          Table("r", Json::array(), {{"inherits", {"table:public.top"}}}),
	          Table("d", Json::array(), {{"inherits", {"table:public.l", "table:public.r", "table:public.gone"}}})});
	EXPECT_EQ(s.ObjectCount(), 4u);
}

TEST(AutogenSnapshot, PrecisionSixIsTheDefaultPrecision) {
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

TEST(AutogenSnapshot, CurrentTimestampIsNowInsideAnExpression) {
	EXPECT_EQ(CanonicalDefault("CURRENT_TIMESTAMP"), "now()");
	EXPECT_EQ(CanonicalDefault("timezone('utc'::text, CURRENT_TIMESTAMP)"), "timezone('utc'::text, now())");
	EXPECT_EQ(CanonicalDefault("(CURRENT_TIMESTAMP + '1 day'::interval)"), "(now() + '1 day'::interval)");
	EXPECT_EQ(CanonicalDefault("CURRENT_TIMESTAMP(3)"), "CURRENT_TIMESTAMP(3)"); // rounds: another value
	EXPECT_EQ(CanonicalDefault("'CURRENT_TIMESTAMP'::text"), "'CURRENT_TIMESTAMP'::text");
	// PostgreSQL 15 deparses the two spellings apart: the models' default and the database's compare equal
	Json a = Table("t", {Col("public.t", "at", "timestamp with time zone",
	                         {{"default", "timezone('utc'::text, CURRENT_TIMESTAMP)"}})});
	Json b =
	    Table("t", {Col("public.t", "at", "timestamp with time zone", {{"default", "timezone('utc'::text, now())"}})});
	EXPECT_TRUE(Diff(Snap({a}), Snap({b})).Empty());
}

} // namespace
} // namespace pgm::schema
