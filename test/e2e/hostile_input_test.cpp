/*
 * hostile_input_test.cpp: end-to-end tests of pgmig with hostile input (docs/robustness.md,
 * "Hostile input"): terminal escape sequences in messages and file names are printed escaped by
 * every command and escaped by JSON's rules in --format json; targets, revisions and ranges
 * built to inject SQL are refused with a clear error and change nothing; long and binary
 * arguments are refused cleanly.
 */
#include "test/e2e/harness.hpp"

#include <string>
#include <vector>

namespace e2e {
namespace {

using nlohmann::json;

class HostileInputTest : public DbTest {
protected:
	/* NoRawControls: success when text holds no terminal control a file could have smuggled in. */
	static ::testing::AssertionResult
	NoRawControls(const std::string &text) {
		for (char c : text)
			if (c == '\x1b' || c == '\r' || c == '\a' || c == '\b')
				return ::testing::AssertionFailure()
				       << "raw control 0x" << std::hex << static_cast<int>(static_cast<unsigned char>(c)) << " in:\n"
				       << text;
		if (text.find("\xc2\x9b") != std::string::npos)
			return ::testing::AssertionFailure() << "raw U+009B in:\n" << text;
		return ::testing::AssertionSuccess();
	}

	/* Sentinel: a table that must survive every attempt. */
	void
	CreateSentinel() {
		Query("CREATE TABLE sentinel (id int)");
		Query("INSERT INTO sentinel VALUES (1)");
	}
	void
	ExpectSentinel() {
		EXPECT_EQ(Scalar("SELECT count(*) FROM sentinel"), "1");
	}
};

const std::string kEvilMessage = "evil \x1b[2J\x1b]0;pwned\a cleared\rover \xc2\x9b"
                                 "31m end";

TEST_F(HostileInputTest, ControlCharactersArePrintedEscaped) {
	AddRevision("aaaa1111", "", kEvilMessage, "CREATE TABLE a (id int);", "DROP TABLE a;");
	// a file name with an escape sequence and a carriage return
	WriteFile(Versions() / "bbbb2222_\x1b[31mred\r.sql",
	          RevisionText("bbbb2222", "aaaa1111", "second \x1b[1mbold", "CREATE TABLE b (id int);", "DROP TABLE b;"));

	RunResult up = Run({"upgrade", "head"});
	ASSERT_EQ(up.exit_code, 0) << up.err;
	EXPECT_TRUE(NoRawControls(up.out + up.err));
	EXPECT_CONTAINS(up.err, "\\x1b[2J");

	for (const std::vector<std::string> &args : std::vector<std::vector<std::string>>{{"history"},
	                                                                                  {"history", "-v"},
	                                                                                  {"history", "-i"},
	                                                                                  {"heads"},
	                                                                                  {"heads", "-v"},
	                                                                                  {"branches", "-v"},
	                                                                                  {"show", "aaaa1111"},
	                                                                                  {"show", "bbbb2222"},
	                                                                                  {"current"},
	                                                                                  {"current", "-v"},
	                                                                                  {"validate"},
	                                                                                  {"upload"},
	                                                                                  {"plan", "downgrade", "base"},
	                                                                                  {"history", "--applied"}}) {
		RunResult r = Run(args);
		EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
		EXPECT_TRUE(NoRawControls(r.out + r.err)) << args[0];
	}
	std::string history = Out({"history", "-v"});
	// Alembic's entry splits the message at the carriage return, as Python's splitlines does
	EXPECT_CONTAINS(history, "evil \\x1b[2J\\x1b]0;pwned\\x07 cleared");
	EXPECT_CONTAINS(history, "over \\u009b31m end");
	EXPECT_CONTAINS(history, "bbbb2222_\\x1b[31mred\\r.sql");

	// JSON escapes the controls by its own rules and keeps the exact text
	json heads = Json({"history", "--format", "json"});
	std::string dumped = Run({"history", "--format", "json"}).out;
	EXPECT_TRUE(NoRawControls(dumped));
	EXPECT_CONTAINS(dumped, "\\u001b[2J");
	EXPECT_CONTAINS(dumped, "\\u009b31m");
	bool found = false;
	for (const json &row : heads)
		if (row["revision"] == "aaaa1111") {
			EXPECT_EQ(row["message"].get<std::string>(), kEvilMessage);
			found = true;
		}
	EXPECT_TRUE(found);

	// an error quoting a hostile file name is escaped too
	WriteFile(Versions() / "cccc3333_\x1b[2Jbad.sql", "no header at all\n");
	RunResult bad = Run({"upgrade", "head"});
	EXPECT_NE(bad.exit_code, 0);
	EXPECT_CONTAINS(bad.err, "pgmig: error:");
	EXPECT_TRUE(NoRawControls(bad.out + bad.err));
}

TEST_F(HostileInputTest, BranchLabelWithControlsIsRefused) {
	WriteFile(Versions() / "aaaa1111_x.sql", "-- x\n--\n-- Revision ID: aaaa1111\n-- Revises: \n-- Branch Labels: "
	                                         "fe\x1b[2Jat\n\n-- migrate:upgrade\nSELECT 1;\n");
	std::string before = State();
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: invalid branch label");
	EXPECT_TRUE(NoRawControls(r.err));
	EXPECT_EQ(State(), before);
}

TEST_F(HostileInputTest, InjectionThroughArgumentsChangesNothing) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "bbbb2222"}).exit_code, 0);
	CreateSentinel();
	std::string before = State();
	const std::vector<std::string> evil{"head'); DROP TABLE sentinel; --",
	                                    "\"; DROP TABLE sentinel; --",
	                                    "$$; DROP TABLE sentinel; $$",
	                                    "x\\'; DROP TABLE sentinel; --",
	                                    "head\nDROP TABLE sentinel",
	                                    std::string(100000, 'a'),
	                                    "caf\xff\xfe",
	                                    "+1'; DROP TABLE sentinel; --"};
	for (const std::string &target : evil) {
		for (const std::vector<std::string> &args :
		     std::vector<std::vector<std::string>>{{"upgrade", target},
		                                           {"downgrade", target},
		                                           {"stamp", target},
		                                           {"show", target},
		                                           {"plan", "upgrade", target},
		                                           {"history", "-r", target + ":head"},
		                                           {"repair", target, "--reason", target}}) {
			RunResult r = Run(args);
			EXPECT_NE(r.exit_code, 0) << args[0] << " " << target.substr(0, 40);
			EXPECT_CONTAINS(r.err, "pgmig: error:");
			EXPECT_TRUE(NoRawControls(r.err));
			EXPECT_LT(r.err.size(), 4000u) << "an error quoting a long argument is cut";
		}
	}
	ExpectSentinel();
	EXPECT_EQ(State(), before);

	// a hostile reason is stored as text, not run
	for (const fs::directory_entry &entry : fs::directory_iterator(Versions()))
		if (entry.path().filename().string().rfind("aaaa1111", 0) == 0)
			WriteFile(entry.path(), ReadFile(entry.path()) + "-- edited\n");
	RunResult repair = Run({"repair", "aaaa1111", "--reason", "'); DROP TABLE sentinel; --"});
	EXPECT_EQ(repair.exit_code, 0) << repair.err;
	EXPECT_EQ(Scalar("SELECT reason FROM pg_migrate.log ORDER BY id DESC LIMIT 1"), "'); DROP TABLE sentinel; --");
	ExpectSentinel();
}

