/*
 * client_fleet_test.cpp: unit tests of the fleet's pure parts: the targets file parser, the
 * targets and targets_query keys of pgmig.toml, the --wait-replicas TIMEOUT and the
 * arguments a child pgmig gets (no database needed).
 */
#include "client/common/context.hpp"
#include "client/common/fleet.hpp"
#include "test/unit/core_test_helpers.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using pgm::test::CatchMigError;
using Strings = std::vector<std::string>;

TEST(ClientFleet, TargetsFileSkipsCommentsAndBlankLines) {
	Strings t = pgmig::ParseTargets("# tenants\n\npostgresql://u@h1/a\n  host=h2 dbname=b  \r\n   # off\n"
	                                "postgresql://u:secret@h1/c",
	                                "targets.txt");
	EXPECT_EQ(t, (Strings{"postgresql://u@h1/a", "host=h2 dbname=b", "postgresql://u:secret@h1/c"}));
}

TEST(ClientFleet, EmptyTargetsFileIsAnError) {
	pgm::MigError e = CatchMigError([] { pgmig::ParseTargets("# nothing\n\n", "targets.txt"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "no targets in targets file \"targets.txt\"");
	e = CatchMigError([] { pgmig::ParseTargets("", "-"); });
	EXPECT_EQ(e.Message(), "no targets in standard input");
}

TEST(ClientFleet, MalformedTargetNamesItsLineAndMasksThePassword) {
	pgm::MigError e =
	    CatchMigError([] { pgmig::ParseTargets("host=h dbname=a\n\nhost=h password=hunter2 dbname\n", "t.txt"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "invalid target on line 3 of targets file \"t.txt\"");
	EXPECT_NE(e.Detail().find("host=h password=*** dbname"), std::string::npos) << e.Detail();
	EXPECT_EQ(e.Detail().find("hunter2"), std::string::npos);
	e = CatchMigError([] { pgmig::ParseTargets("postgresql://h/db\nnosuchkey=1\n", "t.txt"); });
	EXPECT_EQ(e.Message(), "invalid target on line 2 of targets file \"t.txt\"");
	EXPECT_NE(e.Detail().find("nosuchkey"), std::string::npos) << e.Detail();
}

TEST(ClientFleet, DuplicateTargetsAreFoundAcrossSpellings) {
	pgm::MigError e = CatchMigError([] {
		pgmig::ParseTargets("postgresql://u@h:5433/a\npostgresql://u@h/b\nhost=h port=5433 user=u dbname=a\n", "t");
	});
	EXPECT_EQ(e.Message(), "duplicate target on line 3 of targets file \"t\"");
	EXPECT_NE(e.Detail().find("as the target on line 1."), std::string::npos) << e.Detail();
	// Another user or port is another target.
	EXPECT_EQ(pgmig::ParseTargets("postgresql://u@h/a\npostgresql://v@h/a\npostgresql://u@h:5433/a\n", "t").size(), 3u);
}

TEST(ClientFleet, CheckTargetsNumbersTheEntries) {
	pgm::MigError e = CatchMigError([] {
		pgmig::CheckTargets({"dbname=a", "dbname=a"}, "configuration key \"targets\"");
	});
	EXPECT_EQ(e.Message(), "duplicate target number 2 of configuration key \"targets\"");
	e = CatchMigError([] { pgmig::CheckTargets({}, "the rows of targets_query"); });
	EXPECT_EQ(e.Message(), "no targets in the rows of targets_query");
}

TEST(ClientFleet, ConfigTargetsKeys) {
	pgmig::Config c = pgmig::ParseConfig("targets = [\"postgresql://h/a\", \"dbname=b\"]\n", "pgmig.toml");
	ASSERT_TRUE(c.targets);
	EXPECT_EQ(*c.targets, (Strings{"postgresql://h/a", "dbname=b"}));
	c = pgmig::ParseConfig("targets_query = \"SELECT url FROM tenants\"\n", "pgmig.toml");
	EXPECT_EQ(c.targets_query.value_or(""), "SELECT url FROM tenants");
	pgm::MigError e = CatchMigError(
	    [] { pgmig::ParseConfig("targets = [\"dbname=a\"]\ntargets_query = \"SELECT 1\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "configuration keys \"targets\" and \"targets_query\" in \"pgmig.toml\" cannot both be set");
	e = CatchMigError([] { pgmig::ParseConfig("targets = \"dbname=a\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"targets\" in \"pgmig.toml\" must be an array of non-empty strings");
	e = CatchMigError([] { pgmig::ParseConfig("targets = [\"dbname=a\", 3]\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"targets\" in \"pgmig.toml\" must be an array of non-empty strings");
	e = CatchMigError([] { pgmig::ParseConfig("targets_query = \"\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"targets_query\" in \"pgmig.toml\" must not be empty");
}

TEST(ClientFleet, WaitTimeout) {
	EXPECT_DOUBLE_EQ(pgmig::ParseWaitTimeout("60"), 60);
	EXPECT_DOUBLE_EQ(pgmig::ParseWaitTimeout("2s"), 2);
	EXPECT_DOUBLE_EQ(pgmig::ParseWaitTimeout("500ms"), 0.5);
	EXPECT_DOUBLE_EQ(pgmig::ParseWaitTimeout("1.5min"), 90);
	EXPECT_DOUBLE_EQ(pgmig::ParseWaitTimeout("1h"), 3600);
	for (const char *bad : {"", "s", "head", "2 s", "1.2.3", "-1", "5m"}) {
		pgm::MigError e = CatchMigError([bad] { pgmig::ParseWaitTimeout(bad); });
		EXPECT_EQ(e.Sqlstate(), "22023") << bad;
	}
}

TEST(ClientFleet, BareWaitReplicasGetsTheDefaultTimeout) {
	const char *a[] = {"pgmig", "upgrade", "--wait-replicas", "head"};
	EXPECT_EQ(pgmig::NormalizeArguments(4, const_cast<char **>(a)),
	          (Strings{"pgmig", "upgrade", "--wait-replicas=60s", "head"}));
	const char *b[] = {"pgmig", "upgrade", "--wait-replicas", "2s"};
	EXPECT_EQ(pgmig::NormalizeArguments(4, const_cast<char **>(b)),
	          (Strings{"pgmig", "upgrade", "--wait-replicas=2s"}));
	const char *c[] = {"pgmig", "stamp", "head", "--wait-replicas"};
	EXPECT_EQ(pgmig::NormalizeArguments(4, const_cast<char **>(c)),
	          (Strings{"pgmig", "stamp", "head", "--wait-replicas=60s"}));
}

TEST(ClientFleet, ChildArgumentsDropTheFleetOptions) {
	Strings args{"-c",
	             "conf.toml",
	             "--targets",
	             "t.txt",
	             "--jobs=8",
	             "--canary",
	             "2",
	             "--stop-on-error",
	             "upgrade",
	             "head",
	             "--url",
	             "postgresql://x/y",
	             "--format",
	             "json",
	             "--wait-replicas=2s"};
	EXPECT_EQ(
	    pgmig::ChildArguments(args, "dbname=a", false),
	    (Strings{"-c", "conf.toml", "upgrade", "head", "--wait-replicas=2s", "--fleet-child", "--url", "dbname=a"}));
	EXPECT_EQ(pgmig::ChildArguments({"current", "--format=text"}, "dbname=a", true),
	          (Strings{"current", "--fleet-child", "--url", "dbname=a", "--format", "json"}));
	// Arguments after "--" stay last.
	EXPECT_EQ(pgmig::ChildArguments({"upgrade", "--", "-x"}, "dbname=a", false),
	          (Strings{"upgrade", "--fleet-child", "--url", "dbname=a", "--", "-x"}));
}

} // namespace

// The child's error, as PrintError writes it, read back whole: every line of a multi-line
// message, detail and hint; not the detail of a warning printed before it.
TEST(ClientFleet, ChildErrorKeepsEveryLineOfItsFields) {
	const std::string err = "pgmig: warning: the models' cache could not be written\n"
	                        "pgmig: detail: disk full\n"
	                        "[12:00:01] Running upgrade a -> b, add ledger\n"
	                        "pgmig: error: relation \"ledger\" already exists\n"
	                        "pgmig: detail: first line\n"
	                        "pgmig: detail:\n"
	                        "pgmig: detail: third line\n"
	                        "pgmig: hint: one\n"
	                        "pgmig: hint: two\n"
	                        "pgmig: context: applying revision \"b\" (file \"b_add.sql\", line 8)\n";
	pgmig::ChildError e = pgmig::ParseChildError(err);
	EXPECT_EQ(e.message, "relation \"ledger\" already exists");
	EXPECT_EQ(e.detail, "first line\n\nthird line");
	EXPECT_EQ(e.hint, "one\ntwo");
	EXPECT_EQ(e.context, "applying revision \"b\" (file \"b_add.sql\", line 8)");
}

TEST(ClientFleet, ChildErrorMessageOfSeveralLines) {
	pgmig::ChildError e = pgmig::ParseChildError("pgmig: error: first\npgmig: error: second\npgmig: hint: h");
	EXPECT_EQ(e.message, "first\nsecond");
	EXPECT_EQ(e.detail, "");
	EXPECT_EQ(e.hint, "h");
}

TEST(ClientFleet, ChildErrorIsTheLastErrorNotAWarning) {
	// Only warnings: no error.
	pgmig::ChildError none = pgmig::ParseChildError("pgmig: warning: w\npgmig: detail: d\n");
	EXPECT_EQ(none.message, "");
	EXPECT_EQ(none.detail, "");
	// A warning after the error does not replace it.
	pgmig::ChildError e = pgmig::ParseChildError(
	    "pgmig: error: e1\npgmig: detail: d1\npgmig: warning: could not drop the shadow database\n"
	    "pgmig: hint: Drop it\n");
	EXPECT_EQ(e.message, "e1");
	EXPECT_EQ(e.detail, "d1");
	EXPECT_EQ(e.hint, "");
	// Lines that are not diagnostics (progress, a location's source line) end a field.
	pgmig::ChildError f = pgmig::ParseChildError("pgmig: error: e\npgmig: detail: a\n  SELECT 1;\npgmig: detail: b\n");
	EXPECT_EQ(f.detail, "b");
	EXPECT_EQ(pgmig::ParseChildError("").message, "");
}