TEST_F(HostileInputTest, HostileMessagesAndFileNamesRoundTrip) {
	CreateSentinel();
	const std::string message = "it's a \"test\"; $$ DROP TABLE sentinel; $$ \\ back\\slash";
	AddRevision("aaaa1111", "", message, "CREATE TABLE a (id int);", "DROP TABLE a;");
	WriteFile(Versions() / "bbbb2222_it's; $$\"x\\.sql",
	          RevisionText("bbbb2222", "aaaa1111", std::string(100000, 'm'), "SELECT 1;", "SELECT 1;"));
	RunResult up = Run({"upgrade", "head"});
	ASSERT_EQ(up.exit_code, 0) << up.err;
	EXPECT_EQ(Scalar("SELECT message FROM pg_migrate.revision WHERE id = 'aaaa1111'"), message);
	EXPECT_EQ(Scalar("SELECT file_name FROM pg_migrate.revision WHERE id = 'bbbb2222'"), "bbbb2222_it's; $$\"x\\.sql");
	EXPECT_EQ(Scalar("SELECT length(message) FROM pg_migrate.revision WHERE id = 'bbbb2222'"), "100000");
	ExpectSentinel();
	EXPECT_CONTAINS(Out({"history"}), message);
}

TEST_F(HostileInputTest, FileWithNulOrInvalidUtf8IsRefused) {
	AddChain();
	ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
	std::string before = State();
	WriteFile(Versions() / "dddd4444_nul.sql",
	          RevisionText("dddd4444", "cccc3333", std::string("nul\0here", 8), "SELECT 1;", "SELECT 1;"));
	RunResult r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error:");
	EXPECT_EQ(State(), before);
	fs::remove(Versions() / "dddd4444_nul.sql");
	WriteFile(Versions() / "dddd4444_bad.sql",
	          RevisionText("dddd4444", "cccc3333", "bad \xff\xfe utf8", "SELECT 1;", "SELECT 1;"));
	r = Run({"upgrade", "head"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error:");
	EXPECT_TRUE(NoRawControls(r.err));
	EXPECT_EQ(State(), before);
}

} // namespace
} // namespace e2e
